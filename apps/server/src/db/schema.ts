import type { Generated } from 'kysely';

/*
 * Table row types. Timestamps are ISO-8601 UTC text and calendar dates YYYY-MM-DD text on
 * both dialects, so that a row reads back identically from SQLite and PostgreSQL and sorts
 * by byte order; booleans are integers 0/1 for the same reason.
 */

export interface OrgUnitTable {
  id: string;
  parent_id: string | null;
  name: string;
  kind: string;
  /** Ancestor ids and its own, as /root/…/id/ — a subtree is every path with this prefix. */
  path: string;
  depth: number;
  sort_order: number;
  archived_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface PersonTable {
  id: string;
  name: string;
  gender: string;
  birth_date: string;
  unit_id: string;
  position: string;
  rank_level: string;
  political_status: string;
  phone: string | null;
  entry_date: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserTable {
  id: string;
  username: string;
  display_name: string;
  password_hash: string;
  person_id: string | null;
  must_change_password: number;
  disabled_at: string | null;
  failed_login_count: number;
  locked_until: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionTable {
  /** SHA-256 of the cookie token: a leaked table does not yield usable cookies. */
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
  ip: string | null;
  user_agent: string | null;
}

export interface RoleGrantTable {
  id: string;
  user_id: string;
  role: string;
  org_unit_id: string;
  created_at: string;
  created_by: string | null;
}

export interface AuditLogTable {
  id: string;
  seq: Generated<number>;
  at: string;
  actor_user_id: string | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_unit_id: string | null;
  /** Path of org_unit_id when written, so that a scope filter needs no join. */
  org_unit_path: string | null;
  before_json: string | null;
  after_json: string | null;
  request_id: string | null;
  ip: string | null;
}

export interface Database {
  org_units: OrgUnitTable;
  people: PersonTable;
  users: UserTable;
  sessions: SessionTable;
  role_grants: RoleGrantTable;
  audit_log: AuditLogTable;
}
