import type { Role } from '@lecture-hall/shared';
import type { Db } from '../db';
import { grantRepository, userRepository } from '../modules/auth/auth.repository';
import type { IdFactory } from './random';

export interface DemoAccount {
  username: string;
  displayName: string;
  personId: string | null;
  role: Role;
  /** The unit the role is held over. */
  unitId: string;
}

/**
 * A demo account with its one role grant, signed in with the demo password. The user's id is
 * drawn before the grant's, so the demo's ids stay the same from run to run.
 */
export async function insertDemoAccount(trx: Db, ids: IdFactory, a: DemoAccount, passwordHash: string, createdAt: string): Promise<string> {
  const userId = ids.next();
  await userRepository.insert(trx, {
    id: userId,
    username: a.username,
    display_name: a.displayName,
    password_hash: passwordHash,
    person_id: a.personId,
    must_change_password: 0,
    disabled_at: null,
    failed_login_count: 0,
    locked_until: null,
    created_at: createdAt,
    updated_at: createdAt,
  });
  await grantRepository.insert(trx, { id: ids.next(), user_id: userId, role: a.role, org_unit_id: a.unitId, created_at: createdAt, created_by: null });
  return userId;
}
