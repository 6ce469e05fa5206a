import type { Db } from '../db';
import type { RosterEntry } from './simulate-audience';

/** A few people of the roster with a phone on file, for the simulated audience's roster check-ins. */
export async function rosterSample(db: Db, count: number): Promise<RosterEntry[]> {
  if (count <= 0) return [];
  const rows = await db.selectFrom('people').select(['name', 'unit_id', 'phone']).where('phone', 'is not', null).orderBy('id').limit(count).execute();
  return rows.filter((r) => r.phone && r.phone.length >= 4).map((r) => ({ name: r.name, unitId: r.unit_id, phoneLast4: r.phone!.slice(-4) }));
}
