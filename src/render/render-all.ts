/**
 * Render many markdown bodies, on every core when there are enough of them.
 */
import { availableParallelism } from 'node:os'
import { renderMarkdown } from './markdown.ts'
import { WorkerPool } from '../workers/pool.ts'

/** Configuration for {@link renderAll}. */
export interface Options {
  /** Worker threads to use (default: the number of cores; fewer than 2 renders on this thread). */
  workers?: number
  /**
   * Fewer bodies than this are rendered on this thread (default: `25000`).
   * Measured on two cores: a worker starts in ~0.4 s and its JIT warms up
   * slowly while both cores are busy, so workers break even near 30,000
   * bodies and win by a fifth at 100,000.
   */
  minParallel?: number
  /** Bodies per message to a worker (default: `200`). */
  batch?: number
}

/**
 * Render markdown bodies to HTML, in order.
 *
 * @param markdown The bodies.
 * @param options Configuration (default: `{}`).
 * @returns Their HTML, index for index.
 */
export async function renderAll(markdown: readonly string[], options: Options = {}): Promise<string[]> {
  const batch = options.batch ?? 200
  const workers = Math.min(options.workers ?? availableParallelism(), Math.ceil(markdown.length / batch))
  // One worker would only add its start-up time to this thread's work.
  if (workers < 2 || markdown.length < (options.minParallel ?? 25000)) return markdown.map(renderMarkdown)
  return renderInWorkers(markdown, workers, batch)
}

/** Hand batches to `count` workers of a pool, in order. */
async function renderInWorkers(markdown: readonly string[], count: number, batch: number): Promise<string[]> {
  const pool = new WorkerPool<string, string>(new URL('./render-task.ts', import.meta.url), { workers: count, batch })
  try {
    return await pool.map(markdown)
  } finally {
    await pool.close()
  }
}
