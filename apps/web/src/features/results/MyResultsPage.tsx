import type { GroupAggregate, MyResult } from '@lecture-hall/shared';
import { Card, Col, Descriptions, Empty, Row, Space, Statistic, Table, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpin } from '../../app/guards';
import { useLang } from '../../app/useLang';
import { formatDate } from '../../lib/format';
import { useMyResults } from './api';
import { dimLabel, radarOption, stripData, stripOption } from './charts';
import { EChart } from './EChart';
import { formatInterval, formatScore } from './format';

/** /my/results — a speaker's own published results: its scores and where they sit among the edition's, anonymously. */
export function MyResultsPage() {
  const { t } = useTranslation();
  const { data: items, isPending } = useMyResults();
  if (isPending) return <PageSpin />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card title={t('results.mine.title')}>
        <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
          {t('results.mine.hint')}
        </Typography.Paragraph>
      </Card>
      {!items || items.length === 0 ? (
        <Card>
          <Empty description={t('results.mine.none')} data-testid="my-results-empty" />
        </Card>
      ) : (
        items.map((r) => <MyResultCard key={r.editionId} r={r} />)
      )}
    </Space>
  );
}

function MyResultCard({ r }: { r: MyResult }) {
  const { t } = useTranslation();
  const lang = useLang();
  const radar = useMemo(() => radarOption(r.dimensions, r.rubric.scale, lang), [r.dimensions, r.rubric.scale, lang]);
  const strip = useMemo(
    () => stripOption(stripData(r.editionFinals, r.final), r.rubric.scale, { others: t('results.mine.others'), own: t('results.mine.own') }),
    [r.editionFinals, r.final, r.rubric.scale, t],
  );
  const groups: { key: string; name: string; g: GroupAggregate }[] = [
    { key: 'audience', name: t('results.group.audience'), g: r.audience },
    { key: 'expert', name: t('results.group.expert'), g: r.expert },
  ];
  return (
    <Card title={`${r.hallName} · ${r.editionTitle}`} extra={formatDate(r.date)} data-testid="my-result">
      <Typography.Paragraph>{t('results.mine.talk', { title: r.talkTitle })}</Typography.Paragraph>
      <Row gutter={[16, 16]}>
        <Col xs={12} md={6}>
          <Statistic title={t('results.col.final')} value={formatScore(r.final)} />
        </Col>
        <Col xs={12} md={6}>
          <Statistic title={t('results.col.rank')} value={r.rank === null ? '—' : t('results.mine.rankOf', { rank: r.rank, n: r.speakerCount })} />
        </Col>
        <Col xs={24} md={12}>
          <Statistic title={t('results.col.ci')} value={formatInterval(r.ci95)} />
        </Col>
        <Col xs={24} lg={12}>
          <Table
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={groups}
            columns={[
              { title: t('results.raters.group'), dataIndex: 'name' },
              { title: t('results.mine.aggregate'), key: 'agg', render: (_: unknown, x) => formatScore(x.g.aggregate) },
              { title: t('results.mine.mean'), key: 'mean', render: (_: unknown, x) => formatScore(x.g.mean) },
              { title: t('results.mine.median'), key: 'median', render: (_: unknown, x) => formatScore(x.g.median) },
              { title: 'n', key: 'n', render: (_: unknown, x) => x.g.n },
            ]}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            {r.dimensions.map((d) => (
              <Descriptions.Item key={d.key} label={dimLabel(d, lang)}>
                {formatScore(d.mean)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Col>
        <Col xs={24} lg={12}>
          <EChart option={radar} height={260} testId="chart-my-radar" ariaLabel={t('results.chart.radarOf', { name: r.talkTitle })} />
        </Col>
        <Col span={24}>
          <Typography.Text strong>{t('results.mine.distribution')}</Typography.Text>
          <EChart option={strip} height={140} testId="chart-my-distribution" ariaLabel={t('results.mine.distribution')} />
        </Col>
      </Row>
    </Card>
  );
}
