import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type App, buildApp } from '../src/app';
import { createDb } from '../src/db';
import { DEMO_PASSWORD } from '../src/demo/seed';
import { INITIAL_PASSWORD_FILE, startupTasks } from '../src/startup';
import { createTestDb, DIALECTS, type TestDb, testConfig } from './db';

/** Runs the startup tasks with stdout captured: the first admin's password must appear there once. */
/**
 * Runs the startup of each app at once and returns what they printed, together: stdout is one
 * stream, so a spy per app would catch (or lose, when one restores it early) the other's lines.
 */
async function runStartups(apps: App[]): Promise<string> {
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed += String(chunk);
    return true;
  });
  try {
    await Promise.all(apps.map((app) => startupTasks(app)));
  } finally {
    spy.mockRestore();
  }
  return printed;
}

const runStartup = (app: App) => runStartups([app]);

async function snapshot(app: App) {
  const [units, users, grants, audit] = await Promise.all([
    app.db.selectFrom('org_units').selectAll().orderBy('id').execute(),
    app.db.selectFrom('users').selectAll().orderBy('id').execute(),
    app.db.selectFrom('role_grants').selectAll().orderBy('id').execute(),
    app.db.selectFrom('audit_log').select(['id', 'action']).orderBy('id').execute(),
  ]);
  return { units, users, grants, audit };
}

const login = (app: App, username: string, password: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });

describe.each(DIALECTS)('first start of a real deployment on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-startup-'));
    app = await buildApp(testConfig(t.target, { DATA_DIR: dataDir, ROOT_UNIT_NAME: '某市委组织部' }), { db: t.db, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates the root unit and an admin whose password is printed once, written with mode 600, and logs in', async () => {
    const printed = await runStartup(app);
    const { units, users, grants, audit } = await snapshot(app);
    expect(units.map((u) => [u.name, u.kind, u.depth, u.parent_id])).toEqual([['某市委组织部', 'city', 0, null]]);
    expect(users.map((u) => [u.username, u.must_change_password])).toEqual([['admin', 1]]);
    expect(grants.map((g) => [g.role, g.org_unit_id])).toEqual([['city_admin', units[0]!.id]]);
    expect(audit.map((a) => a.action).sort()).toEqual(['org_unit.created', 'user.created']);

    const file = path.join(dataDir, INITIAL_PASSWORD_FILE);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const password = fs.readFileSync(file, 'utf8').trim();
    expect(password).toMatch(/^[A-Za-z0-9]{16}$/);
    expect(printed).toContain(password);
    expect(printed.split(password).length - 1).toBe(1);

    const res = await login(app, 'admin', password);
    expect(res.statusCode).toBe(200);
    expect(res.json().mustChangePassword).toBe(true);
  });

  it('creates nothing on a second start, and prints no password', async () => {
    const file = path.join(dataDir, INITIAL_PASSWORD_FILE);
    const before = await snapshot(app);
    const fileBefore = fs.readFileSync(file, 'utf8');
    const printed = await runStartup(app);
    const after = await snapshot(app);
    expect(after.units).toEqual(before.units);
    expect(after.users.map((u) => u.id)).toEqual(before.users.map((u) => u.id));
    expect(after.grants).toEqual(before.grants);
    // The login of the test above is the only audit entry since.
    expect(after.audit).toEqual(before.audit);
    expect(fs.readFileSync(file, 'utf8')).toBe(fileBefore);
    expect(printed).toBe('');
  });
});

describe.each(DIALECTS)('first start in demo mode on %s', (dialect) => {
  let t: TestDb;
  let app: App;
  let dataDir: string;
  beforeAll(async () => {
    t = await createTestDb(dialect);
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-startup-demo-'));
    app = await buildApp(testConfig(t.target, { DEMO_MODE: 'true', PORT: '3456', DATA_DIR: dataDir }), { db: t.db, logger: false });
  });
  afterAll(async () => {
    await app.close();
    await t.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the demo city, prints the URL and the accounts, and the demo admin logs in', async () => {
    const printed = await runStartup(app);
    expect(printed).toContain('http://localhost:3456');
    for (const username of ['admin', 'hall', 'liaison', 'expert', 'host', 'cadre', 'leader']) expect(printed).toContain(username);
    expect(printed).toContain(DEMO_PASSWORD);
    const people = await app.db.selectFrom('people').select('id').execute();
    expect(people.length).toBe(400);
    // The demo has its own accounts: no generated admin, no password file.
    expect(fs.existsSync(path.join(dataDir, INITIAL_PASSWORD_FILE))).toBe(false);
    expect((await login(app, 'admin', DEMO_PASSWORD)).statusCode).toBe(200);
  });

  it('does not load it again on the next start', async () => {
    const before = await snapshot(app);
    await runStartup(app);
    const after = await snapshot(app);
    expect(after.units).toEqual(before.units);
    expect(after.users.map((u) => u.id)).toEqual(before.users.map((u) => u.id));
    expect(after.audit.filter((a) => a.action === 'demo.seeded')).toHaveLength(1);
  });
});

describe.runIf(DIALECTS.includes('postgres'))('two instances starting together on postgres', () => {
  it('make one root and one admin between them', async () => {
    const t = await createTestDb('postgres');
    const dirs = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'lh-startup-pair-')));
    // Each instance has its own connection pool, as two processes would.
    const apps = await Promise.all(dirs.map((dir) => buildApp(testConfig(t.target, { DATA_DIR: dir }), { db: createDb(t.target), logger: false })));
    try {
      const printed = await runStartups(apps);
      const { units, users } = await snapshot(apps[0]!);
      expect(units).toHaveLength(1);
      expect(users.map((u) => u.username)).toEqual(['admin']);
      const written = dirs.filter((dir) => fs.existsSync(path.join(dir, INITIAL_PASSWORD_FILE)));
      expect(written).toHaveLength(1);
      // One instance made the admin and printed its password, once.
      const password = fs.readFileSync(path.join(written[0]!, INITIAL_PASSWORD_FILE), 'utf8').trim();
      expect(printed.split(password).length - 1).toBe(1);
    } finally {
      for (const app of apps) {
        await app.close();
        await app.db.destroy();
      }
      await t.drop();
      for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
