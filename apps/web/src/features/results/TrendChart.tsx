import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useLang } from '../../app/useLang';
import { editionNo } from '../../lib/programme';
import type { HallTrendData } from './api';
import { trendOption } from './charts';
import { EChart } from './EChart';

export function TrendChart({ items }: { items: HallTrendData['items'] }) {
  const { t } = useTranslation();
  const lang = useLang();
  const option = useMemo(
    () =>
      trendOption(items, {
        edition: (seq) => editionNo(seq, lang),
        meanFinal: t('results.trend.meanFinal'),
        topFinal: t('results.trend.topFinal'),
        attendance: t('results.trend.attendance'),
        icc: t('results.trend.icc'),
      }),
    [items, lang, t],
  );
  return <EChart option={option} height={300} testId="chart-hall-trend" ariaLabel={t('results.trend.title')} />;
}
