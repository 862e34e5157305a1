/**
 * Stage 1: text → numbered lines.
 */

/** A line of the dump with its 1-based number; trailing whitespace removed. */
export interface Line {
  number: number
  text: string
}

/**
 * Split dump text into lines: a leading byte-order mark is dropped, LF and
 * CRLF both end a line, trailing whitespace is removed.
 *
 * @param text Dump text.
 * @returns Every line, blank ones included, numbered from 1.
 */
export function splitLines(text: string): Line[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const raw = body.split('\n')
  if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop()
  const lines: Line[] = new Array(raw.length)
  for (let i = 0; i < raw.length; i++) {
    lines[i] = { number: i + 1, text: raw[i]!.trimEnd() }
  }
  return lines
}

/** Column (1-based) of the first non-blank character of a line, or 1. */
export function firstColumn(text: string): number {
  const match = /\S/.exec(text)
  return match ? match.index + 1 : 1
}
