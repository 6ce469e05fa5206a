import type { Nomination } from '@lecture-hall/shared';
import { OPEN_NOMINATION_STATES } from '@lecture-hall/shared/domain/programme';

/** The list with the item at `from` moved to `to`; out-of-range moves return an unchanged copy. */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (from < 0 || from >= out.length || to < 0 || to >= out.length || from === to) return out;
  const [item] = out.splice(from, 1);
  out.splice(to, 0, item as T);
  return out;
}

/** Adds the id at the end of the running order while there is room, or takes it out. */
export function toggleSelected(ids: readonly string[], id: string, limit: number): string[] {
  if (ids.includes(id)) return ids.filter((x) => x !== id);
  if (ids.length >= limit) return [...ids];
  return [...ids, id];
}

/** Keeps the running order of `ordered` for the ids still in `chosen`, then appends new ones in their given order. */
export function mergeOrder(ordered: readonly string[], chosen: readonly string[]): string[] {
  const set = new Set(chosen);
  const kept = ordered.filter((id) => set.has(id));
  const keptSet = new Set(kept);
  return [...kept, ...chosen.filter((id) => !keptSet.has(id))];
}

export const isOpen = (n: Pick<Nomination, 'state'>) => OPEN_NOMINATION_STATES.includes(n.state);

/** A candidate may be chosen as a speaker while open, and eligible or let through by an override. */
export const isSelectable = (n: Pick<Nomination, 'state' | 'eligibility' | 'override'>) => isOpen(n) && (n.eligibility.eligible || n.override !== null);

/** The speakers already confirmed, in running order, to start the selection panel from. */
export function initialSelection(noms: readonly Pick<Nomination, 'id' | 'state' | 'order'>[]): string[] {
  return noms
    .filter((n) => n.state === 'selected')
    .sort((a, b) => (a.order ?? Number.MAX_SAFE_INTEGER) - (b.order ?? Number.MAX_SAFE_INTEGER))
    .map((n) => n.id);
}

/** Whether the selection can be confirmed: exactly the edition's speaker count, no duplicates. */
export function selectionStatus(ids: readonly string[], speakerCount: number): 'ok' | 'tooFew' | 'tooMany' | 'duplicate' {
  if (new Set(ids).size !== ids.length) return 'duplicate';
  if (ids.length < speakerCount) return 'tooFew';
  if (ids.length > speakerCount) return 'tooMany';
  return 'ok';
}
