import { ArrowLeftOutlined, CalendarOutlined, EditOutlined, EnvironmentOutlined, LockOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { EDITION_STATUS_LABELS, EDITION_STATUSES } from '@lecture-hall/shared/domain/programme';
import { Button, Card, Descriptions, Popconfirm, Result, Space, Steps, Tabs, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { isApiError } from '../../api/client';
import { errorText, showSuccess } from '../../app/feedback';
import { PageSpin } from '../../app/guards';
import { useLang } from '../../app/useLang';
import { ReasonsAlert } from '../../components/ReasonsAlert';
import { formatDate } from '../../lib/format';
import { editionNo, labelOf } from '../../lib/programme';
import { useCoachingSessions } from '../coaching/api';
import { CoachingPanel } from '../coaching/CoachingPanel';
import { useEditionDecks } from '../decks/api';
import { DecksPanel } from '../decks/DecksPanel';
import { useHall } from '../halls/api';
import { CommentaryPanel } from '../halls/CommentaryPanel';
import { RubricTable } from '../halls/RubricEditor';
import { EditionLiveCards, EditionLiveLinks } from '../live/EditionLive';
import { CandidateBoard } from '../nominations/CandidateBoard';
import { NominatePanel } from '../nominations/NominationForms';
import { ResultsLink } from '../results/ResultsLink';
import { ReadinessCard, ReadinessOverrideNote } from '../reviews/ReadinessCard';
import { useEdition, useTransitionEdition } from './api';
import { EditionDrawer } from './EditionDrawer';
import { EditionStatusTag } from './EditionStatusTag';
import { type LifecycleAction, nextActions, refusalReasons, stepIndex } from './lifecycle';
import { TalksPanel } from './TalksPanel';

export function EditionDetailPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { data: edition, isPending, error } = useEdition(id);
  const { data: hall } = useHall(edition?.hallId);
  // Courseware and coaching tabs show to managers and to whoever has a deck or a session here (speaker, expert).
  const { data: decks = [] } = useEditionDecks(id, true);
  const { data: sessions = [] } = useCoachingSessions(id, true);
  const [editing, setEditing] = useState(false);

  if (isPending) return <PageSpin />;
  if (error || !edition) return <Result status="warning" title={error?.message ?? t('app.notFound')} />;

  const tab = params.get('tab') ?? 'overview';
  const tabs = [
    { key: 'overview', label: t('editions.tab.overview'), children: <OverviewPanel edition={edition} /> },
    { key: 'nominate', label: t('editions.tab.nominate'), children: <NominatePanel edition={edition} hallUnitId={hall?.unitId} /> },
    ...(edition.canManage ? [{ key: 'candidates', label: t('editions.tab.candidates'), children: <CandidateBoard edition={edition} /> }] : []),
    { key: 'talks', label: t('editions.tab.talks'), children: <TalksPanel editionId={edition.id} /> },
    ...(edition.canManage || decks.length > 0 ? [{ key: 'decks', label: t('editions.tab.decks'), children: <DecksPanel edition={edition} /> }] : []),
    ...(edition.canManage || decks.length > 0 || sessions.length > 0
      ? [{ key: 'coaching', label: t('editions.tab.coaching'), children: <CoachingPanel edition={edition} /> }]
      : []),
    {
      key: 'commentary',
      label: t('commentary.title'),
      children: <CommentaryPanel hallId={edition.hallId} editionId={edition.id} canManage={edition.canManage} />,
    },
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            <Button type="text" icon={<ArrowLeftOutlined />} aria-label={t('editions.back')} onClick={() => navigate('/editions')} />
            <span data-testid="edition-title">
              {editionNo(edition.seq, lang)} {edition.title}
            </span>
            <EditionStatusTag status={edition.status} />
          </Space>
        }
        extra={
          edition.canManage &&
          hall && (
            <Button icon={<EditOutlined />} onClick={() => setEditing(true)}>
              {t('editions.editTitle')}
            </Button>
          )
        }
      >
        <Space wrap size="large" style={{ marginBottom: 16 }}>
          <Link to={`/halls/${edition.hallId}`}>{edition.hallName}</Link>
          <span>
            <CalendarOutlined /> {formatDate(edition.date)} {edition.startTime}–{edition.endTime}
          </span>
          {edition.venue && (
            <span>
              <EnvironmentOutlined /> {edition.venue}
            </span>
          )}
          <span>{t('editions.speakersLine', { n: edition.selectedCount, total: edition.speakerCount })}</span>
        </Space>
        <Steps
          size="small"
          current={stepIndex(edition.status)}
          items={EDITION_STATUSES.map((s) => ({ title: labelOf(EDITION_STATUS_LABELS, s, lang) }))}
          style={{ marginBottom: 16 }}
        />
        <EditionLiveLinks edition={edition} />
        <ResultsLink edition={edition} />
        {edition.canManage && <LifecycleActions edition={edition} />}
        <ReadinessCard edition={edition} />
      </Card>
      <EditionLiveCards edition={edition} />
      <Card>
        <Tabs
          activeKey={tabs.some((x) => x.key === tab) ? tab : 'overview'}
          onChange={(key) => {
            const next = new URLSearchParams(params);
            next.set('tab', key);
            next.delete('talk');
            setParams(next, { replace: true });
          }}
          items={tabs}
        />
      </Card>
      {editing && hall && <EditionDrawer hall={hall} edition={edition} onClose={() => setEditing(false)} />}
    </Space>
  );
}

/** The next allowed lifecycle steps, each behind a confirmation; a refusal shows the server's reasons. */
function LifecycleActions({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const lang = useLang();
  const transition = useTransitionEdition(edition.id);
  const [refusal, setRefusal] = useState<{ message: string; reasons: string[] } | null>(null);
  const actions = nextActions(edition.status);

  const run = (a: LifecycleAction) =>
    transition.mutateAsync(a.to).then(
      () => {
        setRefusal(null);
        showSuccess(t('editions.moved', { status: labelOf(EDITION_STATUS_LABELS, a.to, lang) }));
      },
      (err: unknown) => {
        const reasons = isApiError(err) ? refusalReasons(err.details) : [];
        setRefusal({ message: errorText(err), reasons });
      },
    );

  if (actions.length === 0) return null;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Space wrap>
        {actions.map((a) => (
          <Popconfirm
            key={a.key}
            title={t(`editions.action.${a.key}`)}
            description={t(`editions.actionConfirm.${a.key}`)}
            onConfirm={() => run(a)}
            okText={t('common.confirm')}
            cancelText={t('common.cancel')}
          >
            <Button type={a.direction === 'forward' ? 'primary' : 'default'} loading={transition.isPending && transition.variables === a.to}>
              {t(`editions.action.${a.key}`)}
            </Button>
          </Popconfirm>
        ))}
      </Space>
      {refusal &&
        (refusal.reasons.length > 0 ? (
          <ReasonsAlert testId="transition-refusal" title={refusal.message} reasons={refusal.reasons} />
        ) : (
          <ReasonsAlert testId="transition-refusal" title={t('editions.refused')} reasons={[refusal.message]} />
        ))}
    </Space>
  );
}

function OverviewPanel({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const agg = edition.aggregation;
  const aggText =
    agg.kind === 'trim_k'
      ? t('editions.trimKLine', { k: agg.k })
      : t('editions.trimFractionLine', { pct: Math.round(agg.fraction * 100), atLeast: agg.atLeast });
  const lock = edition.rubricLocked ? <LockOutlined aria-label={t('editions.rulesLocked')} style={{ color: '#b7282e' }} /> : null;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReadinessOverrideNote edition={edition} />
      <Descriptions size="small" bordered column={{ xs: 1, lg: 2 }}>
        <Descriptions.Item label={t('editions.theme')} span={2}>
          {edition.theme || t('common.none')}
        </Descriptions.Item>
        <Descriptions.Item label={t('editions.stage')}>{edition.stageTitle ?? t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('editions.venue')}>{edition.venue || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('editions.speakerCount')}>{edition.speakerCount}</Descriptions.Item>
        <Descriptions.Item label={t('editions.unitQuota')}>{edition.unitQuota ?? t('editions.noLimit')}</Descriptions.Item>
        <Descriptions.Item
          label={
            <Space size={4}>
              {lock}
              {t('editions.audienceWeight')}
            </Space>
          }
        >
          {t('editions.weightLine', { audience: edition.audienceWeightPct, expert: 100 - edition.audienceWeightPct })}
        </Descriptions.Item>
        <Descriptions.Item
          label={
            <Space size={4}>
              {lock}
              {t('editions.aggregation')}
            </Space>
          }
        >
          {aggText}
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ margin: 0 }}>
        <Space size={6}>
          {lock}
          {t('editions.rubric')}
          {edition.rubricLocked && (
            <Typography.Text type="secondary" style={{ fontWeight: 'normal', fontSize: 13 }}>
              {t('editions.rulesLocked')}
            </Typography.Text>
          )}
        </Space>
      </Typography.Title>
      <RubricTable rubric={edition.rubric} />
    </Space>
  );
}
