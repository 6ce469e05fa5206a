import type { EditionResults, SpeakerResult } from '@lecture-hall/shared';
import { Card, Col, Empty, Row, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { boxplotOption, type ChartOption, heatmapData, heatmapOption, radarOption, rankIntervalData, rankIntervalOption } from './charts';
import { EChart } from './EChart';
import { formatScore, rankedSpeakers } from './format';

/** A chart in a card under its title, with the hint that says how to read it; the title names it for screen readers too. */
function ChartCard({ title, hint, option, height, testId }: { title: string; hint: string; option: ChartOption; height: number; testId: string }) {
  return (
    <Card size="small" title={title}>
      <EChart option={option} height={height} testId={testId} ariaLabel={title} />
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        {hint}
      </Typography.Paragraph>
    </Card>
  );
}

/** Finals with their 95 % intervals, sorted by rank; tied speakers in amber. */
export function RankIntervalChart({ speakers }: { speakers: readonly SpeakerResult[] }) {
  const { t } = useTranslation();
  const data = useMemo(() => rankIntervalData(speakers), [speakers]);
  const option = useMemo(
    () => rankIntervalOption(data, { final: t('results.chart.final'), ci: t('results.chart.ci'), tied: t('results.chart.tied') }),
    [data, t],
  );
  if (data.finals.length === 0) return <Empty description={t('results.noBallots')} />;
  return (
    <ChartCard
      title={t('results.chart.rankIntervals')}
      hint={t('results.chart.rankIntervalsHint')}
      option={option}
      height={Math.max(220, 56 * data.labels.length + 80)}
      testId="chart-rank-intervals"
    />
  );
}

/** The dimension heatmap, the box plots of ballot totals and one radar per speaker. */
export function DistributionCharts({ results }: { results: EditionResults }) {
  const { t } = useTranslation();
  const lang = useLang();
  const scale = results.rubric.scale;
  const heat = useMemo(() => heatmapOption(heatmapData(results, lang)), [results, lang]);
  const boxes = useMemo(() => boxplotOption(results.speakers, scale, lang), [results.speakers, scale, lang]);
  const ranked = useMemo(() => rankedSpeakers(results.speakers), [results.speakers]);
  const height = Math.max(260, 48 * results.speakers.length + 110);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <ChartCard title={t('results.chart.heatmap')} hint={t('results.chart.heatmapHint')} option={heat} height={height} testId="chart-heatmap" />
      </Col>
      <Col xs={24} xl={12}>
        <ChartCard title={t('results.chart.boxplot')} hint={t('results.chart.boxplotHint')} option={boxes} height={height} testId="chart-boxplot" />
      </Col>
      {ranked.map((s) => (
        <Col key={s.talkId} xs={24} md={12} xl={8}>
          <SpeakerRadar speaker={s} scale={scale} />
        </Col>
      ))}
    </Row>
  );
}

function SpeakerRadar({ speaker, scale }: { speaker: SpeakerResult; scale: { min: number; max: number } }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo(() => radarOption(speaker.dimensions, scale, lang), [speaker.dimensions, scale, lang]);
  const title = `${speaker.rank ?? '—'}. ${speaker.name}`;
  return (
    <Card size="small" title={title} extra={<Typography.Text strong>{formatScore(speaker.final)}</Typography.Text>}>
      {speaker.audience.n + speaker.expert.n === 0 ? (
        <Empty description={t('results.noBallots')} />
      ) : (
        <EChart option={option} height={260} testId="chart-radar" ariaLabel={t('results.chart.radarOf', { name: speaker.name })} />
      )}
    </Card>
  );
}
