/** What GET /api/live/:id/results answers: the published ranking, when the hall lets the screen show it. */
export interface ScreenResults {
  editionTitle: string;
  speakers: {
    talkId: string;
    name: string;
    unitName: string;
    talkTitle: string;
    final: number | null;
    rank: number | null;
    tiedWith: string[];
  }[];
}

export interface RankingRow {
  talkId: string;
  rank: string;
  name: string;
  unitName: string;
  talkTitle: string;
  final: string;
  /** Names of the neighbours it is statistically tied with (empty when none). */
  tiedWith: string[];
}

/**
 * The screen's ranking rows: by rank (speakers without a score last), finals to two decimals as
 * in the console, and each statistical tie named so the hall does not read a 0.01 gap as a win.
 */
export function rankingRows(data: ScreenResults): RankingRow[] {
  const names = new Map(data.speakers.map((s) => [s.talkId, s.name]));
  return [...data.speakers]
    .sort((a, b) => (a.rank ?? Number.POSITIVE_INFINITY) - (b.rank ?? Number.POSITIVE_INFINITY))
    .map((s) => ({
      talkId: s.talkId,
      rank: s.rank === null ? '—' : String(s.rank),
      name: s.name,
      unitName: s.unitName,
      talkTitle: s.talkTitle,
      final: s.final === null ? '—' : s.final.toFixed(2),
      tiedWith: s.tiedWith.map((id) => names.get(id)).filter((n): n is string => n !== undefined),
    }));
}
