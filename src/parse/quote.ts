/**
 * Quote evidence: does a line or phrase repeat another text?
 */

/** Text prepared for quote look-ups: lines trimmed, blank ones left out. */
export interface QuoteSource {
  /** The lines joined by `\n`. */
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
 * Prepare lines for quote look-ups. Lines are trimmed, not folded: a dump is
 * text copied from a rendered page, where runs of white space are already one.
 *
 * @param lines Lines of a comment or of the story.
 */
export function quoteSource(lines: readonly string[]): QuoteSource {
  const ready: string[] = []
  for (const line of lines) {
    const trimmed = line.trim()
    if (trimmed !== '') ready.push(trimmed)
  }
  return { joined: ready.join('\n'), lines: new Set(ready) }
}

/**
 * Strip a quote marker (`>`), and a trailing ellipsis, from a line. White
 * space is trimmed, not folded (see {@link quoteSource}).
 *
 * @param line A line of a reply.
 * @returns The quoted words.
 */
export function quotedWords(line: string): string {
  let text = line
  if (text.includes('>')) text = text.replace(/^(?:\s*>)+/, '')
  if (text.endsWith('.') || text.endsWith('…') || /\s$/.test(text)) text = text.replace(/(?:\.\.\.|…)\s*$/, '')
  return text.trim()
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
 * @param words The reply's line as {@link quotedWords} gives it.
 * @param source The text it may quote.
 */
export function repeats(words: string, source: QuoteSource): boolean {
  if (words.length < MIN_WHOLE || source.joined.length < words.length) return false
  if (source.lines.has(words)) return true
  if (words.length >= MIN_PARTIAL && source.joined.includes(words)) return true
  return words.length > PREFIX && source.joined.includes(words.slice(0, PREFIX))
}

/** A phrase in quotation marks, straight or curly. */
const QUOTED_PHRASE = /["“]([^"“”]+)["”]/g

/**
 * A line without its phrases in quotation marks: what the writer said in
 * their own words, not what they quoted inline.
 *
 * @param line A line of a comment.
 */
export function withoutInlineQuotes(line: string): string {
  return line.replace(QUOTED_PHRASE, ' ')
}

/**
 * Phrases in quotation marks inside a line, long enough to be evidence.
 *
 * @param line A line of a comment.
 * @returns The phrases, trimmed, without a trailing ellipsis.
 */
export function inlinePhrases(line: string): string[] {
  const phrases: string[] = []
  for (const match of line.matchAll(QUOTED_PHRASE)) {
    const words = quotedWords(match[1]!)
    if (words.length >= MIN_PHRASE && words.includes(' ')) phrases.push(words)
  }
  return phrases
}
