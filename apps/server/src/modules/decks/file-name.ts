import type { DeckKind } from '@lecture-hall/shared';

/*
 * The name an uploaded deck is kept and offered for download under. Chinese is kept as it is;
 * whatever could steer a path, hide the real extension or upset a file system is not.
 */

export const MAX_FILENAME_LENGTH = 120;

/** Windows' reserved device names, refused there whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
/** An extension to replace: 2–5 ASCII letters or digits with at least one letter (so "v1.2" keeps its "2"). */
const EXTENSION = /\.(?=[A-Za-z0-9]*[A-Za-z])[A-Za-z0-9]{2,5}$/;

/**
 * Makes an uploaded name safe, and gives it the extension of the kind its content was detected
 * as (a PDF uploaded as "deck.pptx" is kept as "deck.pdf"):
 * - only the part after the last `/` or `\` is kept (no `../`, no folders);
 * - control characters (C0, DEL, C1), bidirectional overrides (which can disguise an
 *   extension, "gpj.exe" shown as "exe.jpg") and characters Windows forbids (`<>:"/\|?*`) go;
 * - leading dots and spaces and trailing dots and spaces go (hidden files; Windows trims them);
 * - a Windows device name (CON, NUL, COM1…) gets a leading underscore;
 * - the result is at most 120 characters, the extension included;
 * - nothing left gives 课件.pdf or 课件.pptx.
 */
export function sanitizeDeckFilename(raw: string, kind: DeckKind): string {
  const ext = `.${kind}`;
  let name = raw.normalize('NFC');
  name = name.split(/[/\\]/).pop() ?? '';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
  name = name.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '');
  name = name.replace(/[<>:"|?*]/g, '');
  name = name.replace(/\s+/g, ' ');
  name = name.replace(EXTENSION, '');
  name = name.replace(/^[.\s]+|[.\s]+$/g, '');
  if (RESERVED.test(name)) name = `_${name}`;
  // Counted in characters (code points), so a cut never splits a Chinese character or an emoji.
  const chars = Array.from(name);
  const room = MAX_FILENAME_LENGTH - ext.length;
  if (chars.length > room)
    name = chars
      .slice(0, room)
      .join('')
      .replace(/[.\s]+$/, '');
  if (name === '') name = '课件';
  return `${name}${ext}`;
}

/** The downloaded name for the PDF preview of a deck: the deck's name with .pdf. */
export function previewFilename(filename: string): string {
  return filename.replace(/\.pptx$/i, '.pdf');
}
