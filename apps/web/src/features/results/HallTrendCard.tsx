import { Card, Empty, Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { useHallTrend } from './api';

// The chart (and ECharts with it) loads only when there is a trend to draw, not with the hall page.
const TrendChart = lazy(() => import('./TrendChart').then((m) => ({ default: m.TrendChart })));

/** The hall's published editions over time, for those who may read results; hidden for everyone else (403). */
export function HallTrendCard({ hallId }: { hallId: string }) {
  const { t } = useTranslation();
  const { data: items, isPending, isError } = useHallTrend(hallId);
  if (isPending || isError || !items) return null;
  return (
    <Card title={t('results.trend.title')} size="small" data-testid="hall-trend">
      {items.length === 0 ? (
        <Empty description={t('results.trend.none')} />
      ) : (
        <Suspense fallback={<Spin />}>
          <TrendChart items={items} />
        </Suspense>
      )}
    </Card>
  );
}
