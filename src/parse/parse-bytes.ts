/**
 * Bytes in, Story out: decode (UTF-8, refusing binary) then parse.
 */
import { decodeDump } from './decode.ts'
import { parseDump } from './parse-dump.ts'
import type { ParseResult } from './types.ts'

/** A parse of a dump's bytes, with the text it decoded to (for showing lines). */
export interface BytesResult extends ParseResult {
  /** The decoded text, or `null` when the bytes are not UTF-8 text. */
  text: string | null
}

/**
 * Decode a dump's bytes and parse them.
 *
 * @param bytes The file's content.
 * @returns The story (`null` on a fatal problem), every problem, and the text.
 */
export function parseBytes(bytes: Uint8Array): BytesResult {
  const decoded = decodeDump(bytes)
  if (decoded.text === null) return { story: null, messages: decoded.messages, text: null }
  return { ...parseDump(decoded.text), text: decoded.text }
}
