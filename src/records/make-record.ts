/**
 * The CPU-bound part of ingesting one dump: bytes → record text. Pure; runs
 * on this thread or in a worker (it is a {@link WorkerPool} task module).
 */
import { decodeDump } from '../parse/decode.ts'
import { parseDump } from '../parse/parse-dump.ts'
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
  const decoded = decodeDump(input.bytes)
  const parsed = decoded.text === null ? { story: null, messages: decoded.messages } : parseDump(decoded.text)
  return { text: parsed.story ? recordText(parsed.story, input.meta) : null, messages: parsed.messages }
}
