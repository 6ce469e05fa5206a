import { type Gender, type PoliticalStatus, type RankLevel, ROLE_LABELS, type Role } from '@lecture-hall/shared';
import type { Insertable } from 'kysely';
import type { Config } from '../config';
import type { Db } from '../db';
import { lockForSetup } from '../db/locks';

import type { OrgUnitTable, PersonTable } from '../db/schema';
import { ageOn } from '../lib/clock';
import type { AuditService } from '../modules/audit/audit.service';
import { systemContext } from '../modules/auth/actor';
import { hashPassword } from '../modules/auth/password';
import { orgUnitRepository, pathOf } from '../modules/org/org-unit.repository';
import { insertDemoAccount } from './account';
import { COUNTIES, DEMO_ROOT_NAME, DEPARTMENTS, type DemoSubUnit, ROOT_SUB_UNITS, type UnitProfile } from './city';
import { coursewareStep } from './courseware';
import { demoRepository } from './demo.repository';
import { drawPerson, entryDateFor, POSITIONS, phoneNumber, politicalStatusFor, tierOf } from './people';
import { programmeStep } from './programme';
import { IdFactory, Rng } from './random';
import { DEMO_EXPERT_USERNAMES, resultsStep } from './results';

/** Changing the seed changes every demo row; later issues add steps instead. */
export const DEMO_SEED = 'lecture-hall-demo/1';
/**
 * The day the demo's ages are reckoned on. A fixed day, not today, keeps the rows the same on
 * every run; ages are drawn as 24–56 on it, so that ages counted on any day of the following
 * year still lie within 24–58.
 */
export const DEMO_REFERENCE_DATE = '2026-09-01';
/** created_at/updated_at of every demo row, and the time field of the demo's UUIDv7-shaped ids. */
export const DEMO_CREATED_AT = '2026-09-01T00:00:00.000Z';
export const DEMO_PEOPLE_TOTAL = 400;

/** The password of every demo account. Only demoPasswordHash may turn it into a hash. */
export const DEMO_PASSWORD = 'lecture-hall-demo';

/** An expected failure of the demo seed: its message is for the operator, without a stack. */
export class DemoSeedError extends Error {}

/** The demo password's hash — refused outside demo mode, so no real deployment ever has an account with it. */
export async function demoPasswordHash(config: Pick<Config, 'demoMode'>): Promise<string> {
  if (!config.demoMode) throw new DemoSeedError('演示密码只能在演示模式下设置 / the demo password is only set in demo mode (DEMO_MODE=true)');
  return hashPassword(DEMO_PASSWORD);
}

/** A unit of the demo tree, by key: 'root', 'root/办公室', 'health', 'health/人事科', 'weiyuan/连界镇'. */
export interface SeedUnit {
  key: string;
  id: string;
  path: string;
  depth: number;
  name: string;
  kind: string;
  profile: UnitProfile | null;
}

interface FixedPerson {
  name: string;
  gender: Gender;
  birthDate: string;
  unit: string;
  position: string;
  rank: RankLevel;
  politicalStatus: PoliticalStatus;
}

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  /** Key of the unit the role is held over. */
  scope: string;
  /** The roster entry of the account's holder. */
  person: FixedPerson;
}

export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    username: 'admin',
    displayName: '组织部管理员·王立新',
    role: 'city_admin',
    scope: 'root',
    person: {
      name: '王立新',
      gender: 'male',
      birthDate: '1978-04-12',
      unit: 'root/干部一科',
      position: '科长',
      rank: '一级主任科员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'hall',
    displayName: '讲堂管理员·陈静',
    role: 'hall_admin',
    scope: 'root',
    person: {
      name: '陈静',
      gender: 'female',
      birthDate: '1985-07-23',
      unit: 'root/机关党建科',
      position: '科长',
      rank: '一级主任科员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'liaison',
    displayName: '市卫健委联络员·李娜',
    role: 'liaison',
    scope: 'health',
    person: {
      name: '李娜',
      gender: 'female',
      birthDate: '1990-11-05',
      unit: 'health/人事科',
      position: '副科长',
      rank: '三级主任科员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'expert',
    displayName: '专家·周文博',
    role: 'expert',
    scope: 'root',
    person: {
      name: '周文博',
      gender: 'male',
      birthDate: '1975-02-14',
      unit: 'party-school/党建教研室',
      position: '教研室主任',
      rank: '三级调研员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'host',
    displayName: '主持人·刘思雨',
    role: 'host',
    scope: 'root',
    person: {
      name: '刘思雨',
      gender: 'female',
      birthDate: '1993-05-30',
      unit: 'root/办公室',
      position: '副主任',
      rank: '三级主任科员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'cadre',
    displayName: '干部·张晓明',
    role: 'cadre',
    scope: 'health',
    person: {
      name: '张晓明',
      gender: 'male',
      birthDate: '1996-03-18',
      unit: 'health/医政医管科',
      position: '科员',
      rank: '四级主任科员',
      politicalStatus: '中共党员',
    },
  },
  {
    username: 'leader',
    displayName: '领导·赵志刚',
    role: 'leader',
    scope: 'root',
    person: { name: '赵志刚', gender: 'male', birthDate: '1970-10-08', unit: 'root', position: '副部长', rank: '一级调研员', politicalStatus: '中共党员' },
  },
];

/** What the steps so far have made, for the steps after them. */
export interface SeedState {
  units: Map<string, SeedUnit>;
  /** Person ids by key; each account's holder is 'account:<username>'. */
  people: Map<string, string>;
  /** Ids one step leaves for a later one, by name (e.g. 'edition:city:7'). */
  refs: Map<string, string>;
  summary: Record<string, number>;
}

export interface SeedStepContext {
  trx: Db;
  config: Config;
  /** This step's own random stream: a step that changes does not change the rows of the others. */
  rng: Rng;
  ids: IdFactory;
  state: SeedState;
  refDate: string;
  createdAt: string;
  passwordHash: string;
}

export interface SeedStep {
  name: string;
  run(ctx: SeedStepContext): Promise<void>;
}

const orgTreeStep: SeedStep = {
  name: 'org-tree',
  async run({ trx, ids, state, createdAt }) {
    const existing = await orgUnitRepository.list(trx, true);
    let root: SeedUnit;
    const rows: Insertable<OrgUnitTable>[] = [];
    const unitRow = (u: SeedUnit, parentId: string | null, sortOrder: number): Insertable<OrgUnitTable> => ({
      id: u.id,
      parent_id: parentId,
      name: u.name,
      kind: u.kind,
      path: u.path,
      depth: u.depth,
      sort_order: sortOrder,
      archived_at: null,
      created_at: createdAt,
      updated_at: createdAt,
    });
    if (existing[0]) {
      // A root made at first start (ROOT_UNIT_NAME) becomes the demo's root.
      const r = existing[0];
      await orgUnitRepository.update(trx, r.id, { name: DEMO_ROOT_NAME, updated_at: createdAt });
      root = { key: 'root', id: r.id, path: r.path, depth: r.depth, name: DEMO_ROOT_NAME, kind: r.kind, profile: null };
    } else {
      const id = ids.next();
      root = { key: 'root', id, path: pathOf(null, id), depth: 0, name: DEMO_ROOT_NAME, kind: 'city', profile: null };
      rows.push(unitRow(root, null, 0));
    }
    state.units.set('root', root);

    const addChild = (parent: SeedUnit, key: string, name: string, kind: string, profile: UnitProfile | null, sortOrder: number) => {
      const id = ids.next();
      const unit: SeedUnit = { key, id, path: pathOf(parent.path, id), depth: parent.depth + 1, name, kind, profile };
      state.units.set(key, unit);
      rows.push(unitRow(unit, parent.id, sortOrder));
      return unit;
    };
    const addSubUnits = (parent: SeedUnit, subUnits: DemoSubUnit[]) => {
      subUnits.forEach((s, i) => {
        addChild(parent, `${parent.key === 'root' ? 'root' : parent.key}/${s.name}`, s.name, 'subunit', s.profile, i);
      });
    };
    addSubUnits(root, ROOT_SUB_UNITS);
    let order = ROOT_SUB_UNITS.length;
    for (const branch of [...DEPARTMENTS, ...COUNTIES]) {
      const unit = addChild(root, branch.key, branch.name, branch.kind, null, order++);
      addSubUnits(unit, branch.subUnits);
    }
    await demoRepository.insertOrgUnits(trx, rows);
    state.summary.units = state.units.size;
    state.summary.departments = DEPARTMENTS.length;
    state.summary.counties = COUNTIES.length;
  },
};

const peopleStep: SeedStep = {
  name: 'people',
  async run({ trx, rng, ids, state, refDate, createdAt }) {
    const rows: Insertable<PersonTable>[] = [];
    const identities = new Set<string>();
    const phones = new Set<string>();
    const unitOf = (key: string) => {
      const u = state.units.get(key);
      if (!u) throw new Error(`demo unit ${key} is missing`);
      return u;
    };
    const uniquePhone = () => {
      let p = phoneNumber(rng);
      while (phones.has(p)) p = phoneNumber(rng);
      phones.add(p);
      return p;
    };
    const add = (key: string | null, p: FixedPerson & { age: number }) => {
      const unit = unitOf(p.unit);
      const id = ids.next();
      identities.add(`${p.name}|${p.birthDate}|${unit.id}`);
      rows.push({
        id,
        name: p.name,
        gender: p.gender,
        birth_date: p.birthDate,
        unit_id: unit.id,
        position: p.position,
        rank_level: p.rank,
        political_status: p.politicalStatus,
        phone: uniquePhone(),
        entry_date: entryDateFor(rng, p.birthDate, p.age),
        created_at: createdAt,
        updated_at: createdAt,
      });
      if (key) state.people.set(key, id);
    };
    /** A random person who is not already in the unit under the same name and birth date (the roster's identity). */
    const draw = (unitKey: string, opts: Parameters<typeof drawPerson>[2] = {}) => {
      const unitId = unitOf(unitKey).id;
      for (;;) {
        const d = drawPerson(rng, refDate, opts);
        if (!identities.has(`${d.name}|${d.birthDate}|${unitId}`)) return d;
      }
    };

    // The account holders first, so the posts they hold are taken when the others are drawn.
    const headTaken = new Set<string>();
    for (const a of DEMO_ACCOUNTS) {
      const age = ageOn(a.person.birthDate, refDate);
      add(`account:${a.username}`, { ...a.person, age });
      const profile = unitOf(a.person.unit).profile;
      if (profile && POSITIONS[profile].head === a.person.position) headTaken.add(a.person.unit);
    }

    // Each department's head and one or two deputies sit in the department itself.
    let leaders = 0;
    for (const d of DEPARTMENTS) {
      if (!d.head) continue;
      const head = draw(d.key, {
        age: rng.int(48, 56),
        maleShare: 0.8,
        rank: () =>
          rng.weighted<RankLevel>([
            ['一级调研员', 30],
            ['二级调研员', 50],
            ['三级调研员', 20],
          ]),
      });
      add(null, { ...head, unit: d.key, position: d.head.title, politicalStatus: '中共党员' });
      const deputies = rng.int(1, 2);
      for (let i = 0; i < deputies; i++) {
        const dep = draw(d.key, {
          age: rng.int(40, 54),
          maleShare: 0.7,
          rank: () =>
            rng.weighted<RankLevel>([
              ['四级调研员', 20],
              ['三级调研员', 50],
              ['二级调研员', 30],
            ]),
        });
        add(null, { ...dep, unit: d.key, position: d.head.deputy, politicalStatus: '中共党员' });
      }
      leaders += 1 + deputies;
    }

    // Everyone else, spread over the sub-units: three each, the rest where work is heavier.
    const leafUnits = [...state.units.values()].filter((u) => u.profile !== null);
    const remaining = DEMO_PEOPLE_TOTAL - DEMO_ACCOUNTS.length - leaders;
    const counts = leafUnits.map(() => 3);
    const weight: Record<UnitProfile, number> = { office: 0.8, section: 1, teaching: 0.9, police: 1.3, town: 1.4, street: 1.3, bureau: 1.1, 'county-org': 1 };
    const byIndex = leafUnits.map((u, i) => [i, weight[u.profile!]] as const);
    for (let n = counts.reduce((a, b) => a + b, 0); n < remaining; n++) counts[rng.weighted(byIndex)]! += 1;

    leafUnits.forEach((unit, i) => {
      const drawn = Array.from({ length: counts[i]! }, () => draw(unit.key));
      const positions = POSITIONS[unit.profile!];
      // The highest-ranked senior person heads the unit, unless an account holder already does.
      const order = drawn.map((_, j) => j).sort((a, b) => tierOf(drawn[b]!.rank) - tierOf(drawn[a]!.rank) || a - b);
      const headIndex = !headTaken.has(unit.key) && tierOf(drawn[order[0]!]!.rank) >= 2 ? order[0] : undefined;
      drawn.forEach((d, j) => {
        const position = j === headIndex ? positions.head : rng.pick(positions.byTier[tierOf(d.rank)]);
        add(null, { ...d, unit: unit.key, position, politicalStatus: politicalStatusFor(rng, d.age) });
      });
    });

    await demoRepository.insertPeople(trx, rows);
    state.summary.people = rows.length;
  },
};

const accountsStep: SeedStep = {
  name: 'accounts',
  async run({ trx, ids, state, createdAt, passwordHash }) {
    for (const a of DEMO_ACCOUNTS) {
      const scope = state.units.get(a.scope);
      if (!scope) throw new Error(`demo unit ${a.scope} is missing`);
      const personId = state.people.get(`account:${a.username}`) ?? null;
      await insertDemoAccount(
        trx,
        ids,
        { username: a.username, displayName: a.displayName, personId, role: a.role, unitId: scope.id },
        passwordHash,
        createdAt,
      );
    }
    state.summary.accounts = DEMO_ACCOUNTS.length;
  },
};

/** The demo's seed steps in order. Later issues append theirs (halls, editions, nominations …). */
export const DEMO_SEED_STEPS: SeedStep[] = [orgTreeStep, peopleStep, accountsStep, programmeStep, coursewareStep, resultsStep];

export interface DemoSeedResult {
  /** False when the demo city was already there and nothing was written. */
  seeded: boolean;
  summary: Record<string, number>;
  ms: number;
}

/**
 * Loads the demo city: every step in one transaction, with one 'demo.seeded' audit entry, so
 * that a crash leaves either the whole demo or none of it. Demo mode only. A database that
 * already holds the demo is left alone; one that holds anything else but a bare root is refused.
 */
export async function seedDemo(db: Db, config: Config, audit: AuditService, steps: SeedStep[] = DEMO_SEED_STEPS): Promise<DemoSeedResult> {
  const started = performance.now();
  // Hashed once, before the transaction: argon2id is deliberately slow.
  const passwordHash = await demoPasswordHash(config);
  return db.transaction().execute(async (trx) => {
    await lockForSetup(trx);
    if (await demoRepository.isSeeded(trx)) return { seeded: false, summary: {}, ms: performance.now() - started };
    const counts = await demoRepository.counts(trx);
    if (counts.units > 1 || counts.people > 0 || counts.users > 0) {
      throw new DemoSeedError(
        `数据库不是空的（${counts.units} 个单位、${counts.people} 名人员、${counts.users} 个账号），无法载入演示数据 / ` +
          'the database is not empty, so the demo city was not loaded; use an empty DATA_DIR or `seed-demo --reset`',
      );
    }
    const state: SeedState = { units: new Map(), people: new Map(), refs: new Map(), summary: {} };
    const epoch = Date.parse(DEMO_CREATED_AT);
    for (const [index, step] of steps.entries()) {
      await step.run({
        trx,
        config,
        rng: new Rng(`${DEMO_SEED}:${step.name}`),
        // Each step's ids count up from their own instant, so they sort by step, then by order made.
        ids: new IdFactory(new Rng(`${DEMO_SEED}:${step.name}:ids`), epoch + index * 1_000_000),
        state,
        refDate: DEMO_REFERENCE_DATE,
        createdAt: DEMO_CREATED_AT,
        passwordHash,
      });
    }
    const root = state.units.get('root')!;
    await audit.record(trx, systemContext('demo-seed'), {
      action: 'demo.seeded',
      entityType: 'org_unit',
      entityId: root.id,
      orgUnit: root,
      after: { seed: DEMO_SEED, referenceDate: DEMO_REFERENCE_DATE, ...state.summary },
    });
    return { seeded: true, summary: state.summary, ms: performance.now() - started };
  });
}

/** The demo accounts as table rows for the terminal: username, role, scope, display name. */
export function demoAccountRows(): string[][] {
  const scopeName = (key: string) => (key === 'root' ? DEMO_ROOT_NAME : (DEPARTMENTS.find((d) => d.key === key)?.name ?? key));
  const rows = DEMO_ACCOUNTS.map((a) => [a.username, `${ROLE_LABELS[a.role].zh} ${ROLE_LABELS[a.role].en}`, scopeName(a.scope), a.displayName]);
  // The judging panel of the published editions: four more experts, party-school teachers drawn from the roster.
  const panel = DEMO_EXPERT_USERNAMES.filter((u) => !DEMO_ACCOUNTS.some((a) => a.username === u));
  rows.push([`${panel[0]} … ${panel.at(-1)}`, `${ROLE_LABELS.expert.zh} ${ROLE_LABELS.expert.en}`, scopeName('root'), '评分专家组（市委党校教师）']);
  return rows;
}
