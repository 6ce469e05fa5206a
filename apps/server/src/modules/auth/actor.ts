import type { Role } from '@lecture-hall/shared';

export interface ActorGrant {
  id: string;
  role: Role;
  orgUnitId: string;
  orgUnitName: string;
  /** The scope: every unit whose path starts with this one. */
  orgUnitPath: string;
}

/** The logged-in user a request acts for, with every role it holds and where. */
export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  personId: string | null;
  grants: ActorGrant[];
}

/** What a service needs to know about the request it serves: who, and where from (for audit). */
export interface RequestContext {
  actor: Actor | null;
  sessionId: string | null;
  requestId: string;
  ip: string | null;
}

/** A context for work that no person does (migrations, the demo seed, the CLI). */
export function systemContext(requestId = 'system'): RequestContext {
  return { actor: null, sessionId: null, requestId, ip: null };
}
