import { ATTENDEE_TOKEN_HEADER } from '@lecture-hall/shared';
import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db';
import { AppError } from '../../lib/errors';
import { hashToken } from '../../lib/ids';
import { type AttendeeRow, attendeeAuthRepository } from './attendee-auth.repository';

/** The cookie an attendee's phone keeps its token in (also in local storage, sent as a header). */
export const ATTENDEE_COOKIE = 'lh_att';

/** An attendee token is stored like a session token: only its hash. */
export const hashAttendeeToken = hashToken;

/** The attendee token a request carries: the X-Attendee-Token header first, else the cookie. */
export function attendeeTokenOf(request: FastifyRequest): string | null {
  const header = request.headers[ATTENDEE_TOKEN_HEADER];
  if (typeof header === 'string' && header.length > 0 && header.length <= 128) return header;
  const cookie = request.cookies?.[ATTENDEE_COOKIE];
  return cookie && cookie.length <= 128 ? cookie : null;
}

/**
 * The attendee a request speaks for, in the edition it addresses. A token of another edition
 * is worth nothing here: credentials are scoped to one edition. 401 attendee_required otherwise.
 */
export async function requireAttendee(db: Db, request: FastifyRequest, editionId: string): Promise<AttendeeRow> {
  const token = attendeeTokenOf(request);
  if (!token) throw new AppError(401, 'attendee_required');
  const row = await attendeeAuthRepository.findByTokenHash(db, hashAttendeeToken(token));
  if (!row || row.edition_id !== editionId) throw new AppError(401, 'attendee_required');
  return row;
}
