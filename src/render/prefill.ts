/**
 * Render story pages' bodies ahead of Eleventy on another core. Eleventy
 * renders the story pages in parts, one part per run (see `buildSite`),
 * each part's pages from its first on; a worker thread fills the render
 * cache with the bodies of every part, each from its last story back, so
 * that within a part the two meet instead of following each other. A story already in the cache is skipped (its cache file says
 * so in its first bytes), and each body is rendered once, or twice where
 * the two meet; cache files are written atomically, so the two need no
 * coordination but the cache itself, and one message at the end: stop.
 */
import { randomUUID } from 'node:crypto'
import { BroadcastChannel } from 'node:worker_threads'
import { ownModule } from '../io/own-module.ts'
import { WorkerPool } from '../workers/pool.ts'
import type { FillStory, FillTask } from './fill-task.ts'

/** A running prefill. */
export class Prefill {
  /** Bodies the worker rendered. */
  rendered = 0
  /**
   * Why the worker stopped early, if it did (a crash, a heap too small): the
   * build goes on, the main thread rendering what the worker did not.
   */
  failure: string | null = null
  /** Where the main thread tells the worker to stop. */
  readonly #channel = new BroadcastChannel(`scrollback-prefill-${randomUUID()}`)
  readonly #done: Promise<void>
  readonly #pool: WorkerPool<FillTask, number>

  /**
   * Start filling.
   *
   * @param folder The render cache's folder.
   * @param parts The pages to render, part by part, in the order of the runs.
   */
  constructor(folder: string, parts: readonly (readonly FillStory[])[]) {
    // A story's bodies are small: a small heap keeps the worker's memory near what it uses.
    const pool = new WorkerPool<FillTask, number>(ownModule('render/fill-task'), { workers: 1, batch: 1, heapMB: 256 })
    this.#pool = pool
    // Each part from its last story back: the main thread takes it from its first.
    const order = parts.flatMap((part) => [...part].reverse())
    this.#done = (async () => {
      // One task: the worker goes on without waiting for this thread, which is busy rendering pages.
      const [count] = await pool.map([{ folder, stories: order, channel: String(this.#channel.name) }])
      this.rendered += count ?? 0
    })().catch((error: unknown) => {
      // Handled at once: a failing worker must not end the build as an unhandled rejection.
      this.failure = error instanceof Error ? error.message : String(error)
    })
  }

  /** Stop after the story in hand, and close the worker. */
  async stop(): Promise<void> {
    // A channel keeps no message for a listener that joins later: said again until the worker, maybe still starting, has heard it.
    const say = (): void => this.#channel.postMessage('stop')
    say()
    const again = setInterval(say, 50)
    try {
      await this.#done
    } finally {
      clearInterval(again)
      this.#channel.close()
      await this.#pool.close()
    }
  }
}
