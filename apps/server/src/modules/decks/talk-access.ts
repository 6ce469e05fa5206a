import type { Db } from '../../db';
import { forbidden, notFound } from '../../lib/errors';
import type { Actor, RequestContext } from '../auth/actor';
import { can, requireActor } from '../auth/policy';
import { type TalkContextRow, talkAccessRepository } from './talk-access.repository';

/** Who the caller is to a talk's courseware: its speaker, an expert assigned to it, a manager of its hall. */
export interface TalkAccess {
  actor: Actor;
  talk: TalkContextRow;
  isSpeaker: boolean;
  isAssignedExpert: boolean;
  managesHall: boolean;
  assignedExpertIds: string[];
}

/**
 * Loads a talk and the caller's relation to it, and refuses anyone with none: a deck, its
 * reviews and its coaching are seen by the speaker, the experts assigned to it (who must also
 * hold the expert role) and the hall's managers — nobody else (403; 404 for an unknown talk).
 */
export async function talkAccess(db: Db, ctx: RequestContext, talkId: string): Promise<TalkAccess> {
  const actor = requireActor(ctx);
  const talk = await talkAccessRepository.findTalkContext(db, talkId);
  if (!talk) throw notFound({ talkId });
  const assignedExpertIds = await talkAccessRepository.assignedExpertIds(db, talkId);
  const access: TalkAccess = {
    actor,
    talk,
    isSpeaker: actor.personId !== null && actor.personId === talk.person_id,
    isAssignedExpert: assignedExpertIds.includes(actor.userId) && actor.grants.some((g) => g.role === 'expert'),
    managesHall: can(actor, 'hall.manage', talk.hall_unit_path),
    assignedExpertIds,
  };
  if (!access.isSpeaker && !access.isAssignedExpert && !access.managesHall) throw forbidden();
  return access;
}
