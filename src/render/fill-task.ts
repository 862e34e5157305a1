/**
 * The task of a render worker (a `WorkerPool` task module): render the
 * bodies of one part's story pages into the render cache ahead of Eleventy
 * (see `prefill.ts`). The worker goes through the part on its own, so that
 * it does not wait on the main thread, which is busy rendering pages; it
 * stops when the main thread says, on the prefill's broadcast channel, that
 * it has begun the part (messages, not shared memory: the worker lets them
 * in between stories).
 */
import { BroadcastChannel } from 'node:worker_threads'
import { StoryRenderCache } from './story-cache.ts'

/** A story to render ahead: its slug, record file and the hash it was scanned with. */
export interface FillStory {
  slug: string
  file: string
  sha256: string
}

/** One part to render ahead. */
export interface FillTask {
  /** The render cache's folder ({@link StoryRenderCache.folder}). */
  folder: string
  stories: FillStory[]
  /** The part's number. */
  part: number
  /** Parts the main thread had begun when the task was sent. */
  begun: number
  /** The name of the `BroadcastChannel` on which the main thread posts how many parts it has begun. */
  channel: string
}

/**
 * Render a part's bodies into the cache, until the main thread begins the part.
 *
 * @param task The part.
 * @returns Bodies rendered.
 */
export async function handle(task: FillTask): Promise<number> {
  const cache = StoryRenderCache.at(task.folder)
  let begun = task.begun
  const channel = new BroadcastChannel(task.channel)
  channel.onmessage = (event: { data: unknown }) => {
    begun = Math.max(begun, Number(event.data))
  }
  let rendered = 0
  try {
    for (const story of task.stories) {
      if (begun > task.part) break
      rendered += cache.fill(story)
      // Let the main thread's messages in.
      await new Promise((next) => setImmediate(next))
    }
  } finally {
    channel.close()
  }
  return rendered
}
