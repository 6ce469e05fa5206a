import { createHash } from 'node:crypto';
import { type AudienceCategory, DEFAULT_RUBRIC } from '@lecture-hall/shared';
import type { Insertable } from 'kysely';
import type { AttendeeTable, BallotTable, PaperBallotTable, ScoringWindowTable } from '../db/schema';
import { ageOn } from '../lib/clock';
import { userRepository } from '../modules/auth/auth.repository';
import { scoresJson } from '../modules/ballots/ballot.rules';
import { editionRepository } from '../modules/halls/halls.repository';
import { resultsRepository } from '../modules/results/results.repository';
import { freezeResults } from '../modules/results/results.service';
import { insertDemoAccount } from './account';
import { chineseName } from './names';
import { addDays } from './people';
import { type DemoPersonRow, demoProgrammeRepository } from './programme.repository';
import { type IdFactory, Rng } from './random';
import { type DemoClosedEdition, type DemoTalkOfEdition, demoResultsRepository } from './results.repository';
import type { SeedStep, SeedStepContext } from './seed';

/*
 * The demo's finished editions, scored and published (issue "Score analysis and results", §5):
 * each closed edition gets an audience that checked in, a scoring window per talk, ballots
 * from a seeded rater model and an expert panel, then its results are frozen and the edition
 * published — so that a newcomer sees every results view filled. On top of honest ballots the
 * city hall's six editions carry the behaviours the anomaly report exists for, one or two per
 * edition (PLANTED below), so each kind of flag has a real example to open.
 *
 * The rater model (the additive model the results' rater adjustment assumes, plus noise):
 *   score = round(q_s + dim_j + q_sj + severity_r + impression_rs + planted_rs + ε), clamped to 1–10,
 * q_s the speaker's true quality, dim_j how hard a rubric dimension is to score well on,
 * q_sj the speaker's strength on it, severity_r the rater's harshness or leniency,
 * impression_rs the rater's overall impression of the talk (it moves all five dimensions
 * together, as real ballots do), ε ~ N(0, 0.7).
 */

/** The rubric every demo edition uses (the programme step writes DEFAULT_RUBRIC). */
const RUBRIC = DEFAULT_RUBRIC;
const { min: SCALE_MIN, max: SCALE_MAX } = RUBRIC.scale;
/** How hard each dimension is to score well on: audiences rate delivery highest, depth lowest. */
const DIMENSION_EFFECT: Record<string, number> = { depth: -0.2, breadth: -0.1, practical_value: 0, delivery: 0.25, responsiveness: -0.05 };

/** The expert panel of the city hall's editions; the county and bureau halls seat the first three. */
export const DEMO_EXPERT_USERNAMES = ['expert', 'expert2', 'expert3', 'expert4', 'expert5'] as const;
const SMALL_HALL_EXPERTS = 3;

/** What an edition shows besides honest ballots, by hall key and edition number. */
export interface PlantedBehaviours {
  /** One rater giving 8 on every dimension to every speaker. */
  straightLiner?: boolean;
  /** Ballots submitted 2 s after their window opened, for these talks (1-based positions). */
  speedersOnTalks?: number[];
  /** The colleagues of one speaker (the one whose unit has most people on the roster) rate that speaker this much higher. */
  ownUnitFavouriteBonus?: number;
  /** Eight identical full-mark ballots for this talk within 5 s. */
  identicalBurstOnTalk?: number;
  /** One rater who ranks the speakers in reverse of everyone else. */
  contrarian?: boolean;
  /** The hall's Wi-Fi failed this many seconds into the last talk's window; this many paper sheets were collected instead. */
  paperSheets?: { afterSeconds: number; sheets: number };
  /** A party-school class of this many trainees giving every speaker +2. */
  lenientBloc?: number;
}

export const PLANTED: Record<string, PlantedBehaviours> = {
  'city:1': { straightLiner: true, speedersOnTalks: [2] },
  'city:2': {},
  'city:3': { ownUnitFavouriteBonus: 2.5 },
  'city:4': { identicalBurstOnTalk: 3, contrarian: true },
  'city:5': { paperSheets: { afterSeconds: 50, sheets: 20 }, speedersOnTalks: [3] },
  'city:6': { lenientBloc: 25 },
};

/** Party-school classes (党校班次) sitting in on the hall, by hall key and half-year. */
const CLASSES: Record<string, { spring: string[]; autumn: string[] }> = {
  city: {
    spring: ['2026年春季学期中青年干部培训班', '第27期科级干部进修班'],
    autumn: ['2026年秋季学期中青年干部培训班', '第28期科级干部进修班'],
  },
  weiyuan: { spring: ['威远县2026年青年干部培训班'], autumn: ['威远县2026年秋季科级干部培训班'] },
  longchang: { spring: ['隆昌市2026年青年干部培训班'], autumn: ['隆昌市2026年秋季青年干部培训班'] },
  health: { spring: ['卫健系统2026年业务骨干培训班'], autumn: ['卫健系统2026年业务骨干培训班'] },
};

const BEIJING_OFFSET_MS = 8 * 3_600_000;
/** An instant on an edition's day, from Beijing wall-clock time. */
function beijing(date: string, hours: number, minutes: number): number {
  return Date.parse(`${date}T00:00:00.000Z`) + (hours * 60 + minutes) * 60_000 - BEIJING_OFFSET_MS;
}
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A standard normal draw by the Box–Muller transform (Box & Muller, "A note on the generation
 * of random normal deviates", Ann. Math. Statist. 29(2), 1958, p. 610, eq. 1).
 */
function gauss(rng: Rng, sd = 1, mean = 0): number {
  const u1 = 1 - rng.next(); // (0, 1]: log(0) would be −∞
  const u2 = rng.next();
  return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

const clampScore = (x: number) => Math.min(SCALE_MAX, Math.max(SCALE_MIN, Math.round(x)));

interface SimRater {
  attendeeId: string;
  severity: number;
  /** Talk indices (speaking order) this rater scores. */
  talks: Set<number>;
  /** Extra points on a talk (own-unit favouritism) or on all (a lenient bloc). */
  bonus: (talk: number) => number;
  role: 'honest' | 'straight_liner' | 'contrarian';
}

export interface SimulatedEdition {
  attendees: Insertable<AttendeeTable>[];
  windows: Insertable<ScoringWindowTable>[];
  ballots: Insertable<BallotTable>[];
  paper: Insertable<PaperBallotTable>[];
  /** When the session ended (the last window closed). */
  endedAt: number;
}

export interface EditionToSimulate {
  edition: DemoClosedEdition;
  hallKey: string;
  talks: DemoTalkOfEdition[];
  /** Roster people who may check in by name (within the hall's unit, not this edition's speakers), in id order. */
  roster: DemoPersonRow[];
  experts: Array<{ userId: string }>;
  hostUserId: string;
  planted: PlantedBehaviours;
}

/**
 * One finished edition as its live session would have left it. Pure but for the ids and the
 * random stream it is given, so the same stream gives the same rows on every run.
 */
export function simulateEdition(rng: Rng, ids: IdFactory, e: EditionToSimulate): SimulatedEdition {
  const { edition, talks, planted } = e;
  const T = talks.length;
  const date = edition.date;
  const attendees: Insertable<AttendeeTable>[] = [];
  const raters: SimRater[] = [];

  // The speakers: a true quality each, and a strength or weakness per dimension.
  const quality = talks.map(() => Math.min(9.2, Math.max(7.2, gauss(rng, 0.5, 8.2))));
  const speakerDim = talks.map(() => RUBRIC.dimensions.map(() => gauss(rng, 0.35)));

  // Windows: the first talk starts at 14:40, one every 20 minutes; scoring opens after the talk and its Q&A, for three minutes.
  const windows = talks.map((t, k) => {
    const opened = beijing(date, 14, 40) + k * 20 * 60_000 + 15 * 60_000 + rng.int(0, 60) * 1000;
    const closes = opened + 180_000;
    return {
      id: ids.next(),
      edition_id: edition.id,
      talk_id: t.id,
      opened_at: iso(opened),
      closes_at: iso(closes),
      closed_at: iso(closes),
      opened_by: e.hostUserId,
      closed_by: null,
      openedMs: opened,
      closesMs: closes,
    };
  });

  // ---- The audience ----
  const hallClasses = CLASSES[e.hallKey] ?? CLASSES.city!;
  const classes = Number(date.slice(5, 7)) <= 7 ? hallClasses.spring : hallClasses.autumn;
  const total = e.hallKey === 'city' ? rng.int(210, 320) : rng.int(150, 190);
  const checkInStart = beijing(date, 14, 5);
  const addAttendee = (
    category: AudienceCategory,
    kind: 'roster' | 'guest',
    displayName: string,
    personId: string | null,
    className = '',
    mayBeLate = true,
  ) => {
    const id = ids.next();
    // Most check in during the half hour before the start; a few come late, during the first talk (and miss scoring it).
    const late = rng.chance(0.04) && mayBeLate;
    const at = late ? beijing(date, 14, 58) + rng.int(0, 600) * 1000 : checkInStart + rng.int(0, 33 * 60) * 1000;
    attendees.push({
      id,
      edition_id: edition.id,
      token_hash: createHash('sha256')
        .update(`demo-attendee-token:${rng.hex(32)}`)
        .digest('hex'),
      kind,
      user_id: null,
      person_id: personId,
      category,
      class_name: className,
      display_name: displayName,
      first_attendee_id: null,
      counted: 1,
      created_at: iso(at),
      last_seen_at: iso(at),
    });
    return { id, late };
  };
  const guestName = () => chineseName(rng, rng.chance(0.55) ? 'male' : 'female', rng.int(1970, 2001));
  /** Which talks an ordinary attendee scores: a late-comer misses the first, some leave early, a few skip one. */
  const talksAttended = (late: boolean): Set<number> => {
    const leaveAfter = T >= 3 && rng.chance(0.08) ? rng.int(1, T - 2) : T - 1;
    const set = new Set<number>();
    for (let k = late ? 1 : 0; k <= leaveAfter; k++) if (!rng.chance(0.03)) set.add(k);
    return set;
  };
  const severity = () => {
    const kind = rng.next();
    return kind < 0.12 ? gauss(rng, 0.4, -1.1) : kind < 0.27 ? gauss(rng, 0.3, 0.7) : gauss(rng, 0.45);
  };
  const all = new Set(talks.map((_, k) => k));
  const none = () => 0;

  // The speaker whose colleagues favour them: the one whose unit has most people on the roster.
  let favourite: { talk: number; colleagues: DemoPersonRow[] } | null = null;
  if (planted.ownUnitFavouriteBonus) {
    const colleaguesOf = (t: DemoTalkOfEdition) => e.roster.filter((p) => p.unit_id === t.unit_id);
    const best = talks
      .map((t, k) => ({ talk: k, colleagues: colleaguesOf(t) }))
      .sort((a, b) => b.colleagues.length - a.colleagues.length || a.talk - b.talk)[0]!;
    favourite = best;
  }
  const favouriteBonus = planted.ownUnitFavouriteBonus ?? 0;

  // Party-school trainees (党校学员) by class, about two in five; a lenient bloc is a whole class.
  const trainees = Math.round(total * (0.34 + rng.next() * 0.1));
  const others = Math.round(total * (0.08 + rng.next() * 0.06));
  const organ = total - trainees - others;
  for (let i = 0; i < trainees; i++) {
    const inBloc = planted.lenientBloc !== undefined && i < planted.lenientBloc;
    // The bloc is a class of its own (the last of the half-year's); the other trainees sit in the others.
    const className = inBloc
      ? classes[classes.length - 1]!
      : planted.lenientBloc !== undefined && classes.length > 1
        ? rng.pick(classes.slice(0, -1))
        : rng.pick(classes);
    const a = addAttendee('party_school', 'guest', guestName(), null, className, !inBloc);
    raters.push({
      attendeeId: a.id,
      // The bloc sits through every talk and scores it; its members are no harsher or kinder than anyone else but for the +2.
      severity: inBloc ? gauss(rng, 0.3) : severity() + 0.15,
      talks: inBloc ? new Set(all) : talksAttended(a.late),
      bonus: inBloc ? () => 2 : none,
      role: 'honest',
    });
  }
  // Organ cadres (机关干部): most check in by name against the roster (their unit is then known), the rest as guests.
  const pool = [...e.roster];
  const rosterPeople: DemoPersonRow[] = [];
  if (favourite) {
    rosterPeople.push(...favourite.colleagues);
    for (const c of favourite.colleagues) pool.splice(pool.indexOf(c), 1);
  }
  const rosterCount = Math.min(Math.round(organ * 0.65), rosterPeople.length + pool.length);
  while (rosterPeople.length < rosterCount) rosterPeople.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  for (let i = 0; i < organ; i++) {
    const person = rosterPeople[i];
    const isColleague = favourite !== null && person !== undefined && person.unit_id === talks[favourite.talk]!.unit_id;
    const a = addAttendee('organ', person ? 'roster' : 'guest', person ? person.name : guestName(), person?.id ?? null, '', !isColleague);
    const attended = talksAttended(a.late);
    // A colleague stays for the talk they came for.
    if (isColleague) attended.add(favourite!.talk);
    raters.push({
      attendeeId: a.id,
      severity: severity(),
      talks: attended,
      bonus: isColleague ? (k) => (k === favourite!.talk ? favouriteBonus : 0) : none,
      role: 'honest',
    });
  }
  // Others (其他): guests from enterprises and communities; the planted odd raters among them.
  for (let i = 0; i < others; i++) {
    const role = planted.straightLiner && i === 0 ? 'straight_liner' : planted.contrarian && i === 1 ? 'contrarian' : 'honest';
    const a = addAttendee('other', 'guest', guestName(), null, '', role === 'honest');
    raters.push({ attendeeId: a.id, severity: severity(), talks: role === 'honest' ? talksAttended(a.late) : new Set(all), bonus: none, role });
  }

  // ---- Ballots ----
  const ballots: Insertable<BallotTable>[] = [];
  const paper: Insertable<PaperBallotTable>[] = [];
  const lastSeen = new Map<string, number>();
  const paperTalk = planted.paperSheets ? T - 1 : -1;
  const wifiDownAt = planted.paperSheets ? windows[paperTalk]!.openedMs + planted.paperSheets.afterSeconds * 1000 : Number.POSITIVE_INFINITY;
  const missedByWifi: Array<{ k: number; scores: Record<string, number> }> = [];
  const meanQuality = quality.reduce((s, q) => s + q, 0) / T;

  const honestScores = (r: Pick<SimRater, 'severity' | 'bonus'>, k: number, noise = 0.7, impressionSd = 0.45) => {
    const impression = gauss(rng, impressionSd);
    return Object.fromEntries(
      RUBRIC.dimensions.map((d, j) => [
        d.key,
        clampScore(quality[k]! + DIMENSION_EFFECT[d.key]! + speakerDim[k]![j]! + r.severity + impression + r.bonus(k) + gauss(rng, noise)),
      ]),
    );
  };
  /** Seconds from a window's opening to a ballot: most between 30 s and 2 min, a few quick or slow. */
  const delaySeconds = () => {
    const u = rng.next();
    return u < 0.06 ? 10 + rng.next() * 20 : u < 0.9 ? 30 + rng.next() * 90 : 120 + rng.next() * 50;
  };
  const push = (
    raterKey: string,
    attendeeId: string | null,
    expertUserId: string | null,
    k: number,
    version: number,
    scores: Record<string, number>,
    at: number,
  ) => {
    ballots.push({
      id: ids.next(),
      edition_id: edition.id,
      talk_id: talks[k]!.id,
      window_id: windows[k]!.id,
      rater_group: expertUserId ? 'expert' : 'audience',
      attendee_id: attendeeId,
      expert_user_id: expertUserId,
      rater_key: raterKey,
      version,
      scores_json: scoresJson(RUBRIC, scores),
      idempotency_key: rng.hex(22),
      created_at: iso(at),
    });
    if (attendeeId) lastSeen.set(attendeeId, Math.max(lastSeen.get(attendeeId) ?? 0, at));
  };

  // The planted speeders and the burst: chosen among honest raters who score the talk.
  const speederOn = new Map<number, string>();
  for (const position of planted.speedersOnTalks ?? []) {
    const k = position - 1;
    const candidates = raters.filter((r) => r.role === 'honest' && r.talks.has(k) && r.bonus(k) === 0 && !speederOn.has(k));
    speederOn.set(k, rng.pick(candidates).attendeeId);
  }
  const burst = new Map<string, number>();
  if (planted.identicalBurstOnTalk) {
    const k = planted.identicalBurstOnTalk - 1;
    const candidates = raters.filter((r) => r.role === 'honest' && r.talks.has(k) && r.bonus(k) === 0 && ![...speederOn.values()].includes(r.attendeeId));
    for (let i = 0; i < 8; i++) burst.set(candidates.splice(rng.int(0, candidates.length - 1), 1)[0]!.attendeeId, i);
  }

  for (const r of raters) {
    const mine: Array<{ k: number; scores: Record<string, number> }> = [];
    for (let k = 0; k < T; k++) {
      if (!r.talks.has(k)) continue;
      const w = windows[k]!;
      let scores: Record<string, number>;
      if (r.role === 'straight_liner') scores = Object.fromEntries(RUBRIC.dimensions.map((d) => [d.key, 8]));
      else if (r.role === 'contrarian') {
        // The mirror image of the talk's quality about the edition's mean: the best talk gets the lowest marks.
        const mirrored = 2 * meanQuality - quality[k]!;
        scores = Object.fromEntries(RUBRIC.dimensions.map((d) => [d.key, clampScore(2 * (mirrored - meanQuality) + meanQuality + gauss(rng, 0.4))]));
      } else scores = honestScores(r, k);
      const burstIndex = k === (planted.identicalBurstOnTalk ?? 0) - 1 ? burst.get(r.attendeeId) : undefined;
      if (burstIndex !== undefined) {
        // Eight phones, one set of full marks, 0.6 s apart: scored to instructions.
        const full = Object.fromEntries(RUBRIC.dimensions.map((d) => [d.key, SCALE_MAX]));
        push(r.attendeeId, r.attendeeId, null, k, 1, full, w.openedMs + 38_000 + burstIndex * 600);
        continue;
      }
      const at = speederOn.get(k) === r.attendeeId ? w.openedMs + 2000 : w.openedMs + Math.round(delaySeconds() * 1000);
      if (k === paperTalk && at >= wifiDownAt) {
        missedByWifi.push({ k, scores });
        continue;
      }
      mine.push({ k, scores });
      push(r.attendeeId, r.attendeeId, null, k, 1, scores, at);
      // A few change their mind once, within the window (and before any Wi-Fi failure).
      const amendAt = at + rng.int(8, 40) * 1000;
      if (r.role === 'honest' && rng.chance(0.04) && amendAt < w.closesMs - 5000 && amendAt < wifiDownAt) {
        const j = rng.int(0, RUBRIC.dimensions.length - 1);
        const key = RUBRIC.dimensions[j]!.key;
        const amended = { ...scores, [key]: clampScore(scores[key]! + (scores[key]! >= SCALE_MAX ? -1 : rng.chance(0.5) ? 1 : -1)) };
        mine[mine.length - 1] = { k, scores: amended };
        push(r.attendeeId, r.attendeeId, null, k, 2, amended, amendAt);
      }
    }
    // The demo plants one straight-liner: an honest rater whose rounded ballots happen to be all alike (a lenient rater at
    // the top of the scale) has the last one's delivery nudged, so that the straight-liner flag points at the planted one only.
    if (r.role === 'honest' && mine.length >= 3 && mine.every((m) => scoresJson(RUBRIC, m.scores) === scoresJson(RUBRIC, mine[0]!.scores))) {
      const last = ballots.findLast((b) => b.attendee_id === r.attendeeId)!;
      const scores = JSON.parse(last.scores_json) as Record<string, number>;
      scores.delivery = scores.delivery! >= SCALE_MAX ? SCALE_MAX - 1 : scores.delivery! + 1;
      last.scores_json = scoresJson(RUBRIC, scores);
    }
  }

  // Paper sheets (纸质评分表) for the talk the Wi-Fi failed on, from raters whose phones could not send.
  if (planted.paperSheets) {
    const sheets = missedByWifi.slice(0, planted.paperSheets.sheets);
    sheets.forEach((s, i) => {
      paper.push({
        id: ids.next(),
        edition_id: edition.id,
        talk_id: talks[s.k]!.id,
        import_id: '',
        rater_label: String(i + 1).padStart(3, '0'),
        rater_group: 'audience',
        scores_json: scoresJson(RUBRIC, s.scores),
        created_at: '',
      });
    });
  }

  // The expert panel: experienced, slightly stricter than the audience, and more consistent.
  for (const x of e.experts) {
    const expert = { severity: gauss(rng, 0.25, -0.3), bonus: none };
    for (let k = 0; k < T; k++) {
      const w = windows[k]!;
      // Experts score on the console in the front row, before a Wi-Fi failure.
      const latest = k === paperTalk ? wifiDownAt - w.openedMs - 2000 : 170_000;
      const at = w.openedMs + Math.min(latest, 40_000 + rng.int(0, 110) * 1000);
      push(x.userId, null, x.userId, k, 1, honestScores(expert, k, 0.55, 0.3), at);
    }
  }

  for (const a of attendees) {
    const seen = lastSeen.get(a.id as string);
    if (seen !== undefined) a.last_seen_at = iso(seen);
  }
  const windowRows = windows.map(({ openedMs: _o, closesMs: _c, ...row }) => row);
  return { attendees, windows: windowRows, ballots, paper, endedAt: windows[T - 1]!.closesMs };
}

/** The edition's day plus some days, at a Beijing working hour. */
function dayAfter(date: string, days: number, hours: number, minutes = 0): string {
  return iso(beijing(addDays(date, days), hours, minutes));
}

/**
 * Four more experts for the panel (专家评委): teachers of the party school's teaching sections
 * aged 40 or more who never spoke, each with an account like the demo `expert`.
 */
async function addExperts(ctx: SeedStepContext, roster: readonly DemoPersonRow[], excluded: ReadonlySet<string>): Promise<Map<string, string>> {
  const { trx, ids, state, createdAt, passwordHash, refDate } = ctx;
  const users = await demoProgrammeRepository.userIdsByUsername(trx);
  const teaching = new Set([...state.units.values()].filter((u) => u.key.startsWith('party-school/') && u.profile === 'teaching').map((u) => u.id));
  const teachers = roster.filter((p) => teaching.has(p.unit_id) && ageOn(p.birth_date, refDate) >= 40 && !excluded.has(p.id));
  const extra = DEMO_EXPERT_USERNAMES.slice(1);
  if (teachers.length < extra.length) throw new Error(`the demo party school has ${teachers.length} teachers for ${extra.length} expert accounts`);
  const root = state.units.get('root')!;
  for (const [i, username] of extra.entries()) {
    const person = teachers[i]!;
    const account = { username, displayName: `专家·${person.name}`, personId: person.id, role: 'expert' as const, unitId: root.id };
    users.set(username, await insertDemoAccount(trx, ids, account, passwordHash, createdAt));
  }
  state.summary.accounts = (state.summary.accounts ?? 0) + extra.length;
  return users;
}

async function seedResults(ctx: SeedStepContext): Promise<void> {
  const { trx, rng, ids, state } = ctx;
  const editions = await demoResultsRepository.closedEditions(trx);
  const talks = await demoResultsRepository.talksOf(
    trx,
    editions.map((e) => e.id),
  );
  const roster = await demoProgrammeRepository.peopleWithUnits(trx);
  const speakers = await demoResultsRepository.speakerIds(trx);
  const accountHolders = new Set([...state.people].filter(([key]) => key.startsWith('account:')).map(([, id]) => id));
  const users = await addExperts(ctx, roster, new Set([...speakers, ...accountHolders]));
  const user = (username: string) => {
    const id = users.get(username);
    if (!id) throw new Error(`demo user ${username} is missing`);
    return id;
  };
  const experts = DEMO_EXPERT_USERNAMES.map((u) => ({ userId: user(u) }));
  const expertPeople = new Set(await Promise.all(DEMO_EXPERT_USERNAMES.map(async (u) => (await userRepository.findById(trx, user(u)))?.person_id ?? '')));
  const hallKeyOfPath = new Map([...state.units.values()].map((u) => [u.path, u.key === 'root' ? 'city' : u.key]));

  let attendeesMade = 0;
  let ballotsMade = 0;
  let paperMade = 0;
  for (const edition of editions) {
    const hallKey = hallKeyOfPath.get(edition.hall_path) ?? edition.hall_id;
    const own = talks.filter((t) => t.edition_id === edition.id);
    const onStage = new Set(own.map((t) => t.person_id));
    const sim = simulateEdition(new Rng(rng.nextUint32()), ids, {
      edition,
      hallKey,
      talks: own,
      // Anyone on the hall's roster may check in by name, but for the day's speakers and the people running the session.
      roster: roster.filter((p) => p.unit_path.startsWith(edition.hall_path) && !onStage.has(p.id) && !accountHolders.has(p.id) && !expertPeople.has(p.id)),
      experts: hallKey === 'city' ? experts : experts.slice(0, SMALL_HALL_EXPERTS),
      hostUserId: user('host'),
      planted: PLANTED[`${hallKey}:${edition.seq}`] ?? {},
    });
    await demoResultsRepository.insertLiveSession(trx, {
      edition_id: edition.id,
      step: 'ended',
      step_started_at: iso(sim.endedAt + 300_000),
      checkin_open: 0,
      current_talk_id: null,
      window_id: sim.windows[sim.windows.length - 1]!.id,
      screen: 'welcome',
      version: 4 * own.length + 3,
      updated_at: iso(sim.endedAt + 300_000),
    });
    await demoResultsRepository.insertWindows(trx, sim.windows);
    await demoResultsRepository.insertLiveExperts(
      trx,
      (hallKey === 'city' ? experts : experts.slice(0, SMALL_HALL_EXPERTS)).map((x) => ({
        edition_id: edition.id,
        expert_user_id: x.userId,
        created_at: dayAfter(edition.date, -3, 10),
      })),
    );
    await demoResultsRepository.insertAttendees(trx, sim.attendees);
    await demoResultsRepository.insertBallots(trx, sim.ballots);
    if (sim.paper.length > 0) {
      // Entered from the sheets the next morning by the hall's admin, as the paper-sheet import does.
      const importedAt = dayAfter(edition.date, 1, 9, 30);
      const importId = ids.next();
      const fileName = `第${edition.seq}期纸质评分表.xlsx`;
      const rows = sim.paper.map((p) => ({ ...p, import_id: importId, created_at: importedAt }));
      await resultsRepository.insertPaperImport(
        trx,
        {
          id: importId,
          edition_id: edition.id,
          file_name: fileName,
          sha256: createHash('sha256')
            .update(JSON.stringify(rows.map((r) => [r.talk_id, r.rater_label, r.scores_json])))
            .digest('hex'),
          ballot_count: rows.length,
          imported_by: user('hall'),
          created_at: importedAt,
        },
        rows,
      );
    }
    // Published on the Monday after (the editions are on Fridays): results frozen, then closed → published.
    const publishedAt = dayAfter(edition.date, 3, 10);
    // The demo is the same on every database, codes included: its editions' rater-code secrets
    // are derived from their ids (a real edition's is random, made at its first computation).
    const salt = createHash('sha256').update(`demo-rater-code-salt:${edition.id}`).digest('hex');
    await resultsRepository.raterCodeSalt(trx, edition.id, () => salt, publishedAt);
    await freezeResults(trx, edition.id, user('hall'), publishedAt);
    // closed → published, as the lifecycle writes it (the results are frozen above).
    await editionRepository.updateStatus(trx, edition.id, 'closed', { status: 'published', status_changed_at: publishedAt, updated_at: publishedAt });
    attendeesMade += sim.attendees.length;
    ballotsMade += sim.ballots.length;
    paperMade += sim.paper.length;
  }
  state.summary.publishedEditions = editions.length;
  state.summary.attendees = attendeesMade;
  state.summary.ballots = ballotsMade;
  state.summary.paperBallots = paperMade;
}

export const resultsStep: SeedStep = { name: 'results', run: seedResults };
