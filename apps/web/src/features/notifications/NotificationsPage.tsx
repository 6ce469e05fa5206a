import type { Notification } from '@lecture-hall/shared';
import { Button, Card, Empty, List, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMarkAllRead, useNotifications } from './api';
import { NotificationItem, useOpenNotification } from './NotificationBell';

/** The full notification centre, newest first, with paging. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(20);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const { data, isFetching } = useNotifications(page, pageSize, unreadOnly);
  const markAll = useMarkAllRead();
  const openOne = useOpenNotification();

  return (
    <Card
      title={
        <Space>
          {t('notifications.title')}
          {data && data.unread > 0 && <Typography.Text type="secondary">{t('notifications.unreadLine', { count: data.unread })}</Typography.Text>}
        </Space>
      }
      extra={
        <Space>
          <Space size={4}>
            <Switch
              size="small"
              checked={unreadOnly}
              onChange={(v) => {
                setUnreadOnly(v);
                setPage(1);
              }}
              id="unread-only"
            />
            <label htmlFor="unread-only">{t('notifications.unreadOnly')}</label>
          </Space>
          <Button disabled={!data || data.unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        </Space>
      }
    >
      <List<Notification>
        data-testid="notifications-page"
        loading={isFetching}
        dataSource={data?.items ?? []}
        locale={{ emptyText: <Empty description={t('notifications.empty')} /> }}
        renderItem={(n) => <NotificationItem n={n} onOpen={(x) => openOne(x)} />}
        pagination={{
          current: page,
          pageSize,
          total: data?.total ?? 0,
          showSizeChanger: true,
          showTotal: (total) => t('common.total', { total }),
          onChange: (p, s) => {
            setPage(s === pageSize ? p : 1);
            setPageSize(s);
          },
          hideOnSinglePage: false,
        }}
      />
    </Card>
  );
}
