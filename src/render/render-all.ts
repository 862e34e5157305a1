/**
 * Render many markdown bodies, on every core when there are enough of them.
 */
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import { renderMarkdown } from './markdown.ts'
import type { Request, Response } from './render-worker.ts'

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

/** Hand batches to `count` workers, the next batch to whichever answers first. */
async function renderInWorkers(markdown: readonly string[], count: number, batch: number): Promise<string[]> {
  const html = new Array<string>(markdown.length)
  let next = 0
  const pool = Array.from({ length: count }, () => new Worker(new URL('./worker.js', import.meta.url)))
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (next >= markdown.length) return resolve()
              const start = next
              next = Math.min(markdown.length, next + batch)
              const request: Request = { id: start, markdown: markdown.slice(start, next) }
              worker.postMessage(request)
            }
            worker.on('message', (response: Response) => {
              if (response.error !== undefined || !response.html) return reject(new Error(`render worker failed: ${response.error}`))
              for (let i = 0; i < response.html.length; i++) html[response.id + i] = response.html[i]!
              send()
            })
            worker.on('error', reject)
            worker.on('exit', (code) => {
              if (next < markdown.length || code !== 0) reject(new Error(`render worker stopped (exit code ${code})`))
            })
            send()
          })
      )
    )
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()))
  }
  return html
}
