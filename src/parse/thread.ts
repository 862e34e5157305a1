/**
 * Stage 4: rebuild the reply tree from the evidence in the text.
 *
 * Page order is depth-first, so a reply's parent is the comment right above it
 * or one of that comment's ancestors. Among those candidates the strongest
 * evidence decides: a quoted line, then the subject, then a phrase quoted
 * inline; without evidence the comment right above is taken.
 */
import { isReplySubject, subjectWords } from './header.ts'
import { inlinePhrases, isMarkedQuote, quoteSource, quotedWords, repeats, withoutInlineQuotes, type QuoteSource } from './quote.ts'
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
  let stack: number[] = []

  for (let index = 0; index < comments.length; index++) {
    const comment = comments[index]!
    const reply = isReplySubject(comment.subject)
    let parent = -1
    let parentBy: ParentBy = 'root'
    if (reply && stack.length > 0) {
      const chosen = chooseParent(comment, stack, { own: [writtenText, ownText], about })
      parent = chosen.parent
      parentBy = chosen.parentBy
      stack = stack.slice(0, stack.indexOf(parent) + 1)
    } else {
      stack = []
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

/** What {@link chooseParent} knows of the comments above. */
interface Known {
  /** A comment's own text: the words it wrote itself first, then with what it quoted inline. */
  own: readonly ((index: number) => QuoteSource)[]
  /** What each comment's subject is about. */
  about: readonly string[]
}

/**
 * Choose a parent among the candidates (the comment above and its
 * ancestors) by the strongest evidence: quoted lines, then the subject, then
 * phrases quoted inline, then page order.
 */
function chooseParent(comment: RawComment, stack: readonly number[], known: Known): { parent: number; parentBy: ParentBy } {
  const quoteLines = leadingAndMarked(comment.lines).map(quotedWords)
  if (quoteLines.length > 0) {
    const best = bestCandidate(stack, (source) => quoteLines.filter((words) => repeats(words, source)).length, known.own)
    if (best !== -1) return { parent: best, parentBy: 'quote' }
  }
  // A printed subject is the default of a reply to every candidate it names: one is evidence, several narrow the choice.
  const words = subjectWords(comment.subject)
  const named = words === '' ? [] : stack.filter((index) => known.about[index] === words)
  if (named.length === 1) return { parent: named[0]!, parentBy: 'subject' }
  const candidates = named.length > 1 ? named : stack
  const phrases = comment.lines.flatMap(inlinePhrases)
  if (phrases.length > 0) {
    const best = bestCandidate(candidates, (source) => phrases.filter((phrase) => source.joined.includes(phrase)).length, known.own)
    if (best !== -1) return { parent: best, parentBy: 'inline-quote' }
  }
  return { parent: candidates[candidates.length - 1]!, parentBy: 'order' }
}

/**
 * The candidate with the highest positive score, nearest first on ties; -1
 * when none scores. Each text a candidate can be scored on is tried in turn:
 * the one that wrote the words wins over one that only quoted them.
 */
function bestCandidate(candidates: readonly number[], score: (source: QuoteSource) => number, texts: Known['own']): number {
  for (const text of texts) {
    let best = -1
    let bestScore = 0
    for (let i = candidates.length - 1; i >= 0; i--) {
      const value = score(text(candidates[i]!))
      if (value > bestScore) {
        best = candidates[i]!
        bestScore = value
      }
    }
    if (best !== -1) return best
  }
  return -1
}

/** How many leading lines may be quotations. */
const LEADING = 3

/** Lines that may be quotations: the first lines, and every line marked with `>`. */
function leadingAndMarked(lines: readonly string[]): string[] {
  return lines.filter((line, index) => index < LEADING || isMarkedQuote(line))
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
