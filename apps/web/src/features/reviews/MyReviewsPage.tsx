import { DECK_STATUS_LABELS } from '@lecture-hall/shared/domain/programme';
import { Badge, Button, Card, Empty, Space, Switch, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLang } from '../../app/useLang';
import { editionNo, labelOf } from '../../lib/programme';
import { DECK_STATUS_COLORS } from '../decks/deckStatus';
import { type ReviewAssignmentItem, useMyReviewAssignments } from './api';

/** 我的审核任务: the decks an expert is assigned to review, those waiting for it first. */
export function MyReviewsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const { data = [], isFetching } = useMyReviewAssignments();
  const [awaitingOnly, setAwaitingOnly] = useState(false);
  const rows = [...data]
    .filter((r) => !awaitingOnly || r.awaitingMe)
    .sort((a, b) => Number(b.awaitingMe) - Number(a.awaitingMe) || a.editionTitle.localeCompare(b.editionTitle));
  const waiting = data.filter((r) => r.awaitingMe).length;
  const open = (r: ReviewAssignmentItem) => navigate(`/talks/${encodeURIComponent(r.talkId)}/deck`);

  return (
    <Card
      title={
        <Space>
          {t('myReviews.title')}
          <Badge count={waiting} title={t('myReviews.waitingLine', { n: waiting })} />
        </Space>
      }
      extra={
        <Space>
          <Typography.Text>{t('myReviews.awaitingOnly')}</Typography.Text>
          <Switch checked={awaitingOnly} onChange={setAwaitingOnly} aria-label={t('myReviews.awaitingOnly')} />
        </Space>
      }
    >
      <Table<ReviewAssignmentItem>
        data-testid="my-reviews"
        rowKey="talkId"
        loading={isFetching}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('myReviews.empty')} /> }}
        onRow={(r) => ({ onClick: () => open(r), style: { cursor: 'pointer' } })}
        columns={[
          {
            title: t('myReviews.edition'),
            key: 'edition',
            render: (_, r) => (
              <Space orientation="vertical" size={0}>
                <Link to={`/editions/${encodeURIComponent(r.editionId)}?tab=decks`} onClick={(e) => e.stopPropagation()}>
                  {editionNo(r.editionSeq, lang)} {r.editionTitle}
                </Link>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.hallName}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('decks.speaker'), dataIndex: 'speakerName', width: 110 },
          { title: t('decks.talk'), dataIndex: 'talkTitle', render: (v: string) => v || t('talks.untitled') },
          {
            title: t('decks.latestVersion'),
            key: 'v',
            width: 100,
            render: (_, r) => (r.latestVersion ? t('decks.versionN', { n: r.latestVersion }) : t('common.none')),
          },
          {
            title: t('decks.status'),
            key: 'status',
            width: 110,
            render: (_, r) => <Tag color={DECK_STATUS_COLORS[r.status]}>{labelOf(DECK_STATUS_LABELS, r.status, lang)}</Tag>,
          },
          {
            title: t('myReviews.awaitingMe'),
            key: 'awaiting',
            width: 110,
            render: (_, r) =>
              r.awaitingMe ? (
                <Badge status="processing" text={t('myReviews.awaitingMe')} />
              ) : (
                <Typography.Text type="secondary">{t('common.none')}</Typography.Text>
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 90,
            render: (_, r) => (
              <Button type="link" size="small" onClick={() => open(r)}>
                {r.awaitingMe ? t('myReviews.review') : t('decks.open')}
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}
