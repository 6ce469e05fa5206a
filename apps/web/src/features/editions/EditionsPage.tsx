import { CalendarOutlined, UnorderedListOutlined } from '@ant-design/icons';
import type { Edition } from '@lecture-hall/shared';
import { EDITION_STATUS_LABELS, EDITION_STATUSES, type EditionStatus } from '@lecture-hall/shared/domain/programme';
import { Badge, Calendar, Card, DatePicker, Form, Segmented, Select, Space, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useLang } from '../../app/useLang';
import { editionNo, labelOf } from '../../lib/programme';
import { useHalls } from '../halls/api';
import { type EditionFilters, useEditions } from './api';
import { calendarRange, groupByDate } from './calendar';
import { EditionsTable } from './EditionsTable';
import { STATUS_COLORS } from './lifecycle';

type View = 'list' | 'calendar';
const DATE = 'YYYY-MM-DD';

const BADGE_STATUS: Record<string, 'default' | 'processing' | 'success' | 'error' | 'warning'> = {
  default: 'default',
  processing: 'processing',
  success: 'success',
  red: 'error',
  gold: 'warning',
  cyan: 'processing',
  purple: 'default',
};

export function EditionsPage() {
  const { t } = useTranslation();
  const lang = useLang();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'calendar' ? 'calendar' : 'list';
  const statusParam = params.get('status');
  const [filters, setFilters] = useState<EditionFilters>({
    status: EDITION_STATUSES.includes(statusParam as EditionStatus) ? (statusParam as EditionStatus) : undefined,
    hallId: params.get('hallId') ?? undefined,
  });
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const { data: halls = [] } = useHalls();

  const list = useEditions(filters, page, pageSize, view === 'list');
  const range = calendarRange(month);
  const cal = useEditions({ hallId: filters.hallId, status: filters.status, ...range }, 1, 200, view === 'calendar');
  const byDate = useMemo(() => groupByDate(cal.data?.items ?? []), [cal.data]);

  const setView = (v: View) => {
    const next = new URLSearchParams(params);
    if (v === 'calendar') next.set('view', 'calendar');
    else next.delete('view');
    setParams(next, { replace: true });
  };

  const cell = (date: Dayjs) => {
    const items = byDate.get(date.format(DATE)) ?? [];
    if (items.length === 0) return null;
    return (
      <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {items.map((e: Edition) => (
          <li key={e.id}>
            <Tooltip title={`${e.hallName} · ${e.startTime}–${e.endTime} · ${labelOf(EDITION_STATUS_LABELS, e.status, lang)}`}>
              <button
                type="button"
                onClick={(ev) => {
                  ev.stopPropagation();
                  navigate(`/editions/${e.id}`);
                }}
                style={{ border: 0, background: 'none', padding: 0, cursor: 'pointer', textAlign: 'start', width: '100%' }}
              >
                <Badge
                  status={BADGE_STATUS[STATUS_COLORS[e.status]] ?? 'default'}
                  text={`${editionNo(e.seq, lang)} ${e.title}`}
                  style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis', maxWidth: '100%' }}
                />
              </button>
            </Tooltip>
          </li>
        ))}
      </ul>
    );
  };

  return (
    <Card
      title={t('editions.title')}
      extra={
        <Segmented<View>
          value={view}
          onChange={setView}
          options={[
            { value: 'list', label: t('editions.listView'), icon: <UnorderedListOutlined /> },
            { value: 'calendar', label: t('editions.calendarView'), icon: <CalendarOutlined /> },
          ]}
        />
      }
    >
      <Form layout="inline" style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item label={t('editions.hall')}>
          <Select
            allowClear
            value={filters.hallId}
            placeholder={t('common.all')}
            style={{ width: 240 }}
            options={halls.map((h) => ({ value: h.id, label: h.name }))}
            onChange={(hallId: string | undefined) => {
              setFilters((f) => ({ ...f, hallId }));
              setPage(1);
            }}
          />
        </Form.Item>
        <Form.Item label={t('editions.status')}>
          <Select
            allowClear
            value={filters.status}
            placeholder={t('common.all')}
            style={{ width: 140 }}
            options={EDITION_STATUSES.map((s) => ({ value: s, label: labelOf(EDITION_STATUS_LABELS, s, lang) }))}
            onChange={(status: EditionStatus | undefined) => {
              setFilters((f) => ({ ...f, status }));
              setPage(1);
            }}
          />
        </Form.Item>
        {view === 'list' && (
          <Form.Item label={t('editions.dateRange')}>
            <DatePicker.RangePicker
              format={DATE}
              value={filters.from && filters.to ? [dayjs(filters.from, DATE), dayjs(filters.to, DATE)] : null}
              onChange={(r) => {
                setFilters((f) => ({ ...f, from: r?.[0]?.format(DATE), to: r?.[1]?.format(DATE) }));
                setPage(1);
              }}
            />
          </Form.Item>
        )}
      </Form>
      {view === 'list' ? (
        <EditionsTable
          editions={list.data?.items ?? []}
          loading={list.isFetching}
          pagination={{
            current: page,
            pageSize,
            total: list.data?.total ?? 0,
            showSizeChanger: true,
            showTotal: (total) => t('common.total', { total }),
            onChange: (p, s) => {
              setPage(s === pageSize ? p : 1);
              setPageSize(s);
            },
          }}
        />
      ) : (
        <Space orientation="vertical" style={{ width: '100%' }} data-testid="editions-calendar">
          <Calendar
            value={month}
            onPanelChange={(d) => setMonth(d)}
            onSelect={(d) => setMonth(d)}
            cellRender={(d, info) => (info.type === 'date' ? cell(d) : null)}
          />
        </Space>
      )}
    </Card>
  );
}
