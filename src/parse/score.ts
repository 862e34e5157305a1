/**
 * Slashdot's score range: the one home of the rule, used by the parser (a
 * score outside it is kept, with a warning), the story page's threshold
 * and picture, the search page's minimum and the stylesheet's rules (made
 * from it, see `templates/filters-css.njk`).
 */

/** The lowest score a comment can have. */
export const MIN_SCORE = -1

/** The highest score a comment can have. */
export const MAX_SCORE = 5

/**
 * Every score of the range, lowest first.
 *
 * @returns `[-1, 0, 1, 2, 3, 4, 5]`.
 */
export function scoreRange(): number[] {
  const scores: number[] = []
  for (let score = MIN_SCORE; score <= MAX_SCORE; score++) scores.push(score)
  return scores
}

/**
 * Whether a score is in the range.
 *
 * @param score A score as printed.
 * @returns `true` from {@link MIN_SCORE} to {@link MAX_SCORE}.
 */
export function inScoreRange(score: number): boolean {
  return score >= MIN_SCORE && score <= MAX_SCORE
}

/**
 * A score brought into the range (a score printed outside it counts as its nearest end).
 *
 * @param score A score as printed.
 * @returns The score, at least {@link MIN_SCORE} and at most {@link MAX_SCORE}.
 */
export function clampScore(score: number): number {
  return Math.min(MAX_SCORE, Math.max(MIN_SCORE, score))
}
