import type { AuditEntry, AuditQuery } from '@lecture-hall/shared';
import type { Db } from '../../db';
import { type Clock, isoNow, startOfLocalDay } from '../../lib/clock';
import { newId } from '../../lib/ids';
import type { Page } from '../../lib/pagination';
import type { RequestContext } from '../auth/actor';
import { authorize, scopesFor } from '../auth/policy';
import { type AuditRow, auditRepository } from './audit.repository';

export interface AuditChange {
  action: string;
  entityType: string;
  entityId: string | null;
  /** The unit the change belongs to, for scoping who may read the entry. */
  orgUnit?: { id: string; path: string } | null;
  before?: unknown;
  after?: unknown;
}

function parseJson(text: string | null): unknown {
  return text === null ? null : JSON.parse(text);
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    actorUserId: r.actor_user_id,
    actorName: r.actor_name,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    orgUnitId: r.org_unit_id,
    before: parseJson(r.before_json),
    after: parseJson(r.after_json),
    requestId: r.request_id,
    ip: r.ip,
  };
}

export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /**
   * Appends one entry. Call it with the transaction that makes the change, so that the entry
   * and the change commit together or not at all.
   */
  async record(trx: Db, ctx: RequestContext, change: AuditChange): Promise<void> {
    await auditRepository.append(trx, {
      id: newId(),
      at: isoNow(this.clock),
      actor_user_id: ctx.actor?.userId ?? null,
      actor_name: ctx.actor?.username ?? null,
      action: change.action,
      entity_type: change.entityType,
      entity_id: change.entityId,
      org_unit_id: change.orgUnit?.id ?? null,
      org_unit_path: change.orgUnit?.path ?? null,
      before_json: change.before === undefined ? null : JSON.stringify(change.before),
      after_json: change.after === undefined ? null : JSON.stringify(change.after),
      request_id: ctx.requestId,
      ip: ctx.ip,
    });
  }

  /**
   * City admins read entries of units in their scope; entries tied to no unit (logins,
   * accounts) only an admin whose scope is a root unit (depth 0) sees.
   */
  async list(ctx: RequestContext, q: AuditQuery): Promise<Page<AuditEntry>> {
    const actor = authorize(ctx, 'audit.read');
    const scopePaths = scopesFor(actor, 'audit.read');
    const includeUnscoped = scopePaths.some((p) => p.split('/').filter(Boolean).length === 1);
    // Days are the reader's calendar days (TIME_ZONE), entries are stamped in UTC.
    const zone = this.clock.timeZone;
    const nextDay = (d: string) => startOfLocalDay(new Date(Date.parse(`${d}T00:00:00Z`) + 86400_000).toISOString().slice(0, 10), zone);
    const { rows, total } = await auditRepository.list(
      this.db,
      {
        scopePaths,
        includeUnscoped,
        actor: q.actor,
        action: q.action,
        entityType: q.entityType,
        entityId: q.entityId,
        fromIso: q.from ? startOfLocalDay(q.from, zone) : undefined,
        toIso: q.to ? nextDay(q.to) : undefined,
      },
      q,
    );
    return { items: rows.map(toEntry), total, page: q.page, pageSize: q.pageSize };
  }
}
