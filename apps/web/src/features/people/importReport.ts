import type { ImportProblem, ImportReport } from '@lecture-hall/shared';
import { isApiError } from '../../api/client';

/** A 422 import_rejected carries the full report in details; anything else is a plain error. */
export function reportFromError(err: unknown): ImportReport | null {
  if (!isApiError(err) || err.code !== 'import_rejected') return null;
  const d = err.details as Partial<ImportReport> | undefined;
  if (!d || !Array.isArray(d.problems)) return null;
  return {
    imported: false,
    dryRun: Boolean(d.dryRun),
    rows: typeof d.rows === 'number' ? d.rows : 0,
    created: 0,
    problems: d.problems as ImportProblem[],
  };
}

export const isXlsxName = (name: string): boolean => /\.xlsx$/i.test(name.trim());

/** Problems sorted as a person fixes them in Excel: top to bottom, then by column header order. */
export function sortProblems(problems: readonly ImportProblem[], columnOrder: readonly string[]): ImportProblem[] {
  const rank = (c: string) => {
    const i = columnOrder.indexOf(c);
    return i === -1 ? columnOrder.length : i;
  };
  return [...problems].sort((a, b) => a.row - b.row || rank(a.column) - rank(b.column));
}
