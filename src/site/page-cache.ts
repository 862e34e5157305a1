/**
 * Story pages that need no rendering: a page whose inputs (its record, its
 * summary, the site's options and the code and templates that make it) are
 * those of the page already in the output folder is left as it is.
 *
 * A manifest per output folder, `<cache>/pages-v2/<hash of the folder>.json`,
 * maps each story's slug to the key of the page written for it, and to the
 * search index's shard the story is in (see `src/search/shards.ts`), with the
 * size and modification time of the page's file as written (`written`); the
 * lists' files have theirs too (`listFiles`). A page whose file is missing, or
 * of another size or time (emptied, cut short, replaced by hand), is rendered
 * again. It is saved after a build has written every page; a build that fails
 * leaves it alone, so a page written then is rendered again next time. Pages
 * of stories that are gone are removed.
 */
import { createHash } from 'node:crypto'
import { mkdir, readdir, readFile, rm, rmdir } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeFileAtomic } from '../io/atomic.ts'
import { cacheFileFor, readJsonObject } from '../io/cache-file.ts'
import { isAsWritten, writtenStamp, type WrittenStamp } from '../io/file-stamps.ts'

/** Bump to re-render every page whatever the manifests say. */
const VERSION = 2

/** What makes pages: this project's sources and templates, and the installed packages. */
const codeDirs = ['../../src/', '../../templates/'].map((dir) => fileURLToPath(new URL(dir, import.meta.url)))
const lockFile = fileURLToPath(new URL('../../package-lock.json', import.meta.url))

/**
 * A hash of every file that makes pages (sources, templates, package versions).
 *
 * @param dirs Folders to hash, recursively (default: the project's `src/` and `templates/`).
 * @param files Single files to hash too (default: the project's `package-lock.json`, when there is one).
 * @returns Hex SHA-256 of their names (paths inside `dirs`) and contents.
 */
export async function codeHash(dirs: readonly string[] = codeDirs, files: readonly string[] = [lockFile]): Promise<string> {
  const hash = createHash('sha256')
  // Names, not paths: the same project in another folder (a clone, a move) makes the same pages.
  for (const file of files) hash.update(basename(file)).update('\0').update((await readFile(file).catch(() => null)) ?? '').update('\0')
  for (const dir of dirs) {
    const entries = await readdir(dir, { recursive: true, withFileTypes: true })
    const files = entries
      .filter((entry) => entry.isFile())
      .map((entry) => join(entry.parentPath, entry.name))
      .sort()
    for (const file of files) hash.update(file.slice(dir.length)).update('\0').update(await readFile(file)).update('\0')
  }
  return hash.digest('hex')
}

/**
 * The key of a page: the hash of everything it is made from.
 *
 * @param parts Its inputs, as strings.
 * @returns Hex SHA-256.
 */
export function pageKey(parts: readonly string[]): string {
  const hash = createHash('sha256').update(String(VERSION))
  for (const part of parts) hash.update('\0').update(part)
  return hash.digest('hex')
}

/** What the manifest says of one story's page. */
export interface PageEntry {
  /** The page's key ({@link pageKey}). */
  key: string
  /** The search index's shard of the story. */
  shard: string
}

/** The pages written into one output folder, and their keys. */
export class PageManifest {
  readonly #path: string
  readonly #out: string
  readonly #written: Map<string, PageEntry & { file?: unknown }>
  readonly #next = new Map<string, PageEntry>()
  /** The stamp of each page's file left as it was (the others are taken once they are written). */
  readonly #kept = new Map<string, WrittenStamp>()
  /** The key of the lists (home, sources, feed, search…) as last written, and as this build makes them. */
  readonly #writtenLists: string | null
  #nextLists: string | null = null
  /** The lists' files as last written, by path; and this build's files of them, and whether it leaves them as they were. */
  readonly #listFiles: Map<string, unknown>
  #nextListFiles: readonly string[] = []
  #listsKept = false

  private constructor(path: string, out: string, written: Map<string, PageEntry & { file?: unknown }>, lists: string | null, listFiles: Map<string, unknown>) {
    this.#path = path
    this.#out = out
    this.#written = written
    this.#writtenLists = lists
    this.#listFiles = listFiles
  }

  /** Each story's shard in the last complete build. */
  shards(): Map<string, string> {
    return new Map([...this.#written].map(([slug, entry]) => [slug, entry.shard]))
  }

  /**
   * Read the manifest of an output folder (empty when there is none or it is unreadable).
   *
   * @param cache The cache folder.
   * @param out The output folder.
   * @returns The manifest.
   */
  static async open(cache: string, out: string): Promise<PageManifest> {
    const absolute = resolve(out)
    const path = cacheFileFor(cache, `pages-v${VERSION}`, absolute)
    const written = new Map<string, PageEntry & { file?: unknown }>()
    const listFiles = new Map<string, unknown>()
    let lists: string | null = null
    // No manifest, or a broken one: every page is rendered.
    const data = await readJsonObject(path)
    if (data?.out === absolute) {
      const pages = data.pages
      if (pages && typeof pages === 'object') {
        for (const [slug, entry] of Object.entries(pages)) {
          const { key, shard, file } = (entry ?? {}) as Partial<Record<keyof PageEntry | 'file', unknown>>
          if (typeof key === 'string' && typeof shard === 'string') written.set(slug, { key, shard, file })
        }
      }
      if (typeof data.lists === 'string') lists = data.lists
      if (data.listFiles && typeof data.listFiles === 'object') for (const [file, stamp] of Object.entries(data.listFiles)) listFiles.set(file, stamp)
    }
    return new PageManifest(path, absolute, written, lists, listFiles)
  }

  /**
   * Whether a story's page is in the output folder as this key would make it,
   * and its file as the build wrote it. Records the key either way, for
   * {@link PageManifest.save}.
   *
   * @param slug The story's slug.
   * @param entry Its page's key and its shard.
   * @param file The page's file, relative to the output folder.
   * @returns `true` when the page can be left as it is.
   */
  async isCurrent(slug: string, entry: PageEntry, file: string): Promise<boolean> {
    this.#next.set(slug, entry)
    const written = this.#written.get(slug)
    if (written?.key !== entry.key || !isAsWritten(join(this.#out, file), written.file)) return false
    this.#kept.set(slug, written.file as WrittenStamp)
    return true
  }

  /**
   * Whether the lists (every page but the story pages) are in the output
   * folder as this key would make them, each file as the build wrote it.
   * Records the key either way.
   *
   * @param key The lists' key ({@link pageKey} of what they are made from).
   * @param files The lists' files, relative to the output folder: each must be there as written.
   * @returns `true` when the lists can be left as they are.
   */
  async listsCurrent(key: string, files: readonly string[]): Promise<boolean> {
    this.#nextLists = key
    this.#nextListFiles = files
    this.#listsKept = this.#writtenLists === key && files.every((file) => isAsWritten(join(this.#out, file), this.#listFiles.get(file)))
    return this.#listsKept
  }

  /** What this build wrote (or left current): each story's page key and shard, as {@link PageManifest.save} saves them. */
  get next(): ReadonlyMap<string, PageEntry> {
    return this.#next
  }

  /**
   * Remove the pages of stories that are gone, then save the keys of this build.
   *
   * @param fileOf A story's page file, relative to the output folder.
   * @returns The slugs whose pages were removed.
   */
  async save(fileOf: (slug: string) => string): Promise<string[]> {
    const gone = [...this.#written.keys()].filter((slug) => !this.#next.has(slug))
    for (const slug of gone) {
      const file = join(this.#out, fileOf(slug))
      await rm(file, { force: true })
      await rmdir(join(file, '..')).catch(() => undefined)
    }
    // The stamp of each page as written: kept, or taken now that the page is in place (a page not there is rendered next time).
    const pages = Object.fromEntries([...this.#next].map(([slug, entry]) => [slug, { ...entry, file: this.#kept.get(slug) ?? writtenStamp(join(this.#out, fileOf(slug))) }]))
    const listFiles = Object.fromEntries(this.#nextListFiles.map((file) => [file, this.#listsKept ? this.#listFiles.get(file) : writtenStamp(join(this.#out, file))]))
    await mkdir(join(this.#path, '..'), { recursive: true })
    await writeFileAtomic(this.#path, JSON.stringify({ out: this.#out, lists: this.#nextLists, listFiles, pages }) + '\n')
    return gone
  }
}
