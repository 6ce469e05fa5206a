import fs from 'node:fs';
import path from 'node:path';
import type { App } from './app';
import type { Config } from './config';
import type { Db } from './db';
import { lockForSetup } from './db/locks';
import { DEMO_PASSWORD, DemoSeedError, demoAccountRows, seedDemo } from './demo/seed';
import { box, table } from './lib/box';
import { newId } from './lib/ids';
import type { AuditService } from './modules/audit/audit.service';
import { systemContext } from './modules/auth/actor';
import { grantRepository, userRepository } from './modules/auth/auth.repository';
import { generatePassword, hashPassword } from './modules/auth/password';
import { type OrgUnitRow, orgUnitRepository, pathOf } from './modules/org/org-unit.repository';

export const INITIAL_PASSWORD_FILE = 'initial-admin-password.txt';
const ADMIN_DISPLAY_NAME = '系统管理员';

/** An expected failure of a setup task (a taken username, an unknown unit): its message is for the operator. */
export class SetupError extends Error {}

/** The root of the org tree, made with the given name when the tree is empty. Call inside a transaction. */
async function rootUnitIn(trx: Db, audit: AuditService, name: string, nowIso: string): Promise<{ root: OrgUnitRow; created: boolean }> {
  const [first] = await orgUnitRepository.list(trx, true);
  if (first) return { root: first, created: false };
  const id = newId();
  const root: OrgUnitRow = {
    id,
    parent_id: null,
    name,
    kind: 'city',
    path: pathOf(null, id),
    depth: 0,
    sort_order: 0,
    archived_at: null,
    created_at: nowIso,
    updated_at: nowIso,
  };
  await orgUnitRepository.insert(trx, root);
  await audit.record(trx, systemContext('startup'), {
    action: 'org_unit.created',
    entityType: 'org_unit',
    entityId: id,
    orgUnit: root,
    after: { name, parentId: null, kind: 'city', archived: false },
  });
  return { root, created: true };
}

/** Makes the root unit if the tree is empty; returns the root either way. */
export async function ensureRootUnit(db: Db, audit: AuditService, name: string): Promise<{ root: OrgUnitRow; created: boolean }> {
  return db.transaction().execute(async (trx) => {
    await lockForSetup(trx);
    return rootUnitIn(trx, audit, name, new Date().toISOString());
  });
}

async function insertAdmin(trx: Db, audit: AuditService, username: string, passwordHash: string, unit: OrgUnitRow, nowIso: string): Promise<string> {
  const id = newId();
  await userRepository.insert(trx, {
    id,
    username,
    display_name: ADMIN_DISPLAY_NAME,
    password_hash: passwordHash,
    person_id: null,
    // A generated password has been on a screen and in a file: the admin replaces it at first login.
    must_change_password: 1,
    disabled_at: null,
    failed_login_count: 0,
    locked_until: null,
    created_at: nowIso,
    updated_at: nowIso,
  });
  await grantRepository.insert(trx, { id: newId(), user_id: id, role: 'city_admin', org_unit_id: unit.id, created_at: nowIso, created_by: null });
  await audit.record(trx, systemContext('startup'), {
    action: 'user.created',
    entityType: 'user',
    entityId: id,
    orgUnit: unit,
    after: { username, displayName: ADMIN_DISPLAY_NAME, grants: [{ role: 'city_admin', orgUnitId: unit.id }] },
  });
  return id;
}

const USERNAME = /^[a-zA-Z0-9_.-]{2,32}$/;

/**
 * A city admin with a generated password over a unit (the root when none is named; an empty
 * tree gets its root first). The password is returned once and stored only as a hash.
 */
export async function createAdminAccount(
  db: Db,
  audit: AuditService,
  opts: { username: string; unitId?: string; rootUnitName: string },
): Promise<{ userId: string; username: string; password: string; unit: OrgUnitRow }> {
  const username = opts.username.trim().toLowerCase();
  if (!USERNAME.test(username)) throw new SetupError(`用户名无效：${opts.username}（2–32 个字母、数字、下划线、点或连字符）/ invalid username`);
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  return db.transaction().execute(async (trx) => {
    await lockForSetup(trx);
    const nowIso = new Date().toISOString();
    if (await userRepository.findByUsername(trx, username)) throw new SetupError(`用户名已存在：${username} / the username is taken`);
    let unit: OrgUnitRow | undefined;
    if (opts.unitId) {
      unit = await orgUnitRepository.findById(trx, opts.unitId);
      if (!unit) throw new SetupError(`单位不存在：${opts.unitId} / no such unit`);
      if (unit.archived_at) throw new SetupError(`单位已撤销：${unit.name} / the unit is archived`);
    } else {
      unit = (await rootUnitIn(trx, audit, opts.rootUnitName, nowIso)).root;
    }
    const userId = await insertAdmin(trx, audit, username, passwordHash, unit, nowIso);
    return { userId, username, password, unit };
  });
}

/**
 * First start of a real deployment: the root unit when the tree is empty, and the user `admin`
 * when there are no users. Two instances starting together make one of each (lockForSetup).
 */
async function ensureFirstAdmin(app: App): Promise<{ password: string; root: OrgUnitRow } | null> {
  const { db, config, services } = app;
  const usersBefore = await userRepository.count(db);
  // The hash is made only when an admin may be needed, and outside the transaction: argon2id is slow on purpose.
  const password = usersBefore === 0 ? generatePassword() : null;
  const passwordHash = password ? await hashPassword(password) : null;
  return db.transaction().execute(async (trx) => {
    await lockForSetup(trx);
    const nowIso = new Date().toISOString();
    const { root } = await rootUnitIn(trx, services.audit, config.rootUnitName, nowIso);
    if (!password || !passwordHash || (await userRepository.count(trx)) > 0) return null;
    await insertAdmin(trx, services.audit, 'admin', passwordHash, root, nowIso);
    return { password, root };
  });
}

/** Writes the first admin's password where only the server's user can read it (mode 600). */
function writePasswordFile(config: Config, password: string): string {
  const file = path.join(config.dataDir, INITIAL_PASSWORD_FILE);
  fs.mkdirSync(config.dataDir, { recursive: true });
  fs.writeFileSync(file, `${password}\n`, { mode: 0o600 });
  // The mode given to writeFileSync applies only to a new file; an old one is tightened too.
  fs.chmodSync(file, 0o600);
  return file;
}

export function publicUrlOf(config: Config): string {
  return config.publicUrl ?? `http://localhost:${config.port}`;
}

function printAdminBanner(config: Config, password: string, file: string | null): void {
  const lines = [
    '干部大讲堂 · 已创建初始管理员账号',
    'Lecture Hall · the first administrator account was created',
    '',
    `  用户名 Username:  admin`,
    `  密码   Password:  ${password}`,
    '',
    '此密码只显示这一次 / This password is shown only once.',
    file ? `已写入 Written to: ${file} (mode 600)` : '未能写入密码文件 / The password file could not be written.',
    '首次登录后须修改密码 / You must change it at first login.',
    `登录 Sign in at: ${publicUrlOf(config)}`,
  ];
  process.stdout.write(`\n${box(lines)}\n\n`);
}

export function demoBanner(config: Config, seededNow: { people?: number; units?: number; ms: number } | null): string {
  const lines = ['干部大讲堂 · 演示模式 / Lecture Hall · demo mode', '', `打开 Open:  ${publicUrlOf(config)}`, ''];
  if (seededNow) {
    lines.push(`已载入演示城市：${seededNow.units} 个单位，${seededNow.people} 名干部（${Math.round(seededNow.ms)} ms）`);
    lines.push('The demo city was loaded.', '');
  }
  lines.push(`演示账号，密码均为 / Demo accounts, all with the password:  ${DEMO_PASSWORD}`, '');
  lines.push(...table([['账号 Username', '角色 Role', '范围 Scope', '姓名 Name'], ...demoAccountRows()]));
  lines.push('', '重新开始 Start over:  npm run demo -- --reset');
  return `\n${box(lines)}\n\n`;
}

/**
 * Run by main.ts after buildApp, before listening. A real deployment gets its root unit and
 * first admin (password printed once and written to DATA_DIR/initial-admin-password.txt);
 * demo mode loads the demo city on first start and prints the URL and the demo accounts.
 */
export async function startupTasks(app: App): Promise<void> {
  const { config, db, services } = app;
  if (config.demoMode) {
    let seededNow: { people?: number; units?: number; ms: number } | null = null;
    try {
      const result = await seedDemo(db, config, services.audit);
      if (result.seeded) seededNow = { ...result.summary, ms: result.ms };
    } catch (err) {
      if (!(err instanceof DemoSeedError)) throw err;
      app.log.warn(err.message);
      process.stderr.write(`${err.message}\n`);
    }
    await ensureRootUnit(db, services.audit, config.rootUnitName);
    process.stdout.write(demoBanner(config, seededNow));
    return;
  }
  const admin = await ensureFirstAdmin(app);
  if (!admin) return;
  app.log.info({ username: 'admin' }, 'created the first administrator');
  let file: string | null = null;
  try {
    file = writePasswordFile(config, admin.password);
  } catch (err) {
    app.log.error({ err }, 'could not write the initial admin password file');
  }
  printAdminBanner(config, admin.password, file);
}
