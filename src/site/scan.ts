/**
 * What the site needs of every record, without holding the records: each
 * story's summary, its labels and the hash of its file. A record is read and
 * checked only when it is new or its file changed since the last build (its
 * stamp differs, or it changed so close to the last scan that its times
 * cannot tell: see `src/io/file-stamps.ts`); otherwise what the last
 * build learnt of it comes from `<cache>/records-v2/<hash of the content folder>.json`.
 * Story pages read their record again when they render.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { cacheFileFor, readCachedPairs, writeCacheFile } from '../io/cache-file.ts'
import { compareStamps, takeStamp, type SeenStamp } from '../io/file-stamps.ts'
import { listFiles } from '../io/list-files.ts'
import type { Message } from '../parse/types.ts'
import { mapLimit } from '../io/map-limit.ts'
import { slugify, uniqueSlug } from '../records/slug.ts'
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

/**
 * The code that reads a record whole and sums it up (zod, the markdown
 * parser), loaded when a record has changed: a scan that finds every
 * record as it was never loads it.
 */
async function reading() {
  const [record, summary] = await Promise.all([import('../records/record.ts'), import('./summary.ts')])
  return { readRecord: record.readRecord, summarize: summary.summarize, storyDate: summary.storyDate }
}

/** Records stamped at once. */
const STAMPS_IN_FLIGHT = 32

/** A cache entry: what a record file of this stamp held. */
interface Entry extends SeenStamp {
  sha256: string
  summary: StorySummary
  labels: [string, number][]
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
  const path = cacheFileFor(cache, `records-v${VERSION}`, dir)
  // Pairs by file name: a record may be named `__proto__.md`.
  const before = await readCachedPairs<Entry>(path, 'records')
  const after = new Map<string, Entry>()
  const scanned: Scanned = { records: [], problems: [], read: 0 }
  const taken = new Set<string>()
  const names = await listFiles(dir, '.md')
  // Every record's stamp first, a few dozen at once, so that the file system's calls overlap.
  const stamps = await mapLimit(names, STAMPS_IN_FLIGHT, (name) => takeStamp(join(dir, name)))
  for (const [index, name] of names.entries()) {
    const file = join(dir, name)
    const slug = uniqueSlug(slugify(basename(name, '.md')), taken)
    taken.add(slug)
    const stamp = stamps[index]!
    let entry = before.get(name)
    const state = compareStamps(entry, stamp)
    let text: string | null = null
    if (state === 'racy') {
      // Changed just before the last scan: a later edit in the same clock tick would keep every stat. Compare content.
      text = await readFile(file, 'utf8')
      if (createHash('sha256').update(text).digest('hex') === entry!.sha256) entry = { ...entry!, scannedMs: stamp.scannedMs }
      else entry = undefined
    } else if (state === 'changed') entry = undefined
    if (!entry) {
      scanned.read++
      text ??= await readFile(file, 'utf8')
      const { readRecord, summarize, storyDate } = await reading()
      const result = readRecord(text)
      for (const message of result.messages) scanned.problems.push({ file, message })
      if (!result.record) continue
      const when = storyDate(result.record)
      // A Map, not an object: a label may be named `constructor` or `__proto__`.
      const labels = new Map<string, number>()
      for (const comment of result.record.data.comments) {
        if (comment.hidden !== true && comment.label !== null) labels.set(comment.label, (labels.get(comment.label) ?? 0) + 1)
      }
      const sha256 = createHash('sha256').update(text).digest('hex')
      entry = { ...stamp, sha256, summary: summarize(slug, result.record, when), labels: [...labels] }
    }
    after.set(name, entry)
    scanned.records.push({ file, slug, sha256: entry.sha256, summary: { ...entry.summary, slug, path: storyPath(slug) }, labels: entry.labels })
  }
  if (scanned.read > 0 || after.size !== before.size || [...after].some(([name, entry]) => before.get(name) !== entry)) {
    await writeCacheFile(path, { dir: resolve(dir), records: [...after] })
  }
  return scanned
}

