import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from './errors';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** RFC 5987 ext-value characters: encodeURIComponent leaves ' ( ) * unescaped, which attr-char forbids. */
function encodeExtValue(s: string): string {
  return encodeURIComponent(s).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * A Content-Disposition header for a download whose name may be Chinese (RFC 6266): an ASCII
 * `filename` for old clients and a UTF-8 `filename*` that every current browser prefers.
 * Without the fallback name, some clients save the file under a percent-encoded or garbled name.
 */
export function attachmentDisposition(filename: string, asciiFallback?: string): string {
  const fallback = (asciiFallback ?? filename).replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeExtValue(filename)}`;
}

export interface UploadedFile {
  filename: string;
  mimetype: string;
  buffer: Buffer;
}

/**
 * Reads the one file of a multipart/form-data request into memory. A body that is not
 * multipart is a 415, a file cut off at the configured size limit a 413, a malformed body or
 * a missing file a 400 — never a 500.
 */
export async function readUploadedFile(request: FastifyRequest, field = 'file'): Promise<UploadedFile> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
  try {
    // Truncation is checked below rather than thrown by the plugin, so the answer is ours (413 payload_too_large).
    const part = await request.file({ throwFileSizeLimit: false });
    if (!part || part.fieldname !== field) throw badRequest('upload_missing');
    const buffer = await part.toBuffer();
    if (part.file.truncated) throw new AppError(413, 'payload_too_large');
    return { filename: part.filename, mimetype: part.mimetype, buffer };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw new AppError(413, 'payload_too_large');
    // Busboy's own errors (no boundary, a part terminated early) carry no status: the body is malformed.
    throw badRequest('bad_request');
  }
}
