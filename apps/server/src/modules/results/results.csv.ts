import type { Rubric } from '@lecture-hall/shared';
import { type AnonymousBallot, anonymousBallotHeaders, anonymousBallotRow } from './anonymous-ballots';

/*
 * The anonymised ballots as CSV (RFC 4180: comma-separated, CRLF line ends, fields with a
 * comma, quote or line break quoted and their quotes doubled), in UTF-8 with a byte-order
 * mark: without it, Excel on a Chinese Windows reads the file as GBK and shows garbage.
 */

const BOM = '\uFEFF';

/**
 * One CSV field. Text that a spreadsheet would take for a formula (starting with = + - @, a
 * tab or a carriage return) gets a leading apostrophe, so that a name can never run as a
 * formula when the file is opened (OWASP, "CSV Injection").
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = typeof value === 'number' ? String(value) : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(fields: ReadonlyArray<string | number | null>): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

/** The CSV file of the anonymised ballots (see anonymousBallots for their order). */
export function ballotsCsv(rubric: Rubric, ballots: readonly AnonymousBallot[]): Buffer {
  let text = BOM + csvLine(anonymousBallotHeaders(rubric));
  for (const b of ballots) text += csvLine(anonymousBallotRow(b));
  return Buffer.from(text, 'utf8');
}
