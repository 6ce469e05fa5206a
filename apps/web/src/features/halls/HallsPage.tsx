import { PlusOutlined } from '@ant-design/icons';
import type { Hall } from '@lecture-hall/shared';
import { Button, Card, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { canManageHalls } from '../../app/nav';
import { useRoles } from '../auth/session';
import { useHalls } from './api';
import { HallDrawer } from './HallDrawer';

export function HallsPage() {
  const { t } = useTranslation();
  const canCreate = canManageHalls(useRoles());
  const { data = [], isFetching } = useHalls();
  const [editing, setEditing] = useState<Hall | 'new' | null>(null);

  return (
    <Card
      title={t('halls.title')}
      extra={
        canCreate && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing('new')}>
            {t('halls.create')}
          </Button>
        )
      }
    >
      <Table<Hall>
        rowKey="id"
        loading={isFetching}
        dataSource={data}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('halls.empty') }}
        data-testid="halls-table"
        columns={[
          { title: t('halls.name'), dataIndex: 'name', render: (name: string, h) => <Link to={`/halls/${h.id}`}>{name}</Link> },
          { title: t('halls.unit'), dataIndex: 'unitName' },
          { title: t('halls.youngAgeLimit'), dataIndex: 'youngAgeLimit', width: 110, align: 'right' },
          { title: t('halls.repeatWindow'), dataIndex: 'repeatWindow', width: 130, align: 'right' },
          { title: t('halls.defaultSpeakerCount'), dataIndex: 'defaultSpeakerCount', width: 110, align: 'right' },
          { title: t('halls.editionCount'), dataIndex: 'editionCount', width: 90, align: 'right' },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 160,
            render: (_, h) => (
              <Space size={0}>
                <Link to={`/halls/${h.id}`}>
                  <Button type="link" size="small">
                    {t('halls.open')}
                  </Button>
                </Link>
                {h.canManage && (
                  <Button type="link" size="small" onClick={() => setEditing(h)}>
                    {t('common.edit')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />
      {editing && <HallDrawer hall={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </Card>
  );
}
