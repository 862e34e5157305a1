/**
 * Stage 4: rebuild the reply tree from the evidence in the text.
 *
 * Page order is depth-first, so a reply's parent is the comment right above it
 * or one of that comment's ancestors. Among those candidates, quote evidence
 * decides; without evidence the comment right above is taken.
 */
import { isReplySubject } from './header.ts'
import { MIN_WHOLE, inlinePhrases, isMarkedQuote, quoteSource, quotedWords, repeats, type QuoteSource } from './quote.ts'
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
  /** Each comment's whole text (quotes included), made lazily: what its replies' quotes are marked against. */
  const full: (QuoteSource | undefined)[] = []
  const fullText = (index: number): QuoteSource => (full[index] ??= quoteSource(comments[index]!.lines))
  /** The previous comment and its ancestors, top-level first. */
  const stack: number[] = []

  for (let index = 0; index < comments.length; index++) {
    const comment = comments[index]!
    const reply = isReplySubject(comment.subject)
    let parent = -1
    let parentBy: ParentBy = 'root'
    if (reply && stack.length > 0) {
      const chosen = chooseParent(comment.lines, stack, ownText)
      parent = chosen.parent
      parentBy = chosen.parentBy
      // The parent is among the last candidates: cut the stack in place, from its end.
      stack.length = stack.lastIndexOf(parent) + 1
    } else {
      stack.length = 0
    }
    stack.push(index)
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
 * Ancestors looked at for evidence, nearest first. A reply quotes its parent
 * or an ancestor a few levels up; looking at every ancestor of a reply deep in
 * a long chain made threading quadratic in the chain's length.
 */
export const MAX_CANDIDATES = 32

/** Quote lines, and then phrases, of one reply weighed as evidence: the first ones. */
const MAX_EVIDENCE = 64

/**
 * Choose a parent among the candidates by quote evidence: lines first, then
 * inline phrases, then page order. Ties go to the nearest candidate.
 */
function chooseParent(
  lines: readonly string[],
  stack: readonly number[],
  ownText: (index: number) => QuoteSource
): { parent: number; parentBy: ParentBy } {
  const quoteLines = leadingAndMarked(lines)
  if (quoteLines.length > 0) {
    const best = bestCandidate(stack, (source) => quoteLines.filter((words) => repeats(words, source)).length, ownText)
    if (best !== -1) return { parent: best, parentBy: 'quote' }
  }
  const phrases: string[] = []
  for (let i = 0; i < lines.length && phrases.length < MAX_EVIDENCE; i++) phrases.push(...inlinePhrases(lines[i]!))
  if (phrases.length > 0) {
    const best = bestCandidate(stack, (source) => phrases.filter((phrase) => source.contains(phrase)).length, ownText)
    if (best !== -1) return { parent: best, parentBy: 'inline-quote' }
  }
  return { parent: stack[stack.length - 1]!, parentBy: 'order' }
}

/** Of the nearest {@link MAX_CANDIDATES} candidates, the one with the highest positive score, nearest first on ties; -1 when none scores. */
function bestCandidate(stack: readonly number[], score: (source: QuoteSource) => number, ownText: (index: number) => QuoteSource): number {
  let best = -1
  let bestScore = 0
  const nearest = Math.max(0, stack.length - MAX_CANDIDATES)
  for (let i = stack.length - 1; i >= nearest; i--) {
    const value = score(ownText(stack[i]!))
    if (value > bestScore) {
      best = stack[i]!
      bestScore = value
    }
  }
  return best
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
