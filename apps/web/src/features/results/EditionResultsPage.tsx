import {
  ArrowLeftOutlined,
  CheckCircleOutlined,
  DownloadOutlined,
  FileExcelOutlined,
  FilePdfOutlined,
  InfoCircleOutlined,
  SafetyCertificateOutlined,
} from '@ant-design/icons';
import type { EditionResults, SpeakerResult } from '@lecture-hall/shared';
import { Alert, App, Button, Card, Descriptions, Result, Space, Table, type TableColumnsType, Tabs, Tag, Tooltip, Typography } from 'antd';
import { type ReactNode, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorText, showSuccess } from '../../app/feedback';
import { PageSpin } from '../../app/guards';
import { useBusy } from '../../app/useBusy';
import { useLang } from '../../app/useLang';
import { formatDate, formatDateTime } from '../../lib/format';
import { useRoles } from '../auth/session';
import { useEdition } from '../editions/api';
import { AnomalyPanel, RatersPanel } from './AnomalyPanel';
import { mayAnalyse } from './access';
import { downloadResults, type ResultsExport, useEditionResults, usePublishResults, useVerifyResults, type VerifyAnswer } from './api';
import { formatInterval, formatRankInterval, formatScore, rankedSpeakers, resultsErrorKind, shortHash, tiedNames } from './format';
import { PaperSheetPanel } from './PaperSheetPanel';
import { ReliabilityPanel } from './ReliabilityPanel';
import { DistributionCharts, RankIntervalChart } from './ResultsCharts';

/** /editions/:id/results — the ranking, the charts, reliability, anomalies; publish and verify for managers. */
export function EditionResultsPage() {
  const { id } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { data: edition } = useEdition(id);
  const { data: results, isPending, error } = useEditionResults(id);
  const back = (
    <Button
      type="text"
      icon={<ArrowLeftOutlined />}
      aria-label={t('results.backToEdition')}
      onClick={() => navigate(`/editions/${encodeURIComponent(id ?? '')}`)}
    />
  );

  if (isPending) return <PageSpin />;
  if (error || !results) {
    const kind = resultsErrorKind(error);
    const title =
      kind === 'not_published'
        ? t('results.notPublished')
        : kind === 'not_ready'
          ? t('results.notReady')
          : kind === 'forbidden'
            ? t('app.forbidden')
            : errorText(error);
    return (
      <Card title={back}>
        <Result
          status={kind === 'forbidden' ? '403' : 'info'}
          title={title}
          subTitle={kind === 'not_ready' ? t('results.notReadyHint') : undefined}
          data-testid="results-empty"
        />
      </Card>
    );
  }

  return <ResultsView results={results} back={back} canManage={edition?.canManage ?? false} editionStatus={edition?.status} />;
}

function ResultsView({ results, back, canManage, editionStatus }: { results: EditionResults; back: ReactNode; canManage: boolean; editionStatus?: string }) {
  const { t } = useTranslation();
  const roles = useRoles();
  const [params, setParams] = useSearchParams();
  const analyst = mayAnalyse({ canManage }, roles);
  const hasBallots = results.ballotCounts.audience + results.ballotCounts.expert + results.ballotCounts.paper > 0;
  // A closed edition's draft, for those who publish: paper sheets may still be imported, and it may be published.
  const openDraft = canManage && results.state === 'draft' && editionStatus === 'closed';
  // A liaison's view carries no reliability, anomalies or raters: those tabs would only be empty.
  const wholeEdition = results.reliability.length > 0 || results.raters.length > 0;

  const tabs = [
    { key: 'ranking', label: t('results.tab.ranking'), children: <RankingPanel results={results} /> },
    ...(hasBallots ? [{ key: 'charts', label: t('results.tab.charts'), children: <DistributionCharts results={results} /> }] : []),
    ...(wholeEdition
      ? [
          { key: 'reliability', label: t('results.tab.reliability'), children: <ReliabilityPanel reliability={results.reliability} /> },
          {
            key: 'anomalies',
            label: (
              <span data-testid="tab-anomalies">
                {t('results.tab.anomalies')} {results.anomalies.length > 0 && <Tag color="orange">{results.anomalies.length}</Tag>}
              </span>
            ),
            children: <AnomalyPanel results={results} />,
          },
          { key: 'raters', label: t('results.tab.raters'), children: <RatersPanel raters={results.raters} /> },
        ]
      : []),
    ...(openDraft ? [{ key: 'paper', label: t('results.tab.paper'), children: <PaperSheetPanel editionId={results.editionId} /> }] : []),
  ];
  const tab = params.get('tab') ?? 'ranking';

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title={
          <Space wrap>
            {back}
            <span data-testid="results-title">{t('results.title', { title: results.editionTitle })}</span>
            {results.state === 'published' ? (
              <Tag color="green" data-testid="results-state">
                {t('results.published')}
              </Tag>
            ) : (
              <Tag color="gold" data-testid="results-state">
                {t('results.draft')}
              </Tag>
            )}
          </Space>
        }
        extra={analyst && <ExportButtons editionId={results.editionId} />}
      >
        <ResultsHeader results={results} />
        <Space wrap style={{ marginTop: 12 }}>
          {openDraft && <PublishButton results={results} />}
          {analyst && results.state === 'published' && <VerifyButton editionId={results.editionId} />}
        </Space>
        {results.state === 'draft' && <Alert style={{ marginTop: 12 }} type="info" showIcon title={t('results.draftNote')} />}
        {results.rankingChangesWithoutFlagged && (
          <Alert style={{ marginTop: 12 }} type="warning" showIcon title={t('results.rankingSensitive')} data-testid="ranking-sensitive" />
        )}
        {results.notComparable.length > 1 && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('results.notComparable')}
            description={results.notComparable
              .map((group) => group.map((talkId) => results.speakers.find((s) => s.talkId === talkId)?.name ?? talkId).join('、'))
              .join(' ｜ ')}
          />
        )}
      </Card>
      <Card>
        {hasBallots ? (
          <Tabs
            activeKey={tabs.some((x) => x.key === tab) ? tab : 'ranking'}
            onChange={(key) => {
              const next = new URLSearchParams(params);
              next.set('tab', key);
              setParams(next, { replace: true });
            }}
            items={tabs}
          />
        ) : (
          <>
            <Result status="info" title={t('results.noBallots')} data-testid="results-no-ballots" />
            {openDraft && <PaperSheetPanel editionId={results.editionId} />}
          </>
        )}
      </Card>
    </Space>
  );
}

function ResultsHeader({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const c = results.ballotCounts;
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
      <Descriptions.Item label={t('results.hall')}>{results.hallName}</Descriptions.Item>
      <Descriptions.Item label={t('results.date')}>{formatDate(results.date)}</Descriptions.Item>
      <Descriptions.Item label={results.state === 'published' ? t('results.publishedAt') : t('results.computedAt')}>
        {formatDateTime(results.publishedAt ?? results.computedAt)}
      </Descriptions.Item>
      <Descriptions.Item label={t('results.method')} span={2}>
        {results.ruleText}
      </Descriptions.Item>
      <Descriptions.Item label={t('results.weights')}>
        {t('results.weightsLine', { audience: results.audienceWeightPct, expert: 100 - results.audienceWeightPct })}
      </Descriptions.Item>
      <Descriptions.Item label={t('results.bootstrap')}>
        {t('results.bootstrapLine', { b: results.bootstrap.replicates, seed: results.bootstrap.seed })}
      </Descriptions.Item>
      <Descriptions.Item label={t('results.inputsHash')}>
        <Tooltip title={results.inputsHash}>
          <Typography.Text code copyable={{ text: results.inputsHash }} data-testid="inputs-hash">
            {shortHash(results.inputsHash)}
          </Typography.Text>
        </Tooltip>
        <Typography.Text type="secondary"> {t('results.algorithm', { v: results.algorithmVersion })}</Typography.Text>
      </Descriptions.Item>
      <Descriptions.Item label={t('results.ballots')}>
        {t('results.ballotsLine', { audience: c.audience, expert: c.expert, paper: c.paper, flagged: c.flagged })}
      </Descriptions.Item>
    </Descriptions>
  );
}

function ExportButtons({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const [busy, start] = useBusy<ResultsExport>();
  const run = (kind: ResultsExport) => start(kind, () => downloadResults(editionId, kind));
  return (
    <Space wrap>
      <Button icon={<FileExcelOutlined />} loading={busy === 'xlsx'} onClick={() => run('xlsx')} data-testid="export-xlsx">
        {t('results.exportXlsx')}
      </Button>
      <Button icon={<FilePdfOutlined />} loading={busy === 'pdf'} onClick={() => run('pdf')} data-testid="export-pdf">
        {t('results.exportPdf')}
      </Button>
      <Button icon={<DownloadOutlined />} loading={busy === 'csv'} onClick={() => run('csv')} data-testid="export-csv">
        {t('results.exportCsv')}
      </Button>
    </Space>
  );
}

/** Publication is final: a dialog says so in full before anything is frozen. */
function PublishButton({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const { modal } = App.useApp();
  const publish = usePublishResults(results.editionId);
  const open = () =>
    modal.confirm({
      title: t('results.publishTitle'),
      content: (
        <Space orientation="vertical">
          <span>{t('results.publishBody')}</span>
          {results.ballotCounts.flagged > 0 && (
            <Typography.Text type="warning">{t('results.publishFlagged', { n: results.ballotCounts.flagged })}</Typography.Text>
          )}
        </Space>
      ),
      okText: t('results.publishOk'),
      cancelText: t('common.cancel'),
      okButtonProps: { danger: true },
      onOk: () => publish.mutateAsync().then(() => showSuccess(t('results.publishedNow'))),
    });
  return (
    <Button type="primary" icon={<CheckCircleOutlined />} loading={publish.isPending} onClick={open} data-testid="publish-results">
      {t('results.publish')}
    </Button>
  );
}

function VerifyButton({ editionId }: { editionId: string }) {
  const { t } = useTranslation();
  const verify = useVerifyResults(editionId);
  const answer: VerifyAnswer | undefined = verify.data;
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Button icon={<SafetyCertificateOutlined />} loading={verify.isPending} onClick={() => verify.mutate()} data-testid="verify-results">
        {t('results.verify')}
      </Button>
      {answer &&
        (answer.matches ? (
          <Alert
            type="success"
            showIcon
            title={t('results.verifyOk')}
            description={t('results.verifyHash', { hash: answer.publishedHash })}
            data-testid="verify-ok"
          />
        ) : (
          <Alert
            type="error"
            showIcon
            title={t('results.verifyMismatch')}
            data-testid="verify-mismatch"
            description={
              <>
                <div>{t('results.verifyHashes', { published: shortHash(answer.publishedHash), recomputed: shortHash(answer.recomputedHash) })}</div>
                {answer.differences.length > 0 && (
                  <ul style={{ margin: '4px 0 0', paddingInlineStart: 20 }}>
                    {answer.differences.slice(0, 20).map((d) => (
                      <li key={d}>
                        <code>{d}</code>
                      </li>
                    ))}
                  </ul>
                )}
              </>
            }
          />
        ))}
    </Space>
  );
}

function RankingPanel({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const lang = useLang();
  const rows = useMemo(() => rankedSpeakers(results.speakers), [results.speakers]);
  const group = (g: SpeakerResult['audience']) => (
    <Tooltip title={g.fellBackToMean ? t('results.fellBack') : t('results.dropped', { n: g.dropped })}>
      <span>
        {formatScore(g.aggregate)} <Typography.Text type="secondary">(n={g.n})</Typography.Text>
      </span>
    </Tooltip>
  );
  const columns: TableColumnsType<SpeakerResult> = [
    { title: t('results.col.rank'), dataIndex: 'rank', width: 64, render: (r: number | null) => (r === null ? '—' : <b>{r}</b>) },
    { title: t('results.col.name'), dataIndex: 'name', width: 96 },
    { title: t('results.col.unit'), dataIndex: 'unitName', ellipsis: true },
    { title: t('results.col.talk'), dataIndex: 'talkTitle', ellipsis: true },
    {
      title: (
        <Tooltip title={t('results.finalHint')}>
          {t('results.col.final')} <InfoCircleOutlined />
        </Tooltip>
      ),
      dataIndex: 'final',
      width: 96,
      render: (_: unknown, s) => (
        <Tooltip title={s.formula}>
          <b data-testid="final-score">{formatScore(s.final)}</b>
        </Tooltip>
      ),
    },
    { title: t('results.col.ci'), key: 'ci', width: 130, render: (_: unknown, s) => formatInterval(s.ci95) },
    { title: t('results.col.rankCi'), key: 'rankCi', width: 90, render: (_: unknown, s) => formatRankInterval(s.rankCi95) },
    {
      title: (
        <Tooltip title={t('results.adjustedHint')}>
          {t('results.col.adjusted')} <InfoCircleOutlined />
        </Tooltip>
      ),
      dataIndex: 'adjusted',
      width: 96,
      render: (v: number | null) => formatScore(v),
    },
    { title: t('results.col.audience'), key: 'audience', width: 110, render: (_: unknown, s) => group(s.audience) },
    { title: t('results.col.expert'), key: 'expert', width: 110, render: (_: unknown, s) => group(s.expert) },
    { title: t('results.col.paper'), dataIndex: 'paperBallots', width: 72 },
    {
      title: t('results.col.tie'),
      key: 'tie',
      width: 150,
      render: (_: unknown, s) => {
        const names = tiedNames(s, results.speakers);
        return names.length === 0 ? null : (
          <Tooltip title={t('results.tieHint')}>
            <Tag color="orange" data-testid="tie-tag">
              {t('results.tiedWith', { names: names.join(lang === 'zh' ? '、' : ', ') })}
            </Tag>
          </Tooltip>
        );
      },
    },
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Table<SpeakerResult>
        rowKey="talkId"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 1300 }}
        data-testid="ranking-table"
      />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {t('results.rankingNote')}
      </Typography.Paragraph>
      <RankIntervalChart speakers={results.speakers} />
    </Space>
  );
}
