import type { Review } from '@lecture-hall/shared';
import { REVIEW_CHECKLIST_LABELS, REVIEW_VERDICT_LABELS } from '@lecture-hall/shared/domain/programme';
import { Button, Card, Empty, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { formatDateTime } from '../../lib/format';
import { labelOf } from '../../lib/programme';
import { VERDICT_COLORS } from './draft';

/** Every review round, newest first: version, expert, verdict, summary, checklist, page comments with resolved marks. */
export function ReviewHistory({ reviews, onJump }: { reviews: readonly Review[]; onJump: (versionId: string, page: number) => void }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rounds = [...reviews].reverse();
  return (
    <Card size="small" title={t('reviews.history')} data-testid="review-history">
      {rounds.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('reviews.noReviews')} />
      ) : (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {rounds.map((r) => (
            <div key={r.id} data-testid={`review-round-${r.id}`} style={{ borderBottom: '1px solid #f0f0f0', paddingBottom: 10 }}>
              <Space wrap size={6}>
                <Typography.Text strong>{t('decks.versionN', { n: r.version })}</Typography.Text>
                <Tag color={VERDICT_COLORS[r.verdict]}>{labelOf(REVIEW_VERDICT_LABELS, r.verdict, lang)}</Tag>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {r.expert} · {formatDateTime(r.createdAt)}
                </Typography.Text>
              </Space>
              {r.summary && <Typography.Paragraph style={{ margin: '4px 0', whiteSpace: 'pre-wrap' }}>{r.summary}</Typography.Paragraph>}
              <Space size={[4, 4]} wrap style={{ marginTop: 4 }}>
                {r.checklist.map((c) => (
                  <Tag key={c.item} color={c.ok ? 'green' : 'orange'} title={c.note || undefined}>
                    {labelOf(REVIEW_CHECKLIST_LABELS, c.item, lang)}：{c.ok ? t('reviews.ok') : t('reviews.needsWork')}
                  </Tag>
                ))}
              </Space>
              {r.checklist
                .filter((c) => c.note)
                .map((c) => (
                  <Typography.Paragraph key={c.item} type="secondary" style={{ fontSize: 12, margin: '2px 0' }}>
                    {labelOf(REVIEW_CHECKLIST_LABELS, c.item, lang)}：{c.note}
                  </Typography.Paragraph>
                ))}
              {r.comments.length > 0 && (
                <ul style={{ margin: '6px 0 0', paddingInlineStart: 18 }}>
                  {[...r.comments]
                    .sort((a, b) => a.page - b.page)
                    .map((c) => (
                      <li key={c.id}>
                        <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onJump(c.deckVersionId, c.page)}>
                          {t('reviews.pageN', { n: c.page })}
                        </Button>{' '}
                        <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Typography.Text>{' '}
                        {c.resolved ? <Tag color="green">{t('reviews.resolved')}</Tag> : <Tag>{t('reviews.unresolved')}</Tag>}
                      </li>
                    ))}
                </ul>
              )}
            </div>
          ))}
        </Space>
      )}
    </Card>
  );
}
