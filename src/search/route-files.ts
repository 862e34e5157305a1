/**
 * The search routing's files. Each shard's counts ({@link ShardRoute}) are
 * kept in the build cache, one file per shard, tagged with the shard's
 * signature, so that a build counts again only the shards it writes again.
 * From them, the buckets the page reads are made: word buckets
 * (`{"s": [shard names], "k": {key: [count per shard]}}`) and phrase buckets
 * (`{"s": [shard names], "b": [Bloom filter per shard, base64]}`), shards
 * newest first, each named as a file (`route/w/<bucket>.json`,
 * `route/p/<bucket>.json`) and written together as one slot pack,
 * `route.bin` (see `pack.ts`), each compressed (`compressMember`): thousands
 * of buckets are one file on the host, and the page reads a bucket by byte
 * range, in one request.
 */
import { mkdir, open, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { writeFileAtomic } from '../io/atomic.ts'
import { cacheFileFor, readJsonObject } from '../io/cache-file.ts'
import { compressMember, slotLayout, slotVolumes, writePack } from './pack.ts'
import { isPhraseFilters, phraseFilterEntries, type ShardRoute } from './route-count.ts'
import { packRules, route } from './route-keys.ts'

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
  if (!Array.isArray(cached.words) || !isPhraseFilters(cached.phrases)) return null
  return { buckets, phraseBuckets, words: cached.words, phrases: cached.phrases }
}

/** The most buckets a shard's routing of its own has: one shard's buckets are small at these already. */
const OWN_MOST = { buckets: 4096, phraseBuckets: 16384 }

/**
 * How many files a shard's routing of its own has (see `index-site.ts`):
 * 256 word files and 32 phrase files a story, as powers of two, at most as
 * many as the shared routing has and {@link OWN_MOST}. A story of about 75 comments has about 40 KB of
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
  return {
    buckets: powerOfTwo(stories * 256, Math.min(shared.buckets, OWN_MOST.buckets)),
    phraseBuckets: powerOfTwo(stories * 32, Math.min(shared.phraseBuckets, OWN_MOST.phraseBuckets))
  }
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
  return new Map(routeBuckets(shards, buckets, phraseBuckets))
}

/**
 * The routing's files one at a time, as {@link routeFiles} makes them: the
 * word buckets, then the phrase buckets, each made as it is asked for (the
 * phrase buckets of 10,000 stories are 125 MB of text).
 *
 * @param shards Each shard's name and counts (all sorted into the same buckets), newest first.
 * @param buckets Word buckets (see `bucketCount`).
 * @param phraseBuckets Phrase buckets (see `phraseBucketCount`).
 * @returns Each file's path and JSON text, in order.
 */
export function* routeBuckets(shards: readonly { name: string; counts: ShardRoute }[], buckets: number, phraseBuckets: number): Generator<[string, string]> {
  const names = shards.map((shard) => shard.name)
  const words: Map<string, number[]>[] = Array.from({ length: buckets }, () => new Map())
  shards.forEach(({ counts }, index) => {
    for (const [bucket, list] of counts.words) {
      const keys = words[bucket]!
      for (const [key, count] of list) {
        let row = keys.get(key)
        if (!row) keys.set(key, (row = names.map(() => 0)))
        row[index] = count
      }
    }
  })
  for (const [bucket, keys] of words.entries()) {
    const sorted = [...keys].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    yield [route.bucketPath('w', bucket), JSON.stringify({ s: names, k: Object.fromEntries(sorted) })]
    // Let go of each bucket's keys once written: the phrase buckets come next.
    keys.clear()
  }
  // Each shard's filters come in bucket order: a bucket takes the next of each shard's that is its own.
  const filters = shards.map(({ counts }) => phraseFilterEntries(counts.phrases))
  const next = filters.map((entries) => entries.next())
  for (let bucket = 0; bucket < phraseBuckets; bucket++) {
    const row = next.map((entry, index) => {
      if (entry.done || entry.value[0] !== bucket) return ''
      next[index] = filters[index]!.next()
      return entry.value[1]
    })
    yield [route.bucketPath('p', bucket), JSON.stringify({ s: names, b: row })]
  }
}

/**
 * Write a shard's own routing into the shard's folder, as the pack that
 * names its number of files (`ownRouteDir` + `.bin`).
 *
 * @param shardFolder The shard's folder (the live one, or the one to be swapped in).
 * @param name The shard's name.
 * @param counts Its counts, made for its own routing's number of files.
 * @returns Whether the pack is new or changed.
 */
export function writeOwnRouteFiles(shardFolder: string, name: string, counts: ShardRoute): Promise<boolean> {
  return writeRouteFiles(shardFolder, routeBuckets([{ name, counts }], counts.buckets, counts.phraseBuckets), route.ownRouteDir(counts))
}

/**
 * The routing's files as the regions of their pack: the word buckets, then
 * the phrase buckets, each at its bucket's number (see `bucketMember` in
 * `search-route.js`).
 *
 * @param files What {@link routeBuckets} makes (or {@link routeFiles}), every bucket of both kinds.
 * @returns The two regions, each file's bytes compressed (`compressMember`).
 */
export function routePackMembers(files: Iterable<[string, string]>): [Buffer[], Buffer[]] {
  const regions: [Buffer[], Buffer[]] = [[], []]
  // Compressed one by one as they are made: the routing of 10,000 stories is 125 MB as text, and is never held whole.
  for (const [path, text] of files) {
    const { kind, bucket } = route.bucketOf(path)
    regions[kind === 'w' ? 0 : 1][bucket] = compressMember(Buffer.from(text))
  }
  for (const region of regions) if (Array.from(region, (member) => member === undefined).includes(true)) throw new Error('the routing lacks a bucket')
  return regions
}

/**
 * Write a layer of the routing as one slot pack, `<dir>.bin` in the
 * index's folder (see `src/search/pack.ts`): a region of word buckets, then
 * one of phrase buckets, so that the page reads a bucket in one request
 * (`shards.json` gives it the slots' sizes, see {@link routeSlots}).
 * Replaced whole: a reader gets the old pack or the new one. A pack whose
 * bytes did not change is left as it is, so that a rebuild uploads nothing of it.
 *
 * @param folder The index's folder (`<site>/pagefind`), or a shard's.
 * @param files What {@link routeBuckets} makes (or {@link routeFiles}).
 * @param dir The layer's name (default: `'route'`, the shared one; a shard's own names its number of files, see `ownRouteDir`).
 * @returns Whether the pack is new or changed.
 */
export async function writeRouteFiles(folder: string, files: Iterable<[string, string]>, dir = 'route'): Promise<boolean> {
  return writePack(join(folder, `${dir}.bin`), slotVolumes(routePackMembers(files)))
}

/**
 * The sizes of a routing pack's slots, word buckets' then phrase buckets',
 * from its head, for `shards.json`: the page works out where a bucket is
 * from them.
 *
 * @param file The pack's file (its first volume).
 * @param counts Its word and phrase buckets, as the list of shards says.
 * @returns The two sizes; `null` when the file is missing or is not a routing pack of those counts.
 */
export async function routeSlots(file: string, counts: { buckets: number; phraseBuckets: number }): Promise<[number, number] | null> {
  const handle = await open(file).catch(() => null)
  if (!handle) return null
  try {
    const head = Buffer.alloc(packRules.SLOT_HEAD)
    await handle.read(head, 0, head.length, 0)
    const regions = slotLayout(head)
    if (regions?.length !== 2 || regions[0]!.count !== counts.buckets || regions[1]!.count !== counts.phraseBuckets) return null
    return [regions[0]!.size, regions[1]!.size]
  } finally {
    await handle.close()
  }
}
