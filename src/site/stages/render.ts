/**
 * The build's fourth stage: render each part of the plan with Eleventy, one
 * run each, into the staging folder; the plugin (`src/site/plugin.ts`)
 * moves each page into the site as its run ends. A story page's view takes
 * its bodies from the render cache, which a worker thread fills ahead
 * (`StoryViews`). Each shard is announced once its last page is in the
 * site, so that its search index is written while the next parts render.
 */
import { rm } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { stripVTControlCharacters } from 'node:util'
import { StoryViews } from '../archive.ts'
import { eleventyConfigPath, loadEleventy, type EleventyClass, type EleventyConfig } from '../eleventy-api.ts'
import { templatesDir, type SiteOptions } from '../options.ts'
import { stagingFor } from '../publish.ts'
import type { BuildPlan } from './plan.ts'

/** What {@link renderStage} takes. */
export interface RenderInput {
  /** The build's configuration. */
  site: SiteOptions
  /** The site's folder. */
  out: string
  /** What to render. */
  plan: BuildPlan
  /** Eleventy's class, when its loading began earlier (see {@link eleventyLoader}; none: loaded here). */
  eleventy?: Promise<EleventyClass> | undefined
  /** Told each time a story page renders. */
  onPage?: () => void
  /** Told of each shard once its pages are all in the site. */
  landed?: (shard: string) => void
}

/** Why a build could not write its pages. */
export interface SiteFailure {
  code: 'SITE_FAILED'
  /** What went wrong, the errors behind it joined with `caused by:`. */
  message: string
}

/** What rendering did: the pages written, or why they could not be (those published so far are whole, the rest as they were). */
export type RenderResult =
  | {
      ok: true
      /** Files Eleventy wrote. */
      written: number
      /** What Eleventy said besides its summary line (warnings, mostly), and notes of the build's own. */
      log: string[]
      /** Distinct bodies of the story pages rendered. */
      bodies: number
      /** Of those, rendered in this build (the rest came from the cache). */
      rendered: number
    }
  | { ok: false; failure: SiteFailure }

/**
 * Render the plan's parts.
 *
 * @param input What to render, and where.
 * @returns What was written, or why it could not be.
 */
export async function renderStage(input: RenderInput): Promise<RenderResult> {
  const { site, out, plan } = input
  const log: string[] = []
  if (plan.parts.length === 0) return { ok: true, written: 0, log, bodies: 0, rendered: 0 }
  const views = plan.data.storyPages.length === 0 ? null : await StoryViews.open(site.cache, plan.records, input.onPage)
  try {
    // Bodies rendered ahead on the other core, part by part.
    if ((site.workers ?? availableParallelism()) > 1) views?.prefill(plan.parts.map((part) => part.storyPages))
    const written = await renderParts(plan, site, out, log, views, input.eleventy, (index) => {
      // Parts go shard by shard (see `batches`): a shard's pages have all landed when the next part is another shard's.
      const shard = plan.parts[index]!.storyPages[0]?.shard
      if (shard !== undefined && plan.parts[index + 1]?.storyPages[0]?.shard !== shard) input.landed?.(shard)
    })
    await views?.settle()
    log.push(...(views?.notes ?? []))
    return { ok: true, written, log, bodies: views?.bodies ?? 0, rendered: views?.rendered ?? 0 }
  } catch (error) {
    // A full disk, a folder that cannot be written, a template error: the pages published so far are whole, the rest as they were.
    return { ok: false, failure: { code: 'SITE_FAILED', message: describeError(error) } }
  } finally {
    // However rendering ends, the worker rendering ahead stops: it would keep the process alive.
    await views?.settle()
  }
}

/**
 * Eleventy's class, loaded once and only when asked: a build with a page
 * to render starts the loading early (it takes most of a second of this
 * thread), while the records are scanned.
 *
 * @returns `start` begins the loading (again: nothing); `loading` is the promise, once begun.
 */
export function eleventyLoader(): { start: () => void; readonly loading: Promise<EleventyClass> | undefined } {
  let loading: Promise<EleventyClass> | undefined
  return {
    start() {
      loading ??= loadEleventy(eleventyConfigPath)
      // Settled for sure even when the build stops before rendering; `renderStage` awaits the promise itself.
      loading.catch(() => undefined)
    },
    get loading() {
      return loading
    }
  }
}

/**
 * Render the parts with Eleventy, one run each, into the staging folder;
 * the plugin publishes each page into the site as its run ends.
 *
 * @param plan The plan, with its parts.
 * @param site The build's configuration.
 * @param out The site's folder.
 * @param log Where Eleventy's messages are kept (they are not printed: problems come back as data).
 * @param views The story pages' views (`null`: no story page to render).
 * @param loading Eleventy's class, when its loading began earlier (none: loaded here).
 * @param landed Told of each part (its index in `parts`) once its pages are in the site.
 * @returns Files Eleventy wrote.
 * @throws What Eleventy threw (a full disk, a template error).
 */
async function renderParts(plan: BuildPlan, site: SiteOptions, out: string, log: string[], views: StoryViews | null, loading: Promise<EleventyClass> | undefined, landed: (index: number) => void): Promise<number> {
  const Eleventy = await (loading ?? loadEleventy(eleventyConfigPath))
  // Eleventy writes beside the site; each file is then renamed into place (see `publish`).
  const staging = stagingFor(out)
  const keep = (...args: unknown[]): void => {
    // On a terminal Eleventy colours its lines: the colours go, the text is matched and kept.
    const line = stripVTControlCharacters(args.map(String).join(' '))
    if (!/^\[11ty\] (Copied|Wrote) /.test(line) && !/Problem writing Eleventy templates/.test(line) && !log.includes(line)) log.push(line)
  }
  let written = 0
  try {
    for (const [index, planned] of plan.parts.entries()) {
      await rm(staging, { recursive: true, force: true })
      const part = views ? views.pages(planned) : { ...planned, storyPages: [] }
      const eleventy = new Eleventy(templatesDir, staging, {
        configPath: eleventyConfigPath,
        quietMode: true,
        // This part, as plain data, for the configuration file to hand the plugin: nothing passes through globals.
        config: (eleventyConfig) => {
          ;(eleventyConfig as EleventyConfig).scrollbackPart = { site, data: () => part, lists: part.lists, publishTo: out }
        }
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
