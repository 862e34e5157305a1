/**
 * The CPU-bound part of ingesting one dump: bytes → record text. Pure; runs
 * on this thread or in a worker (it is a {@link WorkerPool} task module).
 */
import { parseBytes } from '../parse/parse-bytes.ts'
import type { Message } from '../parse/types.ts'
import { recordText, type RecordMeta } from './record.ts'

/** What to make a record from. */
export interface MakeInput {
  bytes: Uint8Array
  meta: RecordMeta
}

/** The record's text (`null` when the dump has a fatal problem) and the dump's problems. */
export interface MakeOutput {
  text: string | null
  messages: Message[]
}

/**
 * Decode and parse a dump, and serialise its record.
 *
 * @param input The dump's bytes and the record's provenance.
 * @returns The record's text, or `null`, and every problem.
 */
export function handle(input: MakeInput): MakeOutput {
  const parsed = parseBytes(input.bytes)
  return { text: parsed.story ? recordText(parsed.story, input.meta) : null, messages: parsed.messages }
}
