import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, login, type Session, type TestApp } from './app';
import { DIALECTS } from './db';
import { makePerson, makeUnit, makeUser } from './factories';

/*
 * Random and malformed bodies, query strings, path parameters and headers, sent to every
 * operation in the OpenAPI document by a city admin and by an anonymous caller: the server
 * must never answer 500 and never show a stack trace.
 */

interface Operation {
  method: string;
  path: string;
  operationId: string;
}

const RUNS_PER_OPERATION = Number(process.env.PROPERTY_RUNS ?? 30);

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%00',
    '\u0000',
    '../../etc/passwd',
    "'; drop table users; --",
    '<script>alert(1)</script>',
    '９９',
    '？',
    'NaN',
    '-1',
    '1e309',
    '0x10',
    'true',
    'null',
    '[]',
    '{}',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.integer().map(String),
  fc.double().map(String),
);
const jsonValue = fc.jsonValue({ maxDepth: 3 });
const junkBody = fc.oneof(
  jsonValue.map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  fc
    .dictionary(
      fc.constantFrom(
        'username',
        'password',
        'name',
        'parentId',
        'unitId',
        'birthDate',
        'phone',
        'role',
        'orgUnitId',
        'newParentId',
        'gender',
        'rankLevel',
        'disabled',
        'personId',
        'currentPassword',
        'newPassword',
        'kind',
        'displayName',
      ),
      fc.oneof(jsonValue, junkString),
    )
    .map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  junkString.map((s) => ({ payload: s, contentType: 'application/json' })),
  junkString.map((s) => ({ payload: s, contentType: 'text/plain' })),
  junkString.map((s) => ({ payload: s, contentType: 'multipart/form-data; boundary=x' })),
  fc.uint8Array({ maxLength: 200 }).map((b) => ({ payload: Buffer.from(b).toString('latin1'), contentType: 'application/octet-stream' })),
  fc.constant({ payload: '', contentType: 'application/json' }),
);
const junkQuery = fc.dictionary(
  fc.constantFrom(
    'page',
    'pageSize',
    'q',
    'unitId',
    'includeSubunits',
    'gender',
    'rankLevel',
    'maxAge',
    'from',
    'to',
    'actor',
    'dryRun',
    'includeArchived',
    'politicalStatus',
    'x',
  ),
  junkString,
);
const junkHeaders = fc.dictionary(
  fc.constantFrom(
    'accept',
    'accept-language',
    'content-length-x',
    'x-forwarded-for',
    'origin',
    'referer',
    'x-csrf-token',
    'cookie-x',
    'if-none-match',
    'range',
  ),
  fc.string({ maxLength: 30 }).map((s) => s.replace(/[^\x20-\x7e]/g, '')),
);

function looksLikeStackTrace(body: string): boolean {
  return /\n\s+at\s|node_modules|\.ts:\d+|Error: .*\n/.test(body);
}

describe.each(DIALECTS)('bad input to every operation on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let operations: Operation[];
  const knownIds: string[] = [];

  beforeAll(async () => {
    t = await buildTestApp(dialect, { env: { LOGIN_RATE_LIMIT_PER_MINUTE: '10000', LOGIN_MAX_FAILURES: '100' } });
    const city = await makeUnit(t.testDb.db, '市委组织部');
    const bureau = await makeUnit(t.testDb.db, '市卫健委', city);
    const person = await makePerson(t.testDb.db, bureau);
    const user = await makeUser(t.testDb.db, 'admin', [['city_admin', city]]);
    knownIds.push(city.id, bureau.id, person.id, user.id);
    admin = await login(t.app, 'admin');
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    operations = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })),
    );
  });
  afterAll(() => t.close());

  it('covers a non-trivial API', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  it('never answers 500 nor leaks a stack trace, whatever is sent', async () => {
    const pathParam = fc.oneof(junkString, fc.constantFrom(...knownIds)).map((s) => encodeURIComponent(s) || 'x');
    for (const op of operations) {
      // Logging out or changing the admin's own password would end the session the rest of the run uses.
      const asAdminAllowed = op.operationId !== 'logout';
      await fc.assert(
        fc.asyncProperty(
          fc.array(pathParam, { minLength: 3, maxLength: 3 }),
          junkQuery,
          junkBody,
          junkHeaders,
          fc.boolean(),
          async (params, query, body, headers, asAdmin) => {
            let i = 0;
            const path = op.path.replace(/\{[^}]+\}/g, () => params[i++]!);
            const qs = new URLSearchParams(query).toString();
            const withBody = !['GET', 'HEAD', 'DELETE'].includes(op.method);
            const opts = {
              method: op.method as 'GET',
              url: qs ? `${path}?${qs}` : path,
              headers: { ...headers, ...(withBody ? { 'content-type': body.contentType } : {}) },
              ...(withBody ? { payload: body.payload } : {}),
            };
            const res = asAdmin && asAdminAllowed ? await admin.request(opts) : await t.app.inject(opts);
            if (res.statusCode >= 500 || looksLikeStackTrace(res.body)) {
              throw new Error(`${op.operationId} ${opts.method} ${opts.url} -> ${res.statusCode} ${res.body.slice(0, 300)}`);
            }
            if (res.statusCode >= 400) {
              const err = res.json().error;
              expect(typeof err.code).toBe('string');
              expect(typeof err.message).toBe('string');
            }
          },
        ),
        { numRuns: RUNS_PER_OPERATION, seed: Number(process.env.PROPERTY_SEED ?? 20261130) },
      );
    }
  });
});
