import type { Edition } from '@lecture-hall/shared';
import { Table, type TablePaginationConfig, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useLang } from '../../app/useLang';
import { formatDate } from '../../lib/format';
import { editionNo } from '../../lib/programme';
import { EditionStatusTag } from './EditionStatusTag';

/** 第N期 · 标题 · 讲堂 · 日期 · 状态 · 讲课人 selected/count. */
export function EditionsTable({
  editions,
  loading,
  pagination = false,
  showHall = true,
}: {
  editions: readonly Edition[];
  loading?: boolean;
  pagination?: TablePaginationConfig | false;
  showHall?: boolean;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  return (
    <Table<Edition>
      rowKey="id"
      loading={loading}
      dataSource={[...editions]}
      pagination={pagination}
      scroll={{ x: 900 }}
      locale={{ emptyText: t('editions.empty') }}
      data-testid="editions-table"
      columns={[
        { title: t('editions.seq'), dataIndex: 'seq', width: 90, render: (seq: number) => editionNo(seq, lang) },
        { title: t('editions.titleField'), dataIndex: 'title', render: (title: string, e) => <Link to={`/editions/${e.id}`}>{title}</Link> },
        ...(showHall ? [{ title: t('editions.hall'), dataIndex: 'hallName', width: 220 }] : []),
        {
          title: t('editions.date'),
          dataIndex: 'date',
          width: 190,
          render: (date: string, e: Edition) => (
            <span>
              {formatDate(date)}{' '}
              <Typography.Text type="secondary">
                {e.startTime}–{e.endTime}
              </Typography.Text>
            </span>
          ),
        },
        { title: t('editions.status'), dataIndex: 'status', width: 100, render: (s: Edition['status']) => <EditionStatusTag status={s} /> },
        {
          title: t('editions.speakers'),
          key: 'speakers',
          width: 90,
          align: 'right',
          render: (_: unknown, e: Edition) => `${e.selectedCount}/${e.speakerCount}`,
        },
      ]}
    />
  );
}
