/**
 * The configuration of a site build: plain data, with its defaults.
 */
import { fileURLToPath } from 'node:url'
import { SHARD_SIZE } from '../search/shards.ts'
import { DEFAULT_URL } from './site-file.ts'

/** Configuration of a site build. */
export interface SiteOptions {
  /** Content folder, holding `stories/` (default: `'content'`). */
  content: string
  /** Cache folder for rendered bodies (default: `'.cache'`). */
  cache: string
  /** The site's public address, for the feed and sitemap (default: the content folder's `site.json`, else {@link DEFAULT_URL}). */
  url: string
  /** The site's name (default: `'Scrollback'`). */
  title: string
  /** Worker threads for rendering (default: the number of cores). */
  workers?: number
  /** Stories per page of the home page and of a source's page (default: `30`). */
  pageSize: number
  /** Stories per part of the search index (default: {@link SHARD_SIZE}). */
  shardSize: number
}

/** The templates folder of this project (absolute). */
export const templatesDir = fileURLToPath(new URL('../../templates/', import.meta.url))

/**
 * Fill in defaults.
 *
 * @param options Some options (default: `{}`).
 * @returns Every option.
 */
export function resolveOptions(options: Partial<SiteOptions> = {}): SiteOptions {
  const url = options.url ?? DEFAULT_URL
  return {
    content: options.content ?? 'content',
    cache: options.cache ?? '.cache',
    url: url.endsWith('/') ? url : url + '/',
    title: options.title ?? 'Scrollback',
    pageSize: options.pageSize ?? 30,
    shardSize: options.shardSize ?? SHARD_SIZE,
    ...(options.workers === undefined ? {} : { workers: options.workers })
  }
}
