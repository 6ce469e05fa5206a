import { type ApiError, isApiError } from '../../api/client';
import { minutesToWait } from '../../lib/format';

export interface LoginErrorView {
  message: string;
  remainingAttempts: number | null;
  retryMinutes: number | null;
}

/**
 * What the login form shows for a failure: the server's sentence, plus the attempts left
 * (401 invalid_credentials) or the minutes to wait (423 account_locked, 429 rate_limited).
 */
export function describeLoginError(err: unknown, fallback: string): LoginErrorView {
  if (!isApiError(err)) return { message: fallback, remainingAttempts: null, retryMinutes: null };
  const details = (err as ApiError).details as { remainingAttempts?: unknown; retryAfterSeconds?: unknown } | undefined;
  const remaining = details?.remainingAttempts;
  return {
    message: err.message,
    remainingAttempts: err.code === 'invalid_credentials' && typeof remaining === 'number' && remaining >= 0 ? remaining : null,
    retryMinutes: err.code === 'account_locked' || err.code === 'rate_limited' ? minutesToWait(details?.retryAfterSeconds) : null,
  };
}
