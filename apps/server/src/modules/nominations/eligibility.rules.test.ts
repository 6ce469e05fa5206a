import { describe, expect, it } from 'vitest';
import {
  alreadyNominated,
  checkEligibility,
  type EligibilityFacts,
  editionNotRecruiting,
  mayStand,
  openNomination,
  outsideHall,
  quotaReached,
  spokeRecently,
  tooOld,
} from './eligibility.rules';

const talkAt = (seq: number, status = 'published') => ({ editionId: `e${seq}`, editionSeq: seq, editionStatus: status });

describe('too_old: age on the edition date against the hall limit', () => {
  it('keeps a person of exactly the limit eligible, the day before the birthday that passes it', () => {
    expect(tooOld('1986-03-15', '2026-03-14', 39)).toBeNull();
  });
  it('refuses from the day of that birthday on, with the age and the date', () => {
    expect(tooOld('1986-03-15', '2026-03-15', 39)).toEqual({
      code: 'too_old',
      message: '讲课人应为年轻干部：截至本期日期（2026-03-15）年满 40 岁，超过本讲堂 39 岁的年龄上限',
    });
  });
  it('counts the age on the edition date, not today: 40 is still young under a limit of 40', () => {
    expect(tooOld('1986-03-15', '2026-03-15', 40)).toBeNull();
    expect(tooOld('1986-03-15', '2027-03-14', 40)).toBeNull();
    expect(tooOld('1986-03-15', '2027-03-15', 40)?.message).toBe('讲课人应为年轻干部：截至本期日期（2027-03-15）年满 41 岁，超过本讲堂 40 岁的年龄上限');
  });
  it('handles a 29 February birthday: the birthday counts from 1 March in common years', () => {
    expect(tooOld('1988-02-29', '2029-02-28', 40)).toBeNull();
    expect(tooOld('1988-02-29', '2029-03-01', 40)?.code).toBe('too_old');
  });
});

describe('spoke_recently: no talk within the repeat window', () => {
  const msg = '第1期已讲过课，按规定 4 期内不得再次登台';
  it('blocks editions 2 to 5 after a talk at 1 with a window of 4, and lets 6 through', () => {
    for (const seq of [2, 3, 4, 5]) expect(spokeRecently([talkAt(1)], seq, 4)).toEqual({ code: 'spoke_recently', message: msg });
    expect(spokeRecently([talkAt(1)], 6, 4)).toBeNull();
  });
  it('names the nearest earlier talk when there are several', () => {
    expect(spokeRecently([talkAt(1), talkAt(3)], 5, 4)?.message).toBe('第3期已讲过课，按规定 4 期内不得再次登台');
  });
  it('blocks a later edition that has not taken place, but not one already held', () => {
    expect(spokeRecently([talkAt(9, 'preparing')], 7, 4)?.message).toBe('第9期已讲过课，按规定 4 期内不得再次登台');
    expect(spokeRecently([talkAt(9, 'closed')], 7, 4)).toBeNull();
    expect(spokeRecently([talkAt(9, 'published')], 7, 4)).toBeNull();
  });
  it('ignores the edition itself and turns off with a window of 0', () => {
    expect(spokeRecently([talkAt(5, 'recruiting')], 5, 4)).toBeNull();
    expect(spokeRecently([talkAt(4), talkAt(6, 'ready')], 5, 0)).toBeNull();
  });
  it('with a window of 1 blocks only the very next edition', () => {
    expect(spokeRecently([talkAt(3)], 4, 1)?.message).toBe('第3期已讲过课，按规定 1 期内不得再次登台');
    expect(spokeRecently([talkAt(3)], 5, 1)).toBeNull();
  });
});

describe('open_nomination and already_nominated', () => {
  it('refuses a person waiting for a decision in another edition of the hall', () => {
    expect(openNomination([{ editionId: 'e2', editionSeq: 2, state: 'submitted' }], 'e3')).toEqual({
      code: 'open_nomination',
      message: '已在第2期推选中，每人在同一讲堂只能有一个未决推选',
    });
    expect(openNomination([{ editionId: 'e2', editionSeq: 2, state: 'shortlisted' }], 'e3')?.code).toBe('open_nomination');
  });
  it('lets through a person whose other nominations are decided', () => {
    for (const state of ['selected', 'not_selected', 'withdrawn']) expect(openNomination([{ editionId: 'e2', editionSeq: 2, state }], 'e3')).toBeNull();
  });
  it('refuses a second nomination for the same edition, unless the first was withdrawn', () => {
    expect(alreadyNominated([{ editionId: 'e3', editionSeq: 3, state: 'not_selected' }], 'e3')).toEqual({
      code: 'already_nominated',
      message: '已被推选参加本期',
    });
    expect(alreadyNominated([{ editionId: 'e3', editionSeq: 3, state: 'withdrawn' }], 'e3')).toBeNull();
    // An open nomination in this same edition is the duplicate, not an "open nomination elsewhere".
    expect(openNomination([{ editionId: 'e3', editionSeq: 3, state: 'submitted' }], 'e3')).toBeNull();
  });
});

describe('outside_hall, quota_reached and edition_not_recruiting', () => {
  it('refuses a person whose unit is outside the hall unit subtree, naming the hall unit', () => {
    expect(outsideHall('/c/b/x/', '/c/b/', '市卫健委')).toBeNull();
    expect(outsideHall('/c/b/', '/c/b/', '市卫健委')).toBeNull();
    expect(outsideHall('/c/o/', '/c/b/', '市卫健委')).toEqual({ code: 'outside_hall', message: '不属于本讲堂的单位范围（讲堂主办单位：市卫健委）' });
  });
  it('counts a quota for unit recommendations only: one place left passes, none left refuses', () => {
    expect(quotaReached('unit_recommendation', 2, 1)).toBeNull();
    expect(quotaReached('unit_recommendation', 2, 2)).toEqual({ code: 'quota_reached', message: '本单位本期推荐名额（2 人）已用完' });
    expect(quotaReached('unit_recommendation', null, 50)).toBeNull();
    expect(quotaReached('org_pick', 2, 2)).toBeNull();
    expect(quotaReached('self', 2, 2)).toBeNull();
  });
  it('takes nominations only while the edition recruits', () => {
    expect(editionNotRecruiting('recruiting')).toBeNull();
    for (const s of ['planning', 'preparing', 'ready', 'live', 'closed', 'published']) {
      expect(editionNotRecruiting(s)).toEqual({ code: 'edition_not_recruiting', message: '本期不在推选阶段' });
    }
  });
});

describe('checkEligibility', () => {
  const facts = (over: Partial<EligibilityFacts> = {}): EligibilityFacts => ({
    channel: 'unit_recommendation',
    existing: false,
    edition: { id: 'e5', seq: 5, date: '2026-03-15', status: 'recruiting', unitQuota: 2 },
    hall: { youngAgeLimit: 40, repeatWindow: 4, unitPath: '/c/b/', unitName: '市卫健委' },
    person: { birthDate: '1990-01-01', unitPath: '/c/b/x/' },
    talks: [],
    nominations: [],
    recommendationsUsed: 0,
    ...over,
  });

  it('finds an eligible person eligible, with no reasons', () => {
    expect(checkEligibility(facts())).toEqual({ eligible: true, reasons: [] });
  });

  it('lists every reason that applies, in a fixed order', () => {
    const result = checkEligibility(
      facts({
        edition: { id: 'e5', seq: 5, date: '2026-03-15', status: 'preparing', unitQuota: 1 },
        person: { birthDate: '1980-01-01', unitPath: '/c/o/' },
        talks: [talkAt(2)],
        nominations: [
          { editionId: 'e4', editionSeq: 4, state: 'submitted' },
          { editionId: 'e5', editionSeq: 5, state: 'submitted' },
        ],
        recommendationsUsed: 1,
      }),
    );
    expect(result.eligible).toBe(false);
    expect(result.reasons.map((r) => r.code)).toEqual([
      'too_old',
      'spoke_recently',
      'open_nomination',
      'already_nominated',
      'outside_hall',
      'quota_reached',
      'edition_not_recruiting',
    ]);
  });

  it('re-checking an existing nomination leaves out whether the edition still recruits', () => {
    const edition = { id: 'e5', seq: 5, date: '2026-03-15', status: 'preparing', unitQuota: null };
    expect(checkEligibility(facts({ existing: true, edition }))).toEqual({ eligible: true, reasons: [] });
  });

  it('lets an override lift the personal rules but never the hall, the duplicate or the edition state', () => {
    const old = checkEligibility(facts({ person: { birthDate: '1980-01-01', unitPath: '/c/b/' } }));
    expect(mayStand(old, false)).toBe(false);
    expect(mayStand(old, true)).toBe(true);
    const outside = checkEligibility(facts({ person: { birthDate: '1980-01-01', unitPath: '/c/o/' } }));
    expect(mayStand(outside, true)).toBe(false);
  });
});
