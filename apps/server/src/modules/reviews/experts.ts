import type { Db } from '../../db';
import { badRequest } from '../../lib/errors';
import { related } from '../auth/policy';
import { reviewsRepository as repo } from './reviews.repository';

/*
 * Who may be made an expert of a hall's talk or coaching session: an enabled user holding the
 * expert role over a unit related to the hall's (above it or below it, as canSeeUnit reads it).
 */

export async function expertsOfHall(db: Db, hallUnitPath: string): Promise<Array<{ userId: string; displayName: string }>> {
  const seen = new Map<string, string>();
  for (const g of await repo.expertGrants(db)) {
    if (related(g.unit_path, hallUnitPath) && !seen.has(g.user_id)) seen.set(g.user_id, g.display_name);
  }
  return [...seen].map(([userId, displayName]) => ({ userId, displayName }));
}

/** Each id must be such an expert: otherwise a 400 validation_failed naming every one that is not. */
export async function requireExperts(db: Db, ids: readonly string[], hallUnitPath: string, path: string): Promise<void> {
  const unique = [...new Set(ids)];
  const ok = new Set((await repo.expertGrants(db, unique)).filter((g) => related(g.unit_path, hallUnitPath)).map((g) => g.user_id));
  const issues: Array<{ path: string; message: string }> = [];
  for (const [i, id] of ids.entries()) {
    if (ok.has(id)) continue;
    const name = await repo.displayName(db, id);
    issues.push({ path: `${path}.${i}`, message: name ? `${name}不是本讲堂可安排的专家（需启用并持有本单位相关的专家角色）` : `用户 ${id} 不存在` });
  }
  if (issues.length) throw badRequest('validation_failed', issues);
}
