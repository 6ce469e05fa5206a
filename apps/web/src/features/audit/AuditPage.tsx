import type { AuditEntry } from '@lecture-hall/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Button, Card, Col, DatePicker, Form, Input, Row, Space, Table, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatDateTime, prettyJson } from '../../lib/format';
import type { Page } from '../people/api';
import { type AuditFilters, auditQuery } from './query';

interface FilterForm {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  range?: [Dayjs | null, Dayjs | null] | null;
}

export function AuditPage() {
  const { t } = useTranslation();
  const [form] = Form.useForm<FilterForm>();
  const [filters, setFilters] = useState<AuditFilters>({});
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const { data, isFetching } = useQuery({
    queryKey: ['audit', filters, page, pageSize],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/api/audit', auditQuery(filters, page, pageSize), signal),
    placeholderData: keepPreviousData,
  });

  const apply = (v: FilterForm) => {
    setFilters({
      actor: v.actor,
      action: v.action,
      entityType: v.entityType,
      entityId: v.entityId,
      from: v.range?.[0]?.format('YYYY-MM-DD'),
      to: v.range?.[1]?.format('YYYY-MM-DD'),
    });
    setPage(1);
  };

  return (
    <Card title={t('audit.title')}>
      <Form<FilterForm> form={form} name="audit-filters" layout="inline" onFinish={apply} style={{ rowGap: 12, marginBottom: 16 }}>
        <Form.Item name="actor" label={t('audit.actor')}>
          <Input id="audit-actor" allowClear placeholder={t('audit.actorPlaceholder')} style={{ width: 150 }} maxLength={64} />
        </Form.Item>
        <Form.Item name="action" label={t('audit.action')}>
          <Input id="audit-action" allowClear placeholder={t('audit.actionPlaceholder')} style={{ width: 160 }} maxLength={64} />
        </Form.Item>
        <Form.Item name="entityType" label={t('audit.entityType')}>
          <Input id="audit-entity-type" allowClear placeholder={t('audit.entityTypePlaceholder')} style={{ width: 130 }} maxLength={64} />
        </Form.Item>
        <Form.Item name="entityId" label={t('audit.entityId')}>
          <Input id="audit-entity-id" allowClear style={{ width: 150 }} maxLength={64} />
        </Form.Item>
        <Form.Item name="range" label={t('audit.dateRange')}>
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                apply({});
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <Table<AuditEntry>
        rowKey="id"
        aria-label={t('audit.title')}
        size="middle"
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1200 }}
        locale={{ emptyText: t('audit.empty') }}
        expandable={{ expandedRowRender: (e) => <BeforeAfter entry={e} />, rowExpandable: (e) => e.before != null || e.after != null }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v: string) => formatDateTime(v) },
          { title: t('audit.actor'), dataIndex: 'actorName', width: 130, render: (v: string | null) => v ?? t('audit.system') },
          { title: t('audit.action'), dataIndex: 'action', width: 180, render: (v: string) => <Typography.Text code>{v}</Typography.Text> },
          { title: t('audit.entityType'), dataIndex: 'entityType', width: 120 },
          { title: t('audit.entity'), dataIndex: 'entityId', width: 200, ellipsis: true, render: (v: string | null) => v ?? t('common.none') },
          { title: t('audit.ip'), dataIndex: 'ip', width: 140, render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('audit.requestId'),
            dataIndex: 'requestId',
            ellipsis: true,
            render: (v: string | null) => (v ? <Typography.Text copyable={{ text: v }}>{v}</Typography.Text> : t('common.none')),
          },
        ]}
      />
    </Card>
  );
}

function BeforeAfter({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation();
  const block = (title: string, value: unknown) => {
    const text = prettyJson(value);
    return (
      <Col xs={24} md={12}>
        <Typography.Text strong>{title}</Typography.Text>
        <pre
          style={{
            background: '#fafafa',
            border: '1px solid #f0f0f0',
            padding: 12,
            margin: '8px 0 0',
            maxHeight: 360,
            overflow: 'auto',
            whiteSpace: 'pre-wrap',
            wordBreak: 'break-all',
            fontSize: 13,
          }}
        >
          {text ?? t('audit.emptyValue')}
        </pre>
      </Col>
    );
  };
  return (
    <Row gutter={16}>
      {block(t('audit.before'), entry.before)}
      {block(t('audit.after'), entry.after)}
    </Row>
  );
}
