import { PlusOutlined } from '@ant-design/icons';
import type { CoachingGrid, CoachingSession, Edition } from '@lecture-hall/shared';
import { COACHING_DIMENSION_LABELS, COACHING_DIMENSIONS } from '@lecture-hall/shared/domain/programme';
import { Button, Card, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { formatDate } from '../../lib/format';
import { labelOf } from '../../lib/programme';
import { useEditionDecks } from '../decks/api';
import { useCoachingGrid, useCoachingSessions } from './api';
import { formatScore, overallMean, scoreColor } from './coaching';
import { FeedbackModal } from './FeedbackModal';
import { SessionModal } from './SessionModal';
import { TalkCoachingCard } from './TalkCoachingCard';

/**
 * 授课培训: the edition's coaching sessions; managers plan them and read the grid of speakers ×
 * sessions, experts record feedback, and a speaker reads its own feedback and trend.
 */
export function CoachingPanel({ edition }: { edition: Edition }) {
  const { t } = useTranslation();
  const { data: sessions = [], isFetching } = useCoachingSessions(edition.id);
  const { data: decks = [] } = useEditionDecks(edition.id, true);
  const [editing, setEditing] = useState<CoachingSession | 'new' | null>(null);
  const [recording, setRecording] = useState<CoachingSession | null>(null);
  // A talk the caller neither manages nor reviews is its own: show its feedback.
  const ownTalks = edition.canManage ? [] : decks.filter((d) => !d.canAssign && !d.canReview);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {ownTalks.map((d) => (
        <TalkCoachingCard key={d.talkId} talkId={d.talkId} />
      ))}
      <Card
        size="small"
        title={t('coaching.sessions')}
        extra={
          edition.canManage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('coaching.newSession')}
            </Button>
          )
        }
      >
        <Table<CoachingSession>
          data-testid="coaching-sessions"
          rowKey="id"
          size="middle"
          loading={isFetching}
          dataSource={sessions}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.noSessions')} /> }}
          columns={[
            { title: t('coaching.date'), key: 'when', width: 150, render: (_, s) => `${formatDate(s.date)} ${s.startTime}` },
            { title: t('coaching.place'), dataIndex: 'place', width: 160 },
            {
              title: t('coaching.experts'),
              key: 'experts',
              render: (_, s) => (
                <Space size={[4, 4]} wrap>
                  {s.experts.map((e) => (
                    <Tag key={e.userId}>{e.displayName}</Tag>
                  ))}
                </Space>
              ),
            },
            {
              title: t('coaching.speakers'),
              key: 'talks',
              render: (_, s) =>
                [...s.talks]
                  .sort((a, b) => a.order - b.order)
                  .map((x) => x.speakerName)
                  .join('、'),
            },
            { title: t('coaching.notes'), dataIndex: 'notes', ellipsis: true },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 170,
              render: (_, s) => (
                <Space size={0}>
                  {s.canRecord && (
                    <Button type="link" size="small" onClick={() => setRecording(s)} data-testid={`record-feedback-${s.id}`}>
                      {t('coaching.record')}
                    </Button>
                  )}
                  {edition.canManage && (
                    <Button type="link" size="small" onClick={() => setEditing(s)}>
                      {t('common.edit')}
                    </Button>
                  )}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      {edition.canManage && <GridCard editionId={edition.id} />}
      {editing && <SessionModal editionId={edition.id} session={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {recording && <FeedbackModal session={recording} onClose={() => setRecording(null)} />}
    </Space>
  );
}

type GridRow = CoachingGrid['rows'][number];

/** Speakers × sessions, each cell the mean of the experts' four scores, coloured by value. */
function GridCard({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, isFetching } = useCoachingGrid(editionId, true);
  const sessions = data?.sessions ?? [];
  return (
    <Card size="small" title={t('coaching.grid')}>
      <Table<GridRow>
        data-testid="coaching-grid"
        rowKey="talkId"
        size="small"
        bordered
        loading={isFetching}
        pagination={false}
        dataSource={[...(data?.rows ?? [])].sort((a, b) => a.order - b.order)}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.noSessions')} /> }}
        columns={[
          { title: t('coaching.speaker'), key: 'speaker', fixed: 'left', width: 140, render: (_, r) => `${r.order}. ${r.speakerName}` },
          ...sessions.map((s) => ({
            title: (
              <span>
                {formatDate(s.date)}
                <br />
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {s.place}
                </Typography.Text>
              </span>
            ),
            key: s.id,
            align: 'center' as const,
            width: 120,
            onCell: (r: GridRow) => {
              const cell = r.cells.find((c) => c.sessionId === s.id);
              return { style: { ...scoreColor(overallMean(cell?.mean)), fontWeight: 600 } };
            },
            render: (_: unknown, r: GridRow) => {
              const cell = r.cells.find((c) => c.sessionId === s.id);
              const mean = overallMean(cell?.mean);
              if (!cell || mean === null) return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
              return (
                <Tooltip
                  title={
                    <div>
                      {COACHING_DIMENSIONS.map((d) => (
                        <div key={d}>
                          {labelOf(COACHING_DIMENSION_LABELS, d, lang)}：{formatScore(cell.mean?.[d])}
                        </div>
                      ))}
                      <div>{t('coaching.feedbackCount', { n: cell.feedbackCount })}</div>
                    </div>
                  }
                >
                  <span data-testid={`grid-cell-${r.talkId}-${s.id}`}>{formatScore(mean)}</span>
                </Tooltip>
              );
            },
          })),
        ]}
      />
    </Card>
  );
}
