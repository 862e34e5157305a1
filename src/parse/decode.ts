/**
 * Stage 0: bytes → text, refusing what is not UTF-8 text.
 */
import type { Message } from './types.ts'

/** The result of decoding a dump's bytes. */
export interface Decoded {
  /** The text, or `null` when the bytes are not UTF-8 text. */
  text: string | null
  messages: Message[]
}

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decode a dump's bytes as UTF-8, with or without a byte-order mark.
 *
 * @param bytes The file's content.
 * @returns The text, or a fatal `NOT_TEXT` (NUL bytes) or `NOT_UTF8` message placed at the first bad byte.
 */
export function decodeDump(bytes: Uint8Array): Decoded {
  const nul = bytes.indexOf(0)
  if (nul !== -1) {
    return { text: null, messages: [at(bytes, nul, 'NOT_TEXT', 'file is not text: it holds a NUL byte (is it a binary file?)')] }
  }
  try {
    return { text: decoder.decode(bytes), messages: [] }
  } catch {
    const bad = firstInvalidByte(bytes)
    return { text: null, messages: [at(bytes, bad, 'NOT_UTF8', 'file is not UTF-8 text: save it as UTF-8 and ingest it again')] }
  }
}

/** Place a byte offset as line:column (columns count characters of the valid prefix). */
function at(bytes: Uint8Array, offset: number, code: 'NOT_TEXT' | 'NOT_UTF8', message: string): Message {
  let line = 1
  let lineStart = 0
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++
      lineStart = i + 1
    }
  }
  const prefix = new TextDecoder('utf-8').decode(bytes.subarray(lineStart, offset))
  return { code, severity: 'fatal', line, column: [...prefix].length + 1, message }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]!
    const size = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0
    if (size === 0 || i + size > bytes.length) return i
    const chunk = bytes.subarray(i, i + size)
    try {
      decoder.decode(chunk)
    } catch {
      return i
    }
    i += size
  }
  return bytes.length
}
