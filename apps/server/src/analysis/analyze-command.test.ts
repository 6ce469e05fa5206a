import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AnalyzeOptionError, analyzeCommandOutput, DEFAULT_TRIM, trimFromOptions } from './analyze-command';
import { parseCsv, ScoreFileError } from './score-file';

// The real command, as an operator runs it: a child process from the repository root. Each
// start costs a few seconds (tsx compiles the CLI), so variants of one run are tested in-process.
const root = path.resolve(import.meta.dirname, '../../../..');
const fixtures = path.join(root, 'apps/server/test/fixtures/analyze');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'analyze-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'apps/server/src/cli.ts', 'analyze', ...args],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' }, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('trimFromOptions', () => {
  it('defaults to one score from each end (去掉一个最高分和一个最低分)', () => {
    expect(trimFromOptions(undefined, undefined)).toEqual({ k: 1 });
    expect(DEFAULT_TRIM).toEqual({ k: 1 });
  });

  it('takes --trim K or --trim-fraction F', () => {
    expect(trimFromOptions('2', undefined)).toEqual({ k: 2 });
    expect(trimFromOptions(undefined, '0.1')).toEqual({ fraction: 0.1 });
  });

  it.each([
    ['1', '0.1'],
    ['-1', undefined],
    ['1.5', undefined],
    [undefined, '0.5'],
    [undefined, 'abc'],
  ])('refuses --trim %s --trim-fraction %s', (k, f) => {
    expect(() => trimFromOptions(k, f)).toThrow(AnalyzeOptionError);
  });
});

describe('analyze on Shrout & Fleiss (1979) Table 2 (6 speakers × 4 raters × 1 dimension)', () => {
  const file = path.join(fixtures, 'shrout-fleiss-1979.csv');

  it('prints one JSON object with the published ICCs and the hand-computed figures', async () => {
    const run = await cli(file, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const a = JSON.parse(run.stdout);
    const icc = a.reliability.icc;
    expect(icc.ICC1).toBeCloseTo(0.17, 2);
    expect(icc.ICC2).toBeCloseTo(0.29, 2);
    expect(icc.ICC3).toBeCloseTo(0.71, 2);
    expect(icc.ICC1k).toBeCloseTo(0.44, 2);
    expect(icc.ICC2k).toBeCloseTo(0.62, 2);
    expect(icc.ICC3k).toBeCloseTo(0.91, 2);
    expect(a.reliability.cronbachAlpha).toBeNull();
    // Mid-rank sums 17, 6, 19, 7.5, 23.5, 11; W = 12·239.5 / (16·210 − 4·30).
    expect(a.reliability.kendallW).toBeCloseTo(2874 / 3240, 12);
    // Default trim k = 1 of four scores: the mean of the middle two.
    const rows = a.speakers.map((s: { speaker: string; rank: number; mean: number; trimmedMean: number; n: number }) => [
      s.speaker,
      s.rank,
      s.n,
      s.mean,
      s.trimmedMean,
    ]);
    expect(rows).toEqual([
      ['S5', 1, 4, 7.5, 7.5],
      ['S3', 2, 4, 6.5, 7],
      ['S1', 3, 4, 6, 6.5],
      ['S6', 4, 4, 4.75, 5],
      ['S4', 5, 4, 4, 4],
      ['S2', 6, 4, 3, 2.5],
    ]);
    expect(a.raters.map((r: { rater: string; n: number }) => [r.rater, r.n])).toEqual([
      ['J1', 6],
      ['J2', 6],
      ['J3', 6],
      ['J4', 6],
    ]);
    expect(a.raters[1].severity).toBeCloseTo(15 / 6 - 127 / 24, 9);
    expect(a.flags).toEqual([]);
    expect(a.notComparable).toEqual([]);
    expect(a.method).toEqual({ trim: { k: 1 }, replicates: 1000, seed: 1 });
  });

  it('applies --trim 0: the trimmed mean is the mean', async () => {
    const a = JSON.parse(await analyzeCommandOutput({ file, trim: trimFromOptions('0', undefined), json: true }));
    for (const s of a.speakers) expect(s.trimmedMean).toBeCloseTo(s.mean, 12);
    expect(a.speakers.map((s: { speaker: string }) => s.speaker)).toEqual(['S5', 'S3', 'S1', 'S6', 'S4', 'S2']);
  });

  it('prints readable tables without --json', async () => {
    const run = await cli(file);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('主讲人得分 (Speakers)');
    expect(run.stdout).toContain('ICC(1,1) 0.166');
    expect(run.stdout).toContain('ICC(3,k) 0.909');
    expect(run.stdout).toMatch(/^1\s+S5\s+4\s+7\.50\s+7\.50\s+7\.50/m);
    expect(run.stdout).toContain('去掉一个最高分和一个最低分');
  });
});

describe('analyze on a file it cannot use', () => {
  it('exits 2 with the line on stderr and nothing on stdout', async () => {
    const file = path.join(dir, 'bad.csv');
    fs.writeFileSync(file, 'rater,speaker,dimension,score\nA,X,d,8\nA,X,d,9\n');
    const run = await cli(file, '--json');
    expect(run).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'bad.csv：第 3 行 (line 3)：与第 2 行重复，评分人 "A" 对主讲人 "X" 的维度 "d" 已有分数 (duplicate of line 2: one score per rater, speaker and dimension)\n',
    });
  });

  it('refuses a missing file before any analysis', async () => {
    await expect(analyzeCommandOutput({ file: path.join(dir, 'nowhere.xlsx'), trim: DEFAULT_TRIM, json: true })).rejects.toThrow(
      new ScoreFileError(`${path.join(dir, 'nowhere.xlsx')}：文件不存在 (no such file)`),
    );
  });

  it('exits 2 with the usage on both trims', async () => {
    const run = await cli(path.join(fixtures, 'shrout-fleiss-1979.csv'), '--trim', '1', '--trim-fraction', '0.1');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('--trim 与 --trim-fraction 只能选一个');
    expect(run.stderr).toContain('analyze <file.csv|file.xlsx>');
  });
});

describe('analyze on the Sydney 2000 men’s 3 m springboard (semifinal + final, ../shared/testdata/diving-2000)', () => {
  it('reproduces XIONG Ni 708.72 and PLATAS Fernando 708.42 from each dive’s trimmed mean of 7 marks', async () => {
    // Long form: rater = judge, speaker = diver, dimension = the dive, units = countries.
    const source = fs.readFileSync(path.resolve(root, '../shared/testdata/diving-2000/Diving2000.csv'), 'utf8');
    const [head, ...records] = parseCsv(source.trimEnd()).map((r) => r.fields);
    const col = Object.fromEntries(head!.map((h, i) => [h, i]));
    const pick = (r: string[], name: string) => r[col[name]!]!;
    const finalists = new Set(records.filter((r) => pick(r, 'Event') === 'M3mSB' && pick(r, 'Round') === 'Final').map((r) => pick(r, 'Diver')));
    const difficulty = new Map<string, number>();
    const lines = ['rater,speaker,dimension,score,rater_unit,speaker_unit'];
    for (const r of records) {
      if (pick(r, 'Event') !== 'M3mSB' || !['Semi', 'Final'].includes(pick(r, 'Round')) || !finalists.has(pick(r, 'Diver'))) continue;
      const dive = `${pick(r, 'Round')}-${pick(r, 'DiveNo')}`;
      difficulty.set(`${pick(r, 'Diver')}|${dive}`, Number(pick(r, 'Difficulty')));
      lines.push([pick(r, 'Judge'), pick(r, 'Diver'), dive, pick(r, 'JScore'), pick(r, 'JCountry'), pick(r, 'Country')].join(','));
    }
    const file = path.join(dir, 'diving-m3msb.csv');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    expect(lines.length - 1).toBe(12 * 11 * 7);

    const run = await cli(file, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const a = JSON.parse(run.stdout);
    const total = (diver: string) => {
      const s = a.speakers.find((x: { speaker: string }) => x.speaker === diver);
      let sum = 0;
      for (const [dive, figures] of Object.entries(s.dimensions as Record<string, { n: number; trimmedMean: number }>)) {
        expect(figures.n).toBe(7);
        // The 2000 rule: middle five marks (half points, so their sum is recovered exactly) × difficulty × 0.6, to 2 decimals.
        const middleFive = Math.round(figures.trimmedMean * 5 * 2) / 2;
        sum += Math.round(middleFive * difficulty.get(`${diver}|${dive}`)! * 0.6 * 100) / 100;
      }
      return Math.round(sum * 100) / 100;
    };
    expect(total('XIONG Ni')).toBe(708.72);
    expect(total('PLATAS Fernando')).toBe(708.42);
    expect(a.speakers).toHaveLength(12);
    expect(a.raters).toHaveLength(14);
    // Every judge marked every finalist (on the dives it sat), so the table is complete; one dive per judge is never all 11.
    expect(a.reliability.icc).not.toBeNull();
    expect(a.reliability.kendallW).not.toBeNull();
    expect(a.reliability.cronbachAlpha).toBeNull();
    expect(a.notComparable).toEqual([]);
  });
});
