import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).transform((v) => v === 'true' || v === '1' || v === 'yes');

/**
 * Every setting the server reads, with its default. The README's settings table is written
 * from this schema; nothing else in the server reads process.env.
 */
export const ConfigSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('production'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Public address people reach the server at; Secure cookies follow from https here. */
  PUBLIC_URL: z.url().optional(),
  DATA_DIR: z.string().default('./data'),
  /** postgres://… selects PostgreSQL; unset means SQLite in DATA_DIR/lecture-hall.db. */
  DATABASE_URL: z
    .string()
    .refine((v) => v === '' || /^postgres(ql)?:\/\//.test(v) || v.startsWith('sqlite:'), 'DATABASE_URL 应以 postgres:// 或 sqlite: 开头')
    .optional(),
  REDIS_URL: z
    .string()
    .refine((v) => v === '' || /^rediss?:\/\//.test(v), 'REDIS_URL 应以 redis:// 开头')
    .optional(),
  DEMO_MODE: bool.default(false),
  SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(12),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(15),
  LOGIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10000).default(20),
  ROSTER_MAX_UPLOAD_MB: z.coerce.number().positive().max(100).default(10),
  /** Largest slide deck accepted; an upload is cut off at this size while it streams. */
  DECK_MAX_UPLOAD_MB: z.coerce.number().positive().max(2048).default(100),
  /** Where uploaded files live: 'disk' (DATA_DIR/files) or 'database' (shared by several instances without a shared disk). */
  STORAGE_DRIVER: z.enum(['disk', 'database']).default('disk'),
  /** LibreOffice's soffice, to turn PPTX decks into PDF previews; unset looks for soffice on PATH. */
  SOFFICE_PATH: z.string().optional(),
  /** Debian's Chromium, which prints the results report as PDF (never a browser downloaded by a test tool). */
  CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
  /** A file of sensitive words (one per line) whose questions are held for moderation; unset uses the built-in list. */
  SENSITIVE_WORDS_FILE: z.string().optional(),
  ROOT_UNIT_NAME: z.string().min(1).max(60).default('市委组织部'),
  /** IANA time zone in which calendar days (ages, edition days, date filters) are counted. */
  TIME_ZONE: z
    .string()
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }, '不是有效的时区名称，例如 Asia/Shanghai')
    .default('Asia/Shanghai'),
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Web console build served at /; unset finds apps/web/dist beside the server. */
  WEB_DIST_DIR: z.string().optional(),
});

export type DatabaseTarget = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  readonly publicUrl: string | undefined;
  readonly dataDir: string;
  readonly database: DatabaseTarget;
  readonly redisUrl: string | undefined;
  readonly demoMode: boolean;
  readonly sessionTtlMs: number;
  readonly loginMaxFailures: number;
  readonly loginLockoutMs: number;
  readonly loginRateLimitPerMinute: number;
  readonly rosterMaxUploadBytes: number;
  readonly deckMaxUploadBytes: number;
  readonly storageDriver: 'disk' | 'database';
  readonly sofficePath: string | undefined;
  readonly chromiumPath: string;
  /** The process's PATH, where soffice is looked for when SOFFICE_PATH is unset (the OS's variable, not a setting of ours). */
  readonly searchPath: string | undefined;
  readonly sensitiveWordsFile: string | undefined;
  readonly rootUnitName: string;
  readonly timeZone: string;
  readonly secureCookies: boolean;
  readonly trustProxy: boolean;
  readonly logLevel: string;
  readonly webDistDir: string | undefined;
  readonly version: string;
}

export class ConfigError extends Error {}

/** Parses the environment once; throws a ConfigError that names every bad setting. */
export function loadConfig(env: Record<string, string | undefined> = process.env, overrides: Partial<Config> = {}): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = ConfigSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  const dataDir = path.resolve(c.DATA_DIR);
  let database: DatabaseTarget;
  if (c.DATABASE_URL && /^postgres(ql)?:\/\//.test(c.DATABASE_URL)) {
    database = { dialect: 'postgres', url: c.DATABASE_URL };
  } else if (c.DATABASE_URL?.startsWith('sqlite:')) {
    const file = c.DATABASE_URL.slice('sqlite:'.length);
    database = { dialect: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  } else {
    database = { dialect: 'sqlite', file: path.join(dataDir, 'lecture-hall.db') };
  }
  const config: Config = {
    env: c.NODE_ENV,
    host: c.HOST,
    port: c.PORT,
    publicUrl: c.PUBLIC_URL,
    dataDir,
    database,
    redisUrl: c.REDIS_URL,
    demoMode: c.DEMO_MODE,
    sessionTtlMs: c.SESSION_TTL_HOURS * 3600_000,
    loginMaxFailures: c.LOGIN_MAX_FAILURES,
    loginLockoutMs: c.LOGIN_LOCKOUT_MINUTES * 60_000,
    loginRateLimitPerMinute: c.LOGIN_RATE_LIMIT_PER_MINUTE,
    rosterMaxUploadBytes: Math.round(c.ROSTER_MAX_UPLOAD_MB * 1024 * 1024),
    deckMaxUploadBytes: Math.round(c.DECK_MAX_UPLOAD_MB * 1024 * 1024),
    storageDriver: c.STORAGE_DRIVER,
    sofficePath: c.SOFFICE_PATH,
    chromiumPath: c.CHROMIUM_PATH,
    searchPath: env.PATH,
    sensitiveWordsFile: c.SENSITIVE_WORDS_FILE,
    rootUnitName: c.ROOT_UNIT_NAME,
    timeZone: c.TIME_ZONE,
    secureCookies: c.PUBLIC_URL?.startsWith('https://') ?? false,
    trustProxy: c.TRUST_PROXY,
    logLevel: c.LOG_LEVEL,
    webDistDir: c.WEB_DIST_DIR,
    version: APP_VERSION,
    ...overrides,
  };
  return Object.freeze(config);
}

export const APP_VERSION = '0.1.0';
