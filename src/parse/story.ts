/**
 * Stage 3: the story part of a dump — lead-in and paragraphs.
 */
import type { Line } from './lines.ts'
import { firstColumn } from './lines.ts'
import type { Message } from './types.ts'

/** The story part, read. */
export interface StoryText {
  byline: string | null
  paragraphs: string[]
  messages: Message[]
}

/** A line that ends a sentence, a quotation, a list or a link annotation ends its paragraph. */
const paragraphEnd = /[.!?:;"'”’)\]…]$/

/**
 * Read the lines between the header and the first comment.
 *
 * A first line ending with a colon is the lead-in. A line that does not end a
 * sentence is hard-wrapped: it is joined to the next with a space. A paragraph
 * that repeats an earlier one verbatim (an artefact of copying) is dropped and
 * reported once per run.
 *
 * @param lines The story's lines (blank ones allowed).
 * @returns The lead-in, the paragraphs, and a warning per repeated run.
 */
export function readStory(lines: readonly Line[]): StoryText {
  const content = lines.filter((line) => line.text.trim() !== '')
  let byline: string | null = null
  let start = 0
  if (content.length > 0 && content[0]!.text.trim().endsWith(':')) {
    byline = content[0]!.text.trim()
    start = 1
  }
  const joined: { text: string; line: Line }[] = []
  let open: { text: string; line: Line } | null = null
  for (let i = start; i < content.length; i++) {
    const line = content[i]!
    const text = line.text.trim()
    open = open ? { text: open.text + ' ' + text, line: open.line } : { text, line }
    if (paragraphEnd.test(text)) {
      joined.push(open)
      open = null
    }
  }
  if (open) joined.push(open)

  const paragraphs: string[] = []
  const seen = new Set<string>()
  const messages: Message[] = []
  let run: { line: Line; count: number } | null = null
  const flush = (): void => {
    if (!run) return
    messages.push({
      code: 'REPEATED_STORY',
      severity: 'warning',
      line: run.line.number,
      column: firstColumn(run.line.text),
      message: `story repeats ${run.count === 1 ? 'an earlier paragraph' : `${run.count} earlier paragraphs`} verbatim (a copying artefact): shown once`
    })
    run = null
  }
  for (const paragraph of joined) {
    if (seen.has(paragraph.text)) {
      run = run ? { line: run.line, count: run.count + 1 } : { line: paragraph.line, count: 1 }
      continue
    }
    flush()
    seen.add(paragraph.text)
    paragraphs.push(paragraph.text)
  }
  flush()
  return { byline, paragraphs, messages }
}
