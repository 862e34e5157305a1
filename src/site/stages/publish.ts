/**
 * The build's last stage: once every page is in the site, note which pages
 * are current (the page manifest, `src/site/page-cache.ts`), and remove the
 * pages and cached bodies of stories that are gone. Pages first, then the
 * note: a kill between the two only costs rendering again.
 */
import type { SiteOptions } from '../options.ts'
import { storyFile } from '../paths.ts'
import type { BuildPlan } from './plan.ts'

/** What {@link publishStage} takes. */
export interface PublishInput {
  /** The build's configuration (`cache`). */
  site: SiteOptions
  /** The plan, with its page manifest. */
  plan: BuildPlan
}

/**
 * Note the pages as current, and remove what is gone.
 *
 * @param input The plan and the configuration.
 * @returns The slugs of the stories gone since the last build.
 */
export async function publishStage(input: PublishInput): Promise<string[]> {
  const { manifest } = input.plan
  if (!manifest) return []
  const gone = await manifest.save(storyFile)
  // The bodies of stories that are gone leave the render cache, whether or not a page was rendered.
  if (gone.length > 0) {
    const { StoryRenderCache } = await import('../../render/story-cache.ts')
    ;(await StoryRenderCache.open(input.site.cache)).forget(gone)
  }
  return gone
}
