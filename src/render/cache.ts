/**
 * A cache of rendered bodies that survives between builds: each distinct
 * markdown body is rendered once, keyed by the SHA-256 of its text.
 *
 * On disk: `<dir>/render-v<RENDER_VERSION>-<packages>/<0-f>.ndjson` (the
 * suffix hashes the installed versions of the unified packages, so that an
 * upgrade renders again), sixteen shards by
 * the key's first hex digit, one `["key","html"]` line per body. New bodies
 * are appended; a shard is rewritten (atomically) only when more of it went
 * unused by a build than was used. Folders of other render versions are
 * removed. The number of files stays at sixteen whatever the archive's size.
 */
import { createHash } from 'node:crypto'
import { appendFile, mkdir, readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeFileAtomic } from '../records/atomic.ts'
import { RENDER_VERSION } from './markdown.ts'

const SHARDS = '0123456789abcdef'

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
  let lock: { packages?: Record<string, { version?: string }> }
  try {
    lock = JSON.parse(await readFile(lockFile, 'utf8')) as typeof lock
  } catch {
    return ''
  }
  const hash = createHash('sha256')
  for (const [name, entry] of Object.entries(lock.packages ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (renderingPackages.test(name)) hash.update(`${name}@${entry.version ?? ''}\n`)
  }
  return hash.digest('hex').slice(0, 8)
}

/** What a save did. */
export interface SaveStats {
  /** Entries appended. */
  added: number
  /** Shards rewritten without their unused entries. */
  compacted: number
}

/**
 * The cache key of a body.
 *
 * @param markdown The body.
 * @returns Hex SHA-256 of its text.
 */
export function cacheKey(markdown: string): string {
  return createHash('sha256').update(markdown).digest('hex')
}

/** Rendered bodies by key, with what this build used and added. */
export class RenderCache {
  readonly folder: string
  readonly #entries = new Map<string, string>()
  readonly #used = new Set<string>()
  readonly #added = new Map<string, string>()
  /** Shards whose last line was cut short: the next append starts on a new line. */
  readonly #torn = new Set<string>()
  #loaded = 0

  /**
   * An empty cache; see {@link RenderCache.open} to read one from disk.
   *
   * @param dir The cache folder (its `render-v<N>-<id>` sub-folder holds the shards).
   * @param id What else the rendering depends on (default: `''`).
   */
  constructor(dir: string, id = '') {
    this.folder = join(dir, `render-v${RENDER_VERSION}${id === '' ? '' : `-${id}`}`)
  }

  /**
   * Read a cache from disk. A missing folder is an empty cache; an unreadable
   * line (a build stopped mid-write) is skipped.
   *
   * @param dir The cache folder.
   * @param id What else the rendering depends on (default: {@link renderingPackagesId}).
   * @returns The cache.
   */
  static async open(dir: string, id?: string): Promise<RenderCache> {
    const cache = new RenderCache(dir, id ?? (await renderingPackagesId()))
    for (const shard of SHARDS) {
      let text: string
      try {
        text = await readFile(join(cache.folder, `${shard}.ndjson`), 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
        throw error
      }
      if (text !== '' && !text.endsWith('\n')) cache.#torn.add(shard)
      for (const line of text.split('\n')) {
        if (line === '') continue
        try {
          const entry: unknown = JSON.parse(line)
          if (Array.isArray(entry) && typeof entry[0] === 'string' && typeof entry[1] === 'string') {
            cache.#entries.set(entry[0], entry[1])
            cache.#loaded++
          }
        } catch {
          // A torn line: that body is rendered again.
        }
      }
    }
    return cache
  }

  /** Entries read from disk. */
  get loaded(): number {
    return this.#loaded
  }

  /** Entries added since the cache was opened. */
  get added(): number {
    return this.#added.size
  }

  /**
   * The HTML of a body, when cached; marks it used.
   *
   * @param key The body's {@link cacheKey}.
   * @returns The HTML, or `undefined`.
   */
  get(key: string): string | undefined {
    const html = this.#entries.get(key)
    if (html !== undefined) this.#used.add(key)
    return html
  }

  /**
   * Add a rendered body.
   *
   * @param key The body's {@link cacheKey}.
   * @param html Its HTML.
   */
  set(key: string, html: string): void {
    if (!this.#entries.has(key)) this.#added.set(key, html)
    this.#entries.set(key, html)
    this.#used.add(key)
  }

  /**
   * Write what was added, drop what went unused when that is most of a
   * shard, and remove the folders of other render versions.
   *
   * @returns What was written.
   */
  async save(): Promise<SaveStats> {
    const stats: SaveStats = { added: this.#added.size, compacted: 0 }
    await mkdir(this.folder, { recursive: true })
    const byShard = new Map<string, { live: number; dead: number; added: string[] }>()
    for (const shard of SHARDS) byShard.set(shard, { live: 0, dead: 0, added: [] })
    for (const key of this.#entries.keys()) {
      const shard = byShard.get(key[0]!)
      if (!shard) continue
      if (this.#added.has(key)) shard.added.push(key)
      else if (this.#used.has(key)) shard.live++
      else shard.dead++
    }
    for (const [name, shard] of byShard) {
      const path = join(this.folder, `${name}.ndjson`)
      const line = (key: string): string => JSON.stringify([key, this.#entries.get(key)]) + '\n'
      if (shard.dead > 0 && shard.dead >= shard.live + shard.added.length) {
        const live = [...this.#entries.keys()].filter((key) => key[0] === name && this.#used.has(key))
        await writeFileAtomic(path, live.map(line).join(''))
        this.#torn.delete(name)
        stats.compacted++
      } else if (shard.added.length > 0) {
        await appendFile(path, (this.#torn.has(name) ? '\n' : '') + shard.added.map(line).join(''))
        this.#torn.delete(name)
      }
    }
    for (const key of this.#added.keys()) this.#used.add(key)
    this.#added.clear()
    const parent = join(this.folder, '..')
    for (const entry of await readdir(parent)) {
      if (/^render-v\d+(-[0-9a-f]+)?$/.test(entry) && join(parent, entry) !== this.folder) await rm(join(parent, entry), { recursive: true, force: true })
    }
    return stats
  }
}
