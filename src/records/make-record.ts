/**
 * The CPU-bound part of ingesting one story: its captures' bytes → record
 * text. Runs on this thread or in a worker (it is a {@link WorkerPool} task
 * module). A pipeline that does more with each record made, on the thread
 * that made it, has a task of its own that makes it with {@link makeRecord}
 * (the build's: `src/site/ingest-task.ts`; see `RecordTask` in `ingest.ts`).
 */
import { mergeCaptures } from '../parse/captures.ts'
import { parseBytes } from '../parse/parse-bytes.ts'
import type { Message, Story } from '../parse/types.ts'
import { keepMoves, movedByHand, type DroppedEdit, type Placement } from './hand-edits.ts'
import { recordText, type Capture, type RecordMeta } from './record.ts'

/** What to make a record from. */
export interface MakeInput<Given = never> {
  /** Each capture's bytes, oldest first: usually one. */
  captures: Uint8Array[]
  /** Captures at the start that the record already has: one of them that cannot be parsed fails the record; a later one that cannot is left out (default: all). */
  known?: number
  /** Provenance: `dump` and `captures` name every capture of `captures`, in order. */
  meta: RecordMeta
  /** The comments' places in the record made before, when it was edited by hand: a comment moved by hand stays where it was put (see `hand-edits.ts`). */
  placements?: Placement[]
  /** What the task that makes the record is given for it besides (see `RecordTask` in `ingest.ts`); the record's making does not read it. */
  given?: Given
}

/** The record's text (`null` when a capture it has cannot be parsed) and the captures' problems, each with its capture's index. */
export interface MakeOutput<Made = never> {
  text: string | null
  /** Indexes of the new captures left out, for a fatal problem of their own. */
  left: number[]
  /** Comments moved by hand that could not be kept where they were put, and why. */
  dropped?: DroppedEdit[]
  messages: { capture: number; message: Message }[]
  /** What the task that made the record made of it besides (see `RecordTask` in `ingest.ts`). */
  made?: Made
}

/**
 * Decode and parse a story's captures, merge them, and serialise the record.
 * Pure.
 *
 * @param input The captures' bytes and the record's provenance.
 * @returns The record's text, or `null`, and every problem; and the merged story (`null` with no text), for a task to do more with.
 */
export function makeRecord(input: MakeInput<unknown>): MakeOutput & { story: Story | null } {
  const known = input.known ?? input.captures.length
  const stories: Story[] = []
  const messages: MakeOutput['messages'] = []
  const left: number[] = []
  input.captures.forEach((bytes, capture) => {
    const parsed = parseBytes(bytes)
    for (const message of parsed.messages) messages.push({ capture, message })
    if (parsed.story) stories.push(parsed.story)
    else left.push(capture)
  })
  // A capture the record has is needed to make it again; a new one that cannot be parsed is reported and left out,
  // so that one bad copy of a page never keeps the good ones out.
  if (left.some((capture) => capture < known) || stories.length === 0) return { text: null, left: [], story: null, messages }
  const all: Capture[] = [{ dump: input.meta.dump, dumpSha256: input.meta.dumpSha256 }, ...(input.meta.captures ?? [])]
  const [first, ...later] = all.filter((_, index) => !left.includes(index))
  const meta: RecordMeta = { ...input.meta, dump: first!.dump, dumpSha256: first!.dumpSha256, captures: later }
  let story = mergeCaptures(stories)
  if (input.placements && known > 0) {
    // The record's parents against those of the captures it was made from: what differs was moved by hand.
    const moved = movedByHand(input.placements, mergeCaptures(stories.slice(0, known)))
    const kept = keepMoves(story, moved)
    story = kept.story
    return { text: recordText(story, meta), left, story, messages, ...(kept.dropped.length > 0 ? { dropped: kept.dropped } : {}) }
  }
  return { text: recordText(story, meta), left, story, messages }
}

/**
 * Make a record ({@link makeRecord}), and nothing more: ingest's task when
 * the pipeline gives none.
 *
 * @param input The captures' bytes and the record's provenance.
 * @returns The record's text, or `null`, and every problem.
 */
export function handle(input: MakeInput): MakeOutput {
  const { story: _story, ...made } = makeRecord(input)
  return made
}
