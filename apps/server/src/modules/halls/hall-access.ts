import type { Db } from '../../db';
import { forbidden, notFound } from '../../lib/errors';
import type { Actor, RequestContext } from '../auth/actor';
import { can, canSeeUnit, requireActor } from '../auth/policy';
import { type HallRow, hallRepository } from './halls.repository';

/**
 * The access rule of halls and all they hold (stages, editions, commentary): anyone with a
 * grant related to the hall's unit sees it; `hall.manage` over the unit manages it. An unknown
 * id is a 404; a hall out of sight a 403, before anything about it is revealed.
 */
export function requireVisible(actor: Actor, unitPath: string): void {
  if (!canSeeUnit(actor, unitPath)) throw forbidden();
}

export function canManageUnit(actor: Actor, unitPath: string): boolean {
  return can(actor, 'hall.manage', unitPath);
}

export function requireManage(actor: Actor, unitPath: string): void {
  requireVisible(actor, unitPath);
  if (!canManageUnit(actor, unitPath)) throw forbidden();
}

export async function loadHall(db: Db, ctx: RequestContext, id: string, access: 'see' | 'manage'): Promise<{ actor: Actor; hall: HallRow }> {
  const actor = requireActor(ctx);
  const hall = await hallRepository.findById(db, id);
  if (!hall) throw notFound({ hallId: id });
  if (access === 'manage') requireManage(actor, hall.unit_path);
  else requireVisible(actor, hall.unit_path);
  return { actor, hall };
}

/** The unit an audit entry about the hall belongs to. */
export function auditUnit(hall: Pick<HallRow, 'unit_id' | 'unit_path'>) {
  return { id: hall.unit_id, path: hall.unit_path };
}
