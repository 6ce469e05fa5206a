/**
 * Terminal output that lines up with Chinese text: CJK characters and full-width forms take
 * two columns in a terminal, so padding counts columns, not characters.
 */

function isWide(code: number): boolean {
  return (
    (code >= 0x1100 && code <= 0x115f) ||
    (code >= 0x2e80 && code <= 0xa4cf) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe30 && code <= 0xfe4f) ||
    (code >= 0xff00 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

export function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Lines framed in a box; an empty string is a blank line. */
export function box(lines: string[]): string {
  const width = Math.max(...lines.map(displayWidth));
  const bar = '═'.repeat(width + 4);
  return [`╔${bar}╗`, ...lines.map((l) => `║  ${padEnd(l, width)}  ║`), `╚${bar}╝`].join('\n');
}

/** Rows as aligned columns, the first row a header underlined. */
export function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => displayWidth(r[c] ?? ''))));
  const fmt = (r: string[]) =>
    r
      .map((cell, c) => padEnd(cell, widths[c]!))
      .join('  ')
      .trimEnd();
  return [fmt(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)];
}
