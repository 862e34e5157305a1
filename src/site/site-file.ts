/**
 * The content folder's settings for every build: `<content>/site.json`,
 * `{"url": "https://archive.example/"}`, the site's public address (the
 * feed's and the sitemap's links). `--url` overrides it.
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Problem } from './scan.ts'

/** The settings file's name, in the content folder. */
export const SITE_FILE = 'site.json'

/** The address the feed and sitemap point to when none is set. */
export const DEFAULT_URL = 'http://localhost:8080/'

/** What a settings file says, or what is wrong with it. */
export type SiteSettings = { ok: true; url: string | null } | { ok: false; message: string }

/**
 * Read a settings file's text. Pure.
 *
 * @param text The file's text.
 * @returns The site's address (`null` when the file sets none), or what is wrong.
 */
export function parseSiteFile(text: string): SiteSettings {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    return { ok: false, message: `not JSON: ${(error as Error).message}` }
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, message: 'not a JSON object: write `{"url": "https://…/"}`' }
  const url = (data as { url?: unknown }).url
  if (url === undefined) return { ok: true, url: null }
  if (typeof url !== 'string' || !/^https?:\/\/[^\s/]+/.test(url)) return { ok: false, message: `"url" must be an http(s) address, not ${JSON.stringify(url)}` }
  return { ok: true, url }
}

/**
 * The site's address as a build takes it: `--url`, else the content
 * folder's settings file, else {@link DEFAULT_URL} with a note that says so.
 *
 * @param content The content folder.
 * @param given The address given on the command line, if any.
 * @returns The address (`undefined`: the default), a note for the build's log, or the file's problem.
 */
export async function siteUrl(content: string, given: string | undefined): Promise<{ url?: string; note?: string; problem?: Problem }> {
  if (given !== undefined) return { url: given }
  const file = join(content, SITE_FILE)
  const text = await readFile(file, 'utf8').catch(() => null)
  const settings = text === null ? ({ ok: true, url: null } as const) : parseSiteFile(text)
  if (!settings.ok) return { problem: { file, message: { code: 'SITE_FILE', severity: 'fatal', line: 1, column: 1, message: settings.message } } }
  if (settings.url !== null) return { url: settings.url }
  return { note: `${file}: no "url" set: the feed and sitemap point to ${DEFAULT_URL} (write {"url": "https://…/"} there, or pass --url)` }
}
