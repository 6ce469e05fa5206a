import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db';
import type { AuditLogTable } from '../../db/schema';
import { offsetOf, type PageRequest } from '../../lib/pagination';

export type AuditRow = Selectable<AuditLogTable>;

export interface AuditFilter {
  /** Unit paths the reader may see; entries without a unit are shown only when includeUnscoped. */
  scopePaths: string[];
  includeUnscoped: boolean;
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  fromIso?: string;
  toIso?: string;
}

export const auditRepository = {
  async append(db: Db, row: Omit<Insertable<AuditLogTable>, 'seq'>): Promise<void> {
    await db.insertInto('audit_log').values(row).execute();
  },

  async list(db: Db, f: AuditFilter, page: PageRequest): Promise<{ rows: AuditRow[]; total: number }> {
    let q = db.selectFrom('audit_log');
    q = q.where((eb) => {
      const ors = f.scopePaths.map((p) => eb('org_unit_path', 'like', `${p}%`));
      if (f.includeUnscoped) ors.push(eb('org_unit_path', 'is', null));
      return ors.length ? eb.or(ors) : eb.val(false);
    });
    if (f.actor) q = q.where('actor_name', '=', f.actor);
    if (f.action) q = q.where('action', '=', f.action);
    if (f.entityType) q = q.where('entity_type', '=', f.entityType);
    if (f.entityId) q = q.where('entity_id', '=', f.entityId);
    if (f.fromIso) q = q.where('at', '>=', f.fromIso);
    if (f.toIso) q = q.where('at', '<', f.toIso);
    const countRow = await q.select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q.selectAll().orderBy('seq', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute();
    return { rows, total: Number(countRow.n) };
  },
};
