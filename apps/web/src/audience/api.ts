import type { AudienceMe, BallotAck, CheckInBody, CheckInResult, LiveSnapshot, QuestionAck } from '@lecture-hall/shared/api/live';
import type { OutboxItem, SendOutcome } from '../realtime/outbox';
import { isRetryableStatus } from '../realtime/outbox';
import { ERRORS, T } from './texts';

/*
 * The phone's HTTP calls: plain fetch, the attendee token as X-Attendee-Token on every write
 * (the server also sets a cookie), errors turned into Chinese sentences.
 */

export type AudienceMeBody = ReturnType<typeof AudienceMe.parse>;
export type CheckInAnswer = ReturnType<typeof CheckInResult.parse>;
export type QuestionAnswer = ReturnType<typeof QuestionAck.parse>;

export class AudienceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

const TOKEN_HEADER = 'x-attendee-token';
export const tokenKey = (editionId: string) => `lh_attendee_${editionId}`;

export function readToken(editionId: string): string | null {
  try {
    return localStorage.getItem(tokenKey(editionId));
  } catch {
    return null;
  }
}
export function storeToken(editionId: string, token: string): void {
  try {
    localStorage.setItem(tokenKey(editionId), token);
  } catch {
    // the cookie the server sets still identifies this phone
  }
}
export function forgetToken(editionId: string): void {
  try {
    localStorage.removeItem(tokenKey(editionId));
  } catch {
    // nothing stored
  }
}

/** A Chinese sentence for a failed call: the server's own message, else ours for the code, else the status's. */
export function messageFor(status: number, body: unknown): { code: string; message: string } {
  const err = body && typeof body === 'object' && 'error' in body ? (body as { error?: { code?: unknown; message?: unknown } }).error : undefined;
  const code = typeof err?.code === 'string' ? err.code : status === 0 ? 'network_error' : status >= 500 ? 'internal_error' : `http_${status}`;
  const server = typeof err?.message === 'string' && err.message.trim() ? err.message : null;
  return { code, message: server ?? ERRORS[code] ?? (status >= 500 ? ERRORS.internal_error : T.requestFailed) } as { code: string; message: string };
}

interface CallOptions {
  method?: string;
  body?: unknown;
  token?: string | null;
  csrf?: string | null;
}

export async function call<R>(path: string, opts: CallOptions = {}): Promise<R> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (opts.token) headers[TOKEN_HEADER] = opts.token;
  if (opts.csrf) headers['x-csrf-token'] = opts.csrf;
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      credentials: 'same-origin',
    });
  } catch {
    throw new AudienceError(0, 'network_error', ERRORS.network_error ?? '');
  }
  const text = await res.text().catch(() => '');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (!res.ok) {
    const { code, message } = messageFor(res.status, parsed);
    const ra = Number(res.headers.get('retry-after'));
    throw new AudienceError(res.status, code, message, Number.isFinite(ra) && ra > 0 ? ra * 1000 : undefined);
  }
  return parsed as R;
}

const live = (editionId: string) => `/api/live/${encodeURIComponent(editionId)}`;

export const audienceApi = {
  state: (editionId: string) => call<LiveSnapshot>(live(editionId)),
  me: (editionId: string, token: string | null) => call<AudienceMeBody>(`${live(editionId)}/me`, { token }),
  checkIn: (editionId: string, body: CheckInBody, csrf?: string | null) => call<CheckInAnswer>(`${live(editionId)}/check-in`, { method: 'POST', body, csrf }),
  ask: (editionId: string, token: string | null, body: { text: string; talkId: string | null; idempotencyKey: string }) =>
    call<QuestionAnswer>(`${live(editionId)}/questions`, { method: 'POST', body, token }),
  upvote: (questionId: string, token: string | null) =>
    call<{ upvotes: number }>(`/api/questions/${encodeURIComponent(questionId)}/upvote`, { method: 'POST', token }),
  /** The console's session, if this phone has one: {displayName, csrfToken}. */
  session: () => call<{ displayName?: string; username?: string; csrfToken?: string }>('/api/auth/me'),
  /** The hall's units, public while the edition is ready or live: for the roster check-in. */
  units: (editionId: string) => call<{ items: { id: string; name: string }[] }>(`${live(editionId)}/units`),
};

/** Sends one outbox ballot and classifies the answer for the outbox. */
export async function sendBallot(editionId: string, token: string | null, item: OutboxItem): Promise<SendOutcome> {
  try {
    const ack = await call<BallotAck>(`${live(editionId)}/ballots`, {
      method: 'POST',
      token,
      body: { talkId: item.talkId, scores: item.scores, idempotencyKey: item.key },
    });
    return { kind: 'ok', ack: { version: ack.version, acceptedAt: ack.acceptedAt, duplicate: ack.duplicate } };
  } catch (e) {
    if (!(e instanceof AudienceError)) return { kind: 'retry', code: 'network_error', message: ERRORS.network_error ?? '' };
    if (isRetryableStatus(e.status)) return { kind: 'retry', code: e.code, message: e.message, retryAfterMs: e.retryAfterMs };
    return { kind: 'refused', code: e.code, message: e.message };
  }
}
