/**
 * The dump parser: text in, typed Story out, no I/O.
 */
import { commentIds } from './ids.ts'
import { parseCommentHeader, parseStoryHeader, type CommentHeader } from './header.ts'
import { firstColumn, splitLines, type Line } from './lines.ts'
import { readStory } from './story.ts'
import { inScoreRange, MAX_SCORE, MIN_SCORE } from './score.ts'
import { threadComments } from './thread.ts'
import { KNOWN_LABELS, type Comment, type Message, type ParseResult } from './types.ts'

const knownLabels = new Set<string>(KNOWN_LABELS)

/** A comment as found on the page, before threading. */
interface Found {
  header: CommentHeader
  line: Line
  lines: string[]
}

/**
 * Parse a story dump.
 *
 * @param text The dump's text (a byte-order mark, CRLF line ends and trailing whitespace are allowed).
 * @returns The story (`null` when a fatal problem was found) and every problem, in dump order.
 */
export function parseDump(text: string): ParseResult {
  const messages: Message[] = []
  const fatal = (code: Message['code'], line: number, column: number, message: string): ParseResult => ({
    story: null,
    messages: [{ code, severity: 'fatal', line, column, message }]
  })
  if (text === '' || text === '\ufeff') return fatal('EMPTY_FILE', 1, 1, 'file is empty: a dump starts with a header line `Title (source) 12`')
  const nul = text.indexOf('\0')
  if (nul !== -1) {
    const before = text.slice(0, nul).split('\n')
    return fatal('NOT_TEXT', before.length, [...before[before.length - 1]!].length + 1, 'file is not text: it holds a NUL character (is it a binary file?)')
  }
  const lines = splitLines(text)
  const headerIndex = lines.findIndex((line) => line.text.trim() !== '')
  if (headerIndex === -1) return fatal('BLANK_FILE', 1, 1, 'file holds only blank lines: a dump starts with a header line `Title (source) 12`')
  const headerLine = lines[headerIndex]!
  if (parseCommentHeader(headerLine.text)) {
    return fatal('NO_HEADER', headerLine.number, firstColumn(headerLine.text), 'first line is a comment header, not a story header `Title (source) 12`: is the story missing?')
  }
  const header = parseStoryHeader(headerLine.text)
  if (header.commentCount === null) {
    return fatal('MISSING_COUNT', headerLine.number, headerLine.text.length + 1, 'header has no comment count: it ends with the number of comments the site had, `Title (source) 12`')
  }
  if (!Number.isSafeInteger(header.commentCount)) {
    const digits = /\d+$/.exec(headerLine.text)!
    return fatal('NUMBER_TOO_LARGE', headerLine.number, digits.index + 1, `comment count ${digits[0]} is too large to be one: is the header cut or garbled?`)
  }

  const storyLines: Line[] = []
  const found: Found[] = []
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const line = lines[i]!
    const commentHeader = parseCommentHeader(line.text)
    if (commentHeader) {
      found.push({ header: commentHeader, line, lines: [] })
      checkHeader(commentHeader, line, messages)
    } else if (found.length > 0) {
      if (line.text.trim() !== '') found[found.length - 1]!.lines.push(line.text)
    } else {
      storyLines.push(line)
    }
  }

  // A number that cannot be kept exactly would make a record that fails its check: refused here, placed.
  if (messages.some((message) => message.severity === 'fatal')) return { story: null, messages: messages.filter((message) => message.severity === 'fatal') }

  const story = readStory(storyLines)
  messages.push(...story.messages)
  const raw = found.map((comment) => ({ subject: comment.header.subject, lines: comment.lines }))
  const placements = threadComments(raw, { story: story.paragraphs })
  const ids = commentIds(raw)
  const comments: Comment[] = found.map((comment, index) => {
    const placement = placements[index]!
    if (placement.orphan) {
      messages.push({
        code: 'ORPHAN_REPLY',
        severity: 'warning',
        line: comment.line.number,
        column: 1,
        message: 'reply has no top-level comment above it: shown as a top-level comment'
      })
    }
    return {
      id: ids[index]!,
      parent: placement.parent === -1 ? null : ids[placement.parent]!,
      parentBy: placement.parentBy,
      depth: placement.depth,
      subject: comment.header.subject,
      score: comment.header.score,
      label: comment.header.label,
      lines: comment.lines,
      quoted: placement.quoted
    }
  })
  if (found.length > header.commentCount) {
    messages.push({
      code: 'MORE_COMMENTS_THAN_STATED',
      severity: 'warning',
      line: headerLine.number,
      column: headerLine.text.length,
      message: `header states ${header.commentCount} comments but the dump holds ${found.length}: is the count right?`
    })
  }
  messages.sort((a, b) => a.line - b.line || a.column - b.column)
  return {
    story: {
      title: header.title,
      source: header.source,
      commentCount: header.commentCount,
      byline: story.byline,
      paragraphs: story.paragraphs,
      comments
    },
    messages
  }
}

/** Refuse a score too large to keep; warn about a score outside -1…5 and a label the site does not use. */
function checkHeader(header: CommentHeader, line: Line, messages: Message[]): void {
  const group = line.text.lastIndexOf('(Score:')
  if (!Number.isSafeInteger(header.score)) {
    messages.push({
      code: 'NUMBER_TOO_LARGE',
      severity: 'fatal',
      line: line.number,
      column: group + 8,
      message: `score ${/-?\d+/.exec(line.text.slice(group + 7))![0]} is too large to be one: is the header garbled?`
    })
  } else if (!inScoreRange(header.score)) {
    messages.push({
      code: 'SCORE_OUT_OF_RANGE',
      severity: 'warning',
      line: line.number,
      column: group + 8,
      message: `score ${header.score} is outside ${MIN_SCORE} to ${MAX_SCORE}: kept as printed`
    })
  }
  if (header.label !== null && !knownLabels.has(header.label)) {
    messages.push({
      code: 'UNKNOWN_LABEL',
      severity: 'warning',
      line: line.number,
      column: line.text.indexOf(header.label, group) + 1,
      message: `unknown moderation label \`${header.label}\`: kept (known: ${KNOWN_LABELS.join(', ')})`
    })
  }
}
