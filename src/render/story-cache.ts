/**
 * Rendered bodies kept between builds, one file per story: a page rendered
 * again with an unchanged record (after a template or code change) reads its
 * bodies' HTML instead of rendering them. Only the story being rendered is
 * in memory, however large the archive.
 *
 * On disk: `<cache>/render-v<RENDER_VERSION>-<packages>/<slug>.json`, holding
 * `{"sha256": <the record's hash>, "html": {<body>: <its HTML>}, "record":
 * {"data": <front matter>, "content": <markdown>}, "read": <READ_VERSION>}`:
 * a page made from the cache reads JSON, not the record's YAML. The
 * suffix hashes the installed versions of the unified packages, so that an
 * upgrade renders again; folders of other versions are removed. A file is
 * written atomically, so a build stopped mid-write leaves the old file or none.
 */
import { createHash } from 'node:crypto'
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync } from 'node:fs'
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { replaceFileSync } from '../io/atomic.ts'
import { readJsonObject, readJsonObjectSync } from '../io/cache-file.ts'
import { READ_VERSION, readRecord } from '../records/record.ts'
import { recordHash } from '../records/record-hash.ts'
import { renderMarkdown, RENDER_VERSION } from './markdown.ts'
import { storyBodies, type PageRecord, type StoryPage } from './story-page.ts'

/** Packages whose versions decide what a body renders to (by name prefix). */
const renderingPackages =
  /^node_modules\/(unified|vfile|unist-|micromark|mdast-|hast-|remark-|rehype-|property-information|stringify-entities|character-|html-void-elements|decode-named-character-reference|zwitch|ccount|comma-separated-tokens|space-separated-tokens|trim-lines)/

/**
 * A short hash of the installed versions of the packages that render
 * markdown, read from the project's `package-lock.json`.
 *
 * @param lockFile The lock file (default: this project's).
 * @returns Eight hex digits (`''` when there is no lock file).
 */
export async function renderingPackagesId(lockFile = fileURLToPath(new URL('../../package-lock.json', import.meta.url))): Promise<string> {
  const lock = (await readJsonObject(lockFile)) as { packages?: Record<string, { version?: string }> } | null
  if (!lock) return ''
  const hash = createHash('sha256')
  for (const [name, entry] of Object.entries(lock.packages ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (renderingPackages.test(name)) hash.update(`${name}@${entry.version ?? ''}\n`)
  }
  return hash.digest('hex').slice(0, 8)
}

/** Rendered bodies by story, on disk. */
export class StoryRenderCache {
  /** The folder of this render version. */
  readonly folder: string
  /** Bodies rendered (not read from the cache) since it was opened. */
  rendered = 0

  private constructor(folder: string) {
    this.folder = folder
  }

  /**
   * The cache in a folder {@link StoryRenderCache.open} chose (for a worker thread).
   *
   * @param folder Its `folder`.
   * @returns The cache.
   */
  static at(folder: string): StoryRenderCache {
    return new StoryRenderCache(folder)
  }

  /**
   * Open the cache, removing the folders of other render versions.
   *
   * @param dir The cache folder.
   * @param id The rendering packages' id (default: {@link renderingPackagesId}).
   * @returns The cache.
   */
  static async open(dir: string, id?: string): Promise<StoryRenderCache> {
    const packages = id ?? (await renderingPackagesId())
    const name = `render-v${RENDER_VERSION}${packages ? `-${packages}` : ''}`
    for (const entry of await readdir(dir).catch(() => [] as string[])) {
      if (/^render-v\d+(-[0-9a-f]+)?$/.test(entry) && entry !== name) await rm(join(dir, entry), { recursive: true, force: true })
    }
    return new StoryRenderCache(join(dir, name))
  }

  /**
   * The HTML of a story's bodies: from the cache when the record is the
   * one they were rendered from, else rendered now and kept.
   *
   * @param slug The story's slug.
   * @param sha256 The hash of its record file.
   * @param bodies Its markdown bodies.
   * @returns Each body's HTML, by body.
   */
  html(slug: string, sha256: string, bodies: Iterable<string>): Map<string, string> {
    const cached = this.#read(slug, sha256)
    return this.#render(slug, sha256, bodies, cached.html, cached.record, cached.record !== null)
  }

  /**
   * What a story's page needs: its record's front matter and markdown, and
   * each body's HTML. From the cache when they were kept for this record
   * (JSON, no YAML read and no markdown rendered), else read from the
   * record file, rendered and kept.
   *
   * @param story The story's slug, record file and the hash it was scanned with.
   * @returns The record and the HTML; `null` when the record file no longer reads as a record.
   */
  story(story: { slug: string; file: string; sha256: string }): { record: PageRecord; html: Map<string, string> } | null {
    const cached = this.#read(story.slug, story.sha256)
    const kept = whole(cached)
    if (kept) return kept
    const text = readFileSync(story.file, 'utf8')
    // A record edited since the scan is shown as it is now, and kept under its own hash.
    const sha256 = recordHash(text)
    return this.#fromText(story.slug, text, sha256, sha256 === story.sha256 ? cached.html : {})
  }

  /** A story from its record's text: read, its bodies rendered where `known` lacks them, and kept. */
  #fromText(slug: string, text: string, sha256: string, known: Record<string, string>): { record: PageRecord; html: Map<string, string> } | null {
    const read = readRecord(text).record
    if (!read) return null
    const record: PageRecord = { data: read.data, content: read.content }
    return { record, html: this.#render(slug, sha256, storyBodies(record), known, record, false) }
  }

  /** What the cache file of a story holds for this hash of its record (nothing when missing, unreadable or of another hash). */
  #read(slug: string, sha256: string): { html: Record<string, string>; record: PageRecord | null } {
    // None yet, or unreadable: rendered again.
    const cached = (readJsonObjectSync(join(this.folder, `${slug}.json`)) ?? {}) as { sha256?: unknown; html?: unknown; record?: unknown; read?: unknown }
    if (cached.sha256 !== sha256) return { html: {}, record: null }
    const html = cached.html && typeof cached.html === 'object' ? (cached.html as Record<string, string>) : {}
    // A record kept by another version of the record reader is read again.
    const record = cached.record && typeof cached.record === 'object' && cached.read === READ_VERSION ? (cached.record as PageRecord) : null
    return { html, record: record && typeof record.content === 'string' && Array.isArray(record.data?.comments) ? record : null }
  }

  /** Each body's HTML, rendered where `known` lacks it; the file is written again when a body was rendered or the record is not kept in it yet (`kept`). */
  #render(slug: string, sha256: string, bodies: Iterable<string>, known: Record<string, string>, record: PageRecord | null, kept: boolean): Map<string, string> {
    const html = new Map<string, string>()
    let missing = false
    for (const body of bodies) {
      if (html.has(body)) continue
      const found = Object.hasOwn(known, body) ? known[body] : undefined
      if (typeof found === 'string') html.set(body, found)
      else {
        html.set(body, renderMarkdown(body))
        this.rendered++
        missing = true
      }
    }
    if (missing || (record !== null && !kept)) this.#write(slug, sha256, Object.fromEntries(html), record)
    return html
  }

  /**
   * Keep a story made elsewhere (by ingest, which renders its bodies as it
   * writes the record: see {@link storyPage}), so that its page reads no
   * YAML and renders no markdown.
   *
   * @param slug The story's slug.
   * @param page The story as {@link storyPage} makes it.
   */
  keep(slug: string, page: StoryPage): void {
    this.#write(slug, page.sha256, page.html, page.record)
  }

  /** Write a story's cache file. */
  #write(slug: string, sha256: string, html: Record<string, string>, record: PageRecord | null): void {
    mkdirSync(this.folder, { recursive: true })
    // The main thread and the worker rendering ahead may write one story's file at once: each through a file of its own.
    // `sha256` and the reader's version first: `has` reads them from the file's first bytes.
    replaceFileSync(join(this.folder, `${slug}.json`), JSON.stringify({ sha256, ...(record ? { read: READ_VERSION } : {}), html, ...(record ? { record } : {}) }))
  }

  /**
   * Whether the cache keeps a story for this hash of its record, with the
   * record as this version of the reader reads it: told by the cache file's
   * first bytes (`{"sha256":"…","read":N`), without reading it whole. A file
   * of bodies alone, or of an earlier reader, is filled again.
   *
   * @param slug The story's slug.
   * @param sha256 The record's hash.
   * @returns `true` when its file is there, made from this record, and keeps it.
   */
  has(slug: string, sha256: string): boolean {
    let fd: number
    try {
      fd = openSync(join(this.folder, `${slug}.json`), 'r')
    } catch {
      return false
    }
    try {
      const head = Buffer.alloc(96)
      const read = readSync(fd, head, 0, head.length, 0)
      return head.subarray(0, read).toString('latin1').startsWith(`{"sha256":"${sha256}","read":${READ_VERSION},`)
    } finally {
      closeSync(fd)
    }
  }

  /**
   * Render a story's bodies into the cache ahead of its page, from its record file.
   *
   * @param story The story's slug, record file and the hash it was scanned with.
   * @returns Bodies rendered (0 when the cache had them, or the record changed since).
   */
  fill(story: { slug: string; file: string; sha256: string }): number {
    const cached = this.#read(story.slug, story.sha256)
    if (whole(cached)) return 0
    const text = readFileSync(story.file, 'utf8')
    if (recordHash(text) !== story.sha256) return 0
    const before = this.rendered
    this.#fromText(story.slug, text, story.sha256, cached.html)
    return this.rendered - before
  }

  /**
   * Forget stories that are gone.
   *
   * @param slugs Their slugs.
   */
  forget(slugs: Iterable<string>): void {
    for (const slug of slugs) rmSync(join(this.folder, `${slug}.json`), { force: true })
  }
}

/** A kept story with the HTML of every body it has, or `null` when the cache lacks the record or a body. */
function whole(cached: { html: Record<string, string>; record: PageRecord | null }): { record: PageRecord; html: Map<string, string> } | null {
  if (!cached.record) return null
  const html = new Map<string, string>()
  for (const body of storyBodies(cached.record)) {
    const found = Object.hasOwn(cached.html, body) ? cached.html[body] : undefined
    if (typeof found !== 'string') return null
    html.set(body, found)
  }
  return { record: cached.record, html }
}
