/**
 * Build the site: ingest new dumps, run Eleventy with `.eleventy.ts` through
 * its API, then index the pages with Pagefind. Problems come back as data;
 * nothing is printed here.
 */
import { mkdir, rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { stripVTControlCharacters } from 'node:util'
import { dirname, resolve } from 'node:path'
import { ingest, type IngestOutcome } from '../records/ingest.ts'
import { withLock } from '../io/lock.ts'
import { startIndex, type IndexResult, type IndexRun } from '../search/index-site.ts'
import { Archive, batches, type BuildStats } from './archive.ts'
import { loadEleventy, type EleventyConfig } from './eleventy-api.ts'
import { eleventyBasePath } from './eleventy-base.ts'
import type { Problem } from './scan.ts'
import { resolveOptions, templatesDir, type SiteOptions } from './options.ts'
import { scrollbackPlugin } from './plugin.ts'
import { stagingFor } from './publish.ts'

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
  ingested: IngestOutcome[]
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

/** {@link buildSite}, with the site's lock held. */
async function buildUnlocked(options: BuildOptions): Promise<BuildResult> {
  const start = performance.now()
  const site = resolveOptions(options)
  const out = options.out ?? '_site'
  const tell = options.onProgress
  const ingested =
    options.ingest === false
      ? []
      : await ingest({ content: site.content, cache: site.cache, ...(tell ? { onProgress: (done, total) => tell({ stage: 'ingest', done, total }) } : {}) })
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

  // Every record is scanned before Eleventy writes anything: a bad record stops the build with nothing written.
  let rendered = 0
  let toRender = 0
  const archive = new Archive(site, tell && (() => tell({ stage: 'render', done: ++rendered, total: toRender })))
  const loaded = await archive.load(out)
  if (!loaded.ok) return failed(loaded.problems)
  const data = loaded.data
  toRender = data.storyPages.length
  if (toRender > 0) tell?.({ stage: 'render', done: 0, total: toRender })

  // Eleventy holds every page it renders until its run ends: the story pages are rendered in parts, one run each.
  // Nothing to render (no story page changed, the lists as they were): Eleventy is not even loaded.
  const parts = data.storyPages.length === 0 && !data.lists ? [] : batches(data, options.pagesPerRun ?? PAGES_PER_RUN)
  const Eleventy = parts.length === 0 ? null : await loadEleventy(eleventyBasePath)
  // Eleventy writes beside the site; each file is then renamed into place (see `publish`).
  const staging = stagingFor(out)
  // Eleventy's messages are kept, not printed: problems come back as data.
  const log: string[] = []
  const keep = (...args: unknown[]): void => {
    // On a terminal Eleventy colours its lines: the colours go, the text is matched and kept.
    const line = stripVTControlCharacters(args.map(String).join(' '))
    if (!/^\[11ty\] (Copied|Wrote) /.test(line) && !/Problem writing Eleventy templates/.test(line) && !log.includes(line)) log.push(line)
  }
  let written = 0
  // The index starts now: each shard is written as soon as the last of its pages lands, while the next parts render.
  let renderingDone = false
  let lastIndexProgress: BuildProgress | null = null
  const indexProgress = (done: number, total: number): void => {
    lastIndexProgress = { stage: 'index', done, total }
    // One stage on the progress line at a time: the index's shows once the pages are written.
    if (renderingDone) tell?.(lastIndexProgress)
  }
  const pending = new Map<string, number>()
  for (const page of data.storyPages) pending.set(page.shard, (pending.get(page.shard) ?? 0) + 1)
  let indexing: IndexRun | null = null
  if (options.index !== false) {
    await mkdir(out, { recursive: true })
    indexing = await startIndex(
      {
        site: out,
        pages: archive.pages(),
        cache: site.cache,
        ...(site.workers === undefined ? {} : { workers: Math.min(2, site.workers) }),
        ...(tell ? { onProgress: indexProgress } : {})
      },
      new Set(pending.keys())
    )
  }
  // While a part renders, the next parts' bodies are rendered on the other core.
  if ((site.workers ?? availableParallelism()) > 1) archive.prefill(parts)
  try {
    for (const part of parts) {
      await rm(staging, { recursive: true, force: true })
      const eleventy = new Eleventy!(templatesDir, staging, {
        configPath: eleventyBasePath,
        quietMode: true,
        // The plugin, handed this part as plain data: nothing passes through globals.
        config: (eleventyConfig) => (eleventyConfig as EleventyConfig).addPlugin(scrollbackPlugin, { site, data: () => part, lists: part.lists, publishTo: out })
      })
      eleventy.logger.overrideLogger({ log: keep, info: keep, warn: keep, error: keep })
      written += countWritten(await eleventy.write())
      // A shard whose pages have all landed is indexed while the next part renders.
      for (const page of part.storyPages) {
        const left = pending.get(page.shard)! - 1
        pending.set(page.shard, left)
        if (left === 0) indexing?.ready(page.shard)
      }
    }
  } catch (error) {
    // A full disk, a folder that cannot be written, a template error: the pages published so far are whole, the rest as they were.
    await archive.settle()
    await indexing?.stop()
    return failed([], { code: 'SITE_FAILED', message: describeError(error) })
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
  // Pages first, then the note of which pages are current: a kill between the two only costs re-rendering.
  await archive.written()
  log.push(...archive.notes)
  const stats = archive.stats
  timings.site = Math.round(performance.now() - start) - timings.ingest

  renderingDone = true
  if (lastIndexProgress) tell?.(lastIndexProgress)
  const index = indexing && (await indexing.finish())
  // The index's own time: while a shard or the routing was being written, during the rendering or after it.
  timings.index = indexing?.busyMs ?? 0
  const ok = index === null || index.ok
  return { ok, ingested, problems: [], failure: null, stats, written, index, log, ms: Math.round(performance.now() - start), timings }
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
