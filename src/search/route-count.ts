/**
 * Count what the search routing needs of one shard, in one streaming pass
 * over its story pages: how often each word key occurs, and a Bloom filter
 * per phrase bucket of the phrase keys (see `templates/assets/search-route.js`).
 * The text read is a superset of what Pagefind indexes (the whole page, less
 * scripts, styles and pictures): a key too many costs a query a shard too
 * many, a key missing would lose results. Pure; no I/O.
 */
import { route } from './route-keys.ts'

/** What the routing knows of one shard. */
export interface ShardRoute {
  /** Word buckets the keys were sorted into (see `bucketCount`). */
  buckets: number
  /** Phrase buckets (see `phraseBucketCount`). */
  phraseBuckets: number
  /** Word keys and their occurrences, by word bucket: `[bucket, [[key, count], …]]`, buckets in order. */
  words: [number, [string, number][]][]
  /** Each phrase bucket's Bloom filter, base64: `[bucket, filter]`, buckets in order, empty ones left out. */
  phrases: [number, string][]
}

/**
 * The text of a page, for routing: the body without scripts, styles and SVG,
 * tags as spaces, character references decoded.
 *
 * @param html A page.
 * @returns Its text.
 */
export function pageText(html: string): string {
  const start = html.search(/<body[\s>]/i)
  const body = start < 0 ? html : html.slice(start)
  return body
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, name: string) => {
      const lower = name.toLowerCase()
      if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
      if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)))
      return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? ' '
    })
}

/** Counts one shard's keys, page by page; {@link RouteCounter.finish} gives the {@link ShardRoute}. */
export class RouteCounter {
  readonly #buckets: number
  readonly #phraseBuckets: number
  /** Each token (a word as written) of the shard and its occurrences: its keys are made once, at the end. */
  readonly #tokens = new Map<string, number>()
  /** Each token's normalized word, so that a frequent token is normalized once. */
  readonly #normal = new Map<string, string>()
  /** Each phrase key as `bucket × 2³² + bloom hash`; repeats removed at the end. */
  #phrases = new Float64Array(1 << 16)
  #phraseCount = 0

  /**
   * @param buckets Word buckets (default: the most, {@link route}`.ROUTE.wordBuckets`; see `bucketCount`).
   * @param phraseBuckets Phrase buckets (default: the most, {@link route}`.ROUTE.phraseBuckets`; see `phraseBucketCount`).
   */
  constructor(buckets: number = route.ROUTE.wordBuckets, phraseBuckets: number = route.ROUTE.phraseBuckets) {
    this.#buckets = buckets
    this.#phraseBuckets = phraseBuckets
  }

  /**
   * Count a text's words and phrases.
   *
   * @param text A page's text ({@link pageText}).
   */
  add(text: string): void {
    const words: string[] = []
    for (const token of text.split(/\s+/)) {
      if (token === '') continue
      this.#tokens.set(token, (this.#tokens.get(token) ?? 0) + 1)
      let word = this.#normal.get(token)
      if (word === undefined) {
        word = route.normalizeWord(token)
        if (this.#normal.size < 200_000) this.#normal.set(token, word)
      }
      if (word !== '') words.push(word)
    }
    // Each run of words, placed as its phrase key (`phraseKeys`) would be, without making the key.
    const n = route.ROUTE.phraseWords
    for (let i = 0; i + n <= words.length; i++) {
      if (this.#phraseCount === this.#phrases.length) {
        const grown = new Float64Array(this.#phrases.length * 2)
        grown.set(this.#phrases)
        this.#phrases = grown
      }
      this.#phrases[this.#phraseCount++] = route.phraseBucketOfWords(words, i, this.#phraseBuckets) * 2 ** 32 + route.bloomHashOfWords(words, i)
    }
  }

  /**
   * What was counted.
   *
   * @returns The shard's routing data.
   */
  finish(): ShardRoute {
    const counts = new Map<string, number>()
    for (const [token, count] of this.#tokens) for (const key of route.pageWordKeys(token)) counts.set(key, (counts.get(key) ?? 0) + count)
    const byBucket = new Map<number, [string, number][]>()
    for (const [key, count] of counts) {
      const bucket = route.wordBucket(key, this.#buckets)
      const list = byBucket.get(bucket)
      if (list) list.push([key, count])
      else byBucket.set(bucket, [[key, count]])
    }
    const words = [...byBucket].sort(([a], [b]) => a - b)
    for (const [, list] of words) list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))

    const sorted = this.#phrases.subarray(0, this.#phraseCount).sort()
    const phrases: [number, string][] = []
    for (let i = 0; i < sorted.length; ) {
      const bucket = Math.floor(sorted[i]! / 2 ** 32)
      const hashes: number[] = []
      for (; i < sorted.length && Math.floor(sorted[i]! / 2 ** 32) === bucket; i++) {
        const hash = sorted[i]! - bucket * 2 ** 32
        if (hashes[hashes.length - 1] !== hash) hashes.push(hash)
      }
      const filter = new Uint8Array(route.bloomBytes(hashes.length))
      for (const hash of hashes) for (const bit of route.bloomBitsOf(hash, filter.length * 8)) filter[bit >> 3]! |= 1 << (bit & 7)
      phrases.push([bucket, Buffer.from(filter).toString('base64')])
    }
    return { buckets: this.#buckets, phraseBuckets: this.#phraseBuckets, words, phrases }
  }
}
