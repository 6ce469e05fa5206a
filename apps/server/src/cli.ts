import { AnalyzeOptionError, analyzeCommandOutput, trimFromOptions } from './analysis/analyze-command';
import { ScoreFileError } from './analysis/score-file';
import { type Config, ConfigError, loadConfig } from './config';
import { createDb, type Db } from './db';
import { migrateDown, migrateToLatest, resetDatabase } from './db/migrate';
import { DEMO_PASSWORD, DemoSeedError, demoAccountRows, seedDemo } from './demo/seed';
import { box, table } from './lib/box';
import { zonedClock } from './lib/clock';
import { AuditService } from './modules/audit/audit.service';
import { rosterSample } from './simulate/simulate.repository';
import { SimulationError, simulateAudience } from './simulate/simulate-audience';
import { createAdminAccount, SetupError } from './startup';

/*
 * The lecture-hall CLI: `npm run cli -- <command>`. It reads the same settings as the server
 * (DATABASE_URL picks PostgreSQL, DATA_DIR the SQLite file). Exit codes: 0 done, 1 failed,
 * 2 wrong usage or settings. Messages go to stderr; what a command produces (a password, the
 * demo accounts) to stdout.
 */

const USAGE = `干部大讲堂 命令行 · Lecture Hall CLI

Usage: npm run cli -- <command> [options]

Commands:
  migrate                       apply every pending migration (升级数据库结构)
  migrate --down                revert the latest migration (回退一步)
  create-admin <username> [--unit <unitId>]
                                create a city admin over the unit (default: the root) with a
                                generated password, printed once (创建管理员)
  seed-demo [--reset]           load the demo city; needs DEMO_MODE=true. --reset empties the
                                database first (载入演示数据)
  simulate-audience --edition <id> [--attendees 300] [--url http://localhost:3000]
                    [--minutes 30] [--seed N]
                                drive a simulated audience against a running server: check-in,
                                ballots with a human spread, questions, upvotes (模拟现场听众)
  analyze <file.csv|file.xlsx> [--trim K | --trim-fraction F] [--json]
                                analyse a score file (rater,speaker,dimension,score …): scores,
                                intervals, ranks, reliability, rater severity, flags; default trim
                                k = 1 (去掉一个最高分和一个最低分); needs no database (分析评分文件)
  help                          show this help

Settings come from the environment, as for the server: DATABASE_URL (postgres://… for
PostgreSQL, else SQLite in DATA_DIR, default ./data). For the demo's database:
  DEMO_MODE=true DATA_DIR=./data/demo npm run cli -- seed-demo --reset
`;

class UsageError extends Error {}
/** A failure the operator can act on: reported as its message alone, exit code 1. */
class CliError extends Error {}

interface Parsed {
  command: string;
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[], valueFlags: Set<string>): Parsed {
  const [command = 'help', ...rest] = argv;
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    if (valueFlags.has(name)) {
      const value = inline ?? rest[++i];
      if (value === undefined || value === '') throw new UsageError(`--${name} needs a value`);
      flags.set(name, value);
    } else {
      if (inline !== undefined) throw new UsageError(`--${name} takes no value`);
      flags.set(name, true);
    }
  }
  return { command, positional, flags };
}

function expectOnly(p: Parsed, allowed: string[], positionals: number): void {
  for (const f of p.flags.keys()) if (!allowed.includes(f)) throw new UsageError(`unknown option --${f} for ${p.command}`);
  if (p.positional.length !== positionals) {
    throw new UsageError(positionals === 0 ? `${p.command} takes no arguments` : `${p.command} needs exactly ${positionals} argument(s)`);
  }
}

const out = (text: string) => process.stdout.write(`${text}\n`);
const say = (text: string) => process.stderr.write(`${text}\n`);

async function withDb<T>(config: Config, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = createDb(config.database);
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

function where(config: Config): string {
  if (config.database.dialect === 'sqlite') return `SQLite ${config.database.file}`;
  const url = new URL(config.database.url);
  url.password = url.password ? '***' : '';
  return `PostgreSQL ${url.toString()}`;
}

async function migrateCommand(config: Config, p: Parsed): Promise<void> {
  expectOnly(p, ['down'], 0);
  await withDb(config, async (db) => {
    if (p.flags.has('down')) {
      const name = await migrateDown(db);
      say(name ? `reverted ${name} (${where(config)})` : `nothing to revert (${where(config)})`);
      return;
    }
    const applied = await migrateToLatest(db);
    say(applied.length ? `applied ${applied.join(', ')} (${where(config)})` : `already up to date (${where(config)})`);
  });
}

async function createAdminCommand(config: Config, p: Parsed): Promise<void> {
  expectOnly(p, ['unit'], 1);
  const unit = p.flags.get('unit');
  await withDb(config, async (db) => {
    await migrateToLatest(db);
    const audit = new AuditService(db, zonedClock(config.timeZone));
    const created = await createAdminAccount(db, audit, {
      username: p.positional[0]!,
      unitId: typeof unit === 'string' ? unit : undefined,
      rootUnitName: config.rootUnitName,
    });
    say(`created city admin ${created.username} over ${created.unit.name} (${where(config)})`);
    out(
      box([
        `用户名 Username:  ${created.username}`,
        `密码   Password:  ${created.password}`,
        '',
        '此密码只显示这一次，首次登录后须修改。',
        'Shown only once; it must be changed at first login.',
      ]),
    );
  });
}

async function seedDemoCommand(config: Config, p: Parsed): Promise<void> {
  expectOnly(p, ['reset'], 0);
  if (!config.demoMode) {
    throw new CliError(
      'seed-demo 只能在演示模式下运行 / seed-demo runs only in demo mode: set DEMO_MODE=true (and DATA_DIR=./data/demo for the demo database)',
    );
  }
  await withDb(config, async (db) => {
    if (p.flags.has('reset')) {
      say(`emptying the database (${where(config)}) …`);
      await resetDatabase(db);
    } else {
      await migrateToLatest(db);
    }
    const result = await seedDemo(db, config, new AuditService(db, zonedClock(config.timeZone)));
    if (!result.seeded) {
      say(`the demo city is already loaded (${where(config)}); --reset starts it over`);
    } else {
      const s = result.summary;
      say(
        `loaded the demo city: ${s.units} units, ${s.people} people, ${s.accounts} accounts, ${s.publishedEditions ?? 0} published editions with ${s.ballots ?? 0} ballots in ${Math.round(result.ms)} ms (${where(config)})`,
      );
    }
    out(`Demo accounts · 演示账号 (password 密码: ${DEMO_PASSWORD})\n`);
    out(table([['账号 Username', '角色 Role', '范围 Scope', '姓名 Name'], ...demoAccountRows()]).join('\n'));
  });
}

function positiveInt(p: Parsed, name: string, fallback: number, max: number): number {
  const raw = p.flags.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  return n;
}

/** Needs no settings and no database: an auditor runs it on a file alone. */
async function analyzeCommand(p: Parsed): Promise<void> {
  expectOnly(p, ['trim', 'trim-fraction', 'json'], 1);
  const option = (name: string) => {
    const v = p.flags.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  out(await analyzeCommandOutput({ file: p.positional[0]!, trim: trimFromOptions(option('trim'), option('trim-fraction')), json: p.flags.has('json') }));
}

async function simulateAudienceCommand(config: Config, p: Parsed): Promise<void> {
  expectOnly(p, ['edition', 'attendees', 'url', 'minutes', 'seed'], 0);
  const edition = p.flags.get('edition');
  if (typeof edition !== 'string') throw new UsageError('simulate-audience needs --edition <id>');
  const attendees = positiveInt(p, 'attendees', 300, 5000);
  const url = p.flags.get('url');
  // Roster matches need the roster: read from the server's database when this machine reaches it.
  const roster = await withDb(config, (db) => rosterSample(db, Math.round(attendees * 0.03))).catch(() => []);
  try {
    await simulateAudience({
      baseUrl: typeof url === 'string' ? url : `http://localhost:${config.port}`,
      editionId: edition,
      attendees,
      minutes: positiveInt(p, 'minutes', 30, 24 * 60),
      seed: p.flags.has('seed') ? positiveInt(p, 'seed', 1, 2 ** 31 - 1) : undefined,
      roster,
      log: say,
    });
  } catch (err) {
    if (err instanceof SimulationError) throw new CliError(err.message);
    throw err;
  }
}

export async function runCli(argv: string[]): Promise<number> {
  try {
    const parsed = parseArgs(argv, new Set(['unit', 'edition', 'attendees', 'url', 'minutes', 'seed', 'trim', 'trim-fraction']));
    if (['help', '--help', '-h'].includes(parsed.command)) {
      out(USAGE);
      return 0;
    }
    if (parsed.command === 'analyze') {
      await analyzeCommand(parsed);
      return 0;
    }
    const commands: Record<string, (config: Config, p: Parsed) => Promise<void>> = {
      migrate: migrateCommand,
      'create-admin': createAdminCommand,
      'seed-demo': seedDemoCommand,
      'simulate-audience': simulateAudienceCommand,
    };
    const command = commands[parsed.command];
    if (!command) throw new UsageError(`unknown command: ${parsed.command}`);
    await command(loadConfig(), parsed);
    return 0;
  } catch (err) {
    if (err instanceof UsageError || err instanceof AnalyzeOptionError) {
      say(`${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof ConfigError || err instanceof ScoreFileError) {
      say(err.message);
      return 2;
    }
    if (err instanceof CliError || err instanceof SetupError || err instanceof DemoSeedError) {
      say(err.message);
      return 1;
    }
    // System and database errors (ECONNREFUSED, a missing database) carry a code and say enough on their own.
    const code = err instanceof Error ? (err as Error & { code?: unknown }).code : undefined;
    if (err instanceof Error && typeof code === 'string') {
      say(`error: ${err.message || code}`);
      return 1;
    }
    say(err instanceof Error ? (err.stack ?? err.message) : String(err));
    return 1;
  }
}

runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
