import { ArrowLeftOutlined, DesktopOutlined, MobileOutlined } from '@ant-design/icons';
import { type HostQuestion, type LiveCommand, type LiveSnapshot, type LiveTalk, SESSION_ENDED_CLOSE, WS_CLOSE } from '@lecture-hall/shared';
import { LIVE_STEP_LABELS, QUESTION_STATES, type QuestionState, SCREEN_MODES, type ScreenMode } from '@lecture-hall/shared/domain/programme';
import {
  Alert,
  Badge,
  Button,
  Card,
  Col,
  ConfigProvider,
  Empty,
  InputNumber,
  List,
  Popconfirm,
  Result,
  Row,
  Select,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { errorText } from '../../app/feedback';
import { PageSpin } from '../../app/guards';
import { canHost } from '../../app/nav';
import { useLang } from '../../app/useLang';
import { ReasonsAlert } from '../../components/ReasonsAlert';
import { editionNo, labelOf } from '../../lib/programme';
import { formatCountdown, formatElapsed, secondsLeft } from '../../realtime/countdown';
import { scoringOpenFor } from '../../realtime/state';
import { useRoles } from '../auth/session';
import { refusalReasons } from '../editions/lifecycle';
import { type ModerateAction, useFlaggedAttendees, useLiveCommand, useLiveConsole, useLiveQuestions, useModerateQuestion } from './api';
import { useLiveView, useNow } from './useLiveView';

/** The host's console for one edition's live session (/editions/:id/live). */
export function HostConsolePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const roles = useRoles();
  const navigate = useNavigate();
  const allowed = canHost(roles);
  const { data: seed, error, isPending } = useLiveConsole(allowed ? id : undefined);
  const { view, status, finishedCode } = useLiveView(allowed && seed ? id : undefined, 'host', seed);

  if (!allowed) return <Result status="403" title="403" subTitle={t('app.forbidden')} />;
  if (isPending && !view) return <PageSpin />;
  if (error && !view)
    return (
      <Result
        status="warning"
        title={errorText(error)}
        extra={<Button onClick={() => navigate(`/editions/${encodeURIComponent(id)}`)}>{t('live.backToEdition')}</Button>}
      />
    );
  if (!view) return <PageSpin />;
  // Closed for good by the server: the session ended or the right to host here was withdrawn (a reload asks again).
  const cutOff = finishedCode === SESSION_ENDED_CLOSE.code || finishedCode === WS_CLOSE.forbidden;
  return <Console editionId={id} snapshot={view.snapshot} queue={view.queue} connected={status === 'open'} cutOff={cutOff} />;
}

function Console({
  editionId,
  snapshot: s,
  queue,
  connected,
  cutOff,
}: {
  editionId: string;
  snapshot: LiveSnapshot;
  queue: HostQuestion[] | null;
  connected: boolean;
  cutOff: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const now = useNow();
  const command = useLiveCommand(editionId);
  const [refusal, setRefusal] = useState<{ message: string; reasons: string[] } | null>(null);
  const [autoClose, setAutoClose] = useState<number | null>(null);

  const run = (c: LiveCommand) =>
    command.mutateAsync(c).then(
      () => setRefusal(null),
      (err: unknown) => setRefusal({ message: errorText(err), reasons: isApiError(err) ? refusalReasons(err.details) : [] }),
    );
  const busy = (name: LiveCommand['command']) => command.isPending && command.variables?.command === name;

  const windowOpen = !!s.window && scoringOpenFor(s, s.window.talkId, now);
  const left = windowOpen ? secondsLeft(s.window?.closesAt, now) : null;
  const screenUrl = `/screen/${encodeURIComponent(editionId)}`;
  const ended = s.step === 'ended';
  // Cut off by the server (session ended, right withdrawn): every command would be refused, so none is offered until a reload.
  const locked = ended || cutOff;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {cutOff && (
        <Alert
          type="warning"
          showIcon
          data-testid="host-cut-off"
          title={t('live.cutOffDetail')}
          action={<Button onClick={() => window.location.reload()}>{t('live.reload')}</Button>}
        />
      )}
      <Card
        title={
          <Space wrap>
            <Button
              type="text"
              icon={<ArrowLeftOutlined />}
              aria-label={t('live.backToEdition')}
              onClick={() => navigate(`/editions/${encodeURIComponent(editionId)}`)}
            />
            <span>
              {t('live.consoleTitle')} · {editionNo(s.editionSeq, lang)} {s.editionTitle}
            </span>
            <Badge
              status={connected ? 'success' : 'error'}
              text={connected ? t('live.connected') : cutOff ? t('live.cutOff') : t('live.reconnecting')}
              data-testid="host-connection"
            />
          </Space>
        }
        extra={
          <Space wrap>
            <Button icon={<DesktopOutlined />} href={screenUrl} target="_blank" rel="noopener" data-testid="host-open-screen">
              {t('live.openScreen')}
            </Button>
            <Button icon={<MobileOutlined />} href={s.checkInUrl || `/audience/${encodeURIComponent(editionId)}`} target="_blank" rel="noopener">
              {t('live.openAudience')}
            </Button>
          </Space>
        }
      >
        <Row gutter={[16, 16]}>
          <Col xs={24} md={8}>
            <Statistic
              title={t('live.currentStep')}
              value={labelOf(LIVE_STEP_LABELS, s.step, lang)}
              suffix={
                <Typography.Text type="secondary" style={{ fontSize: 14 }} data-testid="host-step-timer">
                  {formatElapsed(s.stepStartedAt, now)}
                </Typography.Text>
              }
            />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('live.checkedIn')} value={s.counters.checkedIn} valueRender={(node) => <span data-testid="counter-checkedin">{node}</span>} />
          </Col>
          <Col xs={12} md={4}>
            <Statistic title={t('live.phonesOnline')} value={s.counters.connected} />
          </Col>
          <Col xs={24} md={8}>
            <Space orientation="vertical">
              <Typography.Text type="secondary">{t('live.checkin')}</Typography.Text>
              <Space wrap>
                {s.checkinOpen ? (
                  <Button danger loading={busy('close_checkin')} onClick={() => run({ command: 'close_checkin' })} data-testid="host-close-checkin">
                    {t('live.closeCheckin')}
                  </Button>
                ) : (
                  <Button
                    type="primary"
                    disabled={locked}
                    loading={busy('open_checkin')}
                    onClick={() => run({ command: 'open_checkin' })}
                    data-testid="host-open-checkin"
                  >
                    {t('live.openCheckin')}
                  </Button>
                )}
                <Popconfirm
                  title={t('live.end')}
                  description={t('live.endConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => run({ command: 'end' })}
                  disabled={locked}
                >
                  <Button danger disabled={locked} loading={busy('end')} data-testid="host-end">
                    {t('live.end')}
                  </Button>
                </Popconfirm>
              </Space>
            </Space>
          </Col>
        </Row>
        {refusal && (
          <div style={{ marginTop: 16 }}>
            <ReasonsAlert testId="live-refusal" title={refusal.message} reasons={refusal.reasons.length > 0 ? refusal.reasons : [t('live.refused')]} />
          </div>
        )}
      </Card>

      <ConfigProvider componentDisabled={cutOff}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Card title={t('live.screenMode')} size="small">
            <Space wrap>
              {SCREEN_MODES.map((mode: ScreenMode) => (
                <Button
                  key={mode}
                  type={s.screen === mode ? 'primary' : 'default'}
                  loading={busy('screen') && command.variables?.command === 'screen' && command.variables.mode === mode}
                  onClick={() => run({ command: 'screen', mode })}
                  data-testid={`host-screen-${mode}`}
                  aria-pressed={s.screen === mode}
                >
                  {t(`live.screen.${mode}`)}
                </Button>
              ))}
              <Typography.Link href={screenUrl} target="_blank" rel="noopener">
                {t('live.openScreen')}
              </Typography.Link>
            </Space>
          </Card>

          <Card
            title={t('live.talks')}
            extra={
              <Space>
                <Typography.Text type="secondary">{t('live.autoClose')}</Typography.Text>
                <InputNumber
                  min={10}
                  max={3600}
                  step={30}
                  value={autoClose}
                  onChange={(v) => setAutoClose(typeof v === 'number' ? v : null)}
                  placeholder={t('live.autoCloseNone')}
                  aria-label={t('live.autoClose')}
                  style={{ width: 120 }}
                  data-testid="host-autoclose"
                />
              </Space>
            }
          >
            {windowOpen && s.window && (
              <Space style={{ marginBottom: 12 }} wrap>
                <Tag color="red">{t('live.scoringOpenFor', { name: s.talks.find((x) => x.talkId === s.window?.talkId)?.speakerName ?? '' })}</Tag>
                {left !== null && <Tag data-testid="host-countdown">{t('live.closesIn', { t: formatCountdown(left) })}</Tag>}
                <Popconfirm
                  title={t('live.closeScoring')}
                  description={t('live.closeScoringConfirm')}
                  okText={t('common.confirm')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => run({ command: 'close_scoring' })}
                >
                  <Button danger loading={busy('close_scoring')} data-testid="host-close-scoring">
                    {t('live.closeScoring')}
                  </Button>
                </Popconfirm>
              </Space>
            )}
            <Table<LiveTalk>
              rowKey="talkId"
              size="small"
              pagination={false}
              dataSource={[...s.talks].sort((a, b) => a.order - b.order)}
              scroll={{ x: 900 }}
              rowClassName={(r) => (r.talkId === s.currentTalkId ? 'ant-table-row-selected' : '')}
              columns={[
                { title: '#', dataIndex: 'order', width: 48 },
                {
                  title: t('live.speaker'),
                  key: 'speaker',
                  render: (_, r) => (
                    <Space orientation="vertical" size={0}>
                      <Space>
                        <b>{r.speakerName}</b>
                        {r.talkId === s.currentTalkId && <Tag color="gold">{t('live.onStage')}</Tag>}
                        {s.window?.talkId === r.talkId && windowOpen && <Tag color="red">{t('live.scoring')}</Tag>}
                      </Space>
                      <Typography.Text type="secondary">{r.unitPathName}</Typography.Text>
                    </Space>
                  ),
                },
                { title: t('live.talkTitle'), dataIndex: 'title', ellipsis: true },
                {
                  title: t('live.audienceBallots'),
                  key: 'aud',
                  width: 100,
                  render: (_, r) => <span data-testid={`counter-ballots-${r.talkId}`}>{s.counters.audienceBallots[r.talkId] ?? 0}</span>,
                },
                { title: t('live.expertBallots'), key: 'exp', width: 100, render: (_, r) => s.counters.expertBallots[r.talkId] ?? 0 },
                {
                  title: t('common.actions'),
                  key: 'actions',
                  width: 330,
                  render: (_, r) => {
                    const onStage = r.talkId === s.currentTalkId;
                    const scoringThis = windowOpen && s.window?.talkId === r.talkId;
                    return (
                      <Space wrap size={4}>
                        <Button
                          size="small"
                          disabled={locked || (onStage && s.step === 'talk')}
                          onClick={() => run({ command: 'start_talk', talkId: r.talkId })}
                          data-testid={`host-start-talk-${r.talkId}`}
                        >
                          {t('live.startTalk')}
                        </Button>
                        <Button
                          size="small"
                          disabled={locked || !onStage || s.step === 'qa'}
                          onClick={() => run({ command: 'start_qa' })}
                          data-testid={`host-start-qa-${r.talkId}`}
                        >
                          {t('live.startQa')}
                        </Button>
                        {scoringThis ? (
                          <Popconfirm
                            title={t('live.closeScoring')}
                            description={t('live.closeScoringConfirm')}
                            okText={t('common.confirm')}
                            cancelText={t('common.cancel')}
                            onConfirm={() => run({ command: 'close_scoring' })}
                          >
                            <Button size="small" danger>
                              {t('live.closeScoring')}
                            </Button>
                          </Popconfirm>
                        ) : (
                          <Button
                            size="small"
                            type="primary"
                            disabled={locked || windowOpen}
                            onClick={() => run({ command: 'open_scoring', talkId: r.talkId, autoCloseSeconds: autoClose })}
                            data-testid={`host-open-scoring-${r.talkId}`}
                          >
                            {t('live.openScoring')}
                          </Button>
                        )}
                      </Space>
                    );
                  },
                },
              ]}
            />
          </Card>

          <Row gutter={[16, 16]}>
            <Col xs={24} xl={16}>
              <ModerationQueue editionId={editionId} pushed={queue} />
            </Col>
            <Col xs={24} xl={8}>
              <FlaggedDevices editionId={editionId} />
            </Col>
          </Row>
        </Space>
      </ConfigProvider>
    </Space>
  );
}

const STATE_ORDER: Record<QuestionState, number> = { pending: 0, approved: 1, answered: 2, hidden: 3 };
const STATE_COLOR: Record<QuestionState, string> = { pending: 'orange', approved: 'green', answered: 'blue', hidden: 'default' };

/** Pending first, then approved (pinned, most upvoted), answered, hidden; merged duplicates left out. */
export function sortQueue(items: readonly HostQuestion[]): HostQuestion[] {
  return items
    .filter((q) => !q.mergedInto)
    .sort(
      (a, b) =>
        STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
        Number(b.pinned) - Number(a.pinned) ||
        b.upvotes - a.upvotes ||
        (a.state === 'pending' ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt)),
    );
}

function ModerationQueue({ editionId, pushed }: { editionId: string; pushed: HostQuestion[] | null }) {
  const { t } = useTranslation();
  // The socket pushes the queue; until it has, and as a fallback, the list is fetched.
  const { data: fetched = [], isFetching } = useLiveQuestions(editionId);
  const moderate = useModerateQuestion(editionId);
  const [filter, setFilter] = useState<QuestionState | 'all'>('all');
  const [mergeFrom, setMergeFrom] = useState<string | null>(null);
  const items = useMemo(() => sortQueue(pushed ?? fetched), [pushed, fetched]);
  const shown = filter === 'all' ? items : items.filter((q) => q.state === filter);
  const pendingCount = items.filter((q) => q.state === 'pending').length;
  const act = (id: string, body: ModerateAction) => moderate.mutate({ id, body });

  return (
    <Card
      title={
        <Space>
          {t('live.queue')}
          {pendingCount > 0 && <Badge count={pendingCount} />}
        </Space>
      }
      extra={
        <Select
          size="small"
          value={filter}
          onChange={setFilter}
          style={{ width: 120 }}
          options={[{ value: 'all', label: t('common.all') }, ...QUESTION_STATES.map((st) => ({ value: st, label: t(`live.qstate.${st}`) }))]}
          aria-label={t('live.queueFilter')}
        />
      }
    >
      <div data-testid="host-queue">
        <List<HostQuestion>
          loading={isFetching && !pushed && fetched.length === 0}
          dataSource={shown}
          locale={{ emptyText: <Empty description={t('live.noQuestions')} /> }}
          renderItem={(q) => (
            <List.Item
              key={q.id}
              data-testid={`queue-item-${q.id}`}
              actions={[
                q.state !== 'approved' && q.state !== 'answered' && (
                  <Button key="approve" size="small" type="primary" onClick={() => act(q.id, { action: 'approve' })} data-testid={`approve-${q.id}`}>
                    {t('live.approve')}
                  </Button>
                ),
                q.state !== 'hidden' && (
                  <Button key="hide" size="small" onClick={() => act(q.id, { action: 'hide' })} data-testid={`hide-${q.id}`}>
                    {t('live.hide')}
                  </Button>
                ),
                q.state === 'approved' && (
                  <Button key="answer" size="small" onClick={() => act(q.id, { action: 'answer' })} data-testid={`answer-${q.id}`}>
                    {t('live.answer')}
                  </Button>
                ),
                q.state === 'approved' && (
                  <Button key="pin" size="small" onClick={() => act(q.id, { action: q.pinned ? 'unpin' : 'pin' })} data-testid={`pin-${q.id}`}>
                    {q.pinned ? t('live.unpin') : t('live.pin')}
                  </Button>
                ),
                mergeFrom === q.id ? (
                  <Select
                    key="merge"
                    size="small"
                    autoFocus
                    defaultOpen
                    style={{ width: 200 }}
                    placeholder={t('live.mergeInto')}
                    onBlur={() => setMergeFrom(null)}
                    onChange={(into: string) => {
                      act(q.id, { action: 'merge', intoId: into });
                      setMergeFrom(null);
                    }}
                    options={items.filter((x) => x.id !== q.id && x.state !== 'hidden').map((x) => ({ value: x.id, label: x.text.slice(0, 40) }))}
                  />
                ) : (
                  <Button key="merge" size="small" type="link" onClick={() => setMergeFrom(q.id)} data-testid={`merge-${q.id}`}>
                    {t('live.merge')}
                  </Button>
                ),
              ].filter(Boolean)}
            >
              <List.Item.Meta
                title={
                  <Space wrap size={4}>
                    <Tag color={STATE_COLOR[q.state]}>{t(`live.qstate.${q.state}`)}</Tag>
                    {q.pinned && <Tag color="gold">{t('live.pinned')}</Tag>}
                    <Typography.Text type="secondary">▲ {q.upvotes}</Typography.Text>
                    {q.duplicates > 0 && <Typography.Text type="secondary">{t('live.duplicates', { n: q.duplicates })}</Typography.Text>}
                  </Space>
                }
                // Plain text: React escapes it; a question is never rendered as HTML.
                description={
                  <Space orientation="vertical" size={2}>
                    <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{q.text}</Typography.Text>
                    {q.heldReason && <Typography.Text type="warning">{t('live.held', { reason: q.heldReason })}</Typography.Text>}
                  </Space>
                }
              />
            </List.Item>
          )}
        />
      </div>
    </Card>
  );
}

function FlaggedDevices({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const { data = [], isFetching } = useFlaggedAttendees(editionId);
  return (
    <Card title={t('live.flagged')} size="small">
      <List
        size="small"
        loading={isFetching && data.length === 0}
        dataSource={data}
        locale={{ emptyText: t('live.noFlagged') }}
        data-testid="host-flagged"
        renderItem={(a) => (
          <List.Item key={a.id}>
            <Space orientation="vertical" size={0}>
              <Typography.Text strong>{a.displayName}</Typography.Text>
              <Typography.Text type="secondary">{new Date(a.checkedInAt).toLocaleTimeString()}</Typography.Text>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}
