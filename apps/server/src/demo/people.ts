import { type Gender, POLITICAL_STATUSES, type PoliticalStatus, RANK_LEVELS, type RankLevel } from '@lecture-hall/shared';
import { ageOn } from '../lib/clock';
import type { UnitProfile } from './city';
import { chineseName } from './names';
import type { Rng } from './random';

/** Calendar arithmetic on YYYY-MM-DD strings, in UTC so that no time zone shifts a day. */
export function addYears(day: string, years: number): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  // 29 February in a non-leap year becomes 28 February, as the civil calendar counts birthdays.
  const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

export function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);
}

/** A birth date that makes the person exactly `age` on `refDate`. */
export function birthDateForAge(rng: Rng, age: number, refDate: string): string {
  const latest = addYears(refDate, -age);
  const birth = addDays(latest, -rng.int(0, 364));
  if (ageOn(birth, refDate) !== age) throw new Error(`birth date ${birth} is not age ${age} on ${refDate}`);
  return birth;
}

/**
 * The date a person joined the civil service: after the 22nd birthday (graduation), mostly
 * within a few years of it, and well before the reference date.
 */
export function entryDateFor(rng: Rng, birthDate: string, age: number): string {
  const years = 22 + rng.int(0, Math.max(0, Math.min(age - 24, 6)));
  return addDays(addYears(birthDate, years), rng.int(1, 360));
}

// Rank-level index weights by age: under 30 mostly 一级科员/四级主任科员, rising with age.
const RANK_BY_AGE: Array<[maxAge: number, weights: Array<readonly [number, number]>]> = [
  [
    26,
    [
      [0, 85],
      [1, 15],
    ],
  ],
  [
    29,
    [
      [0, 40],
      [1, 55],
      [2, 5],
    ],
  ],
  [
    34,
    [
      [1, 45],
      [2, 40],
      [3, 15],
    ],
  ],
  [
    39,
    [
      [2, 35],
      [3, 40],
      [4, 20],
      [5, 5],
    ],
  ],
  [
    44,
    [
      [3, 30],
      [4, 40],
      [5, 25],
      [6, 5],
    ],
  ],
  [
    49,
    [
      [3, 10],
      [4, 35],
      [5, 35],
      [6, 15],
      [7, 5],
    ],
  ],
  [
    Number.POSITIVE_INFINITY,
    [
      [4, 25],
      [5, 35],
      [6, 25],
      [7, 10],
      [8, 5],
    ],
  ],
];

export function rankForAge(rng: Rng, age: number): RankLevel {
  const weights = RANK_BY_AGE.find(([max]) => age <= max)![1];
  return RANK_LEVELS[rng.weighted(weights)]!;
}

/** 0 junior (科员 ranks), 1 middle, 2 senior, 3 top (调研员 ranks): what posts a rank usually goes with. */
export function tierOf(rank: RankLevel): 0 | 1 | 2 | 3 {
  const i = RANK_LEVELS.indexOf(rank);
  return i <= 1 ? 0 : i <= 3 ? 1 : i <= 5 ? 2 : 3;
}

/** Job titles by the kind of unit: the one head post, and the posts of each rank tier. */
export const POSITIONS: Record<UnitProfile, { head: string; byTier: [string[], string[], string[], string[]] }> = {
  office: { head: '办公室主任', byTier: [['科员'], ['科员', '副主任', '主任科员'], ['副主任', '主任科员'], ['主任科员']] },
  section: { head: '科长', byTier: [['科员'], ['科员', '副科长', '主任科员'], ['副科长', '主任科员'], ['主任科员']] },
  teaching: { head: '教研室主任', byTier: [['教师'], ['教师', '讲师'], ['副教授', '教研室副主任'], ['教授']] },
  police: { head: '支队长', byTier: [['民警'], ['民警', '副大队长'], ['大队长', '副大队长'], ['副支队长']] },
  town: {
    head: '镇长',
    byTier: [
      ['科员', '镇长助理'],
      ['镇长助理', '党政办主任', '主任科员'],
      ['副镇长', '党委委员'],
      ['镇党委副书记', '人大主席'],
    ],
  },
  street: { head: '街道办事处主任', byTier: [['科员'], ['科员', '党政办主任', '主任科员'], ['街道办事处副主任', '党工委委员'], ['党工委副书记']] },
  bureau: { head: '局长', byTier: [['科员'], ['股长', '副股长'], ['副局长', '办公室主任'], ['副局长', '党组成员']] },
  'county-org': { head: '常务副部长', byTier: [['科员'], ['组织员', '主任科员'], ['干部股股长', '组织股股长'], ['副部长']] },
};

export function politicalStatusFor(rng: Rng, age: number): PoliticalStatus {
  const young: Array<readonly [PoliticalStatus, number]> = [
    ['中共党员', 60],
    ['中共预备党员', 10],
    ['共青团员', 22],
    ['群众', 5],
    ['民主党派', 3],
  ];
  const older: Array<readonly [PoliticalStatus, number]> = [
    ['中共党员', 85],
    ['中共预备党员', 2],
    ['群众', 8],
    ['民主党派', 5],
  ];
  const status = rng.weighted(age < 28 ? young : older);
  if (!POLITICAL_STATUSES.includes(status)) throw new Error(`unknown political status ${status}`);
  return status;
}

// Mobile prefixes of the three carriers; every number matches 1[3-9]\d{9}.
const PHONE_PREFIXES = [
  '130',
  '131',
  '132',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '157',
  '158',
  '159',
  '166',
  '177',
  '180',
  '182',
  '183',
  '187',
  '188',
  '189',
  '191',
  '199',
];

export function phoneNumber(rng: Rng): string {
  return rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** Age of a cadre in the roster: young-heavy, as a lecture hall for young cadres would find it. */
export function drawAge(rng: Rng): number {
  const [min, max] = rng.weighted<[number, number]>([
    [[24, 29], 25],
    [[30, 35], 25],
    [[36, 45], 28],
    [[46, 56], 22],
  ]);
  return rng.int(min, max);
}

export interface DrawnPerson {
  name: string;
  gender: Gender;
  birthDate: string;
  age: number;
  rank: RankLevel;
}

export function drawPerson(rng: Rng, refDate: string, opts: { age?: number; maleShare?: number; rank?: (age: number) => RankLevel } = {}): DrawnPerson {
  const age = opts.age ?? drawAge(rng);
  const gender: Gender = rng.chance(opts.maleShare ?? 0.57) ? 'male' : 'female';
  const birthDate = birthDateForAge(rng, age, refDate);
  const name = chineseName(rng, gender, Number(birthDate.slice(0, 4)));
  const rank = opts.rank ? opts.rank(age) : rankForAge(rng, age);
  return { name, gender, birthDate, age, rank };
}
