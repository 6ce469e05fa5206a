import fs from 'node:fs';
import { BUILTIN_SENSITIVE_WORDS } from './sensitive-words.builtin';

/**
 * The form a text is matched in: NFKC (full-width letters and digits, circled numbers and
 * compatibility ideographs become their plain forms), lower case, and without whitespace,
 * punctuation, symbols or invisible format characters, so that "加 微 信", "加-微-信",
 * "加ＶＸ" or "加\u200b微信" still read as the word. Matching only: the stored text is never changed.
 */
export function normalizeForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{White_Space}\p{P}\p{S}\p{Cf}]/gu, '');
}

/** One word or phrase a line; blank lines and lines starting with '#' are skipped. */
export function parseWordList(text: string): string[] {
  const words: string[] = [];
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const word = line.trim();
    if (word === '' || word.startsWith('#')) continue;
    words.push(word);
  }
  return words;
}

/** A sensitive-word list, normalised once; `find` names the words a text contains. */
export class SensitiveWords {
  private readonly entries: Array<{ word: string; key: string }>;

  constructor(words: readonly string[]) {
    const seen = new Set<string>();
    this.entries = [];
    for (const word of words) {
      const key = normalizeForMatch(word);
      // A line of punctuation only would match everything: skip it.
      if (key === '' || seen.has(key)) continue;
      seen.add(key);
      this.entries.push({ word, key });
    }
  }

  get size(): number {
    return this.entries.length;
  }

  /** The listed words the text contains, as the list spells them, in the order they appear in the text. */
  find(text: string): string[] {
    const haystack = normalizeForMatch(text);
    return this.entries
      .map((e) => ({ word: e.word, at: haystack.indexOf(e.key) }))
      .filter((m) => m.at >= 0)
      .sort((a, b) => a.at - b.at)
      .map((m) => m.word);
  }
}

/**
 * The list a server runs with: the file SENSITIVE_WORDS_FILE names (read once, at start; a
 * missing or unreadable file stops the start with its name), else the built-in list.
 */
export function loadSensitiveWords(file: string | undefined): SensitiveWords {
  if (!file) return new SensitiveWords(parseWordList(BUILTIN_SENSITIVE_WORDS));
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`SENSITIVE_WORDS_FILE: cannot read ${file}: ${(err as Error).message}`);
  }
  return new SensitiveWords(parseWordList(text));
}
