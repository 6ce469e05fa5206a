import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Person } from '@lecture-hall/shared';
import { GENDERS, POLITICAL_STATUSES, RANK_LEVELS } from '@lecture-hall/shared/domain/org';
import { Button, Card, Checkbox, Empty, Form, Input, InputNumber, Select, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { showError, showSuccess } from '../../app/feedback';
import { canEditPeople } from '../../app/nav';
import { formatDate, formatPhone } from '../../lib/format';
import { useRoles } from '../auth/session';
import { UnitTreeSelect } from '../org/UnitTreeSelect';
import { exportRoster, usePeople } from './api';
import { ImportRosterModal } from './ImportRosterModal';
import { PersonDrawer } from './PersonDrawer';
import { EMPTY_FILTERS, type RosterFilters } from './query';

export function RosterPage() {
  const { t } = useTranslation();
  const editable = canEditPeople(useRoles());
  const [form] = Form.useForm<RosterFilters>();
  const [filters, setFilters] = useState<RosterFilters>(EMPTY_FILTERS);
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const [importing, setImporting] = useState(false);
  const [exporting, setExporting] = useState(false);
  const { data, isFetching } = usePeople(filters, page, pageSize);
  const unitId = Form.useWatch('unitId', form);

  const applyFilters = (values: RosterFilters) => {
    setFilters({ ...EMPTY_FILTERS, ...values, includeSubunits: values.includeSubunits ?? true });
    setPage(1);
  };

  const doExport = async () => {
    setExporting(true);
    try {
      const file = await exportRoster(filters);
      showSuccess(t('people.exported', { file }));
    } catch (e) {
      showError(e);
    } finally {
      setExporting(false);
    }
  };

  return (
    <Card title={t('people.title')}>
      <Form<RosterFilters>
        form={form}
        name="roster-filters"
        layout="inline"
        initialValues={EMPTY_FILTERS}
        onFinish={applyFilters}
        style={{ rowGap: 12, marginBottom: 16 }}
      >
        <Form.Item name="q" label={t('people.name')}>
          <Input id="roster-q" name="q" allowClear placeholder={t('people.searchPlaceholder')} style={{ width: 160 }} maxLength={50} />
        </Form.Item>
        <Form.Item name="unitId" label={t('people.unit')}>
          <UnitTreeSelect id="roster-unit" allowClear placeholder={t('people.allUnits')} style={{ width: 220 }} />
        </Form.Item>
        <Form.Item name="includeSubunits" valuePropName="checked">
          <Checkbox disabled={!unitId}>{t('people.includeSubunits')}</Checkbox>
        </Form.Item>
        <Form.Item name="gender" label={t('people.gender')}>
          <Select
            id="roster-gender"
            allowClear
            placeholder={t('common.all')}
            style={{ width: 100 }}
            options={GENDERS.map((g) => ({ value: g, label: t(`gender.${g}`) }))}
          />
        </Form.Item>
        <Form.Item name="rankLevel" label={t('people.rankLevel')}>
          <Select id="roster-rank" allowClear placeholder={t('common.all')} style={{ width: 160 }} options={RANK_LEVELS.map((r) => ({ value: r, label: r }))} />
        </Form.Item>
        <Form.Item name="politicalStatus" label={t('people.politicalStatus')}>
          <Select
            id="roster-political"
            allowClear
            placeholder={t('common.all')}
            style={{ width: 140 }}
            options={POLITICAL_STATUSES.map((p) => ({ value: p, label: p }))}
          />
        </Form.Item>
        <Form.Item name="maxAge" label={t('people.maxAge')}>
          <InputNumber id="roster-max-age" min={16} max={80} precision={0} style={{ width: 90 }} />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit">
              {t('common.search')}
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                applyFilters(EMPTY_FILTERS);
              }}
            >
              {t('common.reset')}
            </Button>
          </Space>
        </Form.Item>
      </Form>

      <Space wrap style={{ marginBottom: 16 }}>
        {editable && (
          <>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
              {t('people.add')}
            </Button>
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)}>
              {t('people.import')}
            </Button>
          </>
        )}
        <Button icon={<DownloadOutlined />} loading={exporting} onClick={doExport}>
          {t('people.export')}
        </Button>
      </Space>

      <Table<Person>
        rowKey="id"
        aria-label={t('people.title')}
        loading={isFetching}
        dataSource={data?.items ?? []}
        scroll={{ x: 1300 }}
        size="middle"
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('people.empty')} /> }}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          pageSizeOptions: [10, 20, 50, 100],
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s !== pageSize ? 1 : p);
            setPageSize(s);
          },
        }}
        columns={[
          { title: t('people.name'), dataIndex: 'name', fixed: 'left', width: 100 },
          { title: t('people.gender'), dataIndex: 'gender', width: 84, render: (g: Person['gender']) => t(`gender.${g}`) },
          { title: t('people.birthDate'), dataIndex: 'birthDate', width: 120, render: (d: string) => formatDate(d) },
          { title: t('people.age'), dataIndex: 'age', width: 70, align: 'right' },
          { title: t('people.unit'), dataIndex: 'unitPathName', width: 220, ellipsis: true },
          { title: t('people.position'), dataIndex: 'position', width: 160, ellipsis: true, render: (v: string) => v || t('common.none') },
          { title: t('people.rankLevel'), dataIndex: 'rankLevel', width: 130 },
          { title: t('people.politicalStatus'), dataIndex: 'politicalStatus', width: 120 },
          { title: t('people.phone'), dataIndex: 'phone', width: 140, render: (v: string | null) => formatPhone(v) },
          { title: t('people.entryDate'), dataIndex: 'entryDate', width: 130, render: (d: string | null) => formatDate(d) },
          ...(editable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  fixed: 'right' as const,
                  width: 90,
                  render: (_: unknown, p: Person) => (
                    <Button type="link" size="small" onClick={() => setEditing(p)}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />

      {editing && <PersonDrawer person={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
      {importing && <ImportRosterModal onClose={() => setImporting(false)} />}
    </Card>
  );
}
