import net from 'node:net';
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

describe.each(DIALECTS)('U+0000 and unparseable requests on %s', (dialect) => {
  let t: TestApp;
  let admin: Session;
  let bureauId: string;
  let userId: string;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
    const city = await makeUnit(t.testDb.db, '市委组织部');
    const bureau = await makeUnit(t.testDb.db, '市卫健委', city);
    bureauId = bureau.id;
    userId = (await makeUser(t.testDb.db, 'admin', [['city_admin', city]])).id;
    admin = await login(t.app, 'admin');
  });
  afterAll(() => t.close());

  // PostgreSQL text cannot hold U+0000: each of these was a 500 there (and stored as sent on SQLite).
  it('refuses U+0000 in a query, a path parameter, a body value or a body key with 400 validation_failed', async () => {
    const person = { gender: 'male', birthDate: '1990-01-01', unitId: '', rankLevel: '一级科员', politicalStatus: '群众' };
    const cases = [
      { method: 'GET', url: '/api/people?q=%00', part: 'querystring' },
      { method: 'GET', url: '/api/people?q=a%00b&unitId=x', part: 'querystring' },
      { method: 'GET', url: '/api/people/%00', part: 'params' },
      { method: 'GET', url: '/api/users?q=%00', part: 'querystring' },
      { method: 'GET', url: '/api/audit?actor=%00', part: 'querystring' },
      { method: 'POST', url: '/api/org-units', payload: { parentId: bureauId, name: '办\u0000公室' }, part: 'body' },
      { method: 'POST', url: '/api/people', payload: { ...person, unitId: bureauId, name: '张\u0000三' }, part: 'body' },
      { method: 'PATCH', url: `/api/users/${userId}`, payload: { displayName: 'a\u0000' }, part: 'body' },
      { method: 'POST', url: '/api/org-units', payload: { parentId: bureauId, name: '办公室', 'x\u0000': 1 }, part: 'body' },
    ] as const;
    for (const c of cases) {
      const res = await admin.request({ method: c.method, url: c.url, ...('payload' in c ? { payload: c.payload } : {}) });
      expect({ url: c.url, status: res.statusCode, body: res.json() }).toEqual({
        url: c.url,
        status: 400,
        body: {
          error: { code: 'validation_failed', message: '提交的内容有误，请检查后重试', details: [{ path: c.part, message: '不能包含空字符（U+0000）' }] },
        },
      });
    }
    const anonymous = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin\u0000', password: 'x' } });
    expect(anonymous.statusCode).toBe(400);
    expect(await t.testDb.db.selectFrom('org_units').select('id').where('parent_id', '=', bureauId).execute()).toEqual([]);
  });

  it('answers a request that Node cannot parse with the uniform error body', async () => {
    const address = await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(port), '127.0.0.1', () => {
        // Both Content-Length and Transfer-Encoding: the parser refuses it (request smuggling).
        socket.write('POST /api/org-units HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
      });
      let data = '';
      socket.on('data', (d) => (data += d));
      socket.on('close', () => resolve(data));
      socket.on('error', reject);
    });
    expect(raw.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4))).toEqual({ error: { code: 'bad_request', message: '请求格式不正确' } });
  });
});
