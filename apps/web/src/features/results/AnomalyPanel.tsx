import { ANOMALY_KIND_LABELS, type AnomalyReport, type EditionResults, type RaterSummary } from '@lecture-hall/shared';
import { Alert, Card, Empty, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { labelOf } from '../../lib/programme';
import { formatScore, formatSigned, type SensitivityRow, sensitivityRows } from './format';

/** The anomaly report (flagged, never deleted) and the ranking with and without the flagged ballots. */
export function AnomalyPanel({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const lang = useLang();
  const names = useMemo(() => new Map(results.speakers.map((s) => [s.talkId, s.name])), [results.speakers]);
  const columns: TableColumnsType<AnomalyReport> = [
    {
      title: t('results.anom.kind'),
      dataIndex: 'kind',
      width: 170,
      render: (k: AnomalyReport['kind']) => <Tag color="orange">{labelOf(ANOMALY_KIND_LABELS, k, lang)}</Tag>,
    },
    { title: t('results.anom.rater'), dataIndex: 'rater', width: 110, render: (r: string | null) => r ?? '—' },
    {
      title: t('results.anom.speaker'),
      dataIndex: 'talkId',
      width: 100,
      render: (id: string | null) => (id ? (names.get(id) ?? '—') : t('results.anom.allSpeakers')),
    },
    { title: t('results.anom.detail'), dataIndex: 'detail' },
    { title: t('results.anom.ballots'), dataIndex: 'ballots', width: 80 },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={t('results.anom.intro')} />
      {results.anomalies.length === 0 ? (
        <Empty description={t('results.anom.none')} data-testid="anomalies-empty" />
      ) : (
        <Table<AnomalyReport>
          rowKey={(a) => `${a.kind}|${a.rater ?? ''}|${a.talkId ?? ''}|${a.detail}`}
          size="small"
          columns={columns}
          dataSource={results.anomalies}
          pagination={results.anomalies.length > 20 ? { pageSize: 20 } : false}
          data-testid="anomaly-table"
        />
      )}
      <SensitivityCard results={results} />
    </Space>
  );
}

function SensitivityCard({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const rows = useMemo(() => sensitivityRows(results), [results]);
  const changed = (r: SensitivityRow) => r.rankChanged;
  const columns: TableColumnsType<SensitivityRow> = [
    { title: t('results.col.name'), dataIndex: 'name' },
    { title: t('results.sens.rank'), dataIndex: 'rank', width: 90, render: (v: number | null) => v ?? '—' },
    {
      title: t('results.sens.rankWithout'),
      dataIndex: 'rankWithout',
      width: 120,
      render: (v: number | null, r) => (changed(r) ? <Tag color="red">{v ?? '—'}</Tag> : (v ?? '—')),
    },
    { title: t('results.sens.final'), dataIndex: 'final', width: 100, render: (v: number | null) => formatScore(v) },
    { title: t('results.sens.finalWithout'), dataIndex: 'finalWithout', width: 130, render: (v: number | null) => formatScore(v) },
    {
      title: t('results.sens.delta'),
      dataIndex: 'finalDelta',
      width: 90,
      render: (d: number | null) =>
        d === null ? '—' : <Typography.Text type={d === 0 ? 'secondary' : d > 0 ? 'success' : 'danger'}>{formatSigned(d)}</Typography.Text>,
    },
  ];
  return (
    <Card size="small" title={t('results.sens.title')} data-testid="sensitivity">
      {results.ballotCounts.flagged === 0 ? (
        <Typography.Text type="secondary">{t('results.sens.noFlagged')}</Typography.Text>
      ) : (
        <>
          <Alert
            style={{ marginBottom: 12 }}
            type={results.rankingChangesWithoutFlagged ? 'warning' : 'success'}
            showIcon
            title={
              results.rankingChangesWithoutFlagged
                ? t('results.sens.changes', { n: results.ballotCounts.flagged })
                : t('results.sens.stable', { n: results.ballotCounts.flagged })
            }
          />
          <Table<SensitivityRow>
            rowKey="talkId"
            size="small"
            columns={columns}
            dataSource={rows}
            pagination={false}
            rowClassName={(r) => (changed(r) ? 'ant-table-row-selected' : '')}
          />
        </>
      )}
    </Card>
  );
}

/** Each rater's harshness (β of the rater-effects model) under an anonymous code, with its flags. */
export function RatersPanel({ raters }: { raters: readonly RaterSummary[] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const sorted = useMemo(() => [...raters].sort((a, b) => b.flags.length - a.flags.length || Math.abs(b.severity ?? 0) - Math.abs(a.severity ?? 0)), [raters]);
  const columns: TableColumnsType<RaterSummary> = [
    { title: t('results.raters.code'), dataIndex: 'rater', width: 120 },
    {
      title: t('results.raters.group'),
      dataIndex: 'group',
      width: 100,
      filters: [
        { text: t('results.group.audience'), value: 'audience' },
        { text: t('results.group.expert'), value: 'expert' },
      ],
      onFilter: (v, r) => r.group === v,
      render: (g: RaterSummary['group'], r) => (
        <Space size={4}>
          {g === 'audience' ? t('results.group.audience') : t('results.group.expert')}
          {r.source === 'paper' && <Tag>{t('results.raters.paper')}</Tag>}
        </Space>
      ),
    },
    { title: t('results.raters.n'), dataIndex: 'n', width: 80, sorter: (a, b) => a.n - b.n },
    {
      title: t('results.raters.severity'),
      dataIndex: 'severity',
      width: 120,
      sorter: (a, b) => (a.severity ?? 0) - (b.severity ?? 0),
      render: (v: number | null) =>
        v === null ? '—' : <Typography.Text type={v > 0 ? 'success' : v < 0 ? 'danger' : undefined}>{formatSigned(v)}</Typography.Text>,
    },
    {
      title: t('results.raters.flags'),
      dataIndex: 'flags',
      render: (flags: RaterSummary['flags']) =>
        flags.length === 0 ? null : (
          <Space size={4} wrap>
            {flags.map((f) => (
              <Tag key={f} color="orange">
                {labelOf(ANOMALY_KIND_LABELS, f, lang)}
              </Tag>
            ))}
          </Space>
        ),
    },
  ];
  if (raters.length === 0) return <Empty description={t('results.noBallots')} />;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('results.raters.hint')}
      </Typography.Paragraph>
      <Table<RaterSummary>
        rowKey="rater"
        size="small"
        columns={columns}
        dataSource={sorted}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        data-testid="raters-table"
      />
    </Space>
  );
}
