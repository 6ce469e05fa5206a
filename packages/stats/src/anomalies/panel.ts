import type { RatedBallot } from './types';

/**
 * The ballots indexed once by rater, by speaker and by rater × speaker cell, so that every
 * detector runs in time linear in the number of ballots (150,000 ballots must take well under
 * a second; a loop over pairs of ballots would not). Flat typed arrays in compressed-row form
 * rather than an array per rater or cell: 150,000 small arrays cost more in garbage collection
 * than all the arithmetic.
 *
 * A cell is one rater's view of one speaker: the mean of that rater's ballot means for the
 * speaker (normally one ballot; a retried or duplicated ballot is averaged, not counted twice).
 */
export interface Panel {
  ballots: readonly RatedBallot[];
  raterNames: string[];
  speakerNames: string[];
  /** The first unit given for each rater / speaker; undefined when none was given. */
  raterUnit: (string | undefined)[];
  speakerUnit: (string | undefined)[];
  /** Per ballot: rater id, speaker id, mean over rubric dimensions. */
  ballotRater: Int32Array;
  ballotSpeaker: Int32Array;
  ballotMean: Float64Array;
  /** Rater r's ballots are raterBallotIndex[raterBallotStart[r] … raterBallotStart[r + 1]), ascending. */
  raterBallotStart: Int32Array;
  raterBallotIndex: Int32Array;
  /** Cells are numbered rater by rater: rater r's cells are raterCellStart[r] … raterCellStart[r + 1] − 1. */
  raterCellStart: Int32Array;
  cellRater: Int32Array;
  cellSpeaker: Int32Array;
  cellMean: Float64Array;
  /** A cell's ballots as a list: cellFirstBallot, then nextBallotInCell until −1; ascending. */
  cellFirstBallot: Int32Array;
  nextBallotInCell: Int32Array;
  /** Speaker s's cells are speakerCellIndex[speakerCellStart[s] … speakerCellStart[s + 1]). */
  speakerCellStart: Int32Array;
  speakerCellIndex: Int32Array;
  /** Per speaker: sum and count of cell means, for leave-one-out consensus in O(1). */
  speakerCellSum: Float64Array;
  speakerCellCount: Int32Array;
}

/** Throws a RangeError for a ballot without scores or with a score that is not a finite number: upstream validation has failed, and a report built on it would be wrong. */
export function buildPanel(ballots: readonly RatedBallot[]): Panel {
  const raterIds = new Map<string, number>();
  const speakerIds = new Map<string, number>();
  const raterNames: string[] = [];
  const speakerNames: string[] = [];
  const raterUnit: (string | undefined)[] = [];
  const speakerUnit: (string | undefined)[] = [];
  const n = ballots.length;
  const ballotRater = new Int32Array(n);
  const ballotSpeaker = new Int32Array(n);
  const ballotMean = new Float64Array(n);

  for (let i = 0; i < n; i++) {
    const b = ballots[i]!;
    const scores = b.scores;
    if (scores.length === 0) throw new RangeError(`ballot ${i} has no scores`);
    let sum = 0;
    for (let k = 0; k < scores.length; k++) {
      const x = scores[k]!;
      if (!Number.isFinite(x)) throw new RangeError(`ballot ${i} has a score that is not a finite number: ${x}`);
      sum += x;
    }
    ballotMean[i] = sum / scores.length;

    let r = raterIds.get(b.rater);
    if (r === undefined) {
      r = raterNames.length;
      raterIds.set(b.rater, r);
      raterNames.push(b.rater);
      raterUnit.push(undefined);
    }
    if (raterUnit[r] === undefined && b.raterUnit !== undefined) raterUnit[r] = b.raterUnit;
    ballotRater[i] = r;

    let s = speakerIds.get(b.speaker);
    if (s === undefined) {
      s = speakerNames.length;
      speakerIds.set(b.speaker, s);
      speakerNames.push(b.speaker);
      speakerUnit.push(undefined);
    }
    if (speakerUnit[s] === undefined && b.speakerUnit !== undefined) speakerUnit[s] = b.speakerUnit;
    ballotSpeaker[i] = s;
  }

  const raterCount = raterNames.length;
  const speakerCount = speakerNames.length;
  // Counting sort of ballots by rater; stable, so each rater's ballots stay in input order.
  const raterBallotStart = countingStarts(ballotRater, raterCount);
  const raterBallotIndex = new Int32Array(n);
  const fill = raterBallotStart.slice(0, raterCount);
  for (let i = 0; i < n; i++) raterBallotIndex[fill[ballotRater[i]!]!++] = i;

  // Cells rater by rater; `cellOfSpeaker` is valid for speaker s only while `stamp[s]` is the current rater.
  const cellRater = new Int32Array(n);
  const cellSpeaker = new Int32Array(n);
  const cellSum = new Float64Array(n);
  const cellCount = new Int32Array(n);
  const cellFirstBallot = new Int32Array(n);
  const cellLastBallot = new Int32Array(n);
  const nextBallotInCell = new Int32Array(n).fill(-1);
  const raterCellStart = new Int32Array(raterCount + 1);
  const stamp = new Int32Array(speakerCount).fill(-1);
  const cellOfSpeaker = new Int32Array(speakerCount);
  let cells = 0;
  for (let r = 0; r < raterCount; r++) {
    raterCellStart[r] = cells;
    for (let k = raterBallotStart[r]!; k < raterBallotStart[r + 1]!; k++) {
      const i = raterBallotIndex[k]!;
      const s = ballotSpeaker[i]!;
      let c: number;
      if (stamp[s] !== r) {
        stamp[s] = r;
        c = cells++;
        cellOfSpeaker[s] = c;
        cellRater[c] = r;
        cellSpeaker[c] = s;
        cellFirstBallot[c] = i;
      } else {
        c = cellOfSpeaker[s]!;
        nextBallotInCell[cellLastBallot[c]!] = i;
      }
      cellLastBallot[c] = i;
      cellSum[c]! += ballotMean[i]!;
      cellCount[c]! += 1;
    }
  }
  raterCellStart[raterCount] = cells;

  const cellMean = new Float64Array(cells);
  const speakerCellSum = new Float64Array(speakerCount);
  const speakerCellCount = new Int32Array(speakerCount);
  for (let c = 0; c < cells; c++) {
    cellMean[c] = cellSum[c]! / cellCount[c]!;
    speakerCellSum[cellSpeaker[c]!]! += cellMean[c]!;
    speakerCellCount[cellSpeaker[c]!]! += 1;
  }
  const speakerOfCell = cellSpeaker.subarray(0, cells);
  const speakerCellStart = countingStarts(speakerOfCell, speakerCount);
  const speakerCellIndex = new Int32Array(cells);
  const speakerFill = speakerCellStart.slice(0, speakerCount);
  for (let c = 0; c < cells; c++) speakerCellIndex[speakerFill[speakerOfCell[c]!]!++] = c;

  return {
    ballots,
    raterNames,
    speakerNames,
    raterUnit,
    speakerUnit,
    ballotRater,
    ballotSpeaker,
    ballotMean,
    raterBallotStart,
    raterBallotIndex,
    raterCellStart,
    cellRater: cellRater.subarray(0, cells),
    cellSpeaker: speakerOfCell,
    cellMean,
    cellFirstBallot: cellFirstBallot.subarray(0, cells),
    nextBallotInCell,
    speakerCellStart,
    speakerCellIndex,
    speakerCellSum,
    speakerCellCount,
  };
}

/** Row starts of a compressed-row index: starts[k] … starts[k + 1] − 1 are the positions of key k. */
function countingStarts(keys: Int32Array, keyCount: number): Int32Array {
  const starts = new Int32Array(keyCount + 1);
  for (let i = 0; i < keys.length; i++) starts[keys[i]! + 1]! += 1;
  for (let k = 0; k < keyCount; k++) starts[k + 1]! += starts[k]!;
  return starts;
}

/** Rater r's ballot indices, ascending. */
export function raterBallots(panel: Panel, r: number): number[] {
  return Array.from(panel.raterBallotIndex.subarray(panel.raterBallotStart[r]!, panel.raterBallotStart[r + 1]!));
}

/** The number of speakers rater r scored. */
export function raterSpeakerCount(panel: Panel, r: number): number {
  return panel.raterCellStart[r + 1]! - panel.raterCellStart[r]!;
}

/**
 * The mean of the OTHER raters' cell means for this cell's speaker — the consensus this rater
 * is compared with, free of its own pull on it. Undefined when no other rater scored the speaker.
 */
export function leaveOneOutConsensus(panel: Panel, cell: number): number | undefined {
  const s = panel.cellSpeaker[cell]!;
  const others = panel.speakerCellCount[s]! - 1;
  if (others < 1) return undefined;
  return (panel.speakerCellSum[s]! - panel.cellMean[cell]!) / others;
}

/** The ballot indices of several cells, ascending. */
export function ballotsOfCells(panel: Panel, cells: readonly number[]): number[] {
  const out: number[] = [];
  for (const c of cells) for (let i = panel.cellFirstBallot[c]!; i >= 0; i = panel.nextBallotInCell[i]!) out.push(i);
  return out.sort((a, b) => a - b);
}

/** Fixed-point figures for the Chinese sentences; "−0" would read oddly in a report. */
export function fixed(x: number, digits: number): string {
  const s = x.toFixed(digits);
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

/** A p-value as reports print it: three decimals, or two significant digits below 0.001. */
export function formatP(p: number): string {
  return p < 0.001 ? p.toPrecision(2) : p.toFixed(3);
}

/** Orders score vectors (by length, then score by score); 0 when they are the same. */
export function compareVectors(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return a.length - b.length;
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
  return 0;
}
