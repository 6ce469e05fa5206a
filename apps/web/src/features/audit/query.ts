import type { QueryValue } from '../../api/client';

export interface AuditFilters {
  actor?: string;
  action?: string;
  entityType?: string;
  entityId?: string;
  /** Calendar dates, YYYY-MM-DD, both inclusive. */
  from?: string;
  to?: string;
}

export function auditQuery(f: AuditFilters, page: number, pageSize: number): Record<string, QueryValue> {
  return {
    page,
    pageSize,
    actor: f.actor?.trim() || undefined,
    action: f.action?.trim() || undefined,
    entityType: f.entityType?.trim() || undefined,
    entityId: f.entityId?.trim() || undefined,
    from: f.from,
    to: f.to,
  };
}
