import type { ErrorCode } from '@lecture-hall/shared';

/**
 * An error meant for the client: its code picks the message (in the requester's language)
 * and the HTTP status; details carry field-level reasons.
 */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    readonly details?: unknown,
  ) {
    super(code);
  }
}

export const badRequest = (code: ErrorCode = 'validation_failed', details?: unknown) => new AppError(400, code, details);
export const unauthenticated = () => new AppError(401, 'unauthenticated');
export const forbidden = () => new AppError(403, 'forbidden');
export const notFound = (details?: unknown) => new AppError(404, 'not_found', details);
export const conflict = (code: ErrorCode = 'conflict', details?: unknown) => new AppError(409, code, details);
