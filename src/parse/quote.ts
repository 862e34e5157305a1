/**
 * Quote evidence: does a line or phrase repeat another text?
 */

/** Text prepared for quote look-ups: whitespace folded, one entry per line. */
export interface QuoteSource {
  /** Lines, whitespace folded, joined by `\n`. */
  joined: string
  /** The same lines as a set, for whole-line matches. */
  lines: Set<string>
}

/** Shortest quote that counts when it is only part of a line. */
const MIN_PARTIAL = 20
/** Shortest quote that counts when it is a whole line. */
const MIN_WHOLE = 8
/** Shortest phrase in quotation marks that counts. */
const MIN_PHRASE = 12
/** A longer quote whose first characters match counts too: the quoted comment may have been cut by the site. */
const PREFIX = 40

/**
 * Fold whitespace runs to one space and trim.
 *
 * @param text Any text.
 */
export function fold(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}

/**
 * Prepare lines for quote look-ups.
 *
 * @param lines Lines of a comment or of the story.
 */
export function quoteSource(lines: readonly string[]): QuoteSource {
  const folded = lines.map(fold).filter((line) => line !== '')
  return { joined: folded.join('\n'), lines: new Set(folded) }
}

/**
 * Strip a quote marker (`>`), and a trailing ellipsis, from a line.
 *
 * @param line A line of a reply.
 * @returns The quoted words, folded.
 */
export function quotedWords(line: string): string {
  return fold(line.replace(/^(?:\s*>)+/, '').replace(/(?:\.\.\.|…)\s*$/, ''))
}

/**
 * Whether a line is marked as a quotation with `>`.
 *
 * @param line A line of a comment.
 */
export function isMarkedQuote(line: string): boolean {
  return /^\s*>/.test(line)
}

/**
 * Whether a line of a reply repeats a line, or part of a line, of a source.
 *
 * @param line The reply's line (a `>` marker is allowed).
 * @param source The text it may quote.
 */
export function repeats(line: string, source: QuoteSource): boolean {
  const words = quotedWords(line)
  if (words.length < MIN_WHOLE || source.joined === '') return false
  if (source.lines.has(words)) return true
  if (words.length >= MIN_PARTIAL && source.joined.includes(words)) return true
  return words.length >= PREFIX && source.joined.includes(words.slice(0, PREFIX))
}

/**
 * Phrases in quotation marks inside a line, long enough to be evidence.
 *
 * @param line A line of a comment.
 * @returns The phrases, folded, without a trailing ellipsis.
 */
export function inlinePhrases(line: string): string[] {
  const phrases: string[] = []
  for (const match of line.matchAll(/["“]([^"“”]+)["”]/g)) {
    const words = quotedWords(match[1]!)
    if (words.length >= MIN_PHRASE && words.includes(' ')) phrases.push(words)
  }
  return phrases
}
