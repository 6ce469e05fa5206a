/**
 * Data tables of published worked examples that several tests reproduce. Test fixtures, not
 * exported from the package.
 */

/**
 * Shrout & Fleiss, "Intraclass correlations: uses in assessing rater reliability", Psychological
 * Bulletin 86(2), 1979, Table 2: 6 targets (rows) rated by 4 judges (columns).
 */
export const SHROUT_FLEISS_TABLE_2: readonly (readonly number[])[] = [
  [9, 2, 5, 8],
  [6, 1, 3, 2],
  [8, 4, 6, 8],
  [7, 1, 2, 6],
  [10, 5, 6, 9],
  [6, 2, 4, 7],
];
