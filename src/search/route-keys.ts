/**
 * The search routing's keys, hashes and Bloom filters, for the build: the
 * page's own module (`templates/assets/search-route.js`), loaded with types.
 * One home for the rules: the build writes with the code the page reads with.
 */

/** A layer of the routing (see `routeLayers`): its folder, its bucket counts and the shards it serves. */
export interface RouteLayer {
  dir: string
  buckets: number
  phraseBuckets: number
  shards: string[]
}

/** What `search-route.js` exports (see its doc comments). */
export interface RouteModule {
  ROUTE: Readonly<{ version: number; keyLength: number; wordBuckets: number; phraseBuckets: number; phraseWords: number; bitsPerKey: number; hashes: number }>
  normalizeWord(token: string): string
  wordKey(word: string): string
  exactKey(word: string): string
  textWords(text: string): string[]
  pageWordKeys(token: string): string[]
  phraseKeys(words: string[]): string[]
  hash32(text: string, seed?: number): number
  hash32Words(words: readonly string[], start: number, count: number, seed?: number): number
  phraseBucketOfWords(words: readonly string[], start: number, buckets: number): number
  bloomHashOfWords(words: readonly string[], start: number): number
  BLOOM_SEED: number
  bucketCount(stories: number): number
  phraseBucketCount(stories: number): number
  wordBucket(key: string, buckets?: number): number
  phraseBucket(key: string, buckets?: number): number
  bucketPath(kind: 'w' | 'p', bucket: number, dir?: string): string
  bucketMember(path: string, layer: { dir: string; buckets: number }): { pack: string; index: number }
  ownRouteDir(own: { buckets: number; phraseBuckets: number }): string
  routeLayers(list: { buckets: number; phraseBuckets: number; shards: { name: string; own?: { buckets: number; phraseBuckets: number } }[] }): RouteLayer[]
  layerFiles(layer: RouteLayer, keys: string[], phrases: string[]): { words: string[]; phrases: string[] }
  mergeRoute(
    layers: RouteLayer[],
    keys: string[],
    phrases: string[],
    files: { words: { s: string[]; k: Record<string, number[]> }[]; phrases: { s: string[]; b: string[] }[] }[]
  ): { counts: Map<string, Map<string, number>>; phraseShards: Set<string> | null }
  bloomHash(key: string): number
  bloomBitsOf(hash: number, bits: number): number[]
  bloomBytes(keys: number): number
  bloomHas(filter: Uint8Array, key: string): boolean
  routeShards(
    shards: { name: string; stories: number }[],
    counts: Map<string, Map<string, number>>,
    phraseShards: Set<string> | null
  ): { order: { name: string; stories: number; phrase: boolean }[]; rarest: string | null }
  rarestWords(tokens: string[], counts: Map<string, Map<string, number>>, keep?: number): { token: string; index: number }[]
}

/** The page's routing module. */
export const route = (await import(new URL('../../templates/assets/search-route.js', import.meta.url).href)) as RouteModule

/** What `search-pack.js` exports that the build writes packs with (see its doc comments). */
export interface PackRules {
  TABLE_WIDTH: number
  VOLUME_BYTES: number
  volumeFile(file: string, volume: number): string
  tableEntry(text: string): { volume: number; offset: number; length: number } | null
  PART_MEMBERS: number
  packPart(name: string, parts: number): number
  packLayout(file: string): { parts: number; size: number } | null
}

/** The page's pack reader's rules: the build lays packs out by them. */
export const packRules = (await import(new URL('../../templates/assets/search-pack.js', import.meta.url).href)) as PackRules

/** What `search-phrases.js` exports (see its doc comments). */
export interface PhraseRules {
  COMMON_WORDS: ReadonlySet<string>
  COMMON_RUN: number
  commonPlaces(content: string): Map<string, number[]>
  splitTokens(content: string): string[]
  queryKeys(words: string[]): { keys: { key: string; at: number }[]; whole: boolean }
  commonBucketCount(keys: number): number
  commonBucket(key: string, buckets: number): number
  commonPrint(key: string): string
  commonIndexFile(buckets: number): string
  commonIndexBuckets(file: string): number | null
  writeCommonBucket(entries: Map<string, Map<number, number[]>>): string
  readCommonBucket(text: string): Map<string, Map<number, number[]>>
  phraseStarts(keys: { key: string; at: number }[], buckets: Map<string, Map<number, number[]>>[]): Map<number, number[]>
  startsHold(starts: number[], places: number[][], at: number[]): boolean
}

/** The page's phrase index rules: the build writes the index by them. */
export const phraseRules = (await import(new URL('../../templates/assets/search-phrases.js', import.meta.url).href)) as PhraseRules
