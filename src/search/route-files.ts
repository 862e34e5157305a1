/**
 * The search routing's files. Each shard's counts ({@link ShardRoute}) are
 * kept in the build cache, one file per shard, tagged with the shard's
 * signature, so that a build counts again only the shards it writes again.
 * From them, the files the page fetches are written into the index's folder:
 * `route/w/<bucket>.json` (`{"s": [shard names], "k": {key: [count per shard]}}`)
 * and `route/p/<bucket>.json` (`{"s": [shard names], "b": [Bloom filter per shard, base64]}`),
 * shards newest first. They are written into a folder of their own beside
 * `route/` and swapped in whole; a file whose content did not change is the
 * old file, linked (same inode and time), so that a deploy uploads only what
 * changed. Writing the folder afresh keeps a small rebuild quicker: on this
 * project's ext4 disk, replacing 4,096 files by rename took 1.9–2.3 s
 * (the old blocks are flushed and freed), making them new 0.1–1.0 s and
 * removing the old folder 0.75 s more.
 */
import { createHash } from 'node:crypto'
import { linkSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { mkdir, readFile, rename, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../io/atomic.ts'
import { cacheFileFor, readJsonObject, writeCacheFile } from '../io/cache-file.ts'
import type { ShardRoute } from './route-count.ts'
import { route } from './route-keys.ts'

/** A shard's counts as the cache keeps them. */
interface CachedRoute extends ShardRoute {
  version: number
  signature: string
}

/**
 * Where the cache keeps a shard's counts.
 *
 * @param cache The cache folder.
 * @param site The site's folder (each site has its own).
 * @param shard The shard's name.
 * @returns The file's path.
 */
export function routeCacheFile(cache: string, site: string, shard: string): string {
  return join(cacheFileFor(cache, `route-v${route.ROUTE.version}`, site, ''), `${shard}.json`)
}

/**
 * Keep a shard's counts in the cache.
 *
 * @param file Its cache file ({@link routeCacheFile}).
 * @param signature The signature of the shard they were counted from.
 * @param counts The counts.
 */
export async function saveShardRoute(file: string, signature: string, counts: ShardRoute): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const cached: CachedRoute = { version: route.ROUTE.version, signature, ...counts }
  await writeFileAtomic(file, JSON.stringify(cached))
}

/**
 * A shard's counts from the cache.
 *
 * @param file Its cache file.
 * @param signature The shard's signature now.
 * @param buckets The archive's word buckets now (see `bucketCount`).
 * @param phraseBuckets Its phrase buckets now (see `phraseBucketCount`).
 * @returns The counts, or `null` when there are none for this signature and these bucket counts.
 */
export async function loadShardRoute(file: string, signature: string, buckets: number, phraseBuckets: number): Promise<ShardRoute | null> {
  const cached = (await readJsonObject(file)) as Partial<CachedRoute> | null
  if (!cached || cached.version !== route.ROUTE.version || cached.signature !== signature || cached.buckets !== buckets || cached.phraseBuckets !== phraseBuckets) return null
  if (!Array.isArray(cached.words) || !Array.isArray(cached.phrases)) return null
  return { buckets, phraseBuckets, words: cached.words, phrases: cached.phrases }
}

/**
 * How many files a shard's routing of its own has (see `index-site.ts`):
 * 256 word files and 32 phrase files a story, as powers of two, at most as
 * many as the shared routing has. A story of about 75 comments has about 40 KB of
 * word keys and 7 KB of phrase filters: in files of about 160 and 220
 * bytes, of which a query fetches one a word key and one a phrase key
 * (about 2.3 KB for a five-word phrase; with 128 and 16 a story, 4.2 KB:
 * at 10,000 stories that took the median phrase over 100 KB).
 *
 * @param stories The shard's stories.
 * @param shared The shared routing's word and phrase files (see `bucketCount`, `phraseBucketCount`).
 * @returns Its word and phrase files.
 */
export function ownBucketCounts(stories: number, shared: { buckets: number; phraseBuckets: number }): { buckets: number; phraseBuckets: number } {
  const powerOfTwo = (wanted: number, most: number): number => Math.min(most, 2 ** Math.ceil(Math.log2(Math.max(1, wanted))))
  return { buckets: powerOfTwo(stories * 256, shared.buckets), phraseBuckets: powerOfTwo(stories * 32, shared.phraseBuckets) }
}

/**
 * The content of every routing file, from each shard's counts.
 *
 * @param shards Each shard's name and counts (all sorted into the same buckets), newest first.
 * @param buckets Word buckets (see `bucketCount`).
 * @param phraseBuckets Phrase buckets (see `phraseBucketCount`).
 * @returns Each file's path (relative to the index's folder) and JSON text; every bucket has a file.
 */
export function routeFiles(shards: readonly { name: string; counts: ShardRoute }[], buckets: number, phraseBuckets: number): Map<string, string> {
  const wordBuckets = buckets
  const names = shards.map((shard) => shard.name)
  const words: Map<string, number[]>[] = Array.from({ length: wordBuckets }, () => new Map())
  const phrases: string[][] = Array.from({ length: phraseBuckets }, () => names.map(() => ''))
  shards.forEach(({ counts }, index) => {
    for (const [bucket, list] of counts.words) {
      const keys = words[bucket]!
      for (const [key, count] of list) {
        let row = keys.get(key)
        if (!row) keys.set(key, (row = names.map(() => 0)))
        row[index] = count
      }
    }
    for (const [bucket, filter] of counts.phrases) phrases[bucket]![index] = filter
  })
  const files = new Map<string, string>()
  words.forEach((keys, bucket) => {
    const sorted = [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    files.set(route.bucketPath('w', bucket), JSON.stringify({ s: names, k: Object.fromEntries(sorted) }))
  })
  phrases.forEach((filters, bucket) => files.set(route.bucketPath('p', bucket), JSON.stringify({ s: names, b: filters })))
  return files
}

/**
 * Write a shard's own routing into the shard's folder, in the folder that
 * names its number of files (`ownRouteDir`).
 *
 * @param shardFolder The shard's folder (the live one, or the one to be swapped in).
 * @param name The shard's name.
 * @param counts Its counts, made for its own routing's number of files.
 * @returns How many files are new or changed.
 */
export function writeOwnRouteFiles(shardFolder: string, name: string, counts: ShardRoute): Promise<number> {
  return writeRouteFiles(shardFolder, routeFiles([{ name, counts }], counts.buckets, counts.phraseBuckets), undefined, route.ownRouteDir(counts))
}

/**
 * The build cache's note of the routing files as last written: each
 * file's hash and size, with the folder's inode and time, so that the next
 * build tells an unchanged file without reading it.
 *
 * @param cache The build cache.
 * @param site The site's folder.
 * @returns The note's file.
 */
export function routeNoteFile(cache: string, site: string): string {
  return cacheFileFor(cache, `route-files-v1`, site)
}

/** A file's hash and size in the note. */
type Noted = [hash: string, size: number]

/**
 * Write the routing files into the index's folder: all of them into
 * `.route-next/`, which then takes the place of `route/` (a reader meanwhile
 * gets the old file or the new one, whole; for an instant between the two
 * renames, none). A file whose text did not change is the old file, linked.
 * Whether it changed is told by the note of the last write (`noteFile`),
 * when it is the note of the folder as it is (its inode and time), else by
 * reading the file.
 *
 * @param folder The index's folder (`<site>/pagefind`).
 * @param files What {@link routeFiles} made.
 * @param noteFile Where the note is kept ({@link routeNoteFile}); none: every file is read.
 * @param dir The folder inside `folder` the files go to (default: `'route'`; a shard's own routing names its number of files, see `ownRouteDir`).
 * @returns How many files are new or changed.
 */
export async function writeRouteFiles(folder: string, files: ReadonlyMap<string, string>, noteFile?: string, dir = 'route'): Promise<number> {
  const live = join(folder, dir)
  const next = join(folder, `.${dir}-next`)
  const old = join(folder, `.${dir}-old`)
  const note = noteFile === undefined ? null : await readJsonObject(noteFile)
  const liveStat = statSync(live, { throwIfNoEntry: false })
  const known =
    note && liveStat && note.ino === liveStat.ino && note.mtimeMs === liveStat.mtimeMs && Array.isArray(note.files)
      ? new Map(note.files as [string, Noted][])
      : new Map<string, Noted>()
  await rm(next, { recursive: true, force: true })
  await mkdir(join(next, 'w'), { recursive: true })
  await mkdir(join(next, 'p'), { recursive: true })
  let changed = 0
  const written: [string, Noted][] = []
  // Synchronous: thousands of small files, nothing else to do meanwhile, and no round trip through the thread pool each.
  for (const [path, text] of files) {
    const inside = path.slice('route/'.length)
    const current = join(live, inside)
    const noted: Noted = [createHash('sha1').update(text).digest('base64'), Buffer.byteLength(text)]
    let same = false
    const before = known.get(path)
    if (before) same = before[0] === noted[0] && statSync(current, { throwIfNoEntry: false })?.size === noted[1]
    else {
      try {
        same = readFileSync(current, 'utf8') === text
      } catch {
        // new
      }
    }
    if (same) linkSync(current, join(next, inside))
    else {
      writeFileSync(join(next, inside), text, { flag: 'wx' })
      changed++
    }
    written.push([path, noted])
  }
  await rm(old, { recursive: true, force: true })
  await rename(live, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rename(next, live)
  await rm(old, { recursive: true, force: true })
  if (noteFile !== undefined) {
    // The note names the folder it describes: one killed before it was written is not taken for this one.
    const { ino, mtimeMs } = statSync(live)
    await writeCacheFile(noteFile, { ino, mtimeMs, files: written })
  }
  return changed
}
