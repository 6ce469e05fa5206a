import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSensitiveWords, normalizeForMatch, parseWordList, SensitiveWords } from './sensitive-words';

describe('normalizeForMatch', () => {
  it('folds full-width forms, case, whitespace, punctuation, symbols and invisible characters', () => {
    expect(normalizeForMatch('加ＶＸ：１２３')).toBe('加vx123');
    expect(normalizeForMatch('加 微\u3000信')).toBe('加微信');
    expect(normalizeForMatch('加-微.信*，！')).toBe('加微信');
    expect(normalizeForMatch('加\u200b微\u200d信')).toBe('加微信');
    expect(normalizeForMatch('①号')).toBe('1号');
  });

  it('treats the full-width question mark as punctuation, like the half-width one', () => {
    expect(normalizeForMatch('怎么办？')).toBe(normalizeForMatch('怎么办?'));
  });
});

describe('parseWordList', () => {
  it('reads one word a line, skipping blank lines, comments and a byte-order mark', () => {
    expect(parseWordList('\uFEFF# 广告\n加微信\r\n\n  代开发票  \n#注释\n')).toEqual(['加微信', '代开发票']);
  });
});

describe('SensitiveWords', () => {
  const words = new SensitiveWords(['加微信', '代开发票', 'ＱＱ群', '...', '加微信']);

  it('skips words that normalise to nothing and duplicates', () => {
    expect(words.size).toBe(3);
  });

  it('finds a word as written', () => {
    expect(words.find('会后请加微信详聊')).toEqual(['加微信']);
  });

  it('finds a word with spaces or separators inserted between its characters', () => {
    expect(words.find('会后请加 微 信详聊')).toEqual(['加微信']);
    expect(words.find('会后请加-微-信详聊')).toEqual(['加微信']);
    expect(words.find('代·开·发·票，价格优惠')).toEqual(['代开发票']);
    expect(words.find('代\n开\n发\n票')).toEqual(['代开发票']);
  });

  it('finds full-width and half-width variants of a word either way', () => {
    expect(words.find('欢迎加入qq群')).toEqual(['ＱＱ群']);
    expect(words.find('欢迎加入ＱＱ群')).toEqual(['ＱＱ群']);
    expect(words.find('欢迎加入Ｑ Ｑ 群')).toEqual(['ＱＱ群']);
  });

  it('names every word found, in the order they appear', () => {
    expect(words.find('代开发票请加微信')).toEqual(['代开发票', '加微信']);
  });

  it('finds nothing in an ordinary question ending in a full-width question mark', () => {
    expect(words.find('请问基层减负的具体举措有哪些？')).toEqual([]);
  });
});

describe('loadSensitiveWords', () => {
  it('uses a few dozen built-in words when no file is set', () => {
    const builtin = loadSensitiveWords(undefined);
    expect(builtin.size).toBeGreaterThanOrEqual(24);
    expect(builtin.size).toBeLessThanOrEqual(60);
    expect(builtin.find('散会后扫码领取礼品')).toEqual(['扫码领取']);
  });

  it('uses the file SENSITIVE_WORDS_FILE names instead of the built-in list', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lh-words-'));
    const file = path.join(dir, 'words.txt');
    fs.writeFileSync(file, '# 本单位词表\n形式主义\n');
    try {
      const words = loadSensitiveWords(file);
      expect(words.size).toBe(1);
      expect(words.find('如何整治形式 主义？')).toEqual(['形式主义']);
      expect(words.find('会后加微信')).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops the start with the file name when the file cannot be read', () => {
    expect(() => loadSensitiveWords('/nonexistent/words.txt')).toThrow('SENSITIVE_WORDS_FILE: cannot read /nonexistent/words.txt');
  });
});
