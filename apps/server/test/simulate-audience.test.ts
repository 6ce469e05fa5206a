import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulateAudience } from '../src/simulate/simulate-audience';
import { buildTestApp, type TestApp } from './app';
import { makeLiveEdition, openWindow } from './ballot-factories';

/*
 * `npm run cli -- simulate-audience` against a real listening server, over HTTP only: phones
 * check in and, once scoring is open, score the speaker on stage. Bounded to 12 s of the
 * simulation's own clock (its ballots are spread over 40 s, so part of them is sent).
 */
describe('simulate-audience against a running server', () => {
  let t: TestApp;
  let base: string;

  beforeAll(async () => {
    t = await buildTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  it('checks every attendee in once, and every ballot the server acknowledged is stored once, on the scale, for the talk on stage', async () => {
    const db = t.testDb.db;
    const edition = await makeLiveEdition(db, { talks: 3 });
    await openWindow(db, edition.editionId, edition.talkIds[0]!);
    const lines: string[] = [];
    const summary = await simulateAudience({ baseUrl: base, editionId: edition.editionId, attendees: 30, minutes: 0.2, seed: 7, log: (l) => lines.push(l) });
    // Ballots already sent when the time ran out are still answered: wait for their answers.
    for (let i = 0; i < 50 && summary.ballotsAcked + Object.values(summary.ballotsRefused).reduce((a, n) => a + n, 0) < summary.ballotsSent; i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    await t.app.services.ballots.drained();

    expect(summary).toMatchObject({ checkedIn: 30, rosterMatches: 0, windows: 1, endedBy: 'minutes', ballotsRefused: {} });
    const attendees = await db.selectFrom('attendees').select('id').where('edition_id', '=', edition.editionId).execute();
    expect(attendees).toHaveLength(30);

    expect(summary.ballotsAcked).toBeGreaterThan(0);
    expect(summary.ballotsAcked).toBe(summary.ballotsSent);
    const ballots = await db
      .selectFrom('ballots')
      .select(['talk_id', 'rater_key', 'version', 'scores_json'])
      .where('edition_id', '=', edition.editionId)
      .execute();
    expect(ballots).toHaveLength(summary.ballotsAcked);
    expect(new Set(ballots.map((b) => `${b.rater_key}:${b.version}`)).size).toBe(ballots.length);
    expect(ballots.filter((b) => Number(b.version) > 1)).toHaveLength(summary.amendments);
    for (const b of ballots) {
      expect(b.talk_id).toBe(edition.talkIds[0]);
      for (const v of Object.values(JSON.parse(b.scores_json) as Record<string, number>)) expect(v >= 1 && v <= 10 && Number.isInteger(v)).toBe(true);
    }
    expect(lines[0]).toContain('30 attendees');
  }, 40_000);
});
