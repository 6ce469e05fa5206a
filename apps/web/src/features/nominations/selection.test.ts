import { describe, expect, it } from 'vitest';
import { initialSelection, isSelectable, mergeOrder, moveItem, selectionStatus, toggleSelected } from './selection';

describe('speaker selection ordering', () => {
  it('moves an item up, down and to the ends', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 2, 1)).toEqual(['a', 'c', 'b', 'd']);
    expect(moveItem(['a', 'b', 'c', 'd'], 0, 3)).toEqual(['b', 'c', 'd', 'a']);
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 0)).toEqual(['d', 'a', 'b', 'c']);
  });

  it('ignores moves past either end and leaves the input untouched', () => {
    const list = ['a', 'b'];
    expect(moveItem(list, 0, -1)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 2)).toEqual(['a', 'b']);
    expect(moveItem(list, 1, 0)).toEqual(['b', 'a']);
    expect(list).toEqual(['a', 'b']);
  });

  it('adds at the end until the speaker count is reached and removes on a second click', () => {
    let ids: string[] = [];
    for (const id of ['a', 'b', 'c']) ids = toggleSelected(ids, id, 2);
    expect(ids).toEqual(['a', 'b']);
    expect(toggleSelected(ids, 'a', 2)).toEqual(['b']);
  });

  it('keeps the running order when the chosen set changes', () => {
    expect(mergeOrder(['c', 'a', 'b'], ['a', 'b', 'c', 'd'])).toEqual(['c', 'a', 'b', 'd']);
    expect(mergeOrder(['c', 'a', 'b'], ['b', 'c'])).toEqual(['c', 'b']);
  });

  it('starts from the confirmed speakers in running order', () => {
    expect(
      initialSelection([
        { id: 'x', state: 'selected', order: 2 },
        { id: 'y', state: 'shortlisted', order: null },
        { id: 'z', state: 'selected', order: 1 },
      ]),
    ).toEqual(['z', 'x']);
  });

  it('confirms only exactly the speaker count', () => {
    expect(selectionStatus(['a', 'b'], 3)).toBe('tooFew');
    expect(selectionStatus(['a', 'b', 'c'], 3)).toBe('ok');
    expect(selectionStatus(['a', 'b', 'c', 'd'], 3)).toBe('tooMany');
    expect(selectionStatus(['a', 'a', 'b'], 3)).toBe('duplicate');
  });

  it('lets only open, eligible or overridden candidates be chosen', () => {
    const ok = { eligible: true, reasons: [] };
    const bad = { eligible: false, reasons: [{ code: 'too_old' as const, message: '超龄' }] };
    const over = { reason: '工作突出，破格推选', by: 'admin', at: '2025-01-01' };
    expect(isSelectable({ state: 'submitted', eligibility: ok, override: null })).toBe(true);
    expect(isSelectable({ state: 'shortlisted', eligibility: bad, override: null })).toBe(false);
    expect(isSelectable({ state: 'shortlisted', eligibility: bad, override: over })).toBe(true);
    expect(isSelectable({ state: 'withdrawn', eligibility: ok, override: null })).toBe(false);
  });
});
