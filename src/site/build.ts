/**
 * Build the site: ingest new dumps, run Eleventy with `.eleventy.ts` through
 * its API, then index the pages with Pagefind. Problems come back as data;
 * nothing is printed here.
 */
import { mkdir, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { stripVTControlCharacters } from 'node:util'
import { dirname, resolve } from 'node:path'
import { withLock } from '../io/lock.ts'
import { startIndex, type IndexResult, type IndexRun } from '../search/index-site.ts'
import { Archive, batches, type ArchiveData, type BuildStats } from './archive.ts'
import { loadEleventy, type EleventyClass, type EleventyConfig } from './eleventy-api.ts'
import { eleventyBasePath } from './eleventy-base.ts'
import { ingestForBuild, type BuildIngestOutcome } from './ingest-stage.ts'
import type { Problem } from './scan.ts'
import { resolveOptions, templatesDir, type SiteOptions } from './options.ts'
import { storyFile } from './paths.ts'
import { scrollbackPlugin } from './plugin.ts'
import { stagingFor } from './publish.ts'
import { siteUrl } from './site-file.ts'

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

/** Why a build could not write its pages. */
export interface SiteFailure {
  code: 'SITE_FAILED'
  /** What went wrong, the errors behind it joined with `caused by:`. */
  message: string
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
 * {@link buildSite}, with the site's lock held: the pipeline, stage by
 * stage (see README "How a build runs").
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
  const failed = (problems: Problem[], failure: SiteFailure | null = null): BuildResult => ({
    ok: false,
    ingested,
    problems,
    failure,
    stats: null,
    written: 0,
    index: null,
    log: [],
    ms: Math.round(performance.now() - start),
    timings
  })
  if (address.problem) return failed([address.problem])

  // A record written or changed means a page to render: Eleventy's modules load (most of a second of this thread)
  // while the records are scanned, which mostly waits on the file system or on the threads reading many records.
  // A build with nothing new does not load them.
  let eleventy: Promise<EleventyClass> | undefined
  const loadForPages = (): void => {
    eleventy ??= loadEleventy(eleventyBasePath)
    // Settled for sure even when the build stops before rendering; `renderParts` awaits the promise itself.
    eleventy.catch(() => undefined)
  }
  // A record ingest wrote is read by the scan too, and would start the loading there; starting it now, before the
  // scan stamps every record, measured a little quicker (adding a story at 200, eight runs each: median 1.57 s
  // against 1.60 s, and fewer slow runs).
  if (ingested.some((outcome) => outcome.status === 'written')) loadForPages()

  // 2. Scan every record before anything is written: a bad record stops the build with nothing written.
  const archive = new Archive(site, progress.page)
  // The records ingest wrote, as it read them: the scan takes them instead of reading them again.
  const given = new Map(ingested.flatMap((outcome) => (outcome.made ? [[resolve(outcome.record), outcome.made.scan] as const] : [])))
  const loaded = await archive.load(out, loadForPages, given)
  if (!loaded.ok) return failed(loaded.problems)
  const data = loaded.data
  progress.pages(data.storyPages.length)

  // 3. Plan: the story pages to render, in parts, shard by shard. Nothing to render (no story page changed,
  // the lists as they were): Eleventy is not even loaded.
  const parts = data.storyPages.length === 0 && !data.lists ? [] : batches(data, options.pagesPerRun ?? PAGES_PER_RUN)
  const rendering = new Set(data.storyPages.map((page) => page.shard))

  // 5 (begun now). The index: each shard is written as soon as the last of its pages lands, while the next parts render.
  let indexing: IndexRun | null = null
  if (options.index !== false) {
    await mkdir(out, { recursive: true })
    const workers = site.workers === undefined ? {} : { workers: Math.min(2, site.workers) }
    indexing = await startIndex({ site: out, pages: archive.pages(), storyFile, cache: site.cache, ...workers, ...(options.ownRoutes === undefined ? {} : { ownRoutes: options.ownRoutes }), onProgress: progress.index }, rendering)
  }

  // 4. Render each part with Eleventy, bodies rendered ahead on the other core; each page published as it lands.
  const log: string[] = address.note === undefined ? [] : [address.note]
  let written = 0
  let index: IndexResult | null = null
  let finished = false
  try {
    if ((site.workers ?? availableParallelism()) > 1) archive.prefill(parts)
    try {
      written = await renderParts(parts, site, out, log, eleventy, (index) => {
        // Parts go shard by shard (see `batches`): a shard's pages have all landed when the next part is another shard's.
        const shard = parts[index]!.storyPages[0]?.shard
        if (shard !== undefined && parts[index + 1]?.storyPages[0]?.shard !== shard) indexing?.ready(shard)
      })
    } catch (error) {
      // A full disk, a folder that cannot be written, a template error: the pages published so far are whole, the rest as they were.
      return failed([], { code: 'SITE_FAILED', message: describeError(error) })
    }
    // Pages first, then the note of which pages are current: a kill between the two only costs re-rendering.
    await archive.written()
    log.push(...archive.notes)
    timings.site = Math.round(performance.now() - start) - timings.ingest

    // 5. The shards not yet written, then the routing and the list of shards.
    progress.pagesWritten()
    index = indexing && (await indexing.finish())
    finished = true
  } finally {
    // However the build ends, nothing goes on writing once it lets go of its lock: the worker rendering ahead and the index stop.
    await archive.settle()
    if (!finished) await indexing?.stop()
  }
  // Bodies that ingest rendered for this build's pages count as rendered in it.
  const stats = withIngested(archive.stats, ingested)
  // The index's own time: while a shard or the routing was being written, during the rendering or after it.
  timings.index = indexing?.busyMs ?? 0
  const ok = index === null || index.ok
  return { ok, ingested, problems: [], failure: null, stats, written, index, log, ms: Math.round(performance.now() - start), timings }
}

/**
 * Render the parts with Eleventy, one run each, into the staging folder;
 * the plugin publishes each page into the site as its run ends.
 *
 * @param parts What {@link batches} made.
 * @param site The build's configuration.
 * @param out The site's folder.
 * @param log Where Eleventy's messages are kept (they are not printed: problems come back as data).
 * @param loading Eleventy's class, when its loading began earlier (none: loaded here).
 * @param landed Told of each part (its index in `parts`) once its pages are in the site.
 * @returns Files Eleventy wrote.
 * @throws What Eleventy threw (a full disk, a template error).
 */
async function renderParts(parts: readonly ArchiveData[], site: SiteOptions, out: string, log: string[], loading: Promise<EleventyClass> | undefined, landed: (index: number) => void): Promise<number> {
  if (parts.length === 0) return 0
  const Eleventy = await (loading ?? loadEleventy(eleventyBasePath))
  // Eleventy writes beside the site; each file is then renamed into place (see `publish`).
  const staging = stagingFor(out)
  const keep = (...args: unknown[]): void => {
    // On a terminal Eleventy colours its lines: the colours go, the text is matched and kept.
    const line = stripVTControlCharacters(args.map(String).join(' '))
    if (!/^\[11ty\] (Copied|Wrote) /.test(line) && !/Problem writing Eleventy templates/.test(line) && !log.includes(line)) log.push(line)
  }
  let written = 0
  try {
    for (const [index, part] of parts.entries()) {
      await rm(staging, { recursive: true, force: true })
      const eleventy = new Eleventy(templatesDir, staging, {
        configPath: eleventyBasePath,
        quietMode: true,
        // The plugin, handed this part as plain data: nothing passes through globals.
        config: (eleventyConfig) => (eleventyConfig as EleventyConfig).addPlugin(scrollbackPlugin, { site, data: () => part, lists: part.lists, publishTo: out })
      })
      eleventy.logger.overrideLogger({ log: keep, info: keep, warn: keep, error: keep })
      written += countWritten(await eleventy.write())
      landed(index)
    }
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  return written
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

/**
 * The build's counts with the bodies ingest rendered for its records (into
 * the render cache, from the parsed stories) counted as rendered: at most
 * every body of the pages rendered.
 */
function withIngested(stats: BuildStats | null, ingested: readonly BuildIngestOutcome[]): BuildStats | null {
  if (!stats) return stats
  const rendered = ingested.reduce((sum, outcome) => sum + (outcome.made?.rendered ?? 0), 0)
  return { ...stats, rendered: Math.min(stats.rendered + rendered, stats.bodies) }
}

/** An Eleventy error and the errors it wraps, one message a line. */
function describeError(error: unknown): string {
  const messages: string[] = []
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    const { message, originalError, cause } = current as { message?: unknown; originalError?: unknown; cause?: unknown }
    if (typeof message === 'string' && message !== '' && !messages.includes(message)) messages.push(message)
    current = originalError ?? cause
  }
  return messages.join('\n  caused by: ') || String(error)
}

/** How many files Eleventy's `write()` reports (templates and copied files). */
function countWritten(result: unknown): number {
  if (!Array.isArray(result)) return 0
  return result.flat(Infinity).filter((entry) => entry && typeof entry === 'object').length
}
