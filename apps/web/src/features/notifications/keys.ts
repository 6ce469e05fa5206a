/** The notification centre's query keys: every key starts with `all`, every list with `lists`. */
export const notificationKeys = {
  all: ['notifications'] as const,
  unread: ['notifications', 'unread'] as const,
  lists: ['notifications', 'list'] as const,
  list: (page: number, pageSize: number, unreadOnly: boolean) => ['notifications', 'list', page, pageSize, unreadOnly] as const,
};
