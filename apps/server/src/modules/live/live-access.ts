import type { Db } from '../../db';
import { AppError, notFound } from '../../lib/errors';
import type { Actor, RequestContext } from '../auth/actor';
import { authorize, can, requireActor } from '../auth/policy';
import { canManageUnit } from '../halls/hall-access';
import { type EditionRow, editionRepository } from '../halls/halls.repository';

/*
 * Who may do what in a live session: the host console needs 'live.host' over the hall's unit
 * (a host over the subtree, a city admin, the hall admin of the hall's own unit); the audience
 * pages need no account at all, only an edition that is ready or live.
 */

/** The statuses in which the audience page, the QR code and the check-in answer. */
export const AUDIENCE_STATUSES = ['ready', 'live'] as const;

export async function findEdition(db: Db, id: string): Promise<EditionRow> {
  const edition = await editionRepository.findById(db, id);
  if (!edition) throw notFound({ editionId: id });
  return edition;
}

/** 401 without a session, 404 for an unknown edition, 403 without 'live.host' over its hall. */
export async function loadForHost(db: Db, ctx: RequestContext, id: string): Promise<{ actor: Actor; edition: EditionRow }> {
  requireActor(ctx);
  const edition = await findEdition(db, id);
  const actor = authorize(ctx, 'live.host', edition.unit_path);
  return { actor, edition };
}

/** The public audience endpoints: 404 for an unknown edition, 409 not_live unless it is ready or live. */
export async function loadForAudience(db: Db, id: string): Promise<EditionRow> {
  const edition = await findEdition(db, id);
  if (!(AUDIENCE_STATUSES as readonly string[]).includes(edition.status)) throw new AppError(409, 'not_live');
  return edition;
}

/** Hosts of the hall, and its managers. */
export function canHostOrManage(actor: Actor, unitPath: string): boolean {
  return can(actor, 'live.host', unitPath) || canManageUnit(actor, unitPath);
}
