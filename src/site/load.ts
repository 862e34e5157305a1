/**
 * Read every record of a content folder, checked, for the site.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { Message } from '../parse/types.ts'
import { listFiles } from '../records/list-files.ts'
import { readRecord, type StoryRecord } from '../records/record.ts'
import { slugify } from '../records/slug.ts'

/** A problem in a file: the message is placed in it. */
export interface Problem {
  file: string
  message: Message<string>
}

/** A record that read well. */
export interface LoadedRecord {
  /** The record's path. */
  file: string
  /** Its file name without `.md`, made URL-safe and unique: the story's address. */
  slug: string
  record: StoryRecord
  /** Hex SHA-256 of the record file's text. */
  sha256: string
  /** When the story was published: the record's `date`, else when it was ingested (ISO 8601). */
  date: string
  /** Whether `date` came from the record's `date` field. */
  dated: boolean
}

/** What {@link loadRecords} gives. */
export interface Loaded {
  records: LoadedRecord[]
  problems: Problem[]
}

/**
 * Read and check every `*.md` in `<content>/stories`.
 *
 * @param content The content folder.
 * @returns The records that read well (in file-name order) and the problems of the others.
 */
export async function loadRecords(content: string): Promise<Loaded> {
  const dir = join(content, 'stories')
  const loaded: Loaded = { records: [], problems: [] }
  const taken = new Set<string>()
  for (const name of await listFiles(dir, '.md')) {
    const file = join(dir, name)
    const text = await readFile(file, 'utf8')
    const result = readRecord(text)
    for (const message of result.messages) loaded.problems.push({ file, message })
    if (!result.record) continue
    const when = storyDate(result.record, text)
    if ('message' in when) {
      loaded.problems.push({ file, message: when.message })
      continue
    }
    const base = slugify(basename(name, '.md'))
    let slug = base
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
    taken.add(slug)
    const sha256 = createHash('sha256').update(text).digest('hex')
    loaded.records.push({ file, slug, record: result.record, sha256, ...when })
  }
  return loaded
}

/**
 * The story's date as ISO 8601 (its `date`, else `ingested`), or a problem placed on that line.
 *
 * @param record The record.
 * @param text Its file's text (to place a problem).
 * @returns The date and whether a maintainer set it, or the problem.
 */
export function storyDate(record: StoryRecord, text: string): { date: string; dated: boolean } | { message: Message<string> } {
  const dated = record.data.date !== undefined
  const key = dated ? 'date' : 'ingested'
  const value = record.data.date ?? record.data.ingested
  const time = value instanceof Date ? value.getTime() : Date.parse(value)
  if (Number.isNaN(time)) {
    const line = text.split('\n').findIndex((row) => new RegExp(`^${key}\\s*:`).test(row)) + 1
    return {
      message: {
        code: 'BAD_DATE',
        severity: 'fatal',
        line: line || 1,
        column: 1,
        message: `\`${key}\` is not a date: write it as YYYY-MM-DD or an ISO 8601 time`
      }
    }
  }
  return { date: new Date(time).toISOString(), dated }
}
