/**
 * Ingest: dumps in `content/dumps` → records in `content/stories`.
 */
import { createHash } from 'node:crypto'
import { availableParallelism } from 'node:os'
import { lstat, mkdir, open, readdir, readFile, rm } from 'node:fs/promises'
import { basename, dirname, extname, join, relative } from 'node:path'
import type { Message } from '../parse/types.ts'
import { writeFileAtomic } from '../io/atomic.ts'
import { cacheFileFor } from '../io/cache-file.ts'
import { DumpHashes, StampedValues, takeStamp } from '../io/file-stamps.ts'
import { listFiles } from '../io/list-files.ts'
import { mapLimit } from '../io/limit.ts'
import { ownModule, type OwnModule } from '../io/own-module.ts'
import { withLock } from '../io/lock.ts'
import { readDump } from './read-dump.ts'
import { WorkerPool } from '../workers/pool.ts'
import type { MakeInput, MakeOutput } from './make-record.ts'
import { CORE_SCHEMA, load } from 'js-yaml'
import { captureIdentity, storyIdentity } from '../parse/captures.ts'
import type { Capture, RecordCode, RecordMeta } from './record.ts'
import { PARSER_VERSION } from './parser-version.ts'
import type { RecordData } from './schema.ts'
import { slugify, uniqueSlug } from './slug.ts'
import { renameDumps } from './rename-dumps.ts'
import { upgradeRecordIds } from './upgrade.ts'

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
export interface IngestOutcome<Made = never> {
  /** The dump's path. */
  dump: string
  /** The record's path. */
  record: string
  status: IngestStatus
  /** What the task made of the record written besides (see {@link RecordTask}; given on its newest dump of this ingest, when the task made something). */
  made?: Made
  /** Problems in the dump (placed in the dump) or in the existing record (placed in the record). */
  messages: { file: string; message: Message<string> }[]
}

/**
 * A pipeline's own way to make records, which does more with each record
 * made on the thread that made it (a worker thread when there are many),
 * while the parsed story is at hand: the build keeps each record's bodies in
 * the render cache (`src/site/stages/ingest.ts`). Ingest makes records; what
 * else is done with them, and when, is the pipeline's to say.
 */
export interface RecordTask<Given, Made> {
  /** The task module as `ownModule` names it (`'site/ingest-task'`): a `WorkerPool` task whose `handle` makes the record with `makeRecord` (`make-record.ts`). */
  module: OwnModule
  /** The same module, imported on this thread (when few records are to be made); loaded only when one is. */
  load(): Promise<{ handle(input: MakeInput<Given>): MakeOutput<Made> }>
  /** What the task is given with a record to make, by the record's path (`undefined`: nothing); asked only for a record about to be made. */
  given(record: string): Promise<Given | undefined>
}

/** The task when the pipeline gives none: the record and nothing more. */
const recordOnly: RecordTask<never, never> = {
  module: 'records/make-record',
  load: () => import('./make-record.ts'),
  given: async () => undefined
}

/** Configuration for {@link ingest}. */
export interface Options<Given = never, Made = never> {
  /** Content folder (default: `'content'`). */
  content?: string
  /** Dumps to ingest (default: every file in `<content>/dumps`). */
  dumps?: readonly string[]
  /** Overwrite records edited by hand, and re-make unchanged ones (default: `false`). */
  force?: boolean
  /** The time to stamp new records with (default: now). */
  now?: Date
  /** Make records in worker threads: always, never, or (`undefined`) once 200 records are to be made at once (default: `undefined`). */
  workers?: boolean
  /** A cache folder where the dumps' hashes and the records' heads are kept, so that an unchanged dump or record is not read again (default: none, every one is read). */
  cache?: string
  /** How each record is made (default: `make-record.ts`, the record and nothing more). */
  task?: RecordTask<Given, Made>
  /** Told how many of the records to make or check are done, as they get done. */
  onProgress?: (done: number, total: number) => void
}

/**
 * Parse dumps into records. A dump whose record is up to date is skipped; a
 * record edited by hand is never overwritten unless `force`; a bad dump is
 * reported and the others still land.
 *
 * @param options Configuration (default: `{}`).
 * @returns One outcome per dump, in name order.
 */
export async function ingest<Given = never, Made = never>(options: Options<Given, Made> = {}): Promise<IngestOutcome<Made>[]> {
  const content = options.content ?? 'content'
  const storiesDir = join(content, 'stories')
  await mkdir(storiesDir, { recursive: true })
  return withLock(join(content, '.scrollback.lock'), async () => {
    await removeStaleTemporaries(storiesDir)
    return ingestAll(content, storiesDir, options)
  })
}

/** A record this ingest makes or checks. */
interface Job {
  /** The record's path. */
  path: string
  /** Its captures, oldest first: each dump (relative to the content folder) and the SHA-256 the record has for it (`null` for one this ingest adds). */
  captures: { dumpKey: string; recorded: string | null }[]
  /** The parser version that made the record (`null` for a new one). */
  parser: number | null
  /** The dumps of this ingest that are captures of the record: each gets an outcome. */
  dumps: string[]
  /** Captures of the record found under a new name (relative to the content folder): the record is to name them so. */
  renamed: { from: string; to: string }[]
}

/**
 * The capture of a record that a dump no record names is, renamed: the
 * record has a capture of the same SHA-256 whose file is gone.
 */
async function renamedCapture(content: string, bySha: ReadonlyMap<string, { job: Job; index: number }>, bytes: Uint8Array): Promise<{ job: Job; index: number } | null> {
  const found = bySha.get(createHash('sha256').update(bytes).digest('hex'))
  if (!found) return null
  const gone = await lstat(join(content, found.job.captures[found.index]!.dumpKey)).then(
    () => false,
    (error: NodeJS.ErrnoException) => error.code === 'ENOENT'
  )
  return gone ? found : null
}

/**
 * Add to `byIdentity` the story each record's dumps capture, read from their
 * headers (kept in `<cache>/dump-stories-v1/<hash of the content folder>.json`
 * under each dump's stamp), for the records whose head names another story
 * or none.
 */
async function storiesOfDumps(content: string, records: readonly Job[], byIdentity: Map<string, Job>, cache: string | null): Promise<void> {
  const kept = await StampedValues.open<string>(cache === null ? null : cacheFileFor(cache, 'dump-stories-v1', content))
  const found = await mapLimit(records, IN_FLIGHT, async (job) =>
    Promise.all(
      job.captures.map(async (capture) => {
        const path = join(content, capture.dumpKey)
        const known = await kept.known(path)
        if (known !== null) return known
        const stamp = await takeStamp(path).catch(() => null)
        const read = await readDump(path)
        // '' for a dump with no story header to read.
        const identity = (read.bytes && captureIdentity(read.bytes)) ?? ''
        if (stamp !== null && read.bytes) kept.remember(path, stamp, identity)
        return identity
      })
    )
  )
  records.forEach((job, index) => {
    for (const identity of found[index]!) if (identity !== '' && !byIdentity.has(identity)) byIdentity.set(identity, job)
  })
  await kept.save()
}

/**
 * The order in which one ingest takes new dumps, and so the order of the
 * captures of one story (the last is the newest): by folder, then by name
 * without its extension, so that a name sorts before the names it begins
 * (`story.txt`, then `story-2026-12-01.txt`; a plain sort puts `-` before `.`).
 */
export function captureOrder(a: string, b: string): number {
  const key = (path: string): [string, string, string] => [dirname(path), basename(path, extname(path)), path]
  const [x, y] = [key(a), key(b)]
  for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1
  return 0
}

/** Ingest with the lock held. */
async function ingestAll<Given, Made>(content: string, storiesDir: string, options: Options<Given, Made>): Promise<IngestOutcome<Made>[]> {
  const dumps = options.dumps ?? (await listFiles(join(content, 'dumps'), '')).map((name) => join(content, 'dumps', name))
  const taken = new Set((await listFiles(storiesDir, '.md')).map((name) => name.slice(0, -3)))
  // Every capture of a record, and every story's identity, so that a new capture of a story joins its record.
  const byDump = new Map<string, Job>()
  const byIdentity = new Map<string, Job>()
  /** Every capture a record names, by its SHA-256: a dump renamed is found by its bytes. */
  const bySha = new Map<string, { job: Job; index: number }>()
  const records: Job[] = []
  for (const known of await knownRecords(storiesDir, options.cache ?? null)) {
    const job: Job = { path: known.path, captures: known.captures.map((capture) => ({ dumpKey: capture.dump, recorded: capture.dumpSha256 })), parser: known.parser, dumps: [], renamed: [] }
    records.push(job)
    for (const capture of known.captures) if (!byDump.has(capture.dump)) byDump.set(capture.dump, job)
    known.captures.forEach((capture, index) => bySha.has(capture.dumpSha256) || bySha.set(capture.dumpSha256, { job, index }))
    if (known.identity !== null && !byIdentity.has(known.identity)) byIdentity.set(known.identity, job)
  }
  // A record's story as its dumps' headers say, for a dump whose story no record's head names: a maintainer may
  // have mended the record's title, or broken its YAML. Read once, and only then.
  let dumpStories: Promise<void> | undefined
  const readDumpStories = (): Promise<void> => (dumpStories ??= storiesOfDumps(content, records, byIdentity, options.cache ?? null))
  const jobs: Job[] = []
  for (const dump of [...dumps].sort(captureOrder)) {
    const dumpKey = dumpKeyOf(content, dump)
    let job = byDump.get(dumpKey)
    if (!job) {
      // A dump no record names: a capture renamed, a capture of a story already archived, or a new story.
      const read = await readDump(dump)
      const renamed = read.bytes ? await renamedCapture(content, bySha, read.bytes) : null
      if (renamed) {
        // The same capture under a new name (its hash says so): the record follows the name.
        job = renamed.job
        const capture = job.captures[renamed.index]!
        job.renamed.push({ from: capture.dumpKey, to: dumpKey })
        byDump.delete(capture.dumpKey)
        capture.dumpKey = dumpKey
        byDump.set(dumpKey, job)
      } else {
        const identity = read.bytes ? captureIdentity(read.bytes) : null
        if (identity !== null && !byIdentity.has(identity)) await readDumpStories()
        job = identity === null ? undefined : byIdentity.get(identity)
        if (!job) {
          const slug = uniqueSlug(slugify(basename(dump, extname(dump))), taken)
          taken.add(slug)
          job = { path: join(storiesDir, `${slug}.md`), captures: [], parser: null, dumps: [], renamed: [] }
          if (identity !== null) byIdentity.set(identity, job)
        }
        job.captures.push({ dumpKey, recorded: null })
        byDump.set(dumpKey, job)
      }
    }
    if (job.dumps.length === 0) jobs.push(job)
    job.dumps.push(dump)
  }
  // Few records are made on this thread; many in worker threads, a chunk at a time so memory stays flat. The threads
  // start with the first chunk that has that many records to make: an ingest with little to do starts none.
  const task: RecordTask<Given, Made> = options.task ?? recordOnly
  let pool: WorkerPool<MakeInput<Given>, MakeOutput<Made>> | null = null
  const pooled = (records: number): boolean => records > 0 && (options.workers ?? (pool !== null || records >= PARALLEL_MIN))
  const outcomes: IngestOutcome<Made>[] = []
  const hashes = await DumpHashes.open(options.cache ?? null, content)
  let done = 0
  const step = (count = 1): void => options.onProgress?.((done += count), jobs.length)
  try {
    for (let start = 0; start < jobs.length; start += CHUNK) {
      const chunk = jobs.slice(start, start + CHUNK)
      // Reads and writes overlap each other; the parsing is in `make`.
      const prepared = await mapLimit(chunk, IN_FLIGHT, (job) => prepare(job, content, options, task, hashes))
      const work = prepared.filter((item): item is Work<Given> => 'input' in item)
      if (work.length < prepared.length) step(prepared.length - work.length)
      if (pooled(work.length)) pool ??= new WorkerPool<MakeInput<Given>, MakeOutput<Made>>(ownModule(task.module), { workers: availableParallelism() })
      const made = pool && pooled(work.length) ? await pool.map(work.map((item) => item.input)) : await makeHere(work.map((item) => item.input), task)
      const written = await mapLimit(work, IN_FLIGHT, async (item, index) => {
        const result = await finish(item, made[index]!)
        step()
        return result
      })
      let next = 0
      for (const item of prepared) outcomes.push(...('input' in item ? written[next++]! : item))
    }
    await hashes.save()
  } finally {
    await pool?.close()
  }
  return outcomes.sort((a, b) => (a.dump < b.dump ? -1 : a.dump > b.dump ? 1 : 0))
}

/** Dumps ingested together: prepared, made, then written. */
const CHUNK = 256
/** Records to make in one chunk that are worth starting worker threads for (they take ~0.4 s to start). */
const PARALLEL_MIN = 200

/** Dumps in flight at once. */
const IN_FLIGHT = 8

/** A record to (re)make from its captures. */
interface Work<Given> {
  job: Job
  /** Each capture's path, oldest first. */
  files: string[]
  /** The record's text before (`null` when there was none). */
  previous: string | null
  input: MakeInput<Given>
}

/**
 * The outcome of each of a job's dumps, each with the messages about its
 * own file (the rest, about the record or another capture, with the newest:
 * the capture that most likely brought the news).
 */
function outcomesOf<Made>(job: Job, status: IngestStatus, messages: IngestOutcome['messages'] = [], made?: Made, failed: ReadonlySet<string> = new Set()): IngestOutcome<Made>[] {
  return job.dumps.map((dump, index) => ({
    dump,
    record: job.path,
    status: failed.has(dump) ? 'failed' : status,
    ...(made !== undefined && index === job.dumps.length - 1 ? { made } : {}),
    messages: messages.filter((item) => item.file === dump || (index === job.dumps.length - 1 && !job.dumps.includes(item.file)))
  }))
}

/**
 * Decide what to do with one record: outcomes when nothing is to be written
 * (up to date, a hand edit to keep, an unreadable capture), else the work.
 */
async function prepare<Given, Made>(job: Job, content: string, options: Options<Given, Made>, task: RecordTask<Given, Made>, hashes: DumpHashes): Promise<IngestOutcome<Made>[] | Work<Given>> {
  // The dumps of this ingest by their path as named; the record's other captures in the content folder.
  const named = new Map(job.dumps.map((dump) => [dumpKeyOf(content, dump), dump]))
  const files = job.captures.map((capture) => named.get(capture.dumpKey) ?? join(content, capture.dumpKey))
  // The record's head says which captures and parser made it: enough to skip an up-to-date record.
  // Only a record made by this parser from captures it names can be up to date (not with --force).
  const mayBeCurrent = !options.force && job.parser === PARSER_VERSION && job.renamed.length === 0 && job.captures.every((capture) => capture.recorded !== null)
  const upToDate = (shas: readonly (string | null)[], renamedOnly = false): boolean =>
    (renamedOnly ? !options.force && job.parser === PARSER_VERSION && job.captures.every((capture) => capture.recorded !== null) : mayBeCurrent) &&
    job.captures.every((capture, index) => capture.recorded === shas[index])
  // Without reading a byte, when every capture's stamp is as it was when it was hashed.
  if (mayBeCurrent && upToDate(await Promise.all(files.map((file) => hashes.known(file))))) return outcomesOf(job, 'unchanged')
  const stamps = await Promise.all(files.map((file) => takeStamp(file).catch(() => null)))
  const reads = await Promise.all(files.map((file) => readDump(file)))
  const unreadable = reads.flatMap((read, index) => (read.message ? [{ file: files[index]!, message: read.message }] : []))
  if (unreadable.length > 0) return outcomesOf(job, 'failed', unreadable)
  const bytes = reads.map((read) => read.bytes!)
  const shas = bytes.map((each) => createHash('sha256').update(each).digest('hex'))
  shas.forEach((sha, index) => stamps[index] && hashes.remember(files[index]!, stamps[index], sha))
  if (upToDate(shas)) return outcomesOf(job, 'unchanged')
  const previous = await readExisting(job.path)
  if (previous.messages.length > 0) {
    // Never made again, even with --force: what a maintainer added to it cannot be read, so it would be lost.
    const waiting = job.captures.filter((capture) => capture.recorded === null).map((capture) => capture.dumpKey)
    const unreadable: Message<string> = {
      code: 'RECORD_UNREADABLE',
      severity: 'fatal',
      line: 1,
      column: 1,
      message: `record cannot be read (see above): ${waiting.length > 0 ? `its story's new capture ${waiting.join(', ')} is not merged, and no other record is made of it` : 'it is not made again'}; mend the record and ingest again (--force does not run over a record it cannot read; delete the record to make it anew without a maintainer's fields)`
    }
    return outcomesOf(job, 'kept-edit', [...previous.messages, unreadable].map((message) => ({ file: job.path, message })))
  }
  const { commentMaintainerFields, isPristine } = await records()
  if (previous.text !== null && !options.force && !isPristine(previous.text) && job.renamed.length > 0 && upToDate(shas, true)) {
    // Only dumps renamed: the edited record is kept, naming them anew.
    await writeFileAtomic(job.path, renameDumps(previous.text, job.renamed))
    return outcomesOf(job, 'written')
  }
  if (previous.text !== null && !options.force && !isPristine(previous.text)) {
    return outcomesOf(job, 'kept-edit', [
      {
        file: job.path,
        message: {
          code: 'RECORD_EDITED',
          severity: 'fatal',
          line: 1,
          column: 1,
          message: 'record was edited by hand and its dump has changed, or a new capture of its story came: left as is (ingest again with --force to re-make it from its captures; the fields a maintainer adds are kept)'
        }
      }
    ])
  }
  // Maintainer fields are keyed by comment id: ids an older parser gave differently are renamed first.
  const data = previous.data && upgradeRecordIds(previous.data)
  const meta: RecordMeta = {
    dump: job.captures[0]!.dumpKey,
    dumpSha256: shas[0]!,
    // When each later capture joined: as the record says, else now for a capture this ingest adds.
    captures: job.captures.slice(1).map((capture, index) => {
      const joined = capture.recorded === null ? (options.now ?? new Date()).toISOString() : data?.captures?.find((known) => known.dumpSha256 === capture.recorded)?.joined
      return { dump: capture.dumpKey, dumpSha256: shas[index + 1]!, ...(joined === undefined ? {} : { joined }) }
    }),
    parser: PARSER_VERSION,
    ingested: data?.ingested ?? (options.now ?? new Date()).toISOString(),
    ...(data?.date === undefined ? {} : { date: data.date }),
    ...(data?.url === undefined ? {} : { url: data.url }),
    ...(data?.author === undefined ? {} : { author: data.author }),
    ...(data ? { comments: commentMaintainerFields(data.comments) } : {})
  }
  const given = await task.given(job.path)
  const known = job.captures.findIndex((capture) => capture.recorded === null)
  // An edited record's parents go with it: a comment moved by hand stays where it was put.
  const placements = data && previous.text !== null && !isPristine(previous.text) ? { placements: data.comments.map(({ id, parent, parentBy }) => ({ id, parent, parentBy })) } : {}
  return { job, files, previous: previous.text, input: { captures: bytes, known: known === -1 ? job.captures.length : known, meta, ...placements, ...(given === undefined ? {} : { given }) } }
}

/** Write a made record (not when leaving out a bad new capture gave the text already there); the outcomes of its dumps, a new capture left out failed. */
async function finish<Given, Made>(work: Work<Given>, made: MakeOutput<Made>): Promise<IngestOutcome<Made>[]> {
  const messages: IngestOutcome['messages'] = made.messages.map(({ capture, message }) => ({ file: work.files[capture]!, message }))
  for (const { id, reason } of made.dropped ?? []) {
    const line = work.previous === null ? 1 : work.previous.slice(0, Math.max(0, work.previous.indexOf(`- id: ${id}\n`))).split('\n').length
    messages.push({ file: work.job.path, message: { code: 'EDIT_DROPPED', severity: 'warning', line, column: 1, message: `comment \`${id}\` was moved by hand, but is not kept there: ${reason}` } })
  }
  if (made.text === null) return outcomesOf(work.job, 'failed', messages)
  const left = new Set(made.left.map((capture) => work.files[capture]!))
  // Only a bad new capture made it again: the record stays as it is, and is not written on every ingest.
  if (left.size > 0 && made.text === work.previous) return outcomesOf<Made>(work.job, 'unchanged', messages, undefined, left)
  await writeFileAtomic(work.job.path, made.text)
  return outcomesOf(work.job, 'written', messages, made.made, left)
}

/**
 * Make records on this thread. The code that parses dumps and writes
 * records (and the task's) is loaded the first time there is one to make:
 * an ingest that finds every record up to date never loads it.
 */
async function makeHere<Given, Made>(inputs: readonly MakeInput<Given>[], task: RecordTask<Given, Made>): Promise<MakeOutput<Made>[]> {
  if (inputs.length === 0) return []
  const made = await task.load()
  return inputs.map((input) => made.handle(input))
}

/** The code that reads records, loaded when a record is to be read whole (see {@link makeHere}). */
const records = () => import('./record.ts')

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
  const read = (await records()).readRecord(text)
  return { text, data: read.record?.data ?? null, messages: read.messages }
}

/** What ingest needs of a record: where it is, its captures and parser, and which story it holds. */
interface KnownRecord {
  path: string
  captures: Capture[]
  parser: number | null
  /** See `storyIdentity`; `null` when the head cannot be read as YAML. */
  identity: string | null
}

/**
 * Every record's provenance, read from its head (the front matter before
 * the comments), or taken from the build cache
 * (`<cache>/heads-v1/<hash of the stories folder>.json`) for a record whose
 * stamp is as it was when its head was last read.
 */
async function knownRecords(storiesDir: string, cache: string | null): Promise<KnownRecord[]> {
  const heads = await StampedValues.open<HeadFields>(cache === null ? null : cacheFileFor(cache, 'heads-v1', storiesDir))
  // Several at once: one at a time, an archive of thousands waits on each stat or read in turn.
  const known = await mapLimit(await listFiles(storiesDir, '.md'), IN_FLIGHT, async (name): Promise<KnownRecord | null> => {
    const path = join(storiesDir, name)
    let fields = await heads.known(path)
    if (fields === null) {
      const stamp = await takeStamp(path).catch(() => null)
      const head = await readHead(path)
      if (head === null) return null
      fields = provenance(head)
      if (stamp !== null) heads.remember(path, stamp, fields)
    }
    return { path, captures: fields.captures, parser: fields.parser, identity: fields.story && storyIdentity(fields.story) }
  })
  // Every record was asked about: one deleted since the last run is forgotten.
  await heads.save(true)
  return known.filter((record) => record !== null)
}

/**
 * A record's captures, parser and story identity from its head. A head
 * that is not YAML (a record broken by hand) still gives its first dump,
 * read line by line, so that its dump is never taken for a new story.
 */
function provenance(head: string): HeadFields {
  let data: Record<string, unknown> | null = null
  try {
    const loaded = load(head, { schema: CORE_SCHEMA })
    if (loaded && typeof loaded === 'object') data = loaded as Record<string, unknown>
  } catch {
    data = null
  }
  if (data === null) {
    const dump = headField(head, 'dump')
    return { captures: dump === null ? [] : [{ dump, dumpSha256: headField(head, 'dumpSha256') ?? '' }], parser: Number(headField(head, 'parser')) || null, story: null }
  }
  const text = (value: unknown): string => (typeof value === 'string' ? value : '')
  const later = Array.isArray(data.captures) ? (data.captures as Record<string, unknown>[]) : []
  const captures = [{ dump: text(data.dump), dumpSha256: text(data.dumpSha256) }, ...later.map((capture) => ({ dump: text(capture?.dump), dumpSha256: text(capture?.dumpSha256) }))]
  return {
    captures: captures.filter((capture) => capture.dump !== ''),
    parser: typeof data.parser === 'number' ? data.parser : null,
    story: typeof data.title === 'string' ? { title: data.title, source: typeof data.source === 'string' ? data.source : null } : null
  }
}

/**
 * What a record's head says of where it came from: its captures, its parser
 * and its story's title and source (`null` when the head is not YAML). What
 * the cache keeps: facts of the file, not what code makes of them.
 */
interface HeadFields {
  captures: Capture[]
  parser: number | null
  story: { title: string; source: string | null } | null
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

/** A dump's path relative to the content folder, with `/`: how records name it. */
function dumpKeyOf(content: string, dump: string): string {
  return relative(content, dump).split('\\').join('/')
}

/** Remove temporary files that a killed writer left (the lock is held: nobody else is writing). */
async function removeStaleTemporaries(dir: string): Promise<void> {
  const entries = await readdir(dir)
  await Promise.all(entries.filter((name) => name.startsWith('.') && name.endsWith('.tmp')).map((name) => rm(join(dir, name), { force: true })))
}
