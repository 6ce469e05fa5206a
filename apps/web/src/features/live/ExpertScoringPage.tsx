import { ArrowLeftOutlined } from '@ant-design/icons';
import type { BallotAck, RubricDimension } from '@lecture-hall/shared';
import { Alert, Button, Card, Empty, Result, Space, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { errorText } from '../../app/feedback';
import { PageSpin } from '../../app/guards';
import { useLang } from '../../app/useLang';
import { scaleValues } from '../../audience/scale';
import { formatCountdown, secondsLeft } from '../../realtime/countdown';
import { newIdempotencyKey } from '../../realtime/outbox';
import { scoringOpenFor } from '../../realtime/state';
import { usePublicLiveState, useSubmitExpertBallot } from './api';
import { useLiveView, useNow } from './useLiveView';

type Submitted = { talkId: string; ack: BallotAck; scores: Record<string, number> };

/** An appointed expert scores the talk whose window is open (/editions/:id/live/expert). */
export function ExpertScoringPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const now = useNow();
  const { data: seed, error, isPending } = usePublicLiveState(id);
  const { view } = useLiveView(seed ? id : undefined, 'public', seed);
  const submit = useSubmitExpertBallot(id);
  const [drafts, setDrafts] = useState<Record<string, Record<string, number>>>({});
  const [submitted, setSubmitted] = useState<Record<string, Submitted>>({});
  const [failure, setFailure] = useState<string | null>(null);
  // A retry of the very same scores reuses its key, so a lost answer cannot store a second version.
  const [pendingKey, setPendingKey] = useState<{ key: string; body: string } | null>(null);

  if (isPending && !view) return <PageSpin />;
  if (error && !view) return <Result status="warning" title={errorText(error)} />;
  const s = view?.snapshot;
  if (!s) return <PageSpin />;

  const talkId = s.window?.talkId ?? null;
  const talk = s.talks.find((x) => x.talkId === talkId);
  const open = scoringOpenFor(s, talkId, now);
  const left = open ? secondsLeft(s.window?.closesAt, now) : null;
  const draft = (talkId && (drafts[talkId] ?? submitted[talkId]?.scores)) || {};
  const mine = talkId ? submitted[talkId] : undefined;
  const values = scaleValues(s.rubric.scale);
  const complete = s.rubric.dimensions.every((d) => draft[d.key] !== undefined);

  const pick = (d: RubricDimension, v: number) => {
    if (!talkId) return;
    setDrafts((all) => ({ ...all, [talkId]: { ...draft, [d.key]: v } }));
  };

  const send = () => {
    if (!talkId || !complete) return;
    const body = JSON.stringify({ talkId, draft });
    const key = pendingKey && pendingKey.body === body ? pendingKey.key : newIdempotencyKey();
    setPendingKey({ key, body });
    setFailure(null);
    submit.mutate(
      { talkId, scores: draft, idempotencyKey: key },
      {
        onSuccess: (ack) => {
          setSubmitted((all) => ({ ...all, [talkId]: { talkId, ack, scores: draft } }));
          setPendingKey(null);
        },
        onError: (err) => setFailure(errorText(err)),
      },
    );
  };

  return (
    <Card
      title={
        <Space wrap>
          <Button
            type="text"
            icon={<ArrowLeftOutlined />}
            aria-label={t('live.backToEdition')}
            onClick={() => navigate(`/editions/${encodeURIComponent(id)}`)}
          />
          {t('live.expertTitle')} · {s.editionTitle}
        </Space>
      }
    >
      {!talk || !s.window ? (
        <Empty description={t('live.expertWaiting')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 760 }}>
          <Space wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {talk.order}. {talk.speakerName} 《{talk.title}》
            </Typography.Title>
            {open ? <Tag color="red">{t('live.scoring')}</Tag> : <Tag data-testid="expert-locked">{t('live.locked')}</Tag>}
            {left !== null && <Tag>{t('live.closesIn', { t: formatCountdown(left) })}</Tag>}
          </Space>
          {s.rubric.dimensions.map((d) => (
            <div key={d.key}>
              <Tooltip title={d.description}>
                <Typography.Text strong>
                  {lang === 'en' ? d.labelEn : d.labelZh} <Typography.Text type="secondary">{Math.round(d.weight * 100)}%</Typography.Text>
                </Typography.Text>
              </Tooltip>
              {d.description && (
                <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px' }}>
                  {d.description}
                </Typography.Paragraph>
              )}
              <Space wrap size={4}>
                {values.map((v) => (
                  <Button
                    key={v}
                    type={draft[d.key] === v ? 'primary' : 'default'}
                    disabled={!open}
                    onClick={() => pick(d, v)}
                    style={{ minWidth: 44 }}
                    data-testid={`expert-score-${d.key}-${v}`}
                    aria-pressed={draft[d.key] === v}
                  >
                    {v}
                  </Button>
                ))}
              </Space>
            </div>
          ))}
          {open && (
            <Button type="primary" size="large" disabled={!complete} loading={submit.isPending} onClick={send} data-testid="expert-ballot-submit">
              {mine ? t('live.amend') : t('live.submitBallot')}
            </Button>
          )}
          <span data-testid="expert-ballot-state">
            {submit.isPending ? (
              <Tag color="orange">{t('live.sending')}</Tag>
            ) : mine ? (
              <Alert type="success" showIcon title={t('live.expertSent', { n: mine.ack.version })} />
            ) : (
              <Tag>{t('live.unsent')}</Tag>
            )}
          </span>
          {failure && <Alert type="error" showIcon title={failure} data-testid="expert-ballot-error" />}
        </Space>
      )}
    </Card>
  );
}
