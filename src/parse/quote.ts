/**
 * Quote evidence: does a line or phrase repeat another text?
 */

/** Text prepared for quote look-ups: lines trimmed, blank ones left out. */
export interface QuoteSource {
  /** The lines joined by `\n`. */
  readonly joined: string
  /** The same lines as a set, for whole-line matches. */
  readonly lines: Set<string>
  /**
   * Whether a phrase of {@link MIN_PHRASE} characters or more, without a line
   * break, is part of the text: `joined.includes`, through an index for a long
   * text, so that many look-ups in one long text cost no more than its length.
   */
  contains(phrase: string): boolean
}

/** Shortest quote that counts when it is only part of a line. */
const MIN_PARTIAL = 20
/** Shortest quote that counts when it is a whole line. */
export const MIN_WHOLE = 8
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
  return new PreparedText(lines)
}

/** A {@link QuoteSource} made when first asked for: most comments are never quoted, and most replies are too short to quote. */
class PreparedText implements QuoteSource {
  readonly #raw: readonly string[]
  #ready: string[] | undefined
  #joined: string | undefined
  #lines: Set<string> | undefined
  #index: GramIndex | undefined

  constructor(lines: readonly string[]) {
    this.#raw = lines
  }

  /** The lines trimmed, blank ones left out. */
  #trimmed(): string[] {
    if (this.#ready === undefined) {
      this.#ready = []
      for (const line of this.#raw) {
        const trimmed = line.trim()
        if (trimmed !== '') this.#ready.push(trimmed)
      }
    }
    return this.#ready
  }

  get joined(): string {
    return (this.#joined ??= this.#trimmed().join('\n'))
  }

  get lines(): Set<string> {
    return (this.#lines ??= new Set(this.#trimmed()))
  }

  contains(phrase: string): boolean {
    const joined = this.joined
    // Past 20 MiB (more than a dump holds) the index's anchors would not fit its numbers: searched.
    if (joined.length < INDEX_FROM || joined.length >= ANCHORS * STEP) return joined.includes(phrase)
    return (this.#index ??= new GramIndex(joined)).contains(phrase)
  }
}

/** Texts from this length on are looked up through a {@link GramIndex}; shorter ones are searched. */
const INDEX_FROM = 4096

/**
 * An index of a long text for phrases of {@link MIN_PHRASE} characters or
 * more: the hash of the 8 characters at every 5th position (an anchor).
 * An occurrence of a phrase has an anchor among its first 5 characters, and
 * one every 5 characters after it, whose 8 characters are inside the phrase
 * (5 + 8 − 1 = 12). So a look-up tries the phrase's 5 alignments; for each,
 * it hashes the grams that would fall on anchors and checks the positions of
 * the rarest of them. When even the rarest is on more than {@link PROBES}
 * anchors (a text that repeats itself), the text is searched instead, up to
 * {@link SEARCHES} times its length in all; past that, such a gram is checked
 * at its latest anchors only.
 */
class GramIndex {
  readonly #text: string
  /** For each gram's hash: how many anchors hold it × 2^22, plus the last of them (anchors are fewer than 2^22). */
  readonly #last = new Map<number, number>()
  /** For each anchor, the one before it with the same hash, or -1. */
  readonly #previous: Int32Array
  /** Characters the look-ups may still search through (see {@link SEARCHES}). */
  #budget: number

  constructor(text: string) {
    this.#text = text
    this.#budget = SEARCHES * text.length
    const anchors = Math.max(0, Math.floor((text.length - GRAM) / STEP) + 1)
    this.#previous = new Int32Array(anchors)
    for (let anchor = 0; anchor < anchors; anchor++) {
      const hash = gramHash(text, anchor * STEP)
      const entry = this.#last.get(hash)
      this.#previous[anchor] = entry === undefined ? -1 : entry % ANCHORS
      this.#last.set(hash, entry === undefined ? ANCHORS + anchor : (Math.floor(entry / ANCHORS) + 1) * ANCHORS + anchor)
    }
  }

  contains(phrase: string): boolean {
    if (phrase.length < GRAM + STEP - 1) return this.#text.includes(phrase)
    for (let offset = 0; offset < STEP; offset++) {
      // The rarest of this alignment's grams: a gram the text lacks rules the alignment out.
      let rarest = -1
      let within = 0
      for (let at = offset; at + GRAM <= phrase.length; at += STEP) {
        const entry = this.#last.get(gramHash(phrase, at))
        if (entry === undefined) {
          rarest = -1
          within = -1
          break
        }
        if (rarest === -1 || entry < rarest) {
          rarest = entry
          within = at
        }
      }
      if (within === -1) continue
      if (rarest >= PROBES * ANCHORS && this.#budget >= this.#text.length) {
        // Every gram of this alignment is common: search, while the searches cost no more than a few passes over the text.
        this.#budget -= this.#text.length
        return this.#text.includes(phrase)
      }
      let anchor = rarest % ANCHORS
      for (let probe = 0; anchor !== -1 && probe < PROBES; probe++) {
        const start = anchor * STEP - within
        if (start >= 0 && this.#text.startsWith(phrase, start)) return true
        anchor = this.#previous[anchor]!
      }
    }
    return false
  }
}

/** More anchors than the text of a dump has (2^22: a 20 MiB text). */
const ANCHORS = 4_194_304

/** Characters a gram holds, and characters between anchors. */
const GRAM = 8
const STEP = 5
/** Most anchors of one gram checked in a look-up. */
const PROBES = 128
/** Whole searches of a text that its look-ups may make, at most (about a second for the longest text). */
const SEARCHES = 64

/** A 32-bit polynomial hash of the {@link GRAM} characters of a text from a position. */
function gramHash(text: string, start: number): number {
  let hash = 0
  for (let i = start; i < start + GRAM; i++) hash = (Math.imul(hash, 31) + text.charCodeAt(i)) | 0
  return hash
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
  // A longer line counts when its first characters are there: the one it quotes may have been cut.
  return words.length >= MIN_PARTIAL && source.contains(words.length > PREFIX ? words.slice(0, PREFIX) : words)
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
