/**
 * What the site needs of every record, without holding the records: each
 * story's summary, its labels and the hash of its file. A record is read and
 * checked only when it is new or its file changed since the last build (its
 * stamp differs, or it changed so close to the last scan that its times
 * cannot tell: see `src/io/file-stamps.ts`); otherwise what the last
 * build learnt of it comes from `<cache>/records-v2/<hash of the content folder>.json`.
 * Story pages read their record again when they render.
 */
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { cacheFileFor, readCachedPairs, writeCacheFile } from '../io/cache-file.ts'
import { compareStamps, ownClock, takeStamp, type SeenStamp } from '../io/file-stamps.ts'
import { listFiles } from '../io/list-files.ts'
import type { Message } from '../parse/types.ts'
import { mapLimit } from '../io/limit.ts'
import { ownModule } from '../io/own-module.ts'
import { recordHash } from '../records/record-hash.ts'
import { slugify, uniqueSlug } from '../records/slug.ts'
import { WorkerPool } from '../workers/pool.ts'
import type { ScanInput, ScanOutput } from './scan-task.ts'
import type { StorySummary } from './summary.ts'
import { storyPath } from './paths.ts'

/** Bump when what is kept of a record changes. */
const VERSION = 2

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
  /** Shown comments per label, in order of first use. */
  labels: [label: string, count: number][]
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

/** Records to read that are worth worker threads (each takes a few tenths of a second of a core to start; a record takes a few milliseconds to read). */
const PARALLEL_MIN = 128

/** Records stamped at once. */
const STAMPS_IN_FLIGHT = 32

/** A cache entry: what a record file of this stamp held. */
interface Entry extends SeenStamp {
  sha256: string
  summary: StorySummary
  labels: [string, number][]
}

/**
 * Scan `<content>/stories/*.md`. The records to read (new or changed) are
 * read on this thread when they are few, else in worker threads
 * (`scan-task.ts`, the same code): at 1,000 new records the scan took 4 s of
 * this thread before anything else began.
 *
 * @param content The content folder.
 * @param cache The cache folder.
 * @param options `workers`: threads to read many records with (default: the number of cores; 1: none);
 *   `onRead`: told how many records are to be read, before they are (none: not told);
 *   `given`: what ingest made of the records it wrote (`scanText`), by absolute path: taken for a record
 *   whose file has the hash given, instead of reading it.
 * @returns The records, problems and how many were read.
 */
export async function scanRecords(
  content: string,
  cache: string,
  options: { workers?: number | undefined; onRead?: ((records: number) => void) | undefined; given?: ReadonlyMap<string, ScanOutput> | undefined } = {}
): Promise<Scanned> {
  const dir = join(content, 'stories')
  const path = cacheFileFor(cache, `records-v${VERSION}`, dir)
  // Pairs by file name: a record may be named `__proto__.md`.
  const before = await readCachedPairs<Entry>(path, 'records')
  const names = await listFiles(dir, '.md')
  // Every record's stamp first, a few dozen at once, so that the file system's calls overlap.
  const stamps = await mapLimit(names, STAMPS_IN_FLIGHT, (name) => takeStamp(join(dir, name)))
  const own = ownClock(dir)
  const files = names.map((name) => join(dir, name))
  const taken = new Set<string>()
  const slugs = names.map((name) => {
    const slug = uniqueSlug(slugify(basename(name, '.md')), taken)
    taken.add(slug)
    return slug
  })
  // What the last build learnt of each record, where it still holds; the others (their indexes) are read.
  const known: (Entry | undefined)[] = []
  const toRead: number[] = []
  for (const [index, name] of names.entries()) {
    const file = files[index]!
    const stamp = stamps[index]!
    let entry = before.get(name)
    const state = compareStamps(entry, stamp, own)
    if (state === 'racy') {
      // Changed just before the last scan: a later edit in the same clock tick would keep every stat. Compare content.
      entry = (await holdsRecord(file, entry!.sha256)) ? { ...entry!, scannedMs: stamp.scannedMs } : undefined
    } else if (state === 'changed') entry = undefined
    known.push(entry)
    if (!entry) toRead.push(index)
  }
  if (toRead.length > 0) options.onRead?.(toRead.length)
  // A record whose reading ingest gave is taken when its file still holds the text it was made from: hashed, not read as a record.
  const offered = options.given
  const given =
    offered && offered.size > 0
      ? await mapLimit(toRead, STAMPS_IN_FLIGHT, async (index) => {
          const made = offered.get(resolve(files[index]!))
          return made?.read && (await holdsRecord(files[index]!, made.read.sha256)) ? made : undefined
        })
      : toRead.map(() => undefined)
  const rest = toRead.filter((_, at) => given[at] === undefined)
  const read = await readRecords(
    rest.map((index) => ({ file: files[index]!, slug: slugs[index]! })),
    options.workers ?? availableParallelism()
  )
  let next = 0
  const outputs = given.map((output) => output ?? read[next++]!)
  const scanned: Scanned = { records: [], problems: [], read: toRead.length }
  toRead.forEach((index, at) => {
    const { read, messages } = outputs[at]!
    for (const message of messages) scanned.problems.push({ file: files[index]!, message })
    if (read) known[index] = { ...stamps[index]!, ...read }
  })
  const after = new Map<string, Entry>()
  for (const [index, name] of names.entries()) {
    const entry = known[index]
    if (!entry) continue
    const slug = slugs[index]!
    after.set(name, entry)
    scanned.records.push({ file: files[index]!, slug, sha256: entry.sha256, summary: { ...entry.summary, slug, path: storyPath(slug) }, labels: entry.labels })
  }
  if (scanned.read > 0 || after.size !== before.size || [...after].some(([name, entry]) => before.get(name) !== entry)) {
    await writeCacheFile(path, { dir: resolve(dir), records: [...after] })
  }
  return scanned
}

/**
 * Read records whole: on this thread when they are few, else in worker threads.
 *
 * @param inputs The records, with their slugs.
 * @param workers Worker threads at most (1: none).
 * @returns What each gave, input for input.
 */
async function readRecords(inputs: readonly ScanInput[], workers: number): Promise<ScanOutput[]> {
  if (inputs.length === 0) return []
  if (workers < 2 || inputs.length < PARALLEL_MIN) {
    // Loaded when a record has changed: a scan that finds every record as it was loads neither zod nor the markdown parser.
    const { handle } = await import('./scan-task.ts')
    return inputs.map((input) => handle(input))
  }
  // No more threads than batches of records (eight a message): each loads the record reader to start.
  const pool = new WorkerPool<ScanInput, ScanOutput>(ownModule('site/scan-task'), { workers: Math.min(workers, Math.ceil(inputs.length / 8)) })
  try {
    return await pool.map(inputs)
  } finally {
    await pool.close()
  }
}

/** Whether a record file holds the text with this hash (see `recordHash`). */
async function holdsRecord(file: string, sha256: string): Promise<boolean> {
  return recordHash(await readFile(file, 'utf8')) === sha256
}
