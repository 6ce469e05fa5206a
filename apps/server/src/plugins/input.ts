import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';

/**
 * Whether a parsed input holds U+0000 in any string or key. Walked with an explicit stack:
 * a JSON body within the size limit can nest hundreds of thousands of levels deep.
 */
export function containsNul(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') {
      if (v.includes('\u0000')) return true;
    } else if (v !== null && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k.includes('\u0000')) return true;
        stack.push(child);
      }
    }
  }
  return false;
}

/**
 * PostgreSQL text cannot hold U+0000: a query or a write carrying one fails in the driver and
 * would be a 500 on PostgreSQL while SQLite accepts it. No field of this API has a use for it,
 * so it is refused at the door, on both dialects alike, before any schema or service sees it.
 */
export function registerInputGuards(app: FastifyInstance) {
  app.addHook('preValidation', async (request, reply) => {
    const parts = [
      ['querystring', request.query],
      ['params', request.params],
      ['body', request.body],
    ] as const;
    for (const [part, value] of parts) {
      if (containsNul(value)) {
        return sendError(request, reply, 400, 'validation_failed', [{ path: part, message: '不能包含空字符（U+0000）' }]);
      }
    }
  });
}
