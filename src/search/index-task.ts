/**
 * The task of an index worker (a `WorkerPool` task module): write one shard
 * of the search index with Pagefind's Node API. Each worker thread loads its
 * own copy of the `pagefind` package, so each has its own Pagefind process,
 * and two shards are written at once on two cores. The process is closed
 * after each shard, which gives its memory back.
 */

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
    const added = await index.addDirectory({ path: task.site, glob: task.glob })
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
