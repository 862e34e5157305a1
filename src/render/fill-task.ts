/**
 * The task of a render worker (a `WorkerPool` task module): render the
 * bodies of one part's story pages into the render cache ahead of Eleventy
 * (see `prefill.ts`). The worker goes through the part on its own, so that
 * it does not wait on the main thread, which is busy rendering pages; it
 * stops when the main thread begins the part.
 */
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
  /** Shared with the main thread: `[parts it has begun]`. */
  begun: Int32Array
}

/**
 * Render a part's bodies into the cache, until the main thread begins the part.
 *
 * @param task The part.
 * @returns Bodies rendered.
 */
export function handle(task: FillTask): number {
  const cache = StoryRenderCache.at(task.folder)
  let rendered = 0
  for (const story of task.stories) {
    if (Atomics.load(task.begun, 0) > task.part) break
    rendered += cache.fill(story)
  }
  return rendered
}
