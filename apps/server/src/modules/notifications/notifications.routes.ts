import { ErrorBody, IdParams, Notification, NotificationPage, NotificationsQuery, UnreadCount } from '@lecture-hall/shared';
import { type RoutePlugin, typed } from '../../lib/routing';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const notificationsRoutes: RoutePlugin = async (app) => {
  const r = typed(app);
  const notifications = app.services.notifications;

  r.get(
    '/api/notifications',
    {
      schema: {
        operationId: 'listNotifications',
        tags: ['notifications'],
        summary: '我的通知（最新在前，含未读数）',
        querystring: NotificationsQuery,
        response: { 200: NotificationPage, ...errors },
      },
    },
    async (request) => notifications.list(request.ctx, request.query),
  );

  r.get(
    '/api/notifications/unread-count',
    {
      schema: { operationId: 'countUnreadNotifications', tags: ['notifications'], summary: '未读通知数', response: { 200: UnreadCount, ...errors } },
    },
    async (request) => notifications.unreadCount(request.ctx),
  );

  r.post(
    '/api/notifications/:id/read',
    {
      schema: {
        operationId: 'markNotificationRead',
        tags: ['notifications'],
        summary: '标记通知为已读',
        params: IdParams,
        response: { 200: Notification, ...errors },
      },
    },
    async (request) => notifications.markRead(request.ctx, request.params.id),
  );

  r.post(
    '/api/notifications/read-all',
    {
      schema: { operationId: 'markAllNotificationsRead', tags: ['notifications'], summary: '全部标为已读', response: { 200: UnreadCount, ...errors } },
    },
    async (request) => notifications.markAllRead(request.ctx),
  );
};
