/**
 * A seeded simulated hall for the anomaly tests and the speed benchmark: honest raters with
 * the kinds of noise real audiences show, so that a detector's false alarms can be counted.
 * Not exported from the package.
 *
 * score = round(clamp(quality_s + severity_r + interaction_rs + dimension_d + noise, min, max))
 * with severity ~ N(0, 0.5²), interaction ~ N(0, 0.5²), noise ~ N(0, 0.7²) per score — a
 * rater × speaker interaction as large as the rater's severity is what halls show; integer
 * scores with a ceiling. Ballots come speaker by speaker, rater by rater: ballot index =
 * speaker · raters + rater, so a test can name the ballot it planted.
 */
import { type Random, seededRandom } from '../random';
import type { RatedBallot } from './types';

export interface SimulatedSpeaker {
  name: string;
  unit: string;
  quality: number;
  /** Seconds between the scoring window opening and the talk ending (0: it opens at the end). */
  windowLeadSeconds: number;
}

export interface SimulationSpec {
  seed: number;
  raters: number;
  speakers: readonly SimulatedSpeaker[];
  units: number;
  dimensions?: number;
  scaleMin?: number;
  scaleMax?: number;
  /** Leave out all times, as when ballots were imported from paper. */
  untimed?: boolean;
}

export const HALL_START = Date.UTC(2024, 5, 18, 1, 0, 0);
export const TALK_MINUTES = 25;

export const FIVE_SPEAKERS: readonly SimulatedSpeaker[] = [
  { name: 'S1', unit: 'U1', quality: 6.2, windowLeadSeconds: 0 },
  { name: 'S2', unit: 'U2', quality: 7.0, windowLeadSeconds: 120 },
  { name: 'S3', unit: 'U3', quality: 7.6, windowLeadSeconds: 120 },
  { name: 'S4', unit: 'U4', quality: 8.1, windowLeadSeconds: 0 },
  { name: 'S5', unit: 'U5', quality: 8.6, windowLeadSeconds: 60 },
];

export function raterName(r: number): string {
  return `R${String(r + 1).padStart(4, '0')}`;
}

export function talkEnd(speakerIndex: number): number {
  return HALL_START + (speakerIndex + 1) * TALK_MINUTES * 60_000;
}

export function simulatePanel(spec: SimulationSpec): RatedBallot[] {
  const random = seededRandom(spec.seed);
  const dimensions = spec.dimensions ?? 5;
  const lo = spec.scaleMin ?? 1;
  const hi = spec.scaleMax ?? 10;
  const dimensionOffset = [0, 0.2, -0.2, 0.1, -0.1];
  const severity = Array.from({ length: spec.raters }, () => 0.5 * normal(random));
  const ballots: RatedBallot[] = [];
  spec.speakers.forEach((speaker, s) => {
    const ended = talkEnd(s);
    for (let r = 0; r < spec.raters; r++) {
      const interaction = 0.5 * normal(random);
      const scores = Array.from({ length: dimensions }, (_, d) => {
        const x = speaker.quality + severity[r]! + interaction + (dimensionOffset[d % dimensionOffset.length] ?? 0) + 0.7 * normal(random);
        return Math.min(hi, Math.max(lo, Math.round(x)));
      });
      // Honest raters submit from 8 s after the talk ends, most within a minute or two.
      const submittedAt = ended + 8000 + Math.round(-40_000 * Math.log(1 - random.next()));
      const ballot: RatedBallot = { rater: raterName(r), speaker: speaker.name, scores, raterUnit: `U${1 + (r % spec.units)}`, speakerUnit: speaker.unit };
      if (!spec.untimed) Object.assign(ballot, { submittedAt, windowOpenedAt: ended - speaker.windowLeadSeconds * 1000, talkEndedAt: ended });
      ballots.push(ballot);
    }
  });
  return ballots;
}

/** Standard normal by the Box–Muller transform (Box & Muller, Ann. Math. Statist. 29, 1958). */
export function normal(random: Random): number {
  const u = 1 - random.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}
