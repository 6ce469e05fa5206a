import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/lib/clock';
import { buildTestApp, login, type TestApp } from './app';
import { DIALECTS } from './db';
import { makeUnit, makeUser, TEST_PASSWORD } from './factories';

class ManualClock implements Clock {
  constructor(public t: number) {}
  now() {
    return new Date(this.t);
  }
}

describe.each(DIALECTS)('auth on %s', (dialect) => {
  let t: TestApp;
  const clock = new ManualClock(Date.parse('2026-03-01T08:00:00Z'));

  beforeAll(async () => {
    t = await buildTestApp(dialect, { clock, env: { LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_MINUTES: '10', SESSION_TTL_HOURS: '2' } });
    const city = await makeUnit(t.testDb.db, '市委组织部');
    await makeUser(t.testDb.db, 'admin', [['city_admin', city]]);
    await makeUser(t.testDb.db, 'locky', [['cadre', city]]);
    await makeUser(t.testDb.db, 'rotator', [['cadre', city]]);
  });
  afterAll(() => t.close());

  it('sets an httpOnly SameSite=Lax session cookie and returns the user with its grants', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'ADMIN', password: TEST_PASSWORD } });
    expect(res.statusCode).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'lh_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    expect(cookie.secure).toBeUndefined();
    const me = res.json();
    expect(me.username).toBe('admin');
    expect(me.grants.map((g: { role: string; orgUnitName: string }) => [g.role, g.orgUnitName])).toEqual([['city_admin', '市委组织部']]);
    expect(me.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers 401 with a Chinese message for a wrong password and counts down the attempts', async () => {
    const res = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'invalid_credentials', message: '用户名或密码错误', details: { remainingAttempts: 2 } } });
  });

  it('locks the account after the configured failures, and lets it in again after the lockout', async () => {
    const attempt = (password: string) => t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'locky', password } });
    expect((await attempt('x1')).statusCode).toBe(401);
    expect((await attempt('x2')).statusCode).toBe(401);
    const locked = await attempt('x3');
    expect(locked.statusCode).toBe(423);
    expect(locked.json().error.message).toBe('登录失败次数过多，账号已临时锁定，请稍后再试');
    // Even the right password is refused while locked.
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(423);
    clock.t += 10 * 60_000 + 1000;
    expect((await attempt(TEST_PASSWORD)).statusCode).toBe(200);
  });

  it('rotates the session at login: the cookie presented before stops working', async () => {
    const first = await login(t.app, 'rotator');
    const second = await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      headers: { cookie: first.cookie },
      payload: { username: 'rotator', password: TEST_PASSWORD },
    });
    expect(second.statusCode).toBe(200);
    expect((await first.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const newCookie = `lh_session=${second.cookies.find((c) => c.name === 'lh_session')!.value}`;
    expect((await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: newCookie } })).statusCode).toBe(200);
  });

  it('refuses a cookie-authenticated write without the CSRF token, and one from another site', async () => {
    const s = await login(t.app, 'admin');
    const noToken = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: s.cookie } });
    expect(noToken.statusCode).toBe(403);
    expect(noToken.json().error.code).toBe('csrf_failed');
    const crossSite = await s.request({ method: 'POST', url: '/api/auth/logout', headers: { origin: 'https://evil.example' } });
    expect(crossSite.statusCode).toBe(403);
    const ok = await s.request({ method: 'POST', url: '/api/auth/logout' });
    expect(ok.statusCode).toBe(200);
    expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('expires a session after its time to live', async () => {
    const s = await login(t.app, 'admin');
    expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    clock.t += 2 * 3600_000 + 1;
    expect((await s.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
  });

  it('changes the password, revoking the other sessions but not the current one', async () => {
    const a = await login(t.app, 'admin');
    const b = await login(t.app, 'admin');
    const res = await a.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: TEST_PASSWORD, newPassword: 'a-new-long-password' } });
    expect(res.statusCode).toBe(200);
    expect((await a.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(200);
    expect((await b.request({ method: 'GET', url: '/api/auth/me' })).statusCode).toBe(401);
    const wrong = await a.request({ method: 'POST', url: '/api/auth/password', payload: { currentPassword: 'bad', newPassword: 'another-long-password' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.code).toBe('wrong_password');
    await login(t.app, 'admin', 'a-new-long-password');
  });

  it('records logins in the audit trail with the request address', async () => {
    const rows = await t.testDb.db.selectFrom('audit_log').selectAll().where('action', '=', 'auth.login').execute();
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.every((r) => r.ip === '127.0.0.1' && r.request_id !== null)).toBe(true);
  });

  it('marks the session cookie Secure when the public address is https', async () => {
    const secure = await buildTestApp(dialect, { env: { PUBLIC_URL: 'https://jiangtang.example.gov.cn' } });
    try {
      const city = await makeUnit(secure.testDb.db, '市委组织部');
      await makeUser(secure.testDb.db, 'admin', [['city_admin', city]]);
      const res = await secure.app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: 'admin', password: TEST_PASSWORD } });
      const cookie = res.cookies.find((c) => c.name === 'lh_session')!;
      expect([cookie.secure, cookie.httpOnly, cookie.sameSite]).toEqual([true, true, 'Lax']);
    } finally {
      await secure.close();
    }
  });
});
