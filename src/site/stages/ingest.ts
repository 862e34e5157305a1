/**
 * The build's first stage: ingest (`src/records/ingest.ts`) with the build's
 * task (`src/site/ingest-task.ts`), so that each record written has its bodies in the
 * render cache and what the scan keeps of it comes back with its outcome.
 */
import { basename } from 'node:path'
import { ingest, type IngestOutcome, type Options as IngestOptions } from '../../records/ingest.ts'
import { slugify } from '../../records/slug.ts'
import type { StoryRenderCache } from '../../render/story-cache.ts'
import type { Rendered, RenderPlace } from '../ingest-task.ts'

/** What ingesting did for the build, dump by dump. */
export type BuildIngestOutcome = IngestOutcome<Rendered>

/**
 * Ingest dumps into records and, when there is a cache folder, keep each
 * record written in the render cache with its bodies rendered from the
 * parsed story, on the thread that made it.
 *
 * @param options Configuration of ingest (default: `{}`); `cache` is also where the render cache is (without it, nothing is rendered).
 * @returns One outcome per dump, in name order; a record's newest dump has the bodies rendered and what the scan keeps (`made`).
 */
export async function ingestForBuild(options: Omit<IngestOptions, 'task'> = {}): Promise<BuildIngestOutcome[]> {
  const cache = options.cache
  if (cache === undefined) return ingest(options)
  // Opened for the first record to make: an ingest with nothing to make loads no rendering code.
  let opening: Promise<StoryRenderCache> | undefined
  return ingest<RenderPlace, Rendered>({
    ...options,
    task: {
      module: 'site/ingest-task',
      load: () => import('../ingest-task.ts'),
      given: async (record) => {
        // The render cache files a story under its slug: a record not named as its slug (renamed by hand) is left to the build.
        const slug = basename(record, '.md')
        if (slugify(slug) !== slug) return undefined
        opening ??= import('../../render/story-cache.ts').then(({ StoryRenderCache }) => StoryRenderCache.open(cache))
        return { folder: (await opening).folder, slug }
      }
    }
  })
}
