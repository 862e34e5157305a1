/**
 * The build's fifth stage: the search index (`src/search/index-site.ts`),
 * handed what it needs as data: each story's shard and page key, and the
 * site's path scheme. It starts before the pages render: each shard is
 * written as soon as its pages are in the site (`IndexRun.ready`), while the
 * next parts render; `IndexRun.finish` writes the rest, the routing and
 * `pagefind/shards.json`.
 */
import { mkdir } from 'node:fs/promises'
import { startIndex, type IndexRun } from '../../search/index-site.ts'
import type { SiteOptions } from '../options.ts'
import { storyFile } from '../paths.ts'
import type { BuildPlan } from './plan.ts'

/** What {@link indexStage} takes. */
export interface IndexInput {
  /** The build's configuration (`cache`, `workers`). */
  site: SiteOptions
  /** The site's folder. */
  out: string
  /** The plan: each story's shard and page key, and the shards still to render. */
  plan: BuildPlan
  /** Shards that may have a routing of their own (default: `OWN_ROUTES` of `src/search/index-site.ts`). */
  ownRoutes?: number | undefined
  /** Told how many of the shards to write are done. */
  onProgress?: (done: number, total: number) => void
}

/**
 * Start indexing the site: the shards whose pages are all in place are
 * written at once, the others once told they are ({@link IndexRun.ready}).
 *
 * @param input The plan and the site.
 * @returns The run; {@link IndexRun.finish} ends it.
 */
export async function indexStage(input: IndexInput): Promise<IndexRun> {
  const { site, out, plan } = input
  await mkdir(out, { recursive: true })
  return startIndex(
    {
      site: out,
      pages: plan.pages,
      storyFile,
      cache: site.cache,
      // Pagefind's processes beside Eleventy's rendering: at most two.
      ...(site.workers === undefined ? {} : { workers: Math.min(2, site.workers) }),
      ...(input.ownRoutes === undefined ? {} : { ownRoutes: input.ownRoutes }),
      ...(input.onProgress === undefined ? {} : { onProgress: input.onProgress })
    },
    plan.rendering
  )
}
