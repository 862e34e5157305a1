/**
 * The CPU-bound part of ingesting one story: its captures' bytes → record
 * text. Pure; runs on this thread or in a worker (it is a {@link WorkerPool}
 * task module).
 */
import { mergeCaptures } from '../parse/captures.ts'
import { parseBytes } from '../parse/parse-bytes.ts'
import type { Message, Story } from '../parse/types.ts'
import { recordText, type RecordMeta } from './record.ts'

/** What to make a record from. */
export interface MakeInput {
  /** Each capture's bytes, oldest first: usually one. */
  captures: Uint8Array[]
  meta: RecordMeta
}

/** The record's text (`null` when a capture has a fatal problem) and the captures' problems, each with its capture's index. */
export interface MakeOutput {
  text: string | null
  messages: { capture: number; message: Message }[]
}

/**
 * Decode and parse a story's captures, merge them, and serialise the record.
 *
 * @param input The captures' bytes and the record's provenance.
 * @returns The record's text, or `null`, and every problem.
 */
export function handle(input: MakeInput): MakeOutput {
  const stories: Story[] = []
  const messages: MakeOutput['messages'] = []
  input.captures.forEach((bytes, capture) => {
    const parsed = parseBytes(bytes)
    for (const message of parsed.messages) messages.push({ capture, message })
    if (parsed.story) stories.push(parsed.story)
  })
  const whole = stories.length === input.captures.length && stories.length > 0
  return { text: whole ? recordText(mergeCaptures(stories), input.meta) : null, messages }
}
