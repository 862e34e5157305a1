/**
 * The task of a render worker (a `WorkerPool` task module): render the
 * bodies of story pages into the render cache ahead of Eleventy (see
 * `prefill.ts`), skipping those the cache has already, until told to stop.
 * The worker goes through its stories on its own: the main thread, busy
 * rendering pages, need not answer it between them.
 */
import { BroadcastChannel } from 'node:worker_threads'
import { StoryRenderCache } from './story-cache.ts'

/** A story to render ahead: its slug, record file and the hash it was scanned with. */
export interface FillStory {
  slug: string
  file: string
  sha256: string
}

/** Stories to render ahead. */
export interface FillTask {
  /** The render cache's folder ({@link StoryRenderCache.folder}). */
  folder: string
  stories: FillStory[]
  /** The name of the `BroadcastChannel` on which the main thread says stop. */
  channel: string
}

/**
 * Render the stories' bodies into the cache.
 *
 * @param task The stories.
 * @returns Bodies rendered.
 */
export async function handle(task: FillTask): Promise<number> {
  const cache = StoryRenderCache.at(task.folder)
  let stopped = false
  const channel = new BroadcastChannel(task.channel)
  channel.onmessage = () => {
    stopped = true
  }
  let rendered = 0
  try {
    for (const story of task.stories) {
      if (stopped) break
      if (!cache.has(story.slug, story.sha256)) rendered += cache.fill(story)
      // Let the main thread's word in.
      await new Promise((next) => setImmediate(next))
    }
  } finally {
    channel.close()
  }
  return rendered
}
