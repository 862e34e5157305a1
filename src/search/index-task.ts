/**
 * Write one shard of the search index: Pagefind's program run as a child
 * process on the shard's story pages. A child of our own, rather than the
 * service behind Pagefind's Node API: when Pagefind dies (it panics when a
 * write fails, on a full disk) the service never answers and a build would
 * wait for ever; a child's exit is always seen, with its status and its last
 * words. Each run is one process, whose memory goes back when it ends.
 * While Pagefind indexes, this thread counts the shard's words for the
 * search routing (see `route-count.ts`) and keeps the counts in the build
 * cache.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RouteCounter, pageText, type ShardRoute } from './route-count.ts'
import { saveShardRoute } from './route-files.ts'
import { packBundle } from './pack.ts'
import { shardCommon, writeCommonIndex } from './phrase-index.ts'

/**
 * Word positions in one of Pagefind's index chunks (Pagefind's
 * `PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE`; its default is 20,000). A query
 * fetches the chunk of each of its words: small chunks make a rare word
 * cheap, at the cost of a longer chunk list in the shard's meta. Measured
 * in README "Performance".
 */
export const CHUNK_POSITIONS = 2000

/** One shard to write. */
export interface IndexTask {
  /** The built site (absolute). */
  site: string
  /** The story pages to read, a glob relative to the site. */
  glob: string
  /** Where to write the shard's index and browser bundle. */
  output: string
  /** Selectors of elements to leave out. */
  exclude: string[]
  /** Count the shard's words for the routing too, and keep the counts in this cache file under the shard's signature. */
  route?: { pages: string[]; cacheFile: string; signature: string; buckets: number; phraseBuckets: number }
  /** Write the Pagefind bundle (default: `true`); `false` only counts for the routing. */
  pagefind?: boolean
}

/** What writing a shard did. */
export interface IndexTaskResult {
  /** Why it failed, when it did. */
  error: { code: 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED'; message: string } | null
  /** The shard's counts for the routing, as kept in the cache (when the task asked for them and nothing failed). */
  route?: ShardRoute
}

/** The last characters of Pagefind's error output kept for a message. */
const STDERR_KEPT = 8192

/**
 * Write one shard.
 *
 * @param task What to index and where to write it.
 * @returns `error: null`, or the problem.
 */
export async function writeShard(task: IndexTask): Promise<IndexTaskResult> {
  if (task.pagefind === false) {
    const counted = await countRoute(task).then((route) => ({ route }), (error: unknown) => ({ error }))
    return 'route' in counted ? { error: null, ...routeOf(counted.route) } : failed('PAGEFIND_FAILED', `could not count the words of ${task.site} for the search routing: ${messageOf(counted.error)}`)
  }
  let program: string
  try {
    program = pagefindProgram()
  } catch (error) {
    return failed(
      'PAGEFIND_UNAVAILABLE',
      `cannot find Pagefind's program for ${process.platform}-${process.arch} (${messageOf(error).split('\n')[0]}): it comes in an optional dependency of the pagefind package; run \`npm install\` without \`--omit=optional\``
    )
  }
  const args = ['--site', task.site, '--glob', task.glob, '--output-path', task.output, '--silent']
  for (const selector of task.exclude) args.push('--exclude-selectors', selector)
  // An empty working folder and none of the caller's PAGEFIND_* variables: Pagefind reads its
  // configuration from both, and this run is configured by its arguments (and the chunk size) alone.
  const cwd = await mkdtemp(join(tmpdir(), 'scrollback-pagefind-'))
  const env = {
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.toUpperCase().startsWith('PAGEFIND_'))),
    PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE: String(CHUNK_POSITIONS)
  }
  // Pagefind reads the pages in its own process while this thread counts their words.
  const counted = countRoute(task).then(
    (route) => ({ route }),
    (error: unknown) => ({ error })
  )
  try {
    const written = await new Promise<IndexTaskResult>((resolve) => {
      const child = spawn(program, args, { cwd, env, stdio: ['ignore', 'ignore', 'pipe'], windowsHide: true })
      let stderr = ''
      child.stderr.setEncoding('utf8')
      child.stderr.on('data', (chunk: string) => {
        stderr = (stderr + chunk).slice(-STDERR_KEPT)
      })
      child.once('error', (error: NodeJS.ErrnoException) => {
        resolve(failed('PAGEFIND_UNAVAILABLE', `cannot start Pagefind's program ${program} (${error.code ?? error.message}): run \`npm install\``))
      })
      child.once('close', (status, signal) => {
        if (status === 0) return resolve({ error: null })
        const how = signal ? `was stopped by ${signal}` : `exited with status ${status}`
        const said = lastWords(stderr)
        resolve(failed('PAGEFIND_FAILED', `Pagefind ${how} while writing ${task.output}${said ? `: ${said}` : ''}`))
      })
    })
    const count = await counted
    if (written.error !== null) return written
    if ('error' in count) return failed('PAGEFIND_FAILED', `could not count the words of ${task.site} for the search routing: ${messageOf(count.error)}`)
    // Pagefind's thousands of small files become one pack a host counts once (see `pack.ts`). The phrase index counts
    // as common the words the routing counts often in the shard, as the page does.
    try {
      await writeCommonIndex(task.output, shardCommon(count.route, task.route?.pages.length ?? 0))
      await packBundle(task.output)
    } catch (error) {
      return failed('PAGEFIND_FAILED', `could not index the common phrases of, or pack, the index Pagefind wrote in ${task.output}: ${messageOf(error)}`)
    }
    return { error: null, ...routeOf(count.route) }
  } finally {
    await counted
    await rm(cwd, { recursive: true, force: true })
  }
}

/** Count a shard's words for the routing and keep them in the cache (nothing when the task asks for no routing). */
async function countRoute(task: IndexTask): Promise<ShardRoute | null> {
  if (!task.route) return null
  const counter = new RouteCounter(task.route.buckets, task.route.phraseBuckets)
  for (const page of task.route.pages) counter.add(pageText(await readFile(join(task.site, page), 'utf8')))
  const counts = counter.finish()
  await saveShardRoute(task.route.cacheFile, task.route.signature, counts)
  return counts
}

/** The result's `route`, when there are counts. */
function routeOf(counts: ShardRoute | null): Pick<IndexTaskResult, 'route'> {
  return counts === null ? {} : { route: counts }
}

/**
 * The path of Pagefind's program, found as the pagefind package finds it:
 * `PAGEFIND_BINARY_PATH` (or `PAGEFIND_EXTENDED_BINARY_PATH`), else the
 * package `@pagefind/<platform>-<arch>` beside it.
 *
 * @returns The program's path.
 * @throws When it is not installed.
 */
export function pagefindProgram(): string {
  const named = process.env.PAGEFIND_EXTENDED_BINARY_PATH || process.env.PAGEFIND_BINARY_PATH
  if (named) return named
  const require = createRequire(import.meta.resolve('pagefind'))
  const platform = process.platform === 'win32' ? 'windows' : process.platform
  const suffix = process.platform === 'win32' ? '.exe' : ''
  let last: unknown
  for (const name of ['pagefind_extended', 'pagefind']) {
    try {
      return require.resolve(`@pagefind/${platform}-${process.arch}/bin/${name}${suffix}`)
    } catch (error) {
      last = error
    }
  }
  throw last
}

/** What Pagefind said last that explains a failure: a panic's message, or its last error lines. */
function lastWords(stderr: string): string {
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^(stack backtrace:|note: |\d+: |at )/.test(line))
  const shown = lines.slice(-2).join(' ')
  return shown.length > 400 ? shown.slice(0, 399) + '…' : shown
}

function failed(code: 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED', message: string): IndexTaskResult {
  return { error: { code, message } }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
