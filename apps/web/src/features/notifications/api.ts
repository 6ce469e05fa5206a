import type { Notification } from '@lecture-hall/shared';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Page } from '../people/api';
import { notificationKeys } from './keys';

export { notificationKeys } from './keys';

/**
 * How often the bell asks for the unread count anyway. Notifications are pushed over the
 * user's socket (push.ts), which also refetches on every reconnect; this poll only covers a
 * socket that is down without knowing it (a proxy holding a dead connection).
 */
export const UNREAD_POLL_MS = 5 * 60_000;

/** The unread count behind the bell: pushed (push.ts), polled every 5 minutes, and fetched when the window regains focus. */
export function useUnreadCount(enabled = true) {
  return useQuery({
    queryKey: notificationKeys.unread,
    queryFn: ({ signal }) => api.get<{ unread: number }>('/api/notifications/unread-count', undefined, signal).then((r) => r.unread),
    refetchInterval: UNREAD_POLL_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
    meta: { silent: true }, // a missed poll is not worth a toast; the next one will try again
    enabled,
  });
}

export type NotificationPage = Page<Notification> & { unread: number };

export function useNotifications(page: number, pageSize: number, unreadOnly = false, enabled = true) {
  return useQuery({
    queryKey: notificationKeys.list(page, pageSize, unreadOnly),
    queryFn: ({ signal }) => api.get<NotificationPage>('/api/notifications', { page, pageSize, unreadOnly }, signal),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: true,
    staleTime: 0,
    enabled,
  });
}

export function useMarkRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<unknown>(`/api/notifications/${encodeURIComponent(id)}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}

export function useMarkAllRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: notificationKeys.all }),
  });
}
