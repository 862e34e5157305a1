/**
 * Several captures of one story, merged into one.
 *
 * A maintainer may receive the same story twice: a later copy of the page
 * has new comments and changed scores, and may lack comments that fell
 * under the reader's threshold. Captures of one story merge into the union
 * of their comments. Ids come from the comments' content (`ids.ts`), so a
 * comment in two captures has one id and stays one comment.
 */
import { decodeDump } from './decode.ts'
import { isReplySubject, parseCommentHeader, parseStoryHeader, subjectWords } from './header.ts'
import type { Comment, ParentBy, Seen, Story } from './types.ts'

/**
 * What makes two captures the same story: the same title and the same
 * source (see {@link foldTitle}; no source counts as a source of its own).
 * Two stories of one title from different sources stay two.
 *
 * @param story A parsed capture.
 * @returns A key, equal for captures of one story.
 */
export function storyIdentity(story: Pick<Story, 'title' | 'source'>): string {
  return `${foldTitle(story.title)}\u0000${foldTitle(story.source ?? '')}`
}

/**
 * A title as captures of one story share it: white space folded to single
 * spaces, and Unicode in its composed form (NFC), so that `Café` typed as
 * `e` and a combining accent is the `Café` of another capture.
 *
 * @param text A title (or source) as a header gave it.
 * @returns The title folded.
 */
export function foldTitle(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim()
}

/** Bytes of a dump read for its header. */
const HEAD = 64 * 1024

/**
 * The identity of the story a dump captures, read from its header line
 * alone (see {@link storyIdentity}).
 *
 * @param bytes A dump's bytes.
 * @returns The key, or `null` when the dump has no story header to read (its parse reports why).
 */
export function captureIdentity(bytes: Uint8Array): string | null {
  // The header is the first line: what comes before the last line end in the first 64 KiB is plenty.
  const head = bytes.length <= HEAD ? bytes : bytes.subarray(0, bytes.lastIndexOf(0x0a, HEAD) + 1)
  const text = decodeDump(head).text
  if (text === null) return null
  const line = text.replace(/^\ufeff/, '').split('\n').find((candidate) => candidate.trim() !== '')
  if (line === undefined || parseCommentHeader(line.trimEnd())) return null
  const header = parseStoryHeader(line.trimEnd())
  return header.commentCount === null ? null : storyIdentity(header)
}

/** How strong each kind of evidence for a parent is: a placement gives way only to stronger evidence. */
const strength: Record<ParentBy, number> = { root: 0, order: 1, 'inline-quote': 2, subject: 3, quote: 4 }

/** A comment of the merged tree, its replies' ids in order, and how each capture that has it showed it. */
interface Node {
  comment: Comment
  replies: string[]
  seen: Seen[]
}

/**
 * Merge captures of one story, oldest first.
 *
 * - A comment in several captures is one comment: the newest capture's score
 *   and label win, and each capture's are kept in `seen`, oldest first (a story
 *   of one capture has none); its subject as printed in full wins over a bare `Re:`;
 *   its parent is the one with the strongest evidence (the earliest on a tie).
 * - A comment of one capture only keeps the parent that capture gave it, and
 *   follows the reply it followed there.
 * - A comment cut short in one capture and whole in another, at the same
 *   place in the thread, is one comment: its id is the one it was first
 *   archived under, its text the longer.
 * - The story's stated comment count is the largest; its lead-in the newest
 *   one; its paragraphs the union, in order.
 *
 * @param captures Parsed captures of one story (see {@link storyIdentity}), oldest first; at least one.
 * @returns One story: comments in page order (depth-first), depths made anew.
 */
export function mergeCaptures(captures: readonly Story[]): Story {
  const [first, ...later] = captures
  if (!first) throw new Error('mergeCaptures needs a capture')
  if (later.length === 0) return first
  const nodes = new Map<string, Node>()
  const roots: string[] = []
  const repliesOf = (parent: string | null): string[] => (parent === null ? roots : nodes.get(parent)!.replies)

  /** A comment's id in a capture → the id of the merged comment it is, when they differ (a cut-off copy of a comment, see {@link cutCopyOf}). */
  const alias = new Map<string, string>()
  const merged = (id: string): string => alias.get(id) ?? id

  for (const [index, capture] of captures.entries()) {
    /** The reply each parent (by this capture) last had in this capture. */
    const lastReply = new Map<string | null, string>()
    const inCapture = new Set(capture.comments.map((comment) => merged(comment.id)))
    /** Replies this capture lacks came from an earlier capture: they are older, and stay before what this one adds. */
    const older = (id: string): boolean => !inCapture.has(id)
    for (const parsed of capture.comments) {
      const parent = parsed.parent === null ? null : merged(parsed.parent)
      const after = lastReply.get(parent) ?? null
      let id = merged(parsed.id)
      if (!nodes.has(id)) {
        // A comment the site cut short in one capture and printed whole in another, at the same place: one comment,
        // known by the id it was first archived under (readers' links), with the longer text.
        const same = cutCopyOf(parsed, repliesOf(parent), after, older, nodes)
        if (same !== null) {
          alias.set(parsed.id, same)
          inCapture.add(same)
          id = same
          const kept = nodes.get(same)!
          if (textOf(parsed).length > textOf(kept.comment).length) kept.comment = { ...kept.comment, lines: parsed.lines, quoted: parsed.quoted }
        }
      }
      const comment: Comment = { ...parsed, id, parent }
      lastReply.set(parent, id)
      const seen: Seen = { capture: index, score: parsed.score, label: parsed.label }
      const node = nodes.get(id)
      if (!node) {
        nodes.set(id, { comment, replies: [], seen: [seen] })
        insertAfter(repliesOf(parent), id, after, older)
        continue
      }
      if (node.seen.at(-1)?.capture !== index) node.seen.push(seen)
      const kept = node.comment
      const subject = isReplySubject(comment.subject) && subjectWords(comment.subject) === '' && subjectWords(kept.subject) !== '' ? kept.subject : comment.subject
      node.comment = { ...kept, subject, score: comment.score, label: comment.label }
      const moves =
        strength[comment.parentBy] > strength[kept.parentBy] &&
        comment.parent !== kept.parent &&
        (comment.parent === null || !isWithin(nodes, comment.parent, comment.id))
      if (moves) {
        const old = repliesOf(kept.parent)
        old.splice(old.indexOf(comment.id), 1)
        insertAfter(repliesOf(comment.parent), comment.id, after, older)
        // What is quoted is told line by line: this capture's marks fit the text only when it is the text kept.
        const quoted = textOf(comment) === textOf(node.comment) ? comment.quoted : node.comment.quoted
        node.comment = { ...node.comment, parent: comment.parent, parentBy: comment.parentBy, quoted }
      }
    }
  }

  const newest = captures[captures.length - 1]!
  return {
    // Folded: the captures' titles differ at most in white space and Unicode form, and a doubled space is a copying artefact.
    title: foldTitle(newest.title),
    source: newest.source === null ? null : foldTitle(newest.source),
    commentCount: Math.max(...captures.map((capture) => capture.commentCount)),
    byline: [...captures].reverse().find((capture) => capture.byline !== null)?.byline ?? null,
    paragraphs: captures.reduce<string[]>((all, capture) => unionInOrder(all, capture.paragraphs), []),
    comments: depthFirst(nodes, roots)
  }
}

/** A comment's text, as one string, without the trailing white space a cut leaves. */
function textOf(comment: Pick<Comment, 'lines'>): string {
  return comment.lines.join('\n').trimEnd()
}

/**
 * The merged comment that a capture's comment is another copy of, cut short
 * by the site in one of them: a reply of the same parent, at the place the
 * comment would go (after the reply it follows in its capture, among the
 * older replies its capture lacks), whose text begins the other's or is
 * begun by it (a trailing `...` or `…` of the cut one aside), with subjects
 * that agree. Empty comments are no copy of anything.
 *
 * @returns The merged comment's id, or `null`.
 */
function cutCopyOf(comment: Comment, siblings: readonly string[], after: string | null, older: (id: string) => boolean, nodes: ReadonlyMap<string, Node>): string | null {
  const text = textOf(comment)
  if (text === '') return null
  const start = after === null ? 0 : siblings.indexOf(after) + 1
  for (let at = start; at < siblings.length && older(siblings[at]!); at++) {
    const other = nodes.get(siblings[at]!)!.comment
    const kept = textOf(other)
    if (kept === '' || !sameSubject(comment.subject, other.subject)) continue
    const [short, long] = kept.length <= text.length ? [kept, text] : [text, kept]
    const stem = short.replace(/(?:\.\.\.|…)$/, '')
    if (stem !== '' && long.startsWith(stem)) return other.id
  }
  return null
}

/** Whether two subjects can be one comment's: the same words, or a bare `Re:` beside a reply's subject. */
function sameSubject(a: string, b: string): boolean {
  if (subjectWords(a) === subjectWords(b) && isReplySubject(a) === isReplySubject(b)) return true
  return isReplySubject(a) && isReplySubject(b) && (subjectWords(a) === '' || subjectWords(b) === '')
}

/**
 * Insert an id after another in a list (at the start when `after` is `null`
 * or not in the list), and after the items that follow it and are to be passed.
 */
function insertAfter(list: string[], id: string, after: string | null, pass: (item: string) => boolean = () => false): void {
  let at = after === null ? 0 : list.indexOf(after) + 1
  while (at < list.length && pass(list[at]!)) at++
  list.splice(at, 0, id)
}

/** Whether `id` is `start` or one of its ancestors: a comment moved under `start` would then be its own ancestor. */
function isWithin(nodes: ReadonlyMap<string, Node>, start: string, id: string): boolean {
  for (let current: string | null = start; current !== null; current = nodes.get(current)!.comment.parent) {
    if (current === id) return true
  }
  return false
}

/** Items of `base`, with those of `next` that it lacks, each after the item it followed in `next`. */
function unionInOrder(base: readonly string[], next: readonly string[]): string[] {
  const result = [...base]
  const have = new Set(base)
  let after: string | null = null
  for (const item of next) {
    if (!have.has(item)) {
      insertAfter(result, item, after)
      have.add(item)
    }
    after = item
  }
  return result
}

/** The merged tree in page order, without recursion, each comment's depth from its parent's. */
function depthFirst(nodes: ReadonlyMap<string, Node>, roots: readonly string[]): Comment[] {
  const out: Comment[] = []
  const stack: { id: string; depth: number }[] = roots.map((id) => ({ id, depth: 0 })).reverse()
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!
    const node = nodes.get(id)!
    out.push({ ...node.comment, depth, seen: node.seen })
    for (let i = node.replies.length - 1; i >= 0; i--) stack.push({ id: node.replies[i]!, depth: depth + 1 })
  }
  return out
}
