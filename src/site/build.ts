/**
 * Build the site: ingest new dumps, run Eleventy with `.eleventy.ts` through
 * its API, then index the pages with Pagefind. Problems come back as data;
 * nothing is printed here.
 */
import { mkdir, rm } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ingest, type IngestOutcome } from '../records/ingest.ts'
import { withLock } from '../records/lock.ts'
import { indexSite, type IndexResult } from '../search/index-site.ts'
import type { BuildStats } from './archive.ts'
import { loadEleventy } from './eleventy-api.ts'
import type { Problem } from './load.ts'
import { PageManifest } from './page-cache.ts'
import { resolveOptions, templatesDir, withSiteOptions, type SiteOptions } from './options.ts'
import { recordProblemsIn } from './problems.ts'
import { stagingFor } from './publish.ts'

/** The project's Eleventy config file (absolute). */
export const configPath = fileURLToPath(new URL('../../.eleventy.ts', import.meta.url))

/** Configuration for {@link buildSite}. */
export interface BuildOptions extends Partial<SiteOptions> {
  /** Output folder (default: `'_site'`). */
  out?: string
  /** Ingest new and changed dumps first (default: `true`). */
  ingest?: boolean
  /** Build the search index after the pages (default: `true`). */
  index?: boolean
}

/** What a build did. */
export interface BuildResult {
  /** Whether the site was written. */
  ok: boolean
  /** What ingesting did, dump by dump (empty when not asked to ingest). */
  ingested: IngestOutcome[]
  /** Problems in the records, each placed in its file (they stop the build). */
  problems: Problem[]
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
  /** The search index (0 when not built). */
  index: number
}

/**
 * Build the site.
 *
 * @param options Configuration (default: `{}`).
 * @returns What happened; `ok` is `false` when records have problems (nothing written) or the
 *   search index could not be built (the pages are written; `index.problems` says why).
 * @throws When Eleventy fails for another reason (a template error): a bug, not bad input.
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
  const ingested = options.ingest === false ? [] : await ingest({ content: site.content })
  const timings: Timings = { ingest: Math.round(performance.now() - start), site: 0, index: 0 }
  let stats: BuildStats | null = null
  const Eleventy = await loadEleventy()
  // Eleventy writes beside the site; each file is then renamed into place (see `publish`).
  const staging = stagingFor(out)
  await rm(staging, { recursive: true, force: true })
  const eleventy = new Eleventy(templatesDir, staging, {
    configPath,
    quietMode: true,
    config: withSiteOptions({
      ...site,
      publishTo: out,
      onStats: (value) => {
        stats = value
        options.onStats?.(value)
      }
    })
  })
  // Eleventy's messages are kept, not printed: problems come back as data.
  const log: string[] = []
  const keep = (...args: unknown[]): void => {
    const line = args.map(String).join(' ')
    if (!/^\[11ty\] (Copied|Wrote) /.test(line) && !/Problem writing Eleventy templates/.test(line)) log.push(line)
  }
  eleventy.logger.overrideLogger({ log: keep, info: keep, warn: keep, error: keep })
  try {
    const written = countWritten(await eleventy.write())
    timings.site = Math.round(performance.now() - start) - timings.ingest
    let index: IndexResult | null = null
    if (options.index !== false) {
      const indexStart = performance.now()
      // The shards and page keys the build just saved (see `Archive.written`).
      const pages = (await PageManifest.open(site.cache, out)).written
      index = await indexSite({ site: out, pages, ...(site.workers === undefined ? {} : { workers: Math.min(2, site.workers) }) })
      timings.index = Math.round(performance.now() - indexStart)
    }
    const ok = index === null || index.ok
    return { ok, ingested, problems: [], stats, written, index, log, ms: Math.round(performance.now() - start), timings }
  } catch (error) {
    const problems = recordProblemsIn(error)
    if (!problems) throw new Error(describeError(error), { cause: error })
    return { ok: false, ingested, problems, stats, written: 0, index: null, log: [], ms: Math.round(performance.now() - start), timings }
  }
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
