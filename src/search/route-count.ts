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
  /** Each phrase bucket's Bloom filter, base64, empty ones left out (see {@link PhraseFilters}). */
  phrases: PhraseFilters
}

/**
 * A shard's phrase filters, compact: the buckets that have one, in order, and
 * their filters in base64, joined by commas. A build holds every shard's at
 * once to write the routing: at 10,000 stories, 65,536 buckets a shard, as
 * `[bucket, filter]` pairs, that took 28 MB a shard, 560 MB in all.
 */
export interface PhraseFilters {
  buckets: number[]
  filters: string
}

/**
 * Each `[bucket, filter]` of a shard's phrase filters, the filter a slice of
 * their one string.
 *
 * @param phrases The filters.
 * @returns The pairs, buckets in order.
 */
export function* phraseFilterEntries(phrases: PhraseFilters): Generator<[number, string]> {
  let start = 0
  for (const bucket of phrases.buckets) {
    const end = phrases.filters.indexOf(',', start)
    yield [bucket, phrases.filters.slice(start, end < 0 ? phrases.filters.length : end)]
    start = end + 1
  }
}

/**
 * Whether a value read back (from the build cache, or a worker) is phrase
 * filters: as many filters as buckets.
 *
 * @param value The value.
 * @returns Whether it is.
 */
export function isPhraseFilters(value: unknown): value is PhraseFilters {
  const phrases = value as Partial<PhraseFilters> | null
  if (!phrases || !Array.isArray(phrases.buckets) || typeof phrases.filters !== 'string') return false
  let commas = 0
  for (let at = phrases.filters.indexOf(','); at >= 0; at = phrases.filters.indexOf(',', at + 1)) commas++
  return phrases.buckets.length === 0 ? phrases.filters === '' : commas === phrases.buckets.length - 1
}

/** What {@link pageText} leaves out or decodes, in one pass: a script, style or picture whole, any other tag, a character reference. */
const MARKUP = /<(script|style|svg)\b[\s\S]*?<\/\1\s*>|<[^>]*>|&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi

/** The characters of the named references {@link pageText} decodes. */
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }

/**
 * The text of a page, for routing: the body without scripts, styles and SVG,
 * tags as spaces, character references decoded (one outside Unicode as a
 * space). Read left to right in one pass, as the site's templates write
 * pages (every `<` begins a tag: text and attributes are escaped); a bare
 * `<` before a script would leave more text, never less.
 *
 * @param html A page.
 * @returns Its text.
 */
export function pageText(html: string): string {
  const start = html.search(/<body[\s>]/i)
  const body = start < 0 ? html : html.slice(start)
  return body.replace(MARKUP, (_, element: string | undefined, reference: string | undefined) => (reference === undefined ? ' ' : decodeReference(reference)))
}

/** A character reference's character (`#x41`, `#65`, `amp`…); a number outside Unicode is a space. */
function decodeReference(name: string): string {
  const lower = name.toLowerCase()
  if (!lower.startsWith('#')) return NAMED[lower] ?? ' '
  const code = lower.startsWith('#x') ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1))
  return code <= 0x10ffff ? String.fromCodePoint(code) : ' '
}

/** Counts one shard's keys, page by page; {@link RouteCounter.finish} gives the {@link ShardRoute}. */
export class RouteCounter {
  readonly #buckets: number
  readonly #phraseBuckets: number
  /** Each token (a word as written) of the shard, by its number: its keys are made once, at the end. */
  readonly #tokenIds = new Map<string, number>()
  readonly #tokens: string[] = []
  /** Each token's occurrences, by its number. */
  #tokenCounts = new Float64Array(1024)
  /** Each token's normalized word, by its number (`-1`: it has none, `''`). */
  readonly #tokenWords: number[] = []
  /** Each normalized word, by its number. */
  readonly #wordIds = new Map<string, number>()
  readonly #words: string[] = []
  /** A page's words in order, by their numbers (reused from page to page). */
  #page = new Int32Array(4096)
  /** Each phrase key's bucket and its Bloom hash, as counted: repeats removed at the end. */
  #phraseBucket = new Uint32Array(1 << 16)
  #phraseHash = new Uint32Array(1 << 16)
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
    let page = this.#page
    let length = 0
    for (const token of text.split(/\s+/)) {
      if (token === '') continue
      let id = this.#tokenIds.get(token)
      if (id === undefined) id = this.#newToken(token)
      this.#tokenCounts[id]!++
      const word = this.#tokenWords[id]!
      if (word < 0) continue
      if (length === page.length) page = this.#page = grown(page)
      page[length++] = word
    }
    // Each run of words, placed as its phrase key (`phraseKeys`) would be, without making the key.
    const words: string[] = new Array(length)
    for (let i = 0; i < length; i++) words[i] = this.#words[page[i]!]!
    for (const n of [route.ROUTE.phraseWords, route.ROUTE.longPhraseWords]) {
      const runs = length - n + 1
      if (runs <= 0) continue
      while (this.#phraseCount + runs > this.#phraseHash.length) {
        this.#phraseBucket = grown(this.#phraseBucket)
        this.#phraseHash = grown(this.#phraseHash)
      }
      for (let i = 0; i < runs; i++) {
        this.#phraseBucket[this.#phraseCount] = route.phraseBucketOfWords(words, i, this.#phraseBuckets, n)
        this.#phraseHash[this.#phraseCount++] = route.bloomHashOfWords(words, i, n)
      }
    }
  }

  /** Number a token seen for the first time, and its normalized word. */
  #newToken(token: string): number {
    const id = this.#tokens.length
    this.#tokenIds.set(token, id)
    this.#tokens.push(token)
    if (id === this.#tokenCounts.length) this.#tokenCounts = grown(this.#tokenCounts)
    const normal = route.normalizeWord(token)
    let word = -1
    if (normal !== '') {
      word = this.#wordIds.get(normal) ?? -1
      if (word < 0) {
        word = this.#words.length
        this.#wordIds.set(normal, word)
        this.#words.push(normal)
      }
    }
    this.#tokenWords.push(word)
    return id
  }

  /**
   * What was counted.
   *
   * @returns The shard's routing data.
   */
  finish(): ShardRoute {
    const counts = new Map<string, number>()
    this.#tokens.forEach((token, id) => {
      const count = this.#tokenCounts[id]!
      for (const key of route.pageWordKeys(token)) counts.set(key, (counts.get(key) ?? 0) + count)
    })
    const byBucket = new Map<number, [string, number][]>()
    for (const [key, count] of counts) {
      const bucket = route.wordBucket(key, this.#buckets)
      const list = byBucket.get(bucket)
      if (list) list.push([key, count])
      else byBucket.set(bucket, [[key, count]])
    }
    const words = [...byBucket].sort(([a], [b]) => a - b)
    for (const [, list] of words) list.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return { buckets: this.#buckets, phraseBuckets: this.#phraseBuckets, words, phrases: this.#phraseFilters() }
  }

  /** Each phrase bucket's Bloom filter of its distinct keys: the hashes sorted into their buckets (a counting sort), then each bucket's sorted. */
  #phraseFilters(): PhraseFilters {
    const count = this.#phraseCount
    const starts = new Uint32Array(this.#phraseBuckets + 1)
    for (let i = 0; i < count; i++) starts[this.#phraseBucket[i]! + 1]!++
    for (let b = 0; b < this.#phraseBuckets; b++) starts[b + 1]! += starts[b]!
    const sorted = new Uint32Array(count)
    const next = starts.slice(0, this.#phraseBuckets)
    for (let i = 0; i < count; i++) sorted[next[this.#phraseBucket[i]!]!++] = this.#phraseHash[i]!
    const buckets: number[] = []
    const filters: string[] = []
    for (let bucket = 0; bucket < this.#phraseBuckets; bucket++) {
      const hashes = sorted.subarray(starts[bucket]!, starts[bucket + 1]!).sort()
      if (hashes.length === 0) continue
      let distinct = 1
      for (let i = 1; i < hashes.length; i++) if (hashes[i] !== hashes[i - 1]) distinct++
      const filter = new Uint8Array(route.bloomBytes(distinct))
      const bits = filter.length * 8
      for (let i = 0; i < hashes.length; i++) {
        if (i > 0 && hashes[i] === hashes[i - 1]) continue
        for (const bit of route.bloomBitsOf(hashes[i]!, bits)) filter[bit >> 3]! |= 1 << (bit & 7)
      }
      buckets.push(bucket)
      filters.push(Buffer.from(filter).toString('base64'))
    }
    return { buckets, filters: filters.join(',') }
  }
}

/** A typed array twice as long, with the same start. */
function grown<T extends Int32Array | Uint32Array | Float64Array>(array: T): T {
  const larger = new (array.constructor as new (length: number) => T)(array.length * 2)
  larger.set(array)
  return larger
}
