import type { NOTIFICATION_KINDS, Notification, NotificationsQuery } from '@lecture-hall/shared';
import type { z } from 'zod';
import type { Config } from '../../config';
import type { Db } from '../../db';
import { type Clock, isoNow } from '../../lib/clock';
import { notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';
import type { RealtimeHub } from '../../realtime';
import { afterCommit } from '../../realtime/after-commit';
import type { AuditService } from '../audit/audit.service';
import type { RequestContext } from '../auth/actor';
import { requireActor } from '../auth/policy';
import { type NotificationRow, notificationsRepository } from './notifications.repository';

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface NotificationInput {
  kind: NotificationKind;
  title: string;
  body: string;
  /** Where the console opens it: /editions/<id> or /my-nominations. */
  link: string | null;
  entityType?: string;
  entityId?: string;
}

function toNotification(r: NotificationRow): Notification {
  return { id: r.id, kind: r.kind as NotificationKind, title: r.title, body: r.body, link: r.link, read: r.read_at !== null, createdAt: r.created_at };
}

/**
 * The in-app notification centre. Other services call `notify` with their own transaction, so a
 * notification is committed with the change it tells of, or not at all. Reading one's own
 * notifications needs no role: every signed-in user has a centre.
 *
 * Each committed notification is pushed to its recipient's sockets ('notification.created',
 * with the unread count read after the commit), on every instance; the console keeps a slow
 * poll only as a safety net.
 */
export class NotificationsService {
  constructor(
    private readonly db: Db,
    readonly config: Config,
    private readonly clock: Clock,
    readonly audit: AuditService,
    private readonly realtime: RealtimeHub,
  ) {
    realtime.users.setDataSource({ unread: (userId) => notificationsRepository.countUnread(this.db, userId) });
  }

  /**
   * Writes one notification per distinct recipient, and pushes each to its recipient once `trx`
   * has committed (not at all if it rolls back; at once if `trx` is not a transaction).
   */
  async notify(trx: Db, userIds: readonly string[], n: NotificationInput): Promise<void> {
    const createdAt = isoNow(this.clock);
    const rows: NotificationRow[] = [...new Set(userIds)].map((userId) => ({
      id: newId(),
      user_id: userId,
      kind: n.kind,
      title: n.title,
      body: n.body,
      link: n.link,
      entity_type: n.entityType ?? null,
      entity_id: n.entityId ?? null,
      read_at: null,
      created_at: createdAt,
    }));
    await notificationsRepository.insertMany(trx, rows);
    if (rows.length > 0) await afterCommit(trx, () => void this.push(rows));
  }

  /** One push per notification, each with its recipient's count read now (after the commit). */
  private async push(rows: readonly NotificationRow[]): Promise<void> {
    await Promise.all(
      rows.map(async (row) => {
        try {
          const unread = await notificationsRepository.countUnread(this.db, row.user_id);
          this.realtime.users.publish(row.user_id, 'notification.created', { notification: toNotification(row), unread });
        } catch (err) {
          // The notification is committed; the client's safety-net poll will show it.
          this.realtime.users.warn('could not push a notification', err, row.user_id);
        }
      }),
    );
  }

  /** The user's other tabs: the count moved without a new notification. */
  private pushUnread(userId: string, unread: number): void {
    this.realtime.users.publish(userId, 'notifications.unread', { unread });
  }

  /** Accounts of the person (a cadre may have one; an old account may linger), for nominee notices. */
  usersOfPerson(db: Db, personId: string): Promise<string[]> {
    return notificationsRepository.userIdsOfPerson(db, personId);
  }

  /** Accounts that manage halls of the unit (city admins above or at it, its hall admins). */
  hallManagers(db: Db, unit: { id: string; path: string }): Promise<string[]> {
    return notificationsRepository.hallManagerIds(db, unit);
  }

  async list(ctx: RequestContext, q: z.infer<typeof NotificationsQuery>) {
    const actor = requireActor(ctx);
    const [{ rows, total }, unread] = await Promise.all([
      notificationsRepository.list(this.db, actor.userId, q.unreadOnly === 'true', q),
      notificationsRepository.countUnread(this.db, actor.userId),
    ]);
    return { items: rows.map(toNotification), total, page: q.page, pageSize: q.pageSize, unread };
  }

  async unreadCount(ctx: RequestContext): Promise<{ unread: number }> {
    const actor = requireActor(ctx);
    return { unread: await notificationsRepository.countUnread(this.db, actor.userId) };
  }

  // Marking read is not audited: it changes nothing of the programme, only what one user has seen.

  /** Another user's notification is not found, rather than forbidden: its existence is not the caller's business. */
  async markRead(ctx: RequestContext, id: string): Promise<Notification> {
    const actor = requireActor(ctx);
    const row = await notificationsRepository.findOwn(this.db, id, actor.userId);
    if (!row) throw notFound({ notificationId: id });
    if (row.read_at === null) {
      const nowIso = isoNow(this.clock);
      await notificationsRepository.markRead(this.db, id, nowIso);
      this.pushUnread(actor.userId, await notificationsRepository.countUnread(this.db, actor.userId));
      return toNotification({ ...row, read_at: nowIso });
    }
    return toNotification(row);
  }

  async markAllRead(ctx: RequestContext): Promise<{ unread: number }> {
    const actor = requireActor(ctx);
    await notificationsRepository.markAllRead(this.db, actor.userId, isoNow(this.clock));
    const unread = await notificationsRepository.countUnread(this.db, actor.userId);
    this.pushUnread(actor.userId, unread);
    return { unread };
  }
}
