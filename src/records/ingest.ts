/**
 * Ingest: dumps in `content/dumps` → records in `content/stories`.
 */
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { basename, extname, join, relative } from 'node:path'
import type { Message } from '../parse/types.ts'
import { writeFileAtomic } from './atomic.ts'
import { listFiles } from './list-files.ts'
import { withLock } from './lock.ts'
import { readDump } from './read-dump.ts'
import { WorkerPool } from '../workers/pool.ts'
import { handle as make, type MakeInput, type MakeOutput } from './make-record.ts'
import { PARSER_VERSION, commentMaintainerFields, isPristine, readRecord, type RecordCode, type RecordMeta } from './record.ts'
import type { RecordData } from './schema.ts'
import { slugify } from './slug.ts'

/** What happened to one dump. */
export type IngestStatus =
  /** A record was written (new, or re-made from a changed dump). */
  | 'written'
  /** The record is up to date with the dump: nothing written. */
  | 'unchanged'
  /** The record was edited by hand and the dump changed: left as is. */
  | 'kept-edit'
  /** The dump has a fatal problem: nothing written. */
  | 'failed'

/** The outcome for one dump. */
export interface IngestOutcome {
  /** The dump's path. */
  dump: string
  /** The record's path. */
  record: string
  status: IngestStatus
  /** Problems in the dump (placed in the dump) or in the existing record (placed in the record). */
  messages: { file: string; message: Message<string> }[]
}

/** Configuration for {@link ingest}. */
export interface Options {
  /** Content folder (default: `'content'`). */
  content?: string
  /** Dumps to ingest (default: every file in `<content>/dumps`). */
  dumps?: readonly string[]
  /** Overwrite records edited by hand, and re-make unchanged ones (default: `false`). */
  force?: boolean
  /** The time to stamp new records with (default: now). */
  now?: Date
  /** Make records in worker threads: always, never, or (`undefined`) from 200 dumps on (default: `undefined`). */
  workers?: boolean
}

/**
 * Parse dumps into records. A dump whose record is up to date is skipped; a
 * record edited by hand is never overwritten unless `force`; a bad dump is
 * reported and the others still land.
 *
 * @param options Configuration (default: `{}`).
 * @returns One outcome per dump, in name order.
 */
export async function ingest(options: Options = {}): Promise<IngestOutcome[]> {
  const content = options.content ?? 'content'
  const storiesDir = join(content, 'stories')
  await mkdir(storiesDir, { recursive: true })
  return withLock(join(content, '.scrollback.lock'), async () => {
    await removeStaleTemporaries(storiesDir)
    return ingestAll(content, storiesDir, options)
  })
}

/** Ingest with the lock held. */
async function ingestAll(content: string, storiesDir: string, options: Options): Promise<IngestOutcome[]> {
  const dumps = options.dumps ?? (await listFiles(join(content, 'dumps'), '')).map((name) => join(content, 'dumps', name))
  const existing = await recordsByDump(content)
  const taken = new Set((await listFiles(storiesDir, '.md')).map((name) => name.slice(0, -3)))
  const jobs = [...dumps].sort().map((dump) => {
    const dumpKey = relative(content, dump).split('\\').join('/')
    let path = existing.get(dumpKey)
    if (!path) {
      const slug = freeSlug(slugify(basename(dump, extname(dump))), taken)
      taken.add(slug)
      path = join(storiesDir, `${slug}.md`)
    }
    return { dump, dumpKey, path }
  })
  // Few dumps are made on this thread; many in worker threads, a chunk at a time so memory stays flat.
  const parallel = options.workers ?? jobs.length >= PARALLEL_MIN
  const pool = parallel ? new WorkerPool<MakeInput, MakeOutput>(new URL('./make-record.ts', import.meta.url), { workers: availableParallelism() }) : null
  const outcomes: IngestOutcome[] = []
  try {
    for (let start = 0; start < jobs.length; start += CHUNK) {
      const chunk = jobs.slice(start, start + CHUNK)
      // Reads and writes overlap each other; the parsing is in `make`.
      const prepared = await mapLimit(chunk, IN_FLIGHT, (job) => prepare(job.dump, job.dumpKey, job.path, options))
      const work = prepared.filter((item): item is Work => 'input' in item)
      const made = pool ? await pool.map(work.map((item) => item.input)) : work.map((item) => make(item.input))
      const written = await mapLimit(work, IN_FLIGHT, (item, index) => finish(item, made[index]!))
      let next = 0
      for (const item of prepared) outcomes.push('input' in item ? written[next++]! : item)
    }
  } finally {
    await pool?.close()
  }
  return outcomes
}

/** Dumps ingested together: prepared, made, then written. */
const CHUNK = 256
/** Dumps that are worth starting worker threads for (they take ~0.4 s to start). */
const PARALLEL_MIN = 200

/** Dumps in flight at once. */
const IN_FLIGHT = 8

/** Map with at most `limit` promises pending, results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane))
  return results
}

/** A dump whose record is to be (re)made. */
interface Work {
  dump: string
  path: string
  input: MakeInput
}

/**
 * Decide what to do with one dump: an outcome when nothing is to be written
 * (up to date, a hand edit to keep, an unreadable dump), else the work.
 */
async function prepare(dump: string, dumpKey: string, path: string, options: Options): Promise<IngestOutcome | Work> {
  const outcome = (status: IngestStatus, messages: IngestOutcome['messages'] = []): IngestOutcome => ({ dump, record: path, status, messages })
  const read = await readDump(dump)
  if (read.message) return outcome('failed', [{ file: dump, message: read.message }])
  const bytes = read.bytes
  const sha = createHash('sha256').update(bytes).digest('hex')
  // The record's first lines say which dump and parser made it: enough to skip an up-to-date record.
  const head = await readHead(path)
  if (head !== null && !options.force && headField(head, 'dumpSha256') === sha && headField(head, 'parser') === String(PARSER_VERSION)) {
    return outcome('unchanged')
  }
  const previous = head === null ? { text: null, data: null, messages: [] } : await readExisting(path)
  if (previous.messages.length > 0 && !options.force) {
    return outcome('kept-edit', previous.messages.map((message) => ({ file: path, message })))
  }
  if (previous.text !== null && !options.force && !isPristine(previous.text)) {
    return outcome('kept-edit', [
      {
        file: path,
        message: {
          code: 'RECORD_EDITED',
          severity: 'fatal',
          line: 1,
          column: 1,
          message: 'record was edited by hand and its dump has changed: left as is (ingest again with --force to replace it)'
        }
      }
    ])
  }
  const data = previous.data
  const meta: RecordMeta = {
    dump: dumpKey,
    dumpSha256: sha,
    parser: PARSER_VERSION,
    ingested: data?.ingested ?? (options.now ?? new Date()).toISOString(),
    ...(data?.date === undefined ? {} : { date: data.date }),
    ...(data?.url === undefined ? {} : { url: data.url }),
    ...(data?.author === undefined ? {} : { author: data.author }),
    ...(data ? { comments: commentMaintainerFields(data.comments) } : {})
  }
  return { dump, path, input: { bytes, meta } }
}

/** Write a made record; the outcome of its dump. */
async function finish(work: Work, made: MakeOutput): Promise<IngestOutcome> {
  const messages = made.messages.map((message) => ({ file: work.dump, message }))
  if (made.text === null) return { dump: work.dump, record: work.path, status: 'failed', messages }
  await writeFileAtomic(work.path, made.text)
  return { dump: work.dump, record: work.path, status: 'written', messages }
}

/** An existing record's text and checked data; problems when it cannot be read as a record. */
async function readExisting(path: string): Promise<{
  text: string | null
  data: RecordData | null
  messages: Message<RecordCode>[]
}> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: null, data: null, messages: [] }
    throw error
  }
  const read = readRecord(text)
  return { text, data: read.record?.data ?? null, messages: read.messages }
}

/** Map each dump (relative to the content folder) to the record made from it. */
async function recordsByDump(content: string): Promise<Map<string, string>> {
  const storiesDir = join(content, 'stories')
  const map = new Map<string, string>()
  for (const name of await listFiles(storiesDir, '.md')) {
    const path = join(storiesDir, name)
    const dump = headField((await readHead(path)) ?? '', 'dump')
    if (dump !== null) map.set(dump, path)
  }
  return map
}

/** How much of a record is read at a time, looking for the end of its provenance fields. */
const HEAD_CHUNK = 4096

/**
 * A record's front matter up to its comments (the story's fields and its
 * provenance, however long its title or `url`), or `null` when the file does
 * not exist.
 */
async function readHead(path: string): Promise<string | null> {
  let handle
  try {
    handle = await open(path, 'r')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  try {
    const marker = Buffer.from('\ncomments:')
    let buffer = Buffer.alloc(HEAD_CHUNK)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        const grown = Buffer.alloc(buffer.length * 2)
        buffer.copy(grown)
        buffer = grown
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      // Look again from just before this read's bytes: the marker may straddle two reads.
      const end = buffer.subarray(0, length + bytesRead).indexOf(marker, Math.max(0, length - marker.length))
      length += bytesRead
      if (end !== -1) return buffer.subarray(0, end).toString('utf8')
      if (bytesRead === 0) return buffer.subarray(0, length).toString('utf8')
    }
  } finally {
    await handle.close()
  }
}

/** A top-level scalar of a record's front matter, read from its head (plain or quoted YAML), or `null`. */
function headField(head: string, key: string): string | null {
  const match = new RegExp(`^${key}: (.*)$`, 'm').exec(head)
  if (!match) return null
  const value = match[1]!.trim()
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string
    } catch {
      return null
    }
  }
  return value.replace(/^'(.*)'$/, '$1').replace(/''/g, "'")
}

/** A slug not yet taken: `slug`, else `slug-2`, `slug-3`… */
function freeSlug(slug: string, taken: ReadonlySet<string>): string {
  if (!taken.has(slug)) return slug
  let n = 2
  while (taken.has(`${slug}-${n}`)) n++
  return `${slug}-${n}`
}

/** Remove temporary files that a killed writer left (the lock is held: nobody else is writing). */
async function removeStaleTemporaries(dir: string): Promise<void> {
  const entries = await readdir(dir)
  await Promise.all(entries.filter((name) => name.startsWith('.') && name.endsWith('.tmp')).map((name) => rm(join(dir, name), { force: true })))
}
