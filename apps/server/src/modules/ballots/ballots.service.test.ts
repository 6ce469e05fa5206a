import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/app';
import { closeWindow, flatScores, idemKey, makeAttendees, makeLiveEdition, openWindow } from '../../../test/ballot-factories';
import { DIALECTS } from '../../../test/db';

/*
 * The edition's scoring view is cached for a moment per instance. When the host moves on to the
 * next speaker, the burst of ballots that the cached view refuses shares one fresh read: each
 * ballot must still be judged on a view read after it arrived, never on the stale one.
 */

describe.each(DIALECTS)('ballots after the host moves on, on %s', (dialect) => {
  let t: TestApp;
  const db = () => t.testDb.db;

  beforeAll(async () => {
    t = await buildTestApp(dialect);
  });
  afterAll(() => t.close());

  const send = (editionId: string, token: string, talkId: string) =>
    t.app.inject({
      method: 'POST',
      url: `/api/live/${editionId}/ballots`,
      headers: { 'x-attendee-token': token },
      payload: { talkId, scores: flatScores(6), idempotencyKey: idemKey() },
    });

  it('takes a concurrent burst for the new speaker at once and refuses the old speaker’s, on the fresh view', async () => {
    const ed = await makeLiveEdition(db());
    const first = await openWindow(db(), ed.editionId, ed.talkIds[0]!);
    const attendees = await makeAttendees(db(), ed.editionId, 60);
    // The first ballot leaves the view cached with the first speaker's window open.
    expect((await send(ed.editionId, attendees[0]!.token, ed.talkIds[0]!)).statusCode).toBe(200);
    await closeWindow(db(), first);
    await openWindow(db(), ed.editionId, ed.talkIds[1]!);

    const forNext = attendees.slice(0, 40);
    const forPrevious = attendees.slice(40);
    const responses = await Promise.all([
      ...forNext.map((a) => send(ed.editionId, a.token, ed.talkIds[1]!)),
      ...forPrevious.map((a) => send(ed.editionId, a.token, ed.talkIds[0]!)),
    ]);
    expect(responses.map((r) => r.statusCode)).toEqual([...forNext.map(() => 200), ...forPrevious.map(() => 409)]);
    expect(new Set(responses.slice(forNext.length).map((r) => r.json().error.code))).toEqual(new Set(['speaker_not_on_stage']));

    const rows = await db().selectFrom('ballots').select(['talk_id', 'rater_key', 'version']).where('edition_id', '=', ed.editionId).execute();
    const onNext = rows.filter((r) => r.talk_id === ed.talkIds[1]);
    expect(rows.length).toBe(41);
    expect(new Set(onNext.map((r) => r.rater_key))).toEqual(new Set(forNext.map((a) => a.id)));
    expect(onNext.every((r) => Number(r.version) === 1)).toBe(true);
  });
});
