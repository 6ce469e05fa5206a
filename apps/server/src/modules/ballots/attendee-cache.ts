import type { FastifyRequest } from 'fastify';
import type { Db } from '../../db';
import { AppError } from '../../lib/errors';
import { attendeeTokenOf, hashAttendeeToken, requireAttendee } from '../live/attendee-auth';
import type { AttendeeRow } from '../live/attendee-auth.repository';

/*
 * The attendee a ballot comes from, resolved once per credential every few seconds rather than
 * once per request: in a hall scoring, the same few hundred phones post over and over, and
 * the lookup (hash, query) was a fifth of a ballot's cost. Only found attendees are kept; the
 * token→attendee link never changes once made (check-in writes a new row per token), so the
 * staleness allowed is of nothing that decides a ballot.
 */

const TTL_MS = 30_000;
const MAX_ENTRIES = 20_000;

const hashes = new WeakMap<FastifyRequest, string | null>();

/** The request's token hash, computed once per request (the rate limit keys on it too). */
export function tokenHashOf(request: FastifyRequest): string | null {
  let hash = hashes.get(request);
  if (hash === undefined) {
    const token = attendeeTokenOf(request);
    hash = token ? hashAttendeeToken(token) : null;
    hashes.set(request, hash);
  }
  return hash;
}

export class AttendeeCache {
  private readonly entries = new Map<string, { row: AttendeeRow; at: number }>();

  constructor(private readonly db: Db) {}

  /** As requireAttendee: 401 attendee_required without a credential of this edition. */
  async require(request: FastifyRequest, editionId: string): Promise<AttendeeRow> {
    const hash = tokenHashOf(request);
    if (!hash) throw new AppError(401, 'attendee_required');
    const now = Date.now();
    const hit = this.entries.get(hash);
    if (hit && now - hit.at < TTL_MS) {
      if (hit.row.edition_id !== editionId) throw new AppError(401, 'attendee_required');
      return hit.row;
    }
    const row = await requireAttendee(this.db, request, editionId);
    if (this.entries.size >= MAX_ENTRIES) {
      // Oldest first: a Map iterates in insertion order.
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.delete(hash);
    this.entries.set(hash, { row, at: now });
    return row;
  }
}
