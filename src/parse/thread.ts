/**
 * Stage 4: rebuild the reply tree from the evidence in the text.
 *
 * Page order is depth-first, so a reply's parent is the comment right above it
 * or one of that comment's ancestors. Among those candidates the strongest
 * evidence decides: a quoted line, then the subject, then a phrase quoted
 * inline; without evidence the comment right above is taken.
 */
import { isReplySubject, subjectWords } from './header.ts'
import { MIN_WHOLE, inlinePhrases, isMarkedQuote, quoteSource, quotedWords, repeats, withoutInlineQuotes, type QuoteSource } from './quote.ts'
import type { ParentBy } from './types.ts'

/** A comment before threading. */
export interface RawComment {
  subject: string
  lines: readonly string[]
}

/** Where a comment sits in the tree: indexes into the page-order list. */
export interface Placement {
  /** Index of the parent, or -1 for a top-level comment. */
  parent: number
  parentBy: ParentBy
  depth: number
  /** For each line, whether it quotes the parent, the story, or is marked with `>`. */
  quoted: boolean[]
  /** A reply with no top-level comment above it, made top-level. */
  orphan: boolean
}

/** Configuration for {@link threadComments}. */
export interface Options {
  /** The story's paragraphs: quotes of the story are marked, but are no evidence of a parent (default: `[]`). */
  story?: readonly string[]
}

/**
 * Rebuild the reply tree of a story's comments.
 *
 * @param comments Comments in page order.
 * @param options Configuration (default: `{}`).
 * @returns One placement per comment, in the same order.
 */
export function threadComments(comments: readonly RawComment[], options: Options = {}): Placement[] {
  const story = quoteSource(options.story ?? [])
  const placements: Placement[] = []
  /** Text of each comment that is its own (quoted lines left out), made lazily. */
  const own: (QuoteSource | undefined)[] = []
  const ownText = (index: number): QuoteSource => {
    let source = own[index]
    if (!source) {
      const quoted = placements[index]!.quoted
      source = quoteSource(comments[index]!.lines.filter((_, line) => !quoted[line]))
      own[index] = source
    }
    return source
  }
  /** The same without phrases quoted inline: the words a comment wrote itself, made lazily. */
  const written: (QuoteSource | undefined)[] = []
  const writtenText = (index: number): QuoteSource => {
    let source = written[index]
    if (!source) {
      const quoted = placements[index]!.quoted
      source = quoteSource(comments[index]!.lines.filter((_, line) => !quoted[line]).map(withoutInlineQuotes))
      written[index] = source
    }
    return source
  }
  /** What each comment's subject is about (a bare `Re:` stands for its parent's). */
  const about: string[] = []
  /** Each comment's whole text (quotes included), made lazily: what its replies' quotes are marked against. */
  const full: (QuoteSource | undefined)[] = []
  const fullText = (index: number): QuoteSource => (full[index] ??= quoteSource(comments[index]!.lines))
  /** The previous comment and its ancestors, top-level first. */
  const stack: number[] = []
  const known: Known = { own: ownText, written: writtenText, about }

  for (let index = 0; index < comments.length; index++) {
    const comment = comments[index]!
    const reply = isReplySubject(comment.subject)
    let parent = -1
    let parentBy: ParentBy = 'root'
    if (reply && stack.length > 0) {
      const chosen = chooseParent(comment, stack, known)
      parent = chosen.parent
      parentBy = chosen.parentBy
      // The parent is among the last candidates: cut the stack in place, from its end.
      stack.length = stack.lastIndexOf(parent) + 1
    } else {
      stack.length = 0
    }
    stack.push(index)
    about.push(subjectWords(comment.subject) || (parent === -1 ? '' : about[parent]!))
    const parentSource = parent === -1 ? null : fullText(parent)
    placements.push({
      parent,
      parentBy,
      depth: parent === -1 ? 0 : placements[parent]!.depth + 1,
      quoted: markQuotes(comment.lines, parentSource, story),
      orphan: reply && parent === -1
    })
  }
  return placements
}

/**
 * Candidates looked at for evidence, nearest first. A reply quotes its parent
 * or an ancestor a few levels up; looking at every ancestor of a reply deep in
 * a long chain made threading quadratic in the chain's length.
 */
export const MAX_CANDIDATES = 32

/** Quote lines, and then phrases, of one reply weighed as evidence: the first ones. */
const MAX_EVIDENCE = 64

/** What {@link chooseParent} knows of the comments above. */
interface Known {
  /** A comment's own text: its lines but those that quote. */
  own: (index: number) => QuoteSource
  /** The same without the phrases it quoted inline: the words it wrote itself. */
  written: (index: number) => QuoteSource
  /** What each comment's subject is about. */
  about: readonly string[]
}

/**
 * Choose a parent among the candidates (the comment above and its
 * ancestors, the nearest {@link MAX_CANDIDATES}) by the strongest evidence:
 * quoted lines, then the subject, then phrases quoted inline, then page order.
 */
function chooseParent(comment: RawComment, stack: readonly number[], known: Known): { parent: number; parentBy: ParentBy } {
  const nearest = stack.length > MAX_CANDIDATES ? stack.slice(-MAX_CANDIDATES) : stack
  const quoteLines = leadingAndMarked(comment.lines)
  if (quoteLines.length > 0) {
    const best = bestCandidate(nearest, (source) => quoteLines.filter((words) => repeats(words, source)).length, known)
    if (best !== -1) return { parent: best, parentBy: 'quote' }
  }
  // A printed subject is the default of a reply to every candidate it names: one is evidence, several narrow the choice.
  const words = subjectWords(comment.subject)
  const named = words === '' ? [] : nearest.filter((index) => known.about[index] === words)
  if (named.length === 1) return { parent: named[0]!, parentBy: 'subject' }
  const candidates = named.length > 1 ? named : nearest
  const phrases: string[] = []
  for (let i = 0; i < comment.lines.length && phrases.length < MAX_EVIDENCE; i++) phrases.push(...inlinePhrases(comment.lines[i]!))
  if (phrases.length > 0) {
    const best = bestCandidate(candidates, (source) => phrases.filter((phrase) => source.contains(phrase)).length, known)
    if (best !== -1) return { parent: best, parentBy: 'inline-quote' }
  }
  return { parent: candidates[candidates.length - 1]!, parentBy: 'order' }
}

/**
 * The candidate whose own text scores highest, nearest first on ties; -1
 * when none scores. When several score, those whose words are their own
 * (not quoted inline) come first: the one that wrote the words wins over
 * one that only quoted them.
 */
function bestCandidate(candidates: readonly number[], score: (source: QuoteSource) => number, known: Pick<Known, 'own' | 'written'>): number {
  /** Candidates that score, nearest first, with their scores. */
  const scoring: [index: number, value: number][] = []
  for (let i = candidates.length - 1; i >= 0; i--) {
    const value = score(known.own(candidates[i]!))
    if (value > 0) scoring.push([candidates[i]!, value])
  }
  if (scoring.length > 1) {
    const writers = scoring.map(([index]): [number, number] => [index, score(known.written(index))]).filter(([, value]) => value > 0)
    if (writers.length > 0) return highest(writers)
  }
  return scoring.length === 0 ? -1 : highest(scoring)
}

/** The first of the highest-scoring pairs. */
function highest(scored: readonly [index: number, value: number][]): number {
  let best = scored[0]!
  for (const pair of scored) if (pair[1] > best[1]) best = pair
  return best[0]
}

/** How many leading lines may be quotations. */
const LEADING = 3

/**
 * Lines that may be quotations, as {@link quotedWords} gives them: the first
 * lines, and the lines marked with `>` (the first {@link MAX_EVIDENCE}), each
 * long enough to count (shorter ones can never be evidence).
 */
function leadingAndMarked(lines: readonly string[]): string[] {
  const found: string[] = []
  for (let index = 0; index < lines.length && found.length < MAX_EVIDENCE; index++) {
    const line = lines[index]!
    if (index >= LEADING && !isMarkedQuote(line)) continue
    const words = quotedWords(line)
    if (words.length >= MIN_WHOLE) found.push(words)
  }
  return found
}

/**
 * Which lines quote: every `>` line, and the leading lines that repeat the
 * parent (quotes included) or the story.
 */
function markQuotes(lines: readonly string[], parent: QuoteSource | null, story: QuoteSource): boolean[] {
  const quoted = lines.map(isMarkedQuote)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    if (quoted[i]) continue
    const words = quotedWords(line)
    if ((parent && repeats(words, parent)) || repeats(words, story)) quoted[i] = true
    else break
  }
  // A comment that is all quote says nothing of its own: show its text as its own.
  if (quoted.every(Boolean) && !lines.some(isMarkedQuote)) return lines.map(() => false)
  return quoted
}
