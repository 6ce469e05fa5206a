import { randomBytes } from 'node:crypto';
import type { LiveSnapshot } from '@lecture-hall/shared';
import { ballotDelayMs, ballotScores, type Persona, persona, QUESTIONS, type Rng, seededRng, speakerQuality } from './audience.rules';

/*
 * `npm run cli -- simulate-audience`: a simulated audience against a RUNNING server, over HTTP
 * only, as phones would: each checks in (guests of the three categories, a few by roster
 * match), follows the live state by polling it every second, scores when a window opens
 * (see audience.rules.ts for how), asks a few questions and upvotes approved ones. It stops
 * after the given minutes or when the host ends the session.
 */

export interface RosterEntry {
  name: string;
  unitId: string;
  phoneLast4: string;
}

export interface SimulateOptions {
  baseUrl: string;
  editionId: string;
  attendees: number;
  minutes: number;
  seed?: number;
  /** People of the roster some attendees check in as (name + unit + last four phone digits). */
  roster?: RosterEntry[];
  log?: (line: string) => void;
}

export interface SimulateSummary {
  checkedIn: number;
  rosterMatches: number;
  ballotsSent: number;
  ballotsAcked: number;
  ballotsRefused: Record<string, number>;
  amendments: number;
  questions: number;
  upvotes: number;
  windows: number;
  endedBy: 'minutes' | 'session_ended';
}

interface Phone {
  token: string;
  persona: Persona;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const key = () => randomBytes(12).toString('base64url');

export class SimulationError extends Error {}

export async function simulateAudience(opts: SimulateOptions): Promise<SimulateSummary> {
  const log = opts.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const rng: Rng = seededRng(opts.seed ?? Date.now() % 2 ** 31);
  const base = opts.baseUrl.replace(/\/$/, '');
  const live = `${base}/api/live/${encodeURIComponent(opts.editionId)}`;
  const summary: SimulateSummary = {
    checkedIn: 0,
    rosterMatches: 0,
    ballotsSent: 0,
    ballotsAcked: 0,
    ballotsRefused: {},
    amendments: 0,
    questions: 0,
    upvotes: 0,
    windows: 0,
    endedBy: 'minutes',
  };
  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => Promise<void>) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn().catch(() => {});
    }, ms);
    timers.add(t);
  };

  async function post(url: string, body: unknown, token?: string): Promise<{ status: number; json: any }> {
    // A phone retries a request whose answer it never got, with the same body (and key).
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { 'x-attendee-token': token } : {}) },
          body: JSON.stringify(body),
        });
        return { status: res.status, json: await res.json().catch(() => null) };
      } catch (err) {
        if (attempt >= 3) throw err;
        await sleep(500 * 2 ** attempt);
      }
    }
  }

  async function snapshot(): Promise<LiveSnapshot> {
    const res = await fetch(live);
    if (res.status === 404) throw new SimulationError(`edition ${opts.editionId} not found at ${base} (本期不存在)`);
    if (!res.ok) throw new SimulationError(`GET ${live} answered ${res.status}`);
    return (await res.json()) as LiveSnapshot;
  }

  let state = await snapshot();
  log(`模拟听众 · ${state.hallName} ${state.editionTitle}: ${opts.attendees} attendees against ${base}`);

  // Check-in, 20 phones at a time; waits for the host to open it.
  const phones: Phone[] = [];
  const roster = [...(opts.roster ?? [])].slice(0, Math.max(0, Math.round(opts.attendees * 0.03)));
  const people = Array.from({ length: opts.attendees }, (_, i) => ({ i, persona: persona(rng) }));
  const deadline = Date.now() + opts.minutes * 60_000;
  let waitingSaid = false;
  let next = 0;
  async function checkInOne(i: number, p: Persona): Promise<void> {
    const match = roster[i];
    const body = match
      ? { mode: 'roster', name: match.name, unitId: match.unitId, phoneLast4: match.phoneLast4, category: p.category, className: p.className }
      : { mode: 'guest', category: p.category, className: p.className, name: '' };
    for (;;) {
      const res = await post(`${live}/check-in`, body);
      if (res.status === 201) {
        phones.push({ token: res.json.token as string, persona: p });
        summary.checkedIn += 1;
        if (match) summary.rosterMatches += 1;
        return;
      }
      if (match && res.status !== 409) {
        // A roster row that does not match (or the roster limit): this one comes as a guest.
        return checkInOne(-1, p);
      }
      if (res.status !== 409 || Date.now() > deadline) throw new SimulationError(`check-in answered ${res.status}: ${JSON.stringify(res.json)}`);
      if (!waitingSaid) {
        waitingSaid = true;
        log('签到尚未开放，等待主持人开放签到 (waiting for the host to open check-in) …');
      }
      await sleep(2000);
    }
  }
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < people.length) {
        const { i, persona: p } = people[next++]!;
        await checkInOne(i, p);
      }
    }),
  );
  log(`checked in ${summary.checkedIn} (${summary.rosterMatches} by roster match)`);

  const qualities = new Map<string, number>();
  const qualityOf = (talkId: string) => {
    if (!qualities.has(talkId)) qualities.set(talkId, speakerQuality(rng));
    return qualities.get(talkId)!;
  };
  let windowOpen: string | null = null;

  async function sendBallot(phone: Phone, talkId: string, windowId: string, amendment: boolean): Promise<void> {
    if (windowOpen !== windowId) return;
    summary.ballotsSent += 1;
    const res = await post(
      `${live}/ballots`,
      { talkId, scores: ballotScores(rng, state.rubric, qualityOf(talkId), phone.persona), idempotencyKey: key() },
      phone.token,
    );
    if (res.status === 200) {
      summary.ballotsAcked += 1;
      if (amendment) summary.amendments += 1;
      if (!amendment && rng() < phone.persona.amendChance) later(5000 + rng() * 15_000, () => sendBallot(phone, talkId, windowId, true));
    } else {
      const code = (res.json?.error?.code as string | undefined) ?? String(res.status);
      summary.ballotsRefused[code] = (summary.ballotsRefused[code] ?? 0) + 1;
    }
  }

  const upvoteConsidered = new Set<string>();
  let lastReport = 0;
  for (;;) {
    try {
      state = await snapshot();
    } catch (err) {
      if (err instanceof SimulationError) throw err;
      log(`server unreachable (${(err as Error).message}); retrying`);
      await sleep(1000);
      continue;
    }
    if (state.step === 'ended') {
      summary.endedBy = 'session_ended';
      break;
    }
    if (Date.now() > deadline) break;

    const w = state.window;
    const open = w && w.closedAt === null && (w.closesAt === null || Date.parse(w.closesAt) > Date.now()) ? w : null;
    if (open && open.id !== windowOpen) {
      windowOpen = open.id;
      summary.windows += 1;
      const talk = state.talks.find((t) => t.talkId === open.talkId);
      log(`评分开放 · scoring opened for ${talk ? `${talk.order}. ${talk.speakerName}` : open.talkId}`);
      for (const phone of phones) if (phone.persona.participates) later(ballotDelayMs(rng), () => sendBallot(phone, open.talkId, open.id, false));
    } else if (!open && windowOpen) {
      windowOpen = null;
      log('评分关闭 · scoring closed');
    }

    // Questions: during a talk and its Q&A, about one every few seconds from a hall of 300.
    if ((state.step === 'talk' || state.step === 'qa') && phones.length > 0 && rng() < Math.min(0.5, phones.length / 1500)) {
      const phone = phones[Math.floor(rng() * phones.length)]!;
      const text = QUESTIONS[Math.floor(rng() * QUESTIONS.length)]!;
      const res = await post(`${live}/questions`, { text, talkId: state.currentTalkId, idempotencyKey: key() }, phone.token);
      if (res.status === 201) summary.questions += 1;
    }
    // Upvotes: each approved question gets some of the hall behind it over the next 20 s.
    for (const q of state.questions) {
      if (upvoteConsidered.has(q.id)) continue;
      upvoteConsidered.add(q.id);
      const share = 0.05 + rng() * 0.25;
      for (const phone of phones) {
        if (rng() >= share) continue;
        later(rng() * 20_000, async () => {
          const res = await post(`${base}/api/questions/${encodeURIComponent(q.id)}/upvote`, {}, phone.token);
          if (res.status === 200) summary.upvotes += 1;
        });
      }
    }

    if (Date.now() - lastReport >= 5000) {
      lastReport = Date.now();
      const refused = Object.entries(summary.ballotsRefused)
        .map(([c, n]) => `${c} ${n}`)
        .join(', ');
      log(
        `[${new Date().toLocaleTimeString('zh-CN', { hour12: false })}] step ${state.step} · ballots ${summary.ballotsAcked}/${summary.ballotsSent} acked` +
          `${refused ? ` (refused: ${refused})` : ''} · amendments ${summary.amendments} · questions ${summary.questions} · upvotes ${summary.upvotes}`,
      );
    }
    await sleep(1000);
  }
  for (const t of timers) clearTimeout(t);
  log(`done (${summary.endedBy === 'session_ended' ? 'the host ended the session' : `${opts.minutes} min elapsed`}): ${JSON.stringify(summary)}`);
  return summary;
}
