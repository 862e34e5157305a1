// Scrollback search routing, the part shared by the build and the page: how a
// text becomes routing keys, which file a key is in, and which shards of the
// index a query goes to. Pure functions; no I/O. The build
// (`src/search/route-count.ts`, `route-files.ts`) writes what these read, the
// page (`search.js`) fetches one small file per key.
//
// Two kinds of key:
// - a word key: a word's first letters (see `wordKey`). The files under
//   `/pagefind/route/w/` say, for each key, how often it occurs in each shard.
//   Pages emit every prefix of a word up to the key's length, so that a query
//   word matches whatever longer word Pagefind's stemming or prefix matching
//   would match it to: a shard that can answer is never left out.
// - a phrase key: three whole words in a row, or five. The files under
//   `/pagefind/route/p/` hold, per shard, a Bloom filter of the phrase keys of
//   the shard's pages, so the page can tell which shards hold a phrase as
//   typed (with a few false positives, never a false negative).
//
// The routing comes in layers (see `routeLayers`): the shared one under
// `/pagefind/route/`, for the shards it was written with, and a shard's own
// under `/pagefind/<shard>/route-<word files>-<phrase files>/`, for a shard
// new or changed since, so that adding a story leaves the shared files as
// they were.

/** The routing's constants. Changing one changes every route file: bump `version` with it. */
export const ROUTE = Object.freeze({
  version: 6,
  /** Letters of a word a key keeps. */
  keyLength: 4,
  /**
   * Word buckets at most (a power of two); a small archive has fewer (see
   * `bucketCount`). Buckets are members of one pack, not files: more of them
   * make each smaller, and a query reads one a word key.
   */
  wordBuckets: 16384,
  /**
   * Phrase buckets at most: a phrase bucket holds a Bloom filter a shard, and
   * the filters of an archive are so many bytes whatever their number, so a
   * query's read of one is smaller the more there are (see `phraseBucketCount`).
   */
  phraseBuckets: 65536,
  /** Words in a phrase key. */
  phraseWords: 3,
  /**
   * Words in a long phrase key, which a query of as many words or more looks
   * up too: where the words of a phrase are common together (`contents of
   * this library`), every shard may hold each three in a row, and only the
   * longer run tells the shard that says the phrase.
   */
  longPhraseWords: 5,
  /**
   * Bloom filter bits per phrase key, and bits set per key: about one false
   * positive in 46 a key. A phrase of common words often has one of its keys
   * in another shard for real; with one false positive in seven a key, its
   * other two then passed there together one time in 46 (now one in 2,100),
   * in each such shard, and the query searched a second shard (two phrases
   * in 20 at 2,000 stories).
   */
  bitsPerKey: 8,
  hashes: 5
})

/**
 * A word as routing compares it: lower case, letters and digits only, `y` as
 * `i` (an English stemmer turns `happy` into `happi`).
 *
 * @param {string} token A word as written (white space around it removed).
 * @returns {string} The normalized word (`''` when it has no letter or digit).
 */
export function normalizeWord(token) {
  return token.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '').replace(/y/g, 'i')
}

/**
 * The key of a normalized word: its first {@link ROUTE}`.keyLength` letters.
 *
 * @param {string} word A word from {@link normalizeWord}.
 * @returns {string} The key.
 */
export function wordKey(word) {
  return [...word].slice(0, ROUTE.keyLength).join('')
}

/**
 * The key of a whole word, which counts that word alone (`=kernel`): how rare
 * a word is, where a {@link wordKey} counts every word it begins.
 *
 * @param {string} word A word from {@link normalizeWord}.
 * @returns {string} The key.
 */
export function exactKey(word) {
  return `=${word}`
}

/**
 * The words of a text in order, one per white-space-separated token that has
 * a letter or digit: the positions Pagefind counts, less punctuation.
 *
 * @param {string} text Any text.
 * @returns {string[]} Normalized words ({@link normalizeWord}).
 */
export function textWords(text) {
  const words = []
  for (const token of text.split(/\s+/)) {
    const word = normalizeWord(token)
    if (word !== '') words.push(word)
  }
  return words
}

/**
 * The word keys a page's word is found under: each prefix of its key, and
 * those of the parts of a word written with punctuation inside (`foo-bar`),
 * and its {@link exactKey}.
 *
 * @param {string} token A word as written.
 * @returns {string[]} Keys, each once.
 */
export function pageWordKeys(token) {
  /** @type {Set<string>} */
  const keys = new Set()
  /** @param {string} word */
  const add = (word) => {
    const letters = [...wordKey(word)]
    for (let i = 1; i <= letters.length; i++) keys.add(letters.slice(0, i).join(''))
  }
  const word = normalizeWord(token)
  add(word)
  if (word !== '') keys.add(exactKey(word))
  const parts = token.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  if (parts.length > 1) for (const part of parts) add(normalizeWord(part))
  return [...keys]
}

/**
 * The phrase keys of words in a row: each run of {@link ROUTE}`.phraseWords`
 * whole words, then each run of {@link ROUTE}`.longPhraseWords`. Whole words
 * make the phrase filters sharp; a phrase typed in another form than the
 * page's (`kernels` for `kernel`) is not told from others, and its shards are
 * then ordered by its rarest word alone.
 *
 * @param {string[]} words Normalized words, in order.
 * @returns {string[]} Keys: the short ones in order, then the long ones (empty for fewer words).
 */
export function phraseKeys(words) {
  const keys = []
  for (const n of [ROUTE.phraseWords, ROUTE.longPhraseWords]) {
    for (let i = 0; i + n <= words.length; i++) keys.push(words.slice(i, i + n).join(' '))
  }
  return keys
}

/**
 * A 32-bit hash of a string (FNV-1a over its UTF-16 code units, then mixed).
 *
 * @param {string} text The string.
 * @param {number} [seed] Another seed gives another hash (default: `0`).
 * @returns {number} An unsigned 32-bit integer.
 */
export function hash32(text, seed = 0) {
  return mix32(fnv1a(fnvStart(seed), text))
}

/**
 * The FNV-1a state before any code unit, for a seed.
 *
 * @param {number} seed The seed.
 * @returns {number}
 */
function fnvStart(seed) {
  return (0x811c9dc5 ^ seed) >>> 0
}

/**
 * FNV-1a over a string's UTF-16 code units, from a state.
 *
 * @param {number} h The state.
 * @param {string} text The string.
 * @returns {number}
 */
function fnv1a(h, text) {
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h
}

/**
 * The final mix that spreads FNV-1a's state over all 32 bits.
 *
 * @param {number} h The state.
 * @returns {number}
 */
function mix32(h) {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b) >>> 0
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35) >>> 0
  h ^= h >>> 16
  return h >>> 0
}

/**
 * How many word buckets an archive's routing has: four a story, a power of
 * two from 4 to {@link ROUTE}`.wordBuckets`, so that a small archive has a
 * few buckets of a few hundred bytes and a large one many small ones
 * (`shards.json` says how many, as `buckets`). At 10,000 stories, a bucket
 * is about 300 bytes gzipped (with 4,096, a thousand).
 *
 * @param {number} stories Stories in the archive.
 * @returns {number} The number of word buckets.
 */
export function bucketCount(stories) {
  return aStory(stories, 4, ROUTE.wordBuckets)
}

/**
 * How many phrase buckets an archive's routing has: eight a story, up to
 * {@link ROUTE}`.phraseBuckets` (`shards.json` says how many, as
 * `phraseBuckets`). A phrase bucket holds one Bloom filter a shard: with
 * buckets in proportion to the stories, each stays about 1 KB gzipped (at
 * 10,000 stories, 1.3 KB; with 16,384, 5 KB, and a five-word phrase read
 * four of them).
 *
 * @param {number} stories Stories in the archive.
 * @returns {number} The number of phrase buckets.
 */
export function phraseBucketCount(stories) {
  return aStory(stories, 8, ROUTE.phraseBuckets)
}

/**
 * So many a story, as a power of two from 4 to `most`.
 *
 * @param {number} stories Stories in the archive.
 * @param {number} each How many a story.
 * @param {number} most The most.
 * @returns {number}
 */
function aStory(stories, each, most) {
  return Math.min(most, Math.max(4, 2 ** Math.ceil(Math.log2(Math.max(1, stories) * each))))
}

/**
 * The file a word key is in.
 *
 * @param {string} key A word key.
 * @param {number} [buckets] Buckets of the archive (default: {@link ROUTE}`.wordBuckets`; see `bucketCount`).
 * @returns {number} Its bucket, `0`…`buckets - 1`.
 */
export function wordBucket(key, buckets = ROUTE.wordBuckets) {
  return hash32(key) & (buckets - 1)
}

/**
 * The file a phrase key is in.
 *
 * @param {string} key A phrase key.
 * @param {number} [buckets] Phrase buckets of the archive (default: {@link ROUTE}`.phraseBuckets`; see `phraseBucketCount`).
 * @returns {number} Its bucket, `0`…`buckets - 1`.
 */
export function phraseBucket(key, buckets = ROUTE.phraseBuckets) {
  return hash32(key) & (buckets - 1)
}

/**
 * A bucket's file, relative to the index's folder (`route/w/03f.json`).
 *
 * @param {'w' | 'p'} kind Words or phrases.
 * @param {number} bucket The bucket.
 * @param {string} [dir] The layer's folder (default: `'route'`, the shared one; a shard's own is {@link ownRouteDir}).
 * @returns {string} The path.
 */
export function bucketPath(kind, bucket, dir = 'route') {
  return `${dir}/${kind}/${bucket.toString(16).padStart(3, '0')}.json`
}

/**
 * Where a bucket is: a layer's buckets are one slot pack, `<dir>.bin`
 * (see `search-pack.js`), the word buckets first, then the phrase buckets.
 *
 * @param {string} path A bucket's file ({@link bucketPath}).
 * @param {{dir: string, buckets: number}} layer Its layer (see {@link routeLayers}).
 * @returns {{pack: string, index: number}} The pack, relative to the index's folder, and the bucket's member number in it.
 */
export function bucketMember(path, layer) {
  const { kind, bucket } = bucketOf(path)
  return { pack: `${layer.dir}.bin`, index: kind === 'w' ? bucket : layer.buckets + bucket }
}

/**
 * A bucket's kind and number, from its file ({@link bucketPath}).
 *
 * @param {string} path A bucket's file.
 * @returns {{kind: 'w' | 'p', bucket: number}} `w` for words, `p` for phrases.
 */
export function bucketOf(path) {
  const match = /\/([wp])\/([0-9a-f]+)\.json$/.exec(path)
  if (!match) throw new RangeError(`not a routing bucket: ${path}`)
  return { kind: match[1] === 'w' ? 'w' : 'p', bucket: parseInt(/** @type {string} */ (match[2]), 16) }
}

/**
 * The folder of a shard's own routing, inside the shard's folder. It names
 * its number of files: a shard whose routing grows is swapped in with the
 * new folder and the one the list of shards still names, so that until the
 * new list is written a page reads a routing that is there and whole
 * (stale, never wrong about where a key is).
 *
 * @param {{buckets: number, phraseBuckets: number}} own The shard's word and phrase files.
 * @returns {string} `route-<buckets>-<phraseBuckets>`.
 */
export function ownRouteDir(own) {
  return `route-${own.buckets}-${own.phraseBuckets}`
}

/**
 * The layers of an index's routing, from its list of shards
 * (`/pagefind/shards.json`): the shared routing under `route/` serves every
 * shard that has none of its own (`own`: a shard new or changed since the
 * shared routing was written, whose routing lives in its folder, see
 * {@link ownRouteDir}). A shared
 * file may still have a column for a shard it no longer serves: that column
 * is not read.
 *
 * Each layer's pack is a slot pack (see `slotPlace` in `search-pack.js`):
 * its regions are its word buckets and its phrase buckets, in slots of the
 * sizes the list gives (`slots`).
 *
 * @param {{buckets: number, phraseBuckets: number, slots?: number[], shards: {name: string, own?: {buckets: number, phraseBuckets: number, slots?: number[]}}[]}} list The list of shards.
 * @returns {{dir: string, buckets: number, phraseBuckets: number, regions: {count: number, size: number}[], shards: string[]}[]} The layers, the shared one first (when it serves a shard).
 */
export function routeLayers(list) {
  /** @param {{buckets: number, phraseBuckets: number, slots?: number[]}} counts */
  const regions = (counts) => [
    { count: counts.buckets, size: Number(counts.slots?.[0]) },
    { count: counts.phraseBuckets, size: Number(counts.slots?.[1]) }
  ]
  const shared = list.shards.filter((shard) => !shard.own).map((shard) => shard.name)
  const layers = shared.length > 0 ? [{ dir: 'route', buckets: list.buckets, phraseBuckets: list.phraseBuckets, regions: regions(list), shards: shared }] : []
  for (const shard of list.shards) {
    if (shard.own) layers.push({ dir: `${shard.name}/${ownRouteDir(shard.own)}`, buckets: shard.own.buckets, phraseBuckets: shard.own.phraseBuckets, regions: regions(shard.own), shards: [shard.name] })
  }
  return layers
}

/**
 * The routing files a query needs of a layer: one a word key, one a phrase key.
 *
 * @param {{dir: string, buckets: number, phraseBuckets: number}} layer A layer from {@link routeLayers}.
 * @param {string[]} keys Word keys (and {@link exactKey}s).
 * @param {string[]} phrases Phrase keys.
 * @returns {{words: string[], phrases: string[]}} Their files' paths, in the keys' order.
 */
export function layerFiles(layer, keys, phrases) {
  return {
    words: keys.map((key) => bucketPath('w', wordBucket(key, layer.buckets), layer.dir)),
    phrases: phrases.map((key) => bucketPath('p', phraseBucket(key, layer.phraseBuckets), layer.dir))
  }
}

/**
 * What the routing says of a query, from its layers' files: each key's count
 * in each shard, and the shards whose phrase filters may hold every phrase key.
 *
 * @param {{shards: string[]}[]} layers The layers ({@link routeLayers}).
 * @param {string[]} keys Word keys, as given to {@link layerFiles}.
 * @param {string[]} phrases Phrase keys, as given to {@link layerFiles}.
 * @param {{words: {s: string[], k: Record<string, number[]>}[], phrases: {s: string[], b: string[]}[]}[]} files Each layer's files, parsed, in the order {@link layerFiles} named them.
 * @returns {{counts: Map<string, Map<string, number>>, phraseShards: Set<string> | null}} For each key, its count in each shard that has it; the shards that may hold the phrase (`null` without phrase keys).
 */
export function mergeRoute(layers, keys, phrases, files) {
  /** @type {Map<string, Map<string, number>>} */
  const counts = new Map(keys.map((key) => [key, new Map()]))
  /** @type {Set<string> | null} */
  const phraseShards = phrases.length > 0 ? new Set() : null
  layers.forEach((layer, l) => {
    const serves = new Set(layer.shards)
    const layerFiles = /** @type {(typeof files)[number]} */ (files[l])
    keys.forEach((key, i) => {
      const file = /** @type {(typeof layerFiles.words)[number]} */ (layerFiles.words[i])
      const row = file.k[key] ?? []
      const byShard = /** @type {Map<string, number>} */ (counts.get(key))
      file.s.forEach((name, j) => {
        const count = row[j] ?? 0
        if (serves.has(name) && count > 0) byShard.set(name, count)
      })
    })
    if (phraseShards === null) return
    for (const name of layer.shards) {
      const holds = phrases.every((key, i) => {
        const file = /** @type {(typeof layerFiles.phrases)[number]} */ (layerFiles.phrases[i])
        const j = file.s.indexOf(name)
        return j >= 0 && bloomHas(Uint8Array.from(atob(file.b[j] ?? ''), (c) => c.charCodeAt(0)), key)
      })
      if (holds) phraseShards.add(name)
    }
  })
  return { counts, phraseShards }
}

/**
 * {@link hash32} of words joined by single spaces, without joining them: the
 * build hashes every run of words of every page this way.
 *
 * @param {readonly string[]} words Words.
 * @param {number} start The first word's index.
 * @param {number} count How many words.
 * @param {number} [seed] As for {@link hash32} (default: `0`).
 * @returns {number} `hash32(words.slice(start, start + count).join(' '), seed)`.
 */
export function hash32Words(words, start, count, seed = 0) {
  let h = fnvStart(seed)
  for (let w = start; w < start + count; w++) h = fnv1a(w > start ? fnv1a(h, ' ') : h, /** @type {string} */ (words[w]))
  return mix32(h)
}

/**
 * {@link phraseBucket} of the phrase key of the words from `start`, without
 * making the key: the build places every run of words of every page so.
 *
 * @param {readonly string[]} words Normalized words.
 * @param {number} start The phrase's first word.
 * @param {number} buckets Phrase buckets of the archive.
 * @param {number} [count] Words in the key (default: {@link ROUTE}`.phraseWords`).
 * @returns {number} `phraseBucket(words.slice(start, start + count).join(' '), buckets)`.
 */
export function phraseBucketOfWords(words, start, buckets, count = ROUTE.phraseWords) {
  return hash32Words(words, start, count) & (buckets - 1)
}

/**
 * {@link bloomHash} of the phrase key of the words from `start`, without making the key.
 *
 * @param {readonly string[]} words Normalized words.
 * @param {number} start The phrase's first word.
 * @param {number} [count] Words in the key (default: {@link ROUTE}`.phraseWords`).
 * @returns {number} `bloomHash(words.slice(start, start + count).join(' '))`.
 */
export function bloomHashOfWords(words, start, count = ROUTE.phraseWords) {
  return hash32Words(words, start, count, BLOOM_SEED)
}

/** The seed of {@link bloomHash}. */
export const BLOOM_SEED = 0x9e3779b9

/**
 * The hash of a phrase key that places it in its bucket's Bloom filter
 * (its bits follow from it, see {@link bloomBitsOf}).
 *
 * @param {string} key A phrase key.
 * @returns {number} An unsigned 32-bit integer.
 */
export function bloomHash(key) {
  return hash32(key, BLOOM_SEED)
}

/**
 * The bits a phrase key sets in a Bloom filter, from its {@link bloomHash}.
 *
 * @param {number} hash The key's {@link bloomHash}.
 * @param {number} bits The filter's size (at least 1).
 * @returns {number[]} {@link ROUTE}`.hashes` bit numbers.
 */
export function bloomBitsOf(hash, bits) {
  let step = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d) >>> 0
  step = (step ^ (step >>> 12)) | 1
  const out = []
  for (let i = 0; i < ROUTE.hashes; i++) out.push((hash + i * (step >>> 0)) % bits)
  return out
}

/**
 * The size of a bucket's Bloom filter for a number of keys: {@link ROUTE}`.bitsPerKey` a key, in whole bytes.
 *
 * @param {number} keys Distinct keys in the bucket.
 * @returns {number} Bytes (0 for no key).
 */
export function bloomBytes(keys) {
  return Math.ceil((keys * ROUTE.bitsPerKey) / 8)
}

/**
 * Whether a Bloom filter may hold a key (`false`: it surely does not).
 *
 * @param {Uint8Array} filter The filter's bytes (empty: it holds nothing).
 * @param {string} key A phrase key.
 * @returns {boolean}
 */
export function bloomHas(filter, key) {
  if (filter.length === 0) return false
  return bloomBitsOf(bloomHash(key), filter.length * 8).every((bit) => ((filter[bit >> 3] ?? 0) & (1 << (bit & 7))) !== 0)
}

/**
 * Which shards a query goes to, and in what order.
 *
 * A shard can answer when it holds every word of the query; of those, the
 * shards whose phrase filters may hold the query's words in a row come first.
 * Within each group, shards come by how often the query's rarest word (the
 * one least frequent over the archive) occurs in them, most first, then
 * newest first.
 *
 * @param {{name: string, stories: number}[]} shards The index's shards, newest first.
 * @param {Map<string, Map<string, number>>} counts For each word key of the query, and each {@link exactKey}, its count in each shard that has it.
 * @param {Set<string> | null} phraseShards Shards that may hold the phrase (`null` when the query is no phrase).
 * @returns {{order: {name: string, stories: number, phrase: boolean}[], rarest: string | null}}
 *   The shards that can answer, in the order to search them, and the rarest word's key (`null` without keys).
 */
export function routeShards(shards, counts, phraseShards) {
  /** @type {string | null} */
  let rarest = null
  let rarestTotal = Infinity
  const exact = [...counts.keys()].some((key) => key.startsWith('='))
  for (const [key, byShard] of counts) {
    if (key.startsWith('=') !== exact) continue
    let total = 0
    for (const count of byShard.values()) total += count
    if (total < rarestTotal || (total === rarestTotal && rarest !== null && key > rarest)) {
      rarest = key
      rarestTotal = total
    }
  }
  // Exact keys say how rare a word is; word keys (which cover every form of it) say where it is.
  const where = [...counts].filter(([key]) => !key.startsWith('=')).map(([, byShard]) => byShard)
  const able = shards.filter((shard) => where.every((byShard) => (byShard.get(shard.name) ?? 0) > 0))
  /** @param {{name: string}} shard */
  const weight = (shard) => (rarest === null ? 0 : counts.get(rarest)?.get(shard.name) ?? 0)
  const order = able
    .map((shard, newest) => ({ ...shard, phrase: phraseShards?.has(shard.name) ?? false, newest }))
    .sort((a, b) => Number(b.phrase) - Number(a.phrase) || weight(b) - weight(a) || a.newest - b.newest)
    .map(({ newest, ...shard }) => shard)
  return { order, rarest }
}

/**
 * The words to ask Pagefind for: the rarest few, so that a query fetches few
 * index chunks (a frequent word's chunk is large). The page checks the
 * others in the text of the results it loads.
 *
 * @param {string[]} tokens The query's words as typed, in order.
 * @param {Map<string, Map<string, number>>} counts For each word key, its count in each shard.
 * @param {number} [keep] How many words to keep (default: `2`).
 * @returns {{token: string, index: number}[]} The words kept and their places in `tokens`, in the query's order.
 */
export function rarestWords(tokens, counts, keep = 2) {
  /** @param {string} word */
  const total = (word) => {
    let sum = 0
    for (const count of (counts.get(exactKey(word)) ?? counts.get(wordKey(word)))?.values() ?? []) sum += count
    return sum
  }
  /** @type {Set<string>} */
  const seen = new Set()
  /** @type {{token: string, index: number, word: string, total: number}[]} */
  const candidates = []
  tokens.forEach((token, index) => {
    const word = normalizeWord(token)
    if (word === '' || seen.has(word)) return
    seen.add(word)
    candidates.push({ token, index, word, total: total(word) })
  })
  // Longer words first among equals: their keys say more.
  const chosen = new Set([...candidates].sort((a, b) => a.total - b.total || b.word.length - a.word.length || a.index - b.index).slice(0, keep))
  return candidates.filter((entry) => chosen.has(entry)).map(({ token, index }) => ({ token, index }))
}
