/**
 * Story ⇄ record file: gray-matter markdown with YAML front matter.
 *
 * The front matter holds the story's fields and every comment (with its body
 * as markdown); the content holds the story's text as markdown. A `checksum`
 * of the rest of the file, written last, tells a hand-edited record from one
 * Scrollback wrote.
 */
import { createHash } from 'node:crypto'
import { createRequire } from 'node:module'
import matter from 'gray-matter'
import { CORE_SCHEMA, dump, load, type YAMLException } from 'js-yaml'
import type { Comment, Message, Story } from '../parse/types.ts'
import { DATE_FORMS, recordTime } from './dates.ts'
import { linesToMarkdown, markdownToLines } from './markdown.ts'
import { recordSchema, type RecordComment, type RecordData } from './schema.ts'

export { PARSER_VERSION } from './parser-version.ts'

/**
 * Version of what {@link readRecord} makes of a record's text: bump it with
 * any change to that (the schema, defaults). The render cache keeps what
 * pages need of records read by this version, and reads again the others.
 */
export const READ_VERSION = 2

/** Codes of problems found in a record. */
export type RecordCode =
  | 'RECORD_FRONT_MATTER'
  | 'RECORD_YAML'
  | 'RECORD_SCHEMA'
  | 'DUPLICATE_ID'
  | 'MISSING_PARENT'
  | 'PARENT_AFTER_CHILD'
  | 'BAD_DEPTH'
  | 'BAD_DATE'

/** Where a record came from, and what a maintainer added. */
export interface RecordMeta {
  /** The dump's path, relative to the content folder: the first capture of the story. */
  dump: string
  dumpSha256: string
  /** Later captures of the same story merged into the record, oldest first (see `src/parse/captures.ts`). */
  captures?: Capture[]
  parser: number
  /** When the record was first made (ISO 8601). */
  ingested: string
  date?: string | Date
  url?: string
  author?: string
  /** What a maintainer added to comments, by comment id: kept when a record is made again. */
  comments?: [id: string, fields: CommentMaintainerFields][]
}

/** A capture of a story: a dump, relative to the content folder, and the SHA-256 of its bytes. */
export interface Capture {
  dump: string
  dumpSha256: string
  /** When a later capture joined the record (ISO 8601; the first capture's is the record's `ingested`). */
  joined?: string
}

/** The fields a maintainer may add to a comment. */
export interface CommentMaintainerFields {
  author?: string
  date?: string | Date
  hidden?: boolean
}

/**
 * What a maintainer added to a record's comments, by comment id.
 *
 * @param comments A record's comments, checked.
 * @returns `[id, fields]` for each comment with an `author`, `date` or `hidden`.
 */
export function commentMaintainerFields(comments: readonly Pick<RecordComment, 'id' | 'author' | 'date' | 'hidden'>[]): [string, CommentMaintainerFields][] {
  const kept: [string, CommentMaintainerFields][] = []
  for (const comment of comments) {
    const fields: CommentMaintainerFields = {
      ...(comment.author === undefined ? {} : { author: comment.author }),
      ...(comment.date === undefined ? {} : { date: comment.date }),
      ...(comment.hidden === undefined ? {} : { hidden: comment.hidden })
    }
    if (Object.keys(fields).length > 0) kept.push([comment.id, fields])
  }
  return kept
}

/** A record read back. */
export interface StoryRecord {
  /** The story, made from the record when first asked for. */
  readonly story: Story
  /** The front matter as written, maintainer fields included. */
  data: RecordData
  /** The story's markdown. */
  content: string
  /** Whether the file differs from what Scrollback wrote (its checksum does not match). */
  edited: boolean
}

/** What reading a record gives: the record when it is valid, and every problem found. */
export interface ReadResult {
  record: StoryRecord | null
  messages: Message<RecordCode>[]
}

/** A comment's fields other than its text. */
export type CommentFields = Omit<Comment, 'lines' | 'quoted'>

/**
 * A comment's fields other than its text, in record order.
 *
 * @param comment A parsed comment.
 */
export function commentFields(comment: Comment): CommentFields {
  return {
    id: comment.id,
    parent: comment.parent,
    parentBy: comment.parentBy,
    depth: comment.depth,
    subject: comment.subject,
    score: comment.score,
    label: comment.label,
    ...(comment.seen === undefined ? {} : { seen: comment.seen })
  }
}

/**
 * Markdown body of a comment.
 *
 * @param comment A parsed comment.
 * @returns Its lines as markdown, quotes as blockquotes (`''` when empty).
 */
export function commentBody(comment: Pick<Comment, 'lines' | 'quoted'>): string {
  return linesToMarkdown(comment.lines, comment.quoted)
}

/**
 * Markdown body of a story.
 *
 * @param story A parsed story.
 * @returns Its paragraphs as markdown.
 */
export function storyBody(story: Pick<Story, 'paragraphs'>): string {
  return linesToMarkdown(story.paragraphs)
}

/**
 * Serialise a story as a record file.
 *
 * @param story The parsed story.
 * @param meta Provenance and maintainer fields (a comment's are kept when its id is still in the story).
 * @returns The file's text, checksum included.
 */
export function recordText(story: Story, meta: RecordMeta): string {
  const kept = new Map(meta.comments)
  const data: Record<string, unknown> = {
    title: story.title,
    source: story.source,
    commentCount: story.commentCount,
    byline: story.byline,
    ...(meta.date === undefined ? {} : { date: meta.date }),
    ...(meta.url === undefined ? {} : { url: meta.url }),
    ...(meta.author === undefined ? {} : { author: meta.author }),
    dump: meta.dump,
    dumpSha256: meta.dumpSha256,
    ...(meta.captures === undefined || meta.captures.length === 0 ? {} : { captures: meta.captures.map(({ dump, dumpSha256, joined }) => ({ dump, dumpSha256, ...(joined === undefined ? {} : { joined }) })) }),
    parser: meta.parser,
    ingested: meta.ingested,
    comments: story.comments.map((comment) => ({ ...commentFields(comment), body: commentBody(comment), ...kept.get(comment.id) }))
  }
  const unsigned = '---\n' + dump(data, { schema: CORE_SCHEMA, lineWidth: -1, noRefs: true }) + '---\n' + storyBody(story)
  return withChecksum(unsigned)
}

/** Add the checksum line as the last key of the front matter. */
function withChecksum(unsigned: string): string {
  const end = unsigned.indexOf('\n---\n', 3)
  return unsigned.slice(0, end + 1) + `checksum: ${digest(unsigned)}\n` + unsigned.slice(end + 1)
}

/** Hex SHA-256 of a text. */
function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

const checksumLine = /^checksum: ([0-9a-f]{64})\n/m

/**
 * Whether a record's text is as Scrollback wrote it.
 *
 * @param text The record file's text.
 * @returns `false` when the checksum is missing or does not match.
 */
export function isPristine(text: string): boolean {
  const match = checksumLine.exec(text)
  if (!match) return false
  return digest(text.slice(0, match.index) + text.slice(match.index + match[0].length)) === match[1]
}

/**
 * Read and check a record: YAML, schema, unique ids, parents that exist and
 * come first, depths that follow from parents.
 *
 * @param text The record file's text.
 * @returns The record (`null` when it is invalid) and every problem, placed in the file.
 */
export function readRecord(text: string): ReadResult {
  const messages: Message<RecordCode>[] = []
  const fail = (code: RecordCode, line: number, column: number, message: string): ReadResult => ({
    record: null,
    messages: [...messages, { code, severity: 'fatal', line, column, message }]
  })
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (!/^---[A-Za-z]*\r?\n/.test(source)) return fail('RECORD_FRONT_MATTER', 1, 1, 'record does not start with `---` front matter')

  /** The YAML text gray-matter found, kept to place problems in it. */
  let yaml: string | undefined
  let file: matter.GrayMatterFile<string>
  try {
    file = matter(source, {
      engines: {
        // js-yaml with the core schema: fast, and no tag that builds objects or runs code.
        yaml: (text: string) => {
          yaml = text
          return (load(text, { schema: CORE_SCHEMA }) ?? {}) as object
        },
        javascript: refuse,
        js: refuse,
        coffee: refuse,
        json: refuse
      }
    } as unknown as Parameters<typeof matter>[1])
  } catch (error) {
    if (yaml === undefined) return fail('RECORD_FRONT_MATTER', 1, 1, `cannot read front matter: ${(error as Error).message}`)
    const located = locator(yaml)
    // js-yaml's mark counts from 0; the locator's places count from 1, as messages do.
    const mark = (error as YAMLException).mark
    const problem = located.error ?? { line: (mark?.line ?? 0) + 1, column: (mark?.column ?? 0) + 1, message: (error as Error).message.split('\n')[0]! }
    const line = problem.line + located.lineOffset
    return fail('RECORD_YAML', line, problem.column, `front matter is not valid YAML: ${problem.message}`)
  }
  if (yaml === undefined) return fail('RECORD_FRONT_MATTER', 1, 1, 'record has no YAML front matter')
  const yamlText: string = yaml
  /** Placing a problem needs the YAML's syntax tree: made only when there is a problem. */
  let located: Locator | undefined
  const locate = (path: readonly PropertyKey[]): { line: number; column: number } => {
    located ??= locator(yamlText)
    const { line, column } = located.locate(path)
    return { line: line + located.lineOffset, column }
  }
  const checked = recordSchema.safeParse(file.data)
  if (!checked.success) {
    for (const issue of checked.error.issues) {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys : []
      const { line, column } = locate(keys.length > 0 ? [...issue.path, keys[0]!] : issue.path)
      const where = issue.path.length > 0 ? ` at \`${issue.path.join('.')}\`` : ''
      messages.push({ code: 'RECORD_SCHEMA', severity: 'fatal', line, column, message: `front matter${where}: ${issue.message}` })
    }
    return { record: null, messages }
  }
  const data = checked.data
  /** Each id's depth as its parents make it, so that one wrong depth is reported once. */
  const depthOf = new Map<string, number>()
  /** Every id in the record, to tell a parent that comes later from one that is missing. */
  const ids = new Set(data.comments.map((comment) => comment.id))
  data.comments.forEach((comment, index) => {
    const at = (key: string): { line: number; column: number } => locate(['comments', index, key])
    const problem = (code: RecordCode, key: string, message: string): void => {
      const { line, column } = at(key)
      messages.push({ code, severity: 'fatal', line, column, message })
    }
    if (depthOf.has(comment.id)) problem('DUPLICATE_ID', 'id', `comment id \`${comment.id}\` is used twice: ids must be unique in a story`)
    let depth = 0
    if (comment.parent === null) {
      if (comment.depth !== 0) problem('BAD_DEPTH', 'depth', `top-level comment \`${comment.id}\` has depth ${comment.depth}, not 0`)
    } else {
      const parentDepth = depthOf.get(comment.parent)
      if (parentDepth === undefined) {
        if (ids.has(comment.parent)) problem('PARENT_AFTER_CHILD', 'parent', `comment \`${comment.id}\` answers \`${comment.parent}\`, which comes after it: a parent comes before its replies (is there a cycle?)`)
        else problem('MISSING_PARENT', 'parent', `comment \`${comment.id}\` answers \`${comment.parent}\`, which is not in this record`)
      } else {
        depth = parentDepth + 1
        if (comment.depth !== depth) problem('BAD_DEPTH', 'depth', `comment \`${comment.id}\` has depth ${comment.depth}, but its parent's depth is ${parentDepth}: expected ${depth}`)
      }
    }
    if (!depthOf.has(comment.id)) depthOf.set(comment.id, depth)
  })
  const checkDate = (path: (string | number)[], value: string | Date | undefined): void => {
    if (value === undefined || recordTime(value) !== null) return
    const { line, column } = locate(path)
    const shown = value instanceof Date ? String(value) : value
    messages.push({ code: 'BAD_DATE', severity: 'fatal', line, column, message: `\`${path.join('.')}\` is not a date: \`${shown}\` (write ${DATE_FORMS})` })
  }
  checkDate(['date'], data.date)
  checkDate(['ingested'], data.ingested)
  data.comments.forEach((comment, index) => checkDate(['comments', index, 'date'], comment.date))
  if (messages.length > 0) return { record: null, messages: messages.sort((a, b) => a.line - b.line || a.column - b.column) }

  const content = file.content
  let story: Story | undefined
  const record: StoryRecord = {
    // Made on first use: the site needs only the bodies' markdown, not their lines.
    get story() {
      return (story ??= recordStory(data, content))
    },
    data,
    content,
    edited: !isPristine(source)
  }
  return { record, messages }
}

/**
 * The story a record holds: bodies read back into lines.
 *
 * @param data The record's checked front matter.
 * @param content The story's markdown.
 */
export function recordStory(data: RecordData, content: string): Story {
  return {
    title: data.title,
    source: data.source,
    commentCount: data.commentCount,
    byline: data.byline,
    paragraphs: markdownToLines(content).lines,
    comments: data.comments.map((comment) => {
      const { lines, quoted } = markdownToLines(comment.body)
      return { ...commentFields({ ...comment, lines, quoted }), lines, quoted }
    })
  }
}

/** Places in a record's YAML. Lines count from the YAML's first line; add `lineOffset` for the file's. */
interface Locator {
  /** Lines before the YAML in the file: the opening `---`, unless gray-matter kept its line end. */
  lineOffset: number
  /** The first syntax error, placed. */
  error: { line: number; column: number; message: string } | null
  /** Where the node at a path (or its nearest ancestor) starts. */
  locate(path: readonly PropertyKey[]): { line: number; column: number }
}

/**
 * The `yaml` package, whose parser keeps positions: loaded only to place a
 * problem (js-yaml reads records), so that a command reading sound records
 * does not load it (260 KB).
 */
function yamlPackage(): typeof import('yaml') {
  return createRequire(import.meta.url)('yaml') as typeof import('yaml')
}

/** Parse YAML with positions (slower than js-yaml; used only to place problems). */
function locator(yaml: string): Locator {
  const { LineCounter, parseDocument } = yamlPackage()
  const lineCounter = new LineCounter()
  const document = parseDocument(yaml, { lineCounter, prettyErrors: false, uniqueKeys: true })
  const place = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset)
    return { line: pos.line, column: pos.col }
  }
  // An unknown tag is only a warning to this parser, but an error to js-yaml, which reads records.
  const first = document.errors[0] ?? document.warnings.find((warning) => warning.code === 'TAG_RESOLVE_FAILED')
  return {
    lineOffset: yaml.startsWith('\n') || yaml.startsWith('\r\n') ? 0 : 1,
    error: first ? { ...place(first.pos[0]), message: first.message.split('\n')[0]! } : null,
    locate(path) {
      for (let length = path.length; length >= 0; length--) {
        const node = document.getIn(path.slice(0, length) as unknown[], true) as { range?: [number, number, number] } | undefined
        if (node && typeof node === 'object' && node.range) return place(node.range[0])
      }
      return { line: 1, column: 1 }
    }
  }
}

/** gray-matter engine for languages that would run code: refused. */
function refuse(): never {
  throw new Error('only YAML front matter is read (`---js` and other engines would run code)')
}
