/**
 * The task of an index worker (a `WorkerPool` task module): write one shard
 * of the search index with Pagefind's Node API. Each worker thread loads its
 * own copy of the `pagefind` package, so each has its own Pagefind process,
 * and two shards are written at once on two cores. The process is closed
 * after each shard, which gives its memory back. While Pagefind indexes, the
 * worker counts the shard's words for the search routing (see
 * `route-count.ts`) and keeps the counts in the build cache.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { RouteCounter, pageText } from './route-count.ts'
import { saveShardRoute } from './route-files.ts'

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
  route?: { pages: string[]; cacheFile: string; signature: string }
  /** Write the Pagefind bundle (default: `true`); `false` only counts for the routing. */
  pagefind?: boolean
}

/** What writing a shard did. */
export interface IndexTaskResult {
  /** Pages read. */
  pages: number
  /** Why it failed, when it did. */
  error: { code: 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED'; message: string } | null
}

/**
 * Write one shard.
 *
 * @param task What to index and where to write it.
 * @returns Pages read, or the problem.
 */
export async function handle(task: IndexTask): Promise<IndexTaskResult> {
  const failed = (code: 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED', message: string): IndexTaskResult => ({ pages: 0, error: { code, message } })
  if (task.pagefind === false) {
    await countRoute(task)
    return { pages: task.route?.pages.length ?? 0, error: null }
  }
  // Pagefind's process is started by this thread, with this thread's environment.
  process.env.PAGEFIND_UNSTABLE_INDEX_CHUNK_SIZE ??= String(CHUNK_POSITIONS)
  let pagefind: typeof import('pagefind')
  try {
    pagefind = await import('pagefind')
  } catch (error) {
    return failed('PAGEFIND_UNAVAILABLE', `cannot load the pagefind package (${messageOf(error)}): run \`npm install\``)
  }
  try {
    let created: Awaited<ReturnType<typeof pagefind.createIndex>>
    try {
      created = await pagefind.createIndex({ excludeSelectors: task.exclude })
    } catch (error) {
      // The program comes with an optional dependency (@pagefind/<platform>-<arch>).
      return failed(
        'PAGEFIND_UNAVAILABLE',
        `cannot start Pagefind (${messageOf(error).split('\n')[0]}): its program for ${process.platform}-${process.arch} comes in an optional dependency; run \`npm install\` without \`--omit=optional\``
      )
    }
    const { index } = created
    if (!index || created.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not start an index: ${created.errors.join('; ')}`)
    // Pagefind reads the pages in its own process while this thread counts their words.
    const adding = index.addDirectory({ path: task.site, glob: task.glob })
    const counted = countRoute(task).then(
      () => null,
      (error: unknown) => error
    )
    const added = await adding
    const countError = await counted
    if (countError !== null) return failed('PAGEFIND_FAILED', `could not count the words of ${task.site} for the search routing: ${messageOf(countError)}`)
    if (added.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not read ${task.site}: ${added.errors.join('; ')}`)
    const written = await index.writeFiles({ outputPath: task.output })
    await index.deleteIndex()
    if (written.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not write the index: ${written.errors.join('; ')}`)
    return { pages: added.page_count, error: null }
  } catch (error) {
    return failed('PAGEFIND_FAILED', `Pagefind failed: ${messageOf(error)}`)
  } finally {
    await pagefind.close()
  }
}

/** Count a shard's words for the routing and keep them in the cache (nothing when the task asks for no routing). */
async function countRoute(task: IndexTask): Promise<void> {
  if (!task.route) return
  const counter = new RouteCounter()
  for (const page of task.route.pages) counter.add(pageText(await readFile(join(task.site, page), 'utf8')))
  await saveShardRoute(task.route.cacheFile, task.route.signature, counter.finish())
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
