import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatabaseTarget } from '../src/config';
import { createDb, type Db } from '../src/db';
import { migrateToLatest } from '../src/db/migrate';
import { type AttendeeRef, flatScores, idemKey, makeAttendees, makeLiveEdition, openWindow } from './ballot-factories';
import { type ServerProcess, startServerProcess } from './child-server';
import { createTestDb, DIALECTS, type Dialect } from './db';

/*
 * Kill -9 mid-load: the server runs as a child process; 400 attendees submit at once; the
 * child is killed without warning once some ballots have been acknowledged; a new child starts
 * on the same data, and every ballot not acknowledged is sent again with its idempotency key
 * (as the phone's outbox does), with a few acknowledged ones. Every acknowledged ballot must be
 * stored exactly once with the ballot id it was acknowledged with, and nothing counts twice.
 */

const ATTENDEES = 400;

interface Prepared {
  env: Record<string, string>;
  db: Db;
  editionId: string;
  talkId: string;
  attendees: AttendeeRef[];
  drop(): Promise<void>;
}

async function prepare(dialect: Dialect): Promise<Prepared> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-crash-'));
  let db: Db;
  let env: Record<string, string>;
  let dropDb: () => Promise<void>;
  if (dialect === 'sqlite') {
    const file = path.join(dataDir, 'lecture-hall.db');
    const target: DatabaseTarget = { dialect: 'sqlite', file };
    db = createDb(target);
    await migrateToLatest(db);
    env = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${file}` };
    dropDb = () => db.destroy();
  } else {
    const t = await createTestDb('postgres');
    db = t.db;
    env = { DATA_DIR: dataDir, DATABASE_URL: (t.target as { url: string }).url };
    dropDb = t.drop;
  }
  const ed = await makeLiveEdition(db);
  const talkId = ed.talkIds[0]!;
  await openWindow(db, ed.editionId, talkId);
  const attendees = await makeAttendees(db, ed.editionId, ATTENDEES);
  return {
    env,
    db,
    editionId: ed.editionId,
    talkId,
    attendees,
    async drop() {
      await dropDb();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe.each(DIALECTS)('ballots survive kill -9 on %s', (dialect) => {
  let prepared: Prepared | undefined;
  let server: ServerProcess | undefined;
  afterAll(async () => {
    await server?.kill9();
    await prepared?.drop();
  });

  it('stores every acknowledged ballot exactly once and, after resubmission, every ballot once', async () => {
    prepared = await prepare(dialect);
    const p = prepared;
    server = await startServerProcess({ env: p.env });
    const bodies = p.attendees.map((_, i) => ({ talkId: p.talkId, scores: flatScores(1 + (i % 10)), idempotencyKey: idemKey() }));
    const send = (base: string, i: number) =>
      fetch(`${base}/api/live/${p.editionId}/ballots`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-attendee-token': p.attendees[i]!.token },
        body: JSON.stringify(bodies[i]),
      });

    // Twenty phones' worth of lanes at once, each sending its share one after another, and the
    // child dies as soon as a quarter has been acknowledged: lanes keep sending into the kill.
    // (All 400 fired at once can land in one group commit and be acknowledged together before
    // the signal arrives, and then nothing would be in flight when the server dies.)
    const LANES = 20;
    const acks = new Map<number, { ballotId: string; version: number }>();
    let killing: Promise<void> | null = null;
    const first = server;
    await Promise.all(
      Array.from({ length: LANES }, async (_, lane) => {
        for (let i = lane; i < p.attendees.length; i += LANES) {
          try {
            const res = await send(first.base, i);
            if (res.status !== 200) throw new Error(`status ${res.status}`);
            const ack = (await res.json()) as { ballotId: string; version: number };
            acks.set(i, ack);
            if (acks.size >= ATTENDEES / 4 && !killing) killing = first.kill9();
          } catch {
            // The connection died with the server: not acknowledged, the phone will resend.
          }
        }
      }),
    );
    await killing;
    expect(first.proc.signalCode).toBe('SIGKILL');
    expect(acks.size).toBeGreaterThanOrEqual(ATTENDEES / 4);
    expect(acks.size).toBeLessThan(ATTENDEES);

    // Acknowledged means committed: each is there, once, under the id the phone was given.
    const afterCrash = await p.db
      .selectFrom('ballots')
      .select(['id', 'idempotency_key', 'rater_key', 'version'])
      .where('edition_id', '=', p.editionId)
      .execute();
    const byKey = new Map(afterCrash.map((r) => [r.idempotency_key, r]));
    for (const [i, ack] of acks) expect(byKey.get(bodies[i]!.idempotencyKey)?.id).toBe(ack.ballotId);
    expect(afterCrash.length).toBeGreaterThanOrEqual(acks.size);

    // A new process on the same data; phones resend what was not acknowledged, and a few that were.
    server = await startServerProcess({ env: p.env });
    const second = server;
    const unacked = p.attendees.map((_, i) => i).filter((i) => !acks.has(i));
    const again = [...acks.keys()].slice(0, 20);
    const resent = await Promise.all(
      [...unacked, ...again].map(async (i) => {
        const res = await send(second.base, i);
        return { i, status: res.status, ack: (await res.json()) as { ballotId: string; version: number; duplicate: boolean } };
      }),
    );
    expect(resent.filter((r) => r.status !== 200)).toEqual([]);
    for (const r of resent.filter((x) => acks.has(x.i))) expect(r.ack).toMatchObject({ ballotId: acks.get(r.i)!.ballotId, duplicate: true });
    // Those that had committed without their answer getting out come back as duplicates, the rest as new.
    const landedUnanswered = resent.filter((r) => !acks.has(r.i) && byKey.has(bodies[r.i]!.idempotencyKey));
    expect(landedUnanswered.every((r) => r.ack.duplicate && r.ack.ballotId === byKey.get(bodies[r.i]!.idempotencyKey)!.id)).toBe(true);

    const rows = await p.db.selectFrom('ballots').select(['idempotency_key', 'rater_key', 'version']).where('edition_id', '=', p.editionId).execute();
    expect(rows.length).toBe(ATTENDEES);
    expect(new Set(rows.map((r) => r.rater_key)).size).toBe(ATTENDEES);
    expect(rows.every((r) => Number(r.version) === 1)).toBe(true);
    expect(new Set(rows.map((r) => r.idempotency_key))).toEqual(new Set(bodies.map((b) => b.idempotencyKey)));
    await second.stop();
  }, 60_000);
});
