import type { FastifyRequest } from 'fastify';
import { AppError, badRequest } from '../../lib/errors';
import { writeHashed } from '../../storage';

/** An uploaded deck as it arrived: streamed to a work file, hashed and counted on the way. */
export interface ReceivedDeck {
  /** The name the browser sent, unsanitised. */
  filename: string;
  sha256: string;
  size: number;
}

/**
 * Streams the one file of a multipart/form-data request (field `file`) to `dest`, never
 * holding it in memory. Busboy stops passing bytes on at `limitBytes`: the upload is then a
 * 413 (the caller removes the partial file). A body that is not multipart is a 415, a missing
 * file or a malformed body a 400 — never a 500.
 */
export async function receiveDeck(request: FastifyRequest, dest: string, limitBytes: number): Promise<ReceivedDeck> {
  if (!request.isMultipart()) throw new AppError(415, 'unsupported_media_type');
  try {
    const part = await request.file({ limits: { fileSize: limitBytes, files: 1, fields: 5, parts: 6 }, throwFileSizeLimit: false });
    if (part?.fieldname !== 'file') {
      part?.file.resume();
      throw badRequest('upload_missing');
    }
    const blob = await writeHashed(part.file, dest);
    if (part.file.truncated) throw new AppError(413, 'payload_too_large', { limitBytes });
    return { filename: part.filename ?? '', ...blob };
  } catch (err) {
    if (err instanceof AppError) throw err;
    const status = (err as { statusCode?: number }).statusCode;
    if (status === 413) throw new AppError(413, 'payload_too_large', { limitBytes });
    // Busboy's own errors (no boundary, a part terminated early) carry no status: the body is malformed.
    throw badRequest('bad_request');
  }
}
