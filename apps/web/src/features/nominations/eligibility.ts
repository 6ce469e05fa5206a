import type { EligibilityReason } from '@lecture-hall/shared';
import { isApiError } from '../../api/client';

/** The Chinese reasons of a 422 not_eligible (details.reasons: [{code, message}]); plain strings are accepted too. */
export function reasonsFromDetails(details: unknown): string[] {
  if (!details || typeof details !== 'object') return [];
  const reasons = (details as { reasons?: unknown }).reasons;
  if (!Array.isArray(reasons)) return [];
  return reasons
    .map((r) => {
      if (typeof r === 'string') return r;
      if (r && typeof r === 'object' && 'message' in r) return String((r as EligibilityReason).message);
      return '';
    })
    .filter((s) => s.trim() !== '');
}

/** The reasons an error carries when the server refused a nomination as ineligible; null for any other error. */
export function notEligibleReasons(err: unknown): string[] | null {
  if (!isApiError(err) || err.code !== 'not_eligible') return null;
  const reasons = reasonsFromDetails(err.details);
  return reasons.length > 0 ? reasons : [err.message];
}
