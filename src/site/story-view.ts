/**
 * What the story page shows: the record's comments as a tree, with the
 * counts behind the reading controls. Pure: rendering of bodies is handed in.
 */
import { endsCutShort } from '../parse/cut-short.ts'
import { clampScore, scoreRange } from '../parse/score.ts'
import type { ParentBy, Seen } from '../parse/types.ts'
import type { StoryRecord } from '../records/record.ts'
import { derivedSubject } from '../search/anchors.ts'
import { shapeSvg } from './shape-svg.ts'

/** One comment as the page shows it. */
export interface CommentView {
  id: string
  /** The subject to show: a bare `Re:` made whole (see `derived`); `''` for a hidden comment. */
  subject: string
  /** Whether `subject` was derived from the parent's, the dump printing a bare `Re:`. */
  derived: boolean
  /** Whether `subject` is the one its parent's derives (`derivedSubject`), derived or printed so: the search anchor names the parent instead. */
  repeatsParent: boolean
  score: number
  label: string | null
  /** Classes of the comment element: score (`s-1`…`s5`) and label (`l0`…) for the filters. */
  classes: string
  /** The body's HTML (sanitized); `''` when empty. */
  html: string
  /** Hidden by a maintainer: shown as a placeholder that keeps its id and replies. */
  hidden: boolean
  /** Parent's id, or `null`. */
  parent: string | null
  parentBy: ParentBy
  /** 0 for a top-level comment: shown as a reply's level where a narrow screen stops indenting. */
  depth: number
  author: string | null
  replies: CommentView[]
  /** Comments under this one, at any depth. */
  descendants: number
  /** How its score and label changed from capture to capture (`Score 2 → 4, Insightful → Funny`); `''` when they did not. */
  history: string
  /** The capture that added it, counted from 1, when a later capture did (0: the first capture has it). */
  addedIn: number
  /** Whether its text ends cut short in the capture ({@link endsCutShort}). */
  cut: boolean
}

/** One capture of the story, as the page lists it. */
export interface CaptureView {
  /** Counted from 1, oldest first. */
  number: number
  /** The dump, relative to the content folder. */
  dump: string
  /** When it joined the record (ISO 8601), if known. */
  joined: string | null
}

/** One step of the threshold control. */
export interface ThresholdStep {
  threshold: number
  /** Shown comments scored at or above it. */
  count: number
}

/** One choice of the label filter. */
export interface LabelChoice {
  label: string
  /** Its index: the comment class is `l<index>`, the control's id `lf<index>`. */
  index: number
  count: number
}

/**
 * One step of writing the comment tree, in document order: templates loop
 * over these instead of recursing, so a thread of any depth renders without
 * growing the stack.
 */
export type TreeStep =
  /** A comment's element and body; `nest` when its replies follow inside it. */
  | { step: 'open'; c: CommentView; nest: boolean }
  /** The end of a comment's replies and element (after `open` with `nest`), or of its element alone. */
  | { step: 'close'; c: CommentView; nest: boolean }

/** Deepest nesting of comment elements: deeper replies follow their parent at this depth (HTML parsers cap depth near 512 elements). */
export const MAX_NESTING = 48

/** The story page. */
export interface StoryView {
  /** The story's HTML. */
  html: string
  threads: CommentView[]
  /** The comment tree as steps, for templates. */
  steps: TreeStep[]
  /** Comments shown (not hidden). */
  shown: number
  /** One step per threshold, -1 to 5. */
  hitparade: ThresholdStep[]
  /** Labels present, most used first. */
  labels: LabelChoice[]
  /** Inline SVG: score distribution and thread shape. */
  svg: string
  /** The captures the page is made of, when more than one (else empty). */
  captures: CaptureView[]
  /** Shown comments the latest capture added (0 with one capture): the "new" filter's count. */
  added: number
}

/** Most label choices the stylesheet has rules for. */
export const MAX_LABELS = 24

/**
 * Build the story page's view of a record.
 *
 * @param record A checked record.
 * @param render Markdown → sanitized HTML (a lookup in the render cache).
 * @returns The view.
 */
export function storyView(record: Pick<StoryRecord, 'data' | 'content'>, render: (markdown: string) => string): StoryView {
  const data = record.data.comments
  const captures = captureViews(record.data)
  const latest = captures.length - 1
  const shownComments = data.filter((comment) => comment.hidden !== true)
  const labels = labelChoices(shownComments.map((comment) => comment.label))
  const labelIndex = new Map(labels.map((choice) => [choice.label, choice.index]))
  const byId = new Map<string, CommentView>()
  const threads: CommentView[] = []
  for (const comment of data) {
    const parent = comment.parent === null ? undefined : byId.get(comment.parent)
    // A bare `Re:` stands for its parent's subject: shown whole, unless the parent is hidden
    // (its subject is not shown, so not through its replies either) or shows a bare `Re:` itself.
    const derived = comment.parent !== null && isBare(comment.subject) && parent !== undefined && !parent.hidden && !isBare(parent.subject)
    const index = comment.label === null ? undefined : labelIndex.get(comment.label)
    // A hidden comment's subject stays out of the page, the index and its replies' subjects.
    const subject = comment.hidden === true ? '' : derived ? derivedSubject(parent.subject) : comment.subject
    const first = comment.seen?.[0]?.capture ?? 0
    const view: CommentView = {
      id: comment.id,
      subject,
      derived,
      repeatsParent: parent !== undefined && !parent.hidden && comment.hidden !== true && subject === derivedSubject(parent.subject),
      score: comment.score,
      label: comment.label,
      classes: `s${clampScore(comment.score)}` + (index === undefined ? '' : ` l${index}`) + (latest > 0 && first === latest ? ' nw' : ''),
      html: comment.hidden === true ? '' : render(comment.body),
      hidden: comment.hidden === true,
      parent: comment.parent,
      parentBy: comment.parentBy,
      depth: comment.depth,
      author: comment.author ?? null,
      replies: [],
      descendants: 0,
      history: comment.seen ? scoreHistory(comment.seen) : '',
      addedIn: latest > 0 && first > 0 ? first + 1 : 0,
      cut: comment.hidden !== true && endsCutShort(comment.body)
    }
    byId.set(comment.id, view)
    if (parent) parent.replies.push(view)
    else threads.push(view)
  }
  countDescendants(data.map((comment) => byId.get(comment.id)!))
  const scores = shownComments.map((comment) => clampScore(comment.score))
  const hitparade: ThresholdStep[] = scoreRange().map((threshold) => ({ threshold, count: scores.filter((score) => score >= threshold).length }))
  return {
    html: render(record.content),
    threads,
    steps: treeSteps(threads),
    shown: shownComments.length,
    hitparade,
    labels,
    svg: shapeSvg({ scores, threads: threads.map(threadShape) }),
    captures: captures.length > 1 ? captures : [],
    added: latest > 0 ? data.filter((comment) => comment.hidden !== true && comment.seen?.[0]?.capture === latest).length : 0
  }
}

/** The record's captures, oldest first; the first joined when the record was made. */
function captureViews(data: StoryRecord['data']): CaptureView[] {
  return [{ dump: data.dump, joined: data.ingested }, ...(data.captures ?? []).map((capture) => ({ dump: capture.dump, joined: capture.joined ?? null }))].map((capture, index) => ({
    number: index + 1,
    ...capture
  }))
}

/**
 * How a comment's score and label changed over the captures that have it,
 * oldest first: a run of equal values is said once.
 *
 * @param seen The comment in each capture that has it (`Seen`), oldest first.
 * @returns `Score 2 → 4`, `Insightful → Funny`, `Score 2 → 4, no label → Funny`; `''` when neither changed.
 */
export function scoreHistory(seen: readonly Pick<Seen, 'score' | 'label'>[]): string {
  const runs = <T>(values: T[]): T[] => values.filter((value, index) => index === 0 || value !== values[index - 1])
  const scores = runs(seen.map((each) => each.score))
  const labels = runs(seen.map((each) => each.label))
  const parts: string[] = []
  if (scores.length > 1) parts.push(`Score ${scores.join(' → ')}`)
  if (labels.length > 1) parts.push(labels.map((label) => label ?? 'no label').join(' → '))
  return parts.join(', ')
}

/** Whether a subject is a bare `Re:`, as the dump prints a reply whose subject is its parent's. */
function isBare(subject: string): boolean {
  return /^\s*Re:\s*$/.test(subject)
}

/** Distinct labels, most used first (then by name), at most {@link MAX_LABELS}. */
function labelChoices(labels: readonly (string | null)[]): LabelChoice[] {
  const counts = new Map<string, number>()
  for (const label of labels) if (label !== null) counts.set(label, (counts.get(label) ?? 0) + 1)
  return [...counts]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : 1))
    .slice(0, MAX_LABELS)
    .map(([label, count], index) => ({ label, index, count }))
}

/** Count each comment's descendants, replies before parents (page order reversed), without recursion. */
function countDescendants(inPageOrder: readonly CommentView[]): void {
  for (let i = inPageOrder.length - 1; i >= 0; i--) {
    const view = inPageOrder[i]!
    view.descendants = view.replies.reduce((sum, reply) => sum + 1 + reply.descendants, 0)
  }
}

/**
 * Walk a forest depth-first without recursion.
 *
 * @param roots The top of each tree.
 * @param visit Called for each comment with its depth (0 for a root), in document order.
 * @param after Called when a comment's subtree is done (default: none).
 */
export function walkTree(roots: readonly CommentView[], visit: (view: CommentView, depth: number) => void, after?: (view: CommentView, depth: number) => void): void {
  const stack: { view: CommentView; depth: number; done: boolean }[] = []
  for (let i = roots.length - 1; i >= 0; i--) stack.push({ view: roots[i]!, depth: 0, done: false })
  while (stack.length > 0) {
    const top = stack.pop()!
    if (top.done) {
      after?.(top.view, top.depth)
      continue
    }
    visit(top.view, top.depth)
    stack.push({ ...top, done: true })
    for (let i = top.view.replies.length - 1; i >= 0; i--) stack.push({ view: top.view.replies[i]!, depth: top.depth + 1, done: false })
  }
}

/** The tree as open and close steps; past {@link MAX_NESTING}, replies follow their parent instead of nesting. */
function treeSteps(threads: readonly CommentView[]): TreeStep[] {
  const steps: TreeStep[] = []
  walkTree(
    threads,
    (c, depth) => {
      const nest = c.replies.length > 0 && depth < MAX_NESTING - 1
      steps.push({ step: 'open', c, nest })
      if (!nest) steps.push({ step: 'close', c, nest })
    },
    (c, depth) => {
      if (c.replies.length > 0 && depth < MAX_NESTING - 1) steps.push({ step: 'close', c, nest: true })
    }
  )
  return steps
}

/** Comments of a thread at each depth (hidden ones included: they shape the thread). */
function threadShape(root: CommentView): number[] {
  const depths: number[] = []
  walkTree([root], (_, depth) => {
    depths[depth] = (depths[depth] ?? 0) + 1
  })
  return depths
}
