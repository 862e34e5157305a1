/**
 * Render story pages' bodies ahead of Eleventy on another core. Eleventy
 * renders the story pages in parts, one part per run (see `buildSite`), and
 * within a run in an order of its own; so while the main thread renders one
 * part, a worker thread fills the render cache with the bodies of the parts
 * after it, in order, until the main thread begins the part it is in. Each
 * body is rendered once, by whichever gets to it first; cache files are
 * written atomically, so the two need no other coordination than the count
 * of parts begun, which the main thread posts on a broadcast channel.
 */
import { randomUUID } from 'node:crypto'
import { BroadcastChannel } from 'node:worker_threads'
import { WorkerPool } from '../workers/pool.ts'
import type { FillStory, FillTask } from './fill-task.ts'

/** A part number past every part: the worker stops. */
const PAST_EVERY_PART = 0x7fffffff

/** A running prefill. */
export class Prefill {
  /** Bodies the worker rendered. */
  rendered = 0
  /**
   * Why the worker stopped early, if it did (a crash, a heap too small): the
   * build goes on, the main thread rendering what the worker did not.
   */
  failure: string | null = null
  /** Parts the main thread has begun. */
  #begun = 0
  /** Where the main thread tells the worker of {@link Prefill.#begun}. */
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
    const pool = new WorkerPool<FillTask, number>(new URL('./fill-task.ts', import.meta.url), { workers: 1, batch: 1, heapMB: 256 })
    this.#pool = pool
    this.#done = (async () => {
      for (let part = 1; part < parts.length; part++) {
        if (this.#begun > part) continue
        const [count] = await pool.map([{ folder, stories: [...parts[part]!], part, begun: this.#begun, channel: String(this.#channel.name) }])
        this.rendered += count ?? 0
      }
    })().catch((error: unknown) => {
      // Handled at once: a failing worker must not end the build as an unhandled rejection.
      this.failure = error instanceof Error ? error.message : String(error)
    })
  }

  /** Tell the worker that the main thread begins the next part. */
  beginPart(): void {
    this.#channel.postMessage(++this.#begun)
  }

  /** Stop after the story in hand, and close the worker. */
  async stop(): Promise<void> {
    this.#begun = PAST_EVERY_PART
    this.#channel.postMessage(PAST_EVERY_PART)
    try {
      await this.#done
    } finally {
      this.#channel.close()
      await this.#pool.close()
    }
  }
}
