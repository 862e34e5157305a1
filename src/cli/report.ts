/**
 * Messages for people: `file:line:column: what is wrong [CODE]`.
 */
import type { Message } from '../parse/types.ts'

/**
 * Format a message with its place.
 *
 * @param file The file's path, as the user should see it.
 * @param message The problem.
 * @param source The file's text, to show the line and a caret under the column (default: none).
 * @returns One line, or three with the source line and caret.
 */
export function formatMessage(file: string, message: Message<string>, source?: string): string {
  const kind = message.severity === 'warning' ? 'warning: ' : ''
  const head = `${file}:${message.line}:${message.column}: ${kind}${message.message} [${message.code}]`
  if (source === undefined || message.severity === 'warning') return head
  const line = sourceLine(source, message.line)
  if (line === null || line.trim() === '') return head
  const shown = line.length > 160 ? line.slice(0, 160) + '…' : line
  const caret = ' '.repeat(Math.min(Math.max(message.column - 1, 0), 160)) + '^'
  return `${head}\n  ${shown}\n  ${caret}`
}

/** The text of a 1-based line, or `null` past the end. */
function sourceLine(source: string, number: number): string | null {
  let start = 0
  for (let n = 1; n < number; n++) {
    const next = source.indexOf('\n', start)
    if (next === -1) return null
    start = next + 1
  }
  const end = source.indexOf('\n', start)
  return source.slice(start, end === -1 ? undefined : end).replace(/\r$/, '').replace(/^\ufeff/, '')
}
