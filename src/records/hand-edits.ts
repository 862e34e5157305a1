/**
 * A maintainer's re-threading, kept when a record edited by hand is made
 * again from its captures (`ingest --force`): a comment whose parent in the
 * record is not the one its captures give was moved by hand, and stays
 * where the maintainer put it in the record made again.
 */
import type { Comment, ParentBy, Story } from '../parse/types.ts'

/** A comment's place in a record: what re-threading by hand changes. */
export interface Placement {
  id: string
  parent: string | null
  parentBy: ParentBy
}

/** A hand edit that could not be kept, and why. */
export interface DroppedEdit {
  id: string
  reason: string
}

/**
 * The comments a maintainer moved: those whose parent in the record differs
 * from the one the captures it was made from give.
 *
 * @param record The record's comments, ids as this parser gives them.
 * @param base The story made from the captures the record was made from.
 * @returns Each moved comment's placement in the record.
 */
export function movedByHand(record: readonly Placement[], base: Story): Placement[] {
  const parents = new Map(base.comments.map((comment) => [comment.id, comment.parent]))
  return record.filter((comment) => parents.has(comment.id) && parents.get(comment.id) !== comment.parent)
}

/**
 * Put moved comments under the parents a maintainer gave them, each among
 * its new siblings in page order, depths made anew.
 *
 * @param story The story made again from every capture.
 * @param moved The placements to keep (see {@link movedByHand}).
 * @returns The story, and each move that could not be kept: its comment or parent is in no capture, or it would make a cycle.
 */
export function keepMoves(story: Story, moved: readonly Placement[]): { story: Story; dropped: DroppedEdit[] } {
  const byId = new Map(story.comments.map((comment) => [comment.id, comment]))
  const parentOf = new Map(story.comments.map((comment) => [comment.id, comment.parent]))
  const placed = new Map<string, Placement>()
  const dropped: DroppedEdit[] = []
  for (const move of moved) {
    if (!byId.has(move.id)) dropped.push({ id: move.id, reason: 'the comment is in none of the captures' })
    else if (move.parent !== null && !byId.has(move.parent)) dropped.push({ id: move.id, reason: `its parent \`${move.parent}\` is in none of the captures` })
    else if (move.parent !== null && isWithin(parentOf, move.parent, move.id)) dropped.push({ id: move.id, reason: `under \`${move.parent}\` it would be its own ancestor` })
    else {
      parentOf.set(move.id, move.parent)
      placed.set(move.id, move)
    }
  }
  if (placed.size === 0) return { story, dropped }
  // Replies of each parent in page order; then depth-first, without recursion.
  const replies = new Map<string | null, string[]>()
  for (const comment of story.comments) {
    const parent = parentOf.get(comment.id)!
    replies.set(parent, [...(replies.get(parent) ?? []), comment.id])
  }
  const out: Comment[] = []
  const stack = (replies.get(null) ?? []).map((id) => ({ id, depth: 0 })).reverse()
  while (stack.length > 0) {
    const { id, depth } = stack.pop()!
    const move = placed.get(id)
    out.push({ ...byId.get(id)!, ...(move ? { parent: move.parent, parentBy: move.parentBy } : {}), depth })
    const children = replies.get(id) ?? []
    for (let i = children.length - 1; i >= 0; i--) stack.push({ id: children[i]!, depth: depth + 1 })
  }
  return { story: { ...story, comments: out }, dropped }
}

/** Whether `id` is `start` or one of its ancestors. */
function isWithin(parentOf: ReadonlyMap<string, string | null>, start: string, id: string): boolean {
  const seen = new Set<string>()
  for (let current: string | null = start; current !== null && !seen.has(current); current = parentOf.get(current) ?? null) {
    if (current === id) return true
    seen.add(current)
  }
  return false
}
