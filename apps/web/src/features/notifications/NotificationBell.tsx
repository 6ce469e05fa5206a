import { BellOutlined } from '@ant-design/icons';
import type { Notification } from '@lecture-hall/shared';
import { Badge, Button, Drawer, Empty, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { formatDateTime } from '../../lib/format';
import { useMarkAllRead, useMarkRead, useNotifications, useUnreadCount } from './api';
import { useNotificationPush } from './push';

/** Opens a notification: marks it read, then goes where it points. */
export function useOpenNotification() {
  const markRead = useMarkRead();
  const navigate = useNavigate();
  return (n: Notification, after?: () => void) => {
    if (!n.read) markRead.mutate(n.id);
    after?.();
    if (n.link) navigate(n.link);
  };
}

export function NotificationItem({ n, onOpen }: { n: Notification; onOpen: (n: Notification) => void }) {
  return (
    <List.Item
      key={n.id}
      onClick={() => onOpen(n)}
      style={{ cursor: 'pointer', paddingInline: 8, background: n.read ? undefined : '#fff7f6' }}
      data-testid="notification-item"
      data-read={n.read ? 'true' : 'false'}
    >
      <List.Item.Meta
        avatar={<Badge status={n.read ? 'default' : 'error'} />}
        title={<span style={{ fontWeight: n.read ? 'normal' : 600 }}>{n.title}</span>}
        description={
          <Space orientation="vertical" size={0}>
            <Typography.Text type={n.read ? 'secondary' : undefined}>{n.body}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {formatDateTime(n.createdAt)}
            </Typography.Text>
          </Space>
        }
      />
    </List.Item>
  );
}

/** The bell in the header: the unread count, and the latest notifications in a drawer; pushed over the user's socket. */
export function NotificationBell() {
  const { t } = useTranslation();
  useNotificationPush();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const { data: unread = 0 } = useUnreadCount();
  const { data, isFetching } = useNotifications(1, 20, false, open);
  const markAll = useMarkAllRead();
  const openOne = useOpenNotification();

  return (
    <>
      <Button type="text" onClick={() => setOpen(true)} aria-label={t('notifications.bellLabel', { count: unread })} data-testid="notification-bell">
        <Badge count={unread} size="small" overflowCount={99}>
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notifications.title')}
        size={420}
        extra={
          <Button size="small" disabled={unread === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
            {t('notifications.markAllRead')}
          </Button>
        }
        footer={
          <Button
            type="link"
            block
            onClick={() => {
              setOpen(false);
              navigate('/notifications');
            }}
          >
            {t('notifications.viewAll')}
          </Button>
        }
      >
        <List<Notification>
          data-testid="notification-list"
          loading={isFetching && !data}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('notifications.empty')} /> }}
          renderItem={(n) => <NotificationItem n={n} onOpen={(x) => openOne(x, () => setOpen(false))} />}
        />
      </Drawer>
    </>
  );
}
