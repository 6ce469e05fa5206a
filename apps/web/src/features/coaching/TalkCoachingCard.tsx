import { COACHING_DIMENSION_LABELS, COACHING_DIMENSIONS } from '@lecture-hall/shared/domain/programme';
import { Card, Col, Descriptions, Empty, Row, Space, Statistic, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { formatDate, formatDateTime } from '../../lib/format';
import { labelOf } from '../../lib/programme';
import { useTalkCoaching } from './api';
import { formatScore, overallMean, trendDelta } from './coaching';
import { Sparkline } from './Sparkline';

/** A speaker's coaching: the trend per dimension and every session's feedback from each expert. */
export function TalkCoachingCard({ talkId, hideWhenEmpty = false }: { talkId: string; hideWhenEmpty?: boolean }) {
  const { t } = useTranslation();
  const lang = useLang();
  const { data, isPending } = useTalkCoaching(talkId);
  const withFeedback = data?.sessions.filter((s) => s.feedback.length > 0) ?? [];
  if (hideWhenEmpty && (isPending || withFeedback.length === 0)) return null;

  return (
    <Card size="small" title={t('coaching.myFeedbackTitle', { name: data?.speakerName ?? '' })} loading={isPending} data-testid="talk-coaching">
      {withFeedback.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('coaching.noFeedback')} />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Row gutter={[12, 12]}>
            {COACHING_DIMENSIONS.map((d) => {
              const values = data?.trend[d] ?? [];
              const delta = trendDelta(values);
              return (
                <Col key={d} xs={12} lg={6}>
                  <Card size="small" data-testid={`trend-${d}`}>
                    <Statistic
                      title={labelOf(COACHING_DIMENSION_LABELS, d, lang)}
                      value={formatScore(values.at(-1))}
                      suffix={
                        delta ? (
                          <Typography.Text type={delta.startsWith('-') ? 'danger' : 'success'} style={{ fontSize: 13 }}>
                            {delta}
                          </Typography.Text>
                        ) : null
                      }
                    />
                    <Sparkline values={values} label={t('coaching.trendOf', { dim: labelOf(COACHING_DIMENSION_LABELS, d, lang) })} />
                  </Card>
                </Col>
              );
            })}
          </Row>
          {[...withFeedback].reverse().map(({ session, feedback, mean }) => (
            <Card
              key={session.id}
              size="small"
              type="inner"
              title={`${formatDate(session.date)} ${session.startTime} · ${session.place}`}
              extra={t('coaching.sessionMean', { mean: formatScore(overallMean(mean)) })}
            >
              {feedback.map((f) => (
                <Descriptions
                  key={f.id}
                  size="small"
                  bordered
                  column={{ xs: 1, lg: 2 }}
                  style={{ marginBottom: 8 }}
                  title={
                    <Typography.Text>
                      {f.expert}{' '}
                      <Typography.Text type="secondary" style={{ fontSize: 12, fontWeight: 'normal' }}>
                        {formatDateTime(f.updatedAt)}
                      </Typography.Text>
                    </Typography.Text>
                  }
                  items={[
                    ...COACHING_DIMENSIONS.map((d) => ({
                      key: d,
                      label: `${labelOf(COACHING_DIMENSION_LABELS, d, lang)}（${f.scores[d]}）`,
                      children: f.notes[d] || t('common.none'),
                    })),
                    { key: 'overall', label: t('coaching.overall'), span: 2, children: f.overall || t('common.none') },
                  ]}
                />
              ))}
            </Card>
          ))}
        </Space>
      )}
    </Card>
  );
}
