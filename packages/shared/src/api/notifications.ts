import { z } from 'zod';
import { Id, PageQuery, pageOf } from './common';

export const NOTIFICATION_KINDS = [
  'nomination.received',
  'nomination.self_submitted',
  'nomination.selected',
  'nomination.not_selected',
  'nomination.withdrawn',
  'recommendation.outcome',
  'deck.uploaded',
  'review.assigned',
  'review.revise',
  'review.approved',
  'review.rejected',
  'coaching.feedback',
] as const;

export const Notification = z.object({
  id: Id,
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  /** Where the console opens it, e.g. /editions/<id>. */
  link: z.string().nullable(),
  read: z.boolean(),
  createdAt: z.string(),
});
export type Notification = z.infer<typeof Notification>;
export const NotificationPage = pageOf(Notification).extend({ unread: z.number().int() });
export const NotificationsQuery = PageQuery.extend({ unreadOnly: z.enum(['true', 'false']).default('false') });
export const UnreadCount = z.object({ unread: z.number().int() });
