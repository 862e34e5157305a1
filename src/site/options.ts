/**
 * Options of a site build, and how they reach `.eleventy.ts`.
 *
 * Eleventy runs the project's config file itself; a program that builds
 * through Eleventy's API passes options with {@link withSiteOptions} as the
 * API's `config` callback, which runs before the config file on the same
 * config object. The key is a global symbol, so that it is shared by every
 * copy of this module (a test runner and tsx may load it twice).
 */
import { fileURLToPath } from 'node:url'
import { SHARD_SIZE } from '../search/shards.ts'
import type { Archive, ArchiveData, BuildStats } from './archive.ts'
import type { EleventyConfig } from './eleventy-api.ts'

/** Configuration of a site build. */
export interface SiteOptions {
  /** Content folder, holding `stories/` (default: `'content'`). */
  content: string
  /** Cache folder for rendered bodies (default: `'.cache'`). */
  cache: string
  /** The site's public address, for the feed and sitemap (default: `'http://localhost:8080/'`). */
  url: string
  /** The site's name (default: `'Scrollback'`). */
  title: string
  /** Worker threads for rendering (default: the number of cores). */
  workers?: number
  /** Stories per page of the home page and of a source's page (default: `30`). */
  pageSize: number
  /** Stories per part of the search index (default: {@link SHARD_SIZE}). */
  shardSize: number
  /** Told the build's counts once the records are read and rendered. */
  onStats?: (stats: BuildStats) => void
  /** Where the pages end up when Eleventy writes to a staging folder: moved there after writing (default: Eleventy's output). */
  publishTo?: string
  /**
   * The archive, loaded already, and the part of it this Eleventy run
   * renders (see `batches` in `archive.ts`). Without it, the plugin loads
   * the archive itself and renders it whole in one run.
   */
  prepared?: { archive: Archive; data: ArchiveData }
  /**
   * The plugin `.eleventy.ts` adds (default: `src/site/plugin.ts`, loaded by
   * the config): the build passes the one it runs with, so that compiled
   * code does not load the sources a second time.
   */
  plugin?: (eleventyConfig: EleventyConfig, options: SiteOptions) => void
}

const key = Symbol.for('scrollback.siteOptions')

/** The templates folder of this project (absolute). */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url))

/**
 * Fill in defaults.
 *
 * @param options Some options (default: `{}`).
 * @returns Every option.
 */
export function resolveOptions(options: Partial<SiteOptions> = {}): SiteOptions {
  const url = options.url ?? 'http://localhost:8080/'
  return {
    content: options.content ?? 'content',
    cache: options.cache ?? '.cache',
    url: url.endsWith('/') ? url : url + '/',
    title: options.title ?? 'Scrollback',
    pageSize: options.pageSize ?? 30,
    shardSize: options.shardSize ?? SHARD_SIZE,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.onStats === undefined ? {} : { onStats: options.onStats }),
    ...(options.publishTo === undefined ? {} : { publishTo: options.publishTo }),
    ...(options.prepared === undefined ? {} : { prepared: options.prepared }),
    ...(options.plugin === undefined ? {} : { plugin: options.plugin })
  }
}

/**
 * A config callback for Eleventy's API that hands options to `.eleventy.ts`.
 *
 * @param options Options for this build.
 * @returns The callback: `new Eleventy(input, output, {config: withSiteOptions(options)})`.
 */
export function withSiteOptions(options: Partial<SiteOptions>): (eleventyConfig: object) => void {
  return (eleventyConfig) => {
    ;(eleventyConfig as Record<symbol, unknown>)[key] = options
  }
}

/**
 * The options handed to this build, with defaults.
 *
 * @param eleventyConfig Eleventy's config object.
 * @returns The options.
 */
export function siteOptionsOf(eleventyConfig: object): SiteOptions {
  return resolveOptions(((eleventyConfig as Record<symbol, unknown>)[key] as Partial<SiteOptions> | undefined) ?? {})
}
