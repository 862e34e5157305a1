/**
 * Build the site, stage by stage: ingest (dumps into records), scan (check
 * every record), plan (shards, page keys, parts), render (Eleventy, part by
 * part, pages moved into the site as they land), index (Pagefind, shard by
 * shard, overlapping the rendering) and publish (the pages noted as
 * current). Each stage is a module of `stages/`, plain data in and out.
 * Problems come back as data; nothing is printed here.
 */
import { mkdir } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { withLock } from '../io/lock.ts'
import type { IndexResult } from '../search/index-site.ts'
import type { BuildStats } from './archive.ts'
import { resolveOptions, type SiteOptions } from './options.ts'
import { stagingFor } from './publish.ts'
import type { Problem } from './scan.ts'
import { siteUrl } from './site-file.ts'
import { ingestForBuild, type BuildIngestOutcome } from './stages/ingest.ts'
import { indexStage } from './stages/search-index.ts'
import { planStage } from './stages/plan.ts'
import { publishStage } from './stages/publish.ts'
import { eleventyLoader, renderStage, type SiteFailure } from './stages/render.ts'
import { scanStage } from './stages/scan.ts'

export type { SiteFailure }

/** Configuration for {@link buildSite}. */
export interface BuildOptions extends Partial<SiteOptions> {
  /** Output folder (default: `'_site'`). */
  out?: string
  /** Ingest new and changed dumps first (default: `true`). */
  ingest?: boolean
  /** Build the search index after the pages (default: `true`). */
  index?: boolean
  /** Story pages per Eleventy run (default: {@link PAGES_PER_RUN}). */
  pagesPerRun?: number
  /** Search shards that may have a routing of their own before the shared one is written again (default: `OWN_ROUTES` of `src/search/index-site.ts`). */
  ownRoutes?: number
  /** Told where the build is, as it goes: for a progress line. */
  onProgress?: (progress: BuildProgress) => void
}

/** Where a build is: `ingest` counts records made or checked, `render` story pages, `index` search shards. */
export interface BuildProgress {
  stage: 'ingest' | 'render' | 'index'
  done: number
  total: number
}

/**
 * Story pages one Eleventy run renders. Eleventy keeps what it renders until
 * the run ends, about 0.7 MB per story page of ~75 comments: parts of 500
 * keep a build's memory under 1 GB whatever the archive's size, and give the
 * worker that renders bodies ahead a part to work on early.
 */
export const PAGES_PER_RUN = 500

/** What a build did. */
export interface BuildResult {
  /** Whether the site was written. */
  ok: boolean
  /** What ingesting did, dump by dump (empty when not asked to ingest). */
  ingested: BuildIngestOutcome[]
  /** Problems in the records, each placed in its file (they stop the build). */
  problems: Problem[]
  /** Why the pages could not be written (a full disk, a template error): the site is left as it was, page by page. */
  failure: SiteFailure | null
  /** Counts, when the records were read. */
  stats: BuildStats | null
  /** Files Eleventy wrote. */
  written: number
  /** What indexing did (`null` when not asked to, or when the pages were not written). */
  index: IndexResult | null
  /** What Eleventy said besides its summary line (warnings, mostly). */
  log: string[]
  /** Milliseconds, all told. */
  ms: number
  /** Milliseconds per stage. */
  timings: Timings
}

/** Milliseconds each stage of a build took. */
export interface Timings {
  ingest: number
  site: number
  /** The search index (0 when not built): while a shard or the routing was being written, much of it while the pages render. */
  index: number
}

/**
 * Build the site.
 *
 * @param options Configuration (default: `{}`).
 * @returns What happened; `ok` is `false` when records have problems (nothing written), the pages
 *   could not be written (`failure` says why; each page of the site is the old one or the new one), or
 *   the search index could not be built (the pages are written; `index.problems` says why).
 */
export async function buildSite(options: BuildOptions = {}): Promise<BuildResult> {
  // One build of a site at a time: a second waits (ingest has its own lock on the content folder).
  const out = options.out ?? '_site'
  await mkdir(dirname(resolve(out)), { recursive: true })
  return withLock(`${stagingFor(out)}.lock`, () => buildUnlocked(options))
}

/**
 * {@link buildSite}, with the site's lock held: the stages in order
 * (see docs/ARCHITECTURE.md, "The build, stage by stage").
 */
async function buildUnlocked(options: BuildOptions): Promise<BuildResult> {
  const start = performance.now()
  // The public address: given, else the content folder's settings file, else localhost, said so.
  const address = await siteUrl(options.content ?? 'content', options.url)
  const site = resolveOptions({ ...options, ...(address.url === undefined ? {} : { url: address.url }) })
  const out = options.out ?? '_site'
  const progress = progressRelay(options.onProgress)

  // 1. Ingest new and changed dumps into records.
  const ingested = options.ingest === false ? [] : await ingestForBuild({ content: site.content, cache: site.cache, onProgress: progress.ingest })
  const timings: Timings = { ingest: Math.round(performance.now() - start), site: 0, index: 0 }
  const ended = (result: Omit<BuildResult, 'ingested' | 'ms' | 'timings'>): BuildResult => ({ ...result, ingested, ms: Math.round(performance.now() - start), timings })
  const failed = (problems: Problem[], failure: SiteFailure | null = null): BuildResult => ended({ ok: false, problems, failure, stats: null, written: 0, index: null, log: [] })
  if (address.problem) return failed([address.problem])

  // A record written or changed means a page to render: Eleventy's modules load (most of a second of this thread)
  // while the records are scanned, which mostly waits on the file system or on the threads reading many records.
  // A build with nothing new does not load them. A record ingest wrote starts the loading at once: measured a little
  // quicker than waiting for the scan to find it (adding a story at 200, eight runs each: median 1.57 s against 1.60 s).
  const eleventy = eleventyLoader()
  if (ingested.some((outcome) => outcome.status === 'written')) eleventy.start()

  // 2. Scan every record before anything is written: a bad record stops the build with nothing written. The records
  // ingest wrote come with what it read of them, and are not read again.
  const given = new Map(ingested.flatMap((outcome) => (outcome.made ? [[resolve(outcome.record), outcome.made.scan] as const] : [])))
  const scanned = await scanStage({ site, given, onRead: eleventy.start })
  if (!scanned.ok) return failed(scanned.problems)

  // 3. Plan: each story's shard and page key, the story pages to render, in parts, shard by shard.
  const plan = await planStage({ site, out, records: scanned.records, pagesPerRun: options.pagesPerRun ?? PAGES_PER_RUN })
  const prepareMs = Math.round(performance.now() - start) - timings.ingest
  progress.pages(plan.data.storyPages.length)

  // 5 begins before 4: each shard is indexed as soon as its pages are in the site, while the next parts render.
  const indexing = options.index === false ? null : await indexStage({ site, out, plan, ownRoutes: options.ownRoutes, onProgress: progress.index })

  // 4. Render each part with Eleventy, each page moved into the site as its part ends.
  const rendered = await renderStage({ site, out, plan, eleventy: eleventy.loading, onPage: progress.page, landed: (shard) => indexing?.ready(shard) })
  if (!rendered.ok) {
    // Nothing goes on writing once the build lets go of its lock.
    await indexing?.stop()
    return failed([], rendered.failure)
  }
  timings.site = Math.round(performance.now() - start) - timings.ingest

  // 5. Index: the shards not yet written, then the routing and the list of shards.
  // 6. Publish: the pages noted as current, those of stories gone removed (the index or not).
  progress.pagesWritten()
  let index: IndexResult | null = null
  try {
    index = indexing && (await indexing.finish())
  } finally {
    await publishStage({ site, plan })
  }
  // The index's own time: while a shard or the routing was being written, during the rendering or after it.
  timings.index = indexing?.busyMs ?? 0

  const stories = plan.data.stories.length
  const pages = plan.data.storyPages.length
  // Bodies that ingest rendered for this build's pages count as rendered in it.
  const fromIngest = ingested.reduce((sum, outcome) => sum + (outcome.made?.rendered ?? 0), 0)
  const stats: BuildStats = {
    stories,
    comments: plan.data.comments,
    bodies: rendered.bodies,
    rendered: Math.min(rendered.rendered + fromIngest, rendered.bodies),
    pages,
    kept: stories - pages,
    read: scanned.read,
    prepareMs
  }
  const log = [...(address.note === undefined ? [] : [address.note]), ...rendered.log]
  return ended({ ok: index === null || index.ok, problems: [], failure: null, stats, written: rendered.written, index, log })
}

/**
 * The build's progress for {@link BuildOptions.onProgress}, one stage at a
 * time: the index's, which runs while pages render, shows once they are written.
 *
 * @param tell Where to tell it (none: nothing is told).
 * @returns A callback for each stage.
 */
function progressRelay(tell: ((progress: BuildProgress) => void) | undefined) {
  let pages = 0
  let rendered = 0
  let pagesWritten = false
  let lastIndex: BuildProgress | null = null
  return {
    ingest: (done: number, total: number): void => tell?.({ stage: 'ingest', done, total }),
    /** The number of story pages to render. */
    pages(total: number): void {
      pages = total
      if (total > 0) tell?.({ stage: 'render', done: 0, total })
    },
    /** A story page rendered. */
    page: (): void => tell?.({ stage: 'render', done: ++rendered, total: pages }),
    index(done: number, total: number): void {
      lastIndex = { stage: 'index', done, total }
      if (pagesWritten) tell?.(lastIndex)
    },
    pagesWritten(): void {
      pagesWritten = true
      if (lastIndex) tell?.(lastIndex)
    }
  }
}

