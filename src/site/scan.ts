/**
 * What the site needs of every record, without holding the records: each
 * story's summary, its labels and the hash of its file. A record is read and
 * checked only when it is new or its file changed since the last build (its
 * size or modification time differ); otherwise what the last build learnt of
 * it comes from `<cache>/records-v1/<hash of the content folder>.json`.
 * Story pages read their record again when they render.
 */
import { createHash } from 'node:crypto'
import { mkdir, readFile, stat } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { writeFileAtomic } from '../records/atomic.ts'
import { listFiles } from '../records/list-files.ts'
import type { Message } from '../parse/types.ts'
import { readRecord, type StoryRecord } from '../records/record.ts'
import { slugify } from '../records/slug.ts'
import { summarize, type StorySummary } from './summary.ts'

/** Bump when what is kept of a record changes. */
const VERSION = 1

/** A problem in a file: the message is placed in it. */
export interface Problem {
  file: string
  message: Message<string>
}

/** What the site keeps of one record. */
export interface ScannedRecord {
  /** The record's path. */
  file: string
  /** Its file name without `.md`, made URL-safe and unique: the story's address. */
  slug: string
  /** Hex SHA-256 of the record file's text. */
  sha256: string
  /** The story as lists show it. */
  summary: StorySummary
  /** Shown comments per label. */
  labels: Record<string, number>
}

/** What {@link scanRecords} gives. */
export interface Scanned {
  /** The records that read well, in file-name order. */
  records: ScannedRecord[]
  /** Problems of the others, each placed in its file. */
  problems: Problem[]
  /** Records read this time (the rest came from the cache). */
  read: number
}

/** A cache entry: what a record file of this size and time held. */
interface Entry {
  size: number
  mtimeMs: number
  sha256: string
  summary: StorySummary
  labels: Record<string, number>
}

/**
 * Scan `<content>/stories/*.md`.
 *
 * @param content The content folder.
 * @param cache The cache folder.
 * @returns The records, problems and how many were read.
 */
export async function scanRecords(content: string, cache: string): Promise<Scanned> {
  const dir = join(content, 'stories')
  const path = join(cache, `records-v${VERSION}`, `${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 16)}.json`)
  const before = await readCache(path)
  const after = new Map<string, Entry>()
  const scanned: Scanned = { records: [], problems: [], read: 0 }
  const taken = new Set<string>()
  for (const name of await listFiles(dir, '.md')) {
    const file = join(dir, name)
    const base = slugify(basename(name, '.md'))
    let slug = base
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`
    taken.add(slug)
    const { size, mtimeMs } = await stat(file)
    let entry = before.get(name)
    if (!entry || entry.size !== size || entry.mtimeMs !== mtimeMs) {
      scanned.read++
      const text = await readFile(file, 'utf8')
      const result = readRecord(text)
      for (const message of result.messages) scanned.problems.push({ file, message })
      if (!result.record) continue
      const when = storyDate(result.record, text)
      if ('message' in when) {
        scanned.problems.push({ file, message: when.message })
        continue
      }
      const labels: Record<string, number> = {}
      for (const comment of result.record.data.comments) {
        if (comment.hidden !== true && comment.label !== null) labels[comment.label] = (labels[comment.label] ?? 0) + 1
      }
      const sha256 = createHash('sha256').update(text).digest('hex')
      entry = { size, mtimeMs, sha256, summary: summarize(slug, result.record, when), labels }
    }
    after.set(name, entry)
    scanned.records.push({ file, slug, sha256: entry.sha256, summary: { ...entry.summary, slug, path: `/stories/${slug}/` }, labels: entry.labels })
  }
  if (scanned.read > 0 || after.size !== before.size) {
    await mkdir(join(path, '..'), { recursive: true })
    await writeFileAtomic(path, JSON.stringify({ dir: resolve(dir), records: Object.fromEntries(after) }) + '\n')
  }
  return scanned
}

/** The cache's entries by file name (none when it is missing or unreadable). */
async function readCache(path: string): Promise<Map<string, Entry>> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as { records?: Record<string, Entry> }
    return new Map(Object.entries(data.records ?? {}))
  } catch {
    return new Map()
  }
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
