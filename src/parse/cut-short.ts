/**
 * Whether a capture cut a comment short, read from its text alone: the
 * captured pages cut long comments near 500 characters, mid-word or
 * mid-sentence ("but here are c", "Because he HAD to have").
 */

/** Shortest text that a capture cuts: shorter comments were printed whole. */
export const CUT_MIN_LENGTH = 400

/**
 * Whether a comment's text ends cut short: it is long enough to have been
 * cut, and its last character is a letter, a digit, a comma or a hyphen
 * (no sentence ends so; a closing quote, bracket, `...` or a link's
 * `[domain]` does not count as cut).
 *
 * @param text The comment's text (its markdown body will do).
 * @returns `true` when the text stops mid-word or mid-sentence.
 */
export function endsCutShort(text: string): boolean {
  const trimmed = text.trimEnd()
  return trimmed.length >= CUT_MIN_LENGTH && /[\p{L}\p{N},\-]$/u.test(trimmed)
}
