/**
 * The CPU-bound part of ingesting one story: its captures' bytes → record
 * text, and its bodies rendered for the render cache. Runs on this thread or
 * in a worker (it is a {@link WorkerPool} task module).
 */
import { mergeCaptures } from '../parse/captures.ts'
import { parseBytes } from '../parse/parse-bytes.ts'
import type { Message, Story } from '../parse/types.ts'
import { StoryRenderCache } from '../render/story-cache.ts'
import { storyPage } from '../render/story-page.ts'
import { scanText, type ScanOutput } from '../site/scan-task.ts'
import { keepMoves, movedByHand, type DroppedEdit, type Placement } from './hand-edits.ts'
import { readRecord, recordText, type Capture, type RecordMeta } from './record.ts'

/** What to make a record from. */
export interface MakeInput {
  /** Each capture's bytes, oldest first: usually one. */
  captures: Uint8Array[]
  /** Captures at the start that the record already has: one of them that cannot be parsed fails the record; a later one that cannot is left out (default: all). */
  known?: number
  /** Provenance: `dump` and `captures` name every capture of `captures`, in order. */
  meta: RecordMeta
  /** The comments' places in the record made before, when it was edited by hand: a comment moved by hand stays where it was put (see `hand-edits.ts`). */
  placements?: Placement[]
  /** Where to keep the story in the render cache: its folder ({@link StoryRenderCache.folder}) and the story's slug. */
  render?: { folder: string; slug: string }
}

/** The record's text (`null` when a capture it has cannot be parsed) and the captures' problems, each with its capture's index. */
export interface MakeOutput {
  text: string | null
  /** Indexes of the new captures left out, for a fatal problem of their own. */
  left: number[]
  /** Comments moved by hand that could not be kept where they were put, and why. */
  dropped?: DroppedEdit[]
  messages: { capture: number; message: Message }[]
  /** Bodies rendered into the render cache. */
  rendered: number
  /** What the build's scan keeps of the record, when it was made for the render cache (see `scanText`). */
  scan?: ScanOutput
}

/**
 * Decode and parse a story's captures, merge them, and serialise the record.
 * Pure.
 *
 * @param input The captures' bytes and the record's provenance.
 * @returns The record's text, or `null`, and every problem; the merged story, to render.
 */
function makeRecord(input: MakeInput): Omit<MakeOutput, 'rendered'> & { story: Story | null } {
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
    return { text: recordText(story, meta), left, story, messages, dropped: kept.dropped }
  }
  return { text: recordText(story, meta), left, story, messages }
}

/**
 * Make a record ({@link makeRecord}) and, when asked, do what a build does
 * next with it, from the record read once: keep its story in the render cache
 * with its bodies rendered from the parsed story (see `storyPage`), so that
 * its page reads no YAML and parses no markdown, and give what the scan keeps
 * of it (see `scanText`), so that the scan need not read it. The cache file
 * is written before the record; it is found by the record's hash, so until
 * the record is written it is never taken for another.
 *
 * @param input The captures' bytes, the record's provenance, and where to keep the story.
 * @returns The record's text, or `null`, every problem, the bodies rendered and what the scan keeps.
 */
export function handle(input: MakeInput): MakeOutput {
  const { text, left, story, messages, dropped } = makeRecord(input)
  const edits = dropped && dropped.length > 0 ? { dropped } : {}
  if (text === null || story === null || !input.render) return { text, left, messages, ...edits, rendered: 0 }
  const read = readRecord(text)
  const scan = scanText(text, input.render.slug, read)
  const page = scan.read && storyPage(story, scan.read.sha256, read.record)
  if (page) StoryRenderCache.at(input.render.folder).keep(input.render.slug, page)
  return { text, left, messages, ...edits, rendered: page ? Object.keys(page.html).length : 0, scan }
}
