// Scrollback's phrase index of common words, the part shared by the build
// and the page. A phrase made of common words ("it is better to use") is on
// every story's page word by word, so neither the routing nor the places of
// its rarest words tell which story says it, and the index chunks of such
// words are the largest a query could fetch. Each shard's folder therefore
// holds, for each run of three common words (a *common key*: "it is
// better"), the stories of the shard whose indexed text has it and where it
// starts on each: a table pack, `phrases-<buckets>-<per story>.bin` (see
// `search-pack.js`), whose members are buckets of keys and, last, the list of
// the shard's pages (Pagefind's ids, one a line). A query reads the buckets
// of its common keys: a shard none of whose stories has them all at their
// places cannot hold the phrase, and in one that can, the stories that do
// are loaded first.
//
// A word is common in a shard when it is one of English's most common words
// (`COMMON_WORDS`), or when the shard has it at least `<per story>` times a
// story (`commonIn`): an archive's own frequent words ("kernel" in one about
// Linux) have index chunks as large as "the". The count is the routing's
// (its exact key, `=kernel`), which the page reads for every word of a query
// before it looks anything up here: the build and the page decide alike.
//
// A bucket is text: entries `<fingerprint>:<page>@<places>,…` joined by
// `;`, the fingerprint four hex digits of the key's hash, pages and places
// ascending, each the base-36 difference from the one before (places joined
// by `.`). A key's fingerprint can be another key's in its bucket (one in
// 65,536): its places are then a few more candidates, never fewer.

import { hash32, normalizeWord } from './search-route.js'

/** English's most common words: the ones whose runs the index keeps, normalized as the routing normalizes words. */
export const COMMON_WORDS = new Set(
  (
    'a about after again all also am an and any are as at back be because been before being between both but by can could did do does doing ' +
    'down each even few first for from get good had has have he her here him his how i if in into is it its just know like make many may me ' +
    'might more most much must my need new no not now of off on once one only or other our out over own same see she should so some such ' +
    'than that the their them then there these they thing things think this those through time to too two under up us use used very want ' +
    'was way we well were what when where which while who why will with would you your'
  )
    .split(' ')
    .map(normalizeWord)
)

/**
 * A word not among {@link COMMON_WORDS} is common in a shard that has it at
 * least this many times a story (about one word in a thousand): its index
 * chunk then holds thousands of places (a 500-story shard's has 4,000 or
 * more), and a query that asks Pagefind for it fetches tens of kilobytes a
 * shard where a rare word's chunk is a few hundred bytes.
 */
export const COMMON_PER_STORY = 8

/**
 * Whether a word is common: one of {@link COMMON_WORDS}.
 *
 * @param {string} word A normalized word.
 * @returns {boolean}
 */
export function isCommonWord(word) {
  return COMMON_WORDS.has(word)
}

/**
 * Which words are common in a shard: {@link COMMON_WORDS}, and each word the
 * shard has at least `perStory` times a story.
 *
 * @param {number} stories The shard's stories.
 * @param {number} perStory Times a story (`0`: none but {@link COMMON_WORDS}; see {@link commonIndexOf}).
 * @param {(word: string) => number} countOf A normalized word's count in the shard, as the routing counts it.
 * @returns {(word: string) => boolean}
 */
export function commonIn(stories, perStory, countOf) {
  if (!(perStory > 0)) return isCommonWord
  const least = perStory * Math.max(1, stories)
  return (word) => COMMON_WORDS.has(word) || countOf(word) >= least
}

/**
 * Tokens as normalized, kept between pages.
 *
 * @type {Map<string, string>}
 */
const normalized = new Map()

/** Words in a common key: runs of three common words (their places chain them into longer runs). */
export const COMMON_RUN = 3

/**
 * Places a word of a phrase may stand off where the phrase puts it: a
 * page's tokens without a letter or digit (`gelopo: - it`) take places
 * that a query's words do not, before or after the word a start is
 * reckoned from. Used where places only choose what to load: the text
 * loaded says whether the phrase is there.
 */
export const PLACE_SLACK = 1

/**
 * Whether a word stands where a phrase puts it, give or take
 * {@link PLACE_SLACK}: a lookup per place near it, so that a common word's
 * thousands of places cost no more than a rare word's few.
 *
 * @param {Set<number>} places The word's places on the page.
 * @param {number} place Where the phrase puts it.
 * @returns {boolean}
 */
function placedNear(places, place) {
  for (let off = -PLACE_SLACK; off <= PLACE_SLACK; off++) if (places.has(place + off)) return true
  return false
}

/** Seeds of the key's bucket and fingerprint. */
const BUCKET_SEED = 0x9e3779b1
const PRINT_SEED = 0x85ebca77

/**
 * The common keys of a page's text and where each begins: every run of
 * {@link COMMON_RUN} common words, at the place of its first word among the text's white-space-separated words (the places
 * Pagefind gives its results' words).
 *
 * @param {string} content The text Pagefind indexed of the page.
 * @param {(word: string) => boolean} [isCommon] Which words are common (default: {@link isCommonWord}; a shard's: {@link commonIn}).
 * @returns {Map<string, number[]>} Each key's places, ascending.
 */
export function commonPlaces(content, isCommon = isCommonWord) {
  const tokens = splitTokens(content)
  /** @type {Map<string, number[]>} */
  const places = new Map()
  // The run's last words and their places: a token without a letter or digit (a dash, a lone quote) is no word, and the run goes on over it.
  /** @type {string[]} */
  const run = []
  /** @type {number[]} */
  const at = []
  for (let i = 0; i < tokens.length; i++) {
    const token = /** @type {string} */ (tokens[i])
    // Each word normalized once (most are common: a small cache pays).
    let word = normalized.get(token)
    if (word === undefined) {
      word = normalizeWord(token)
      if (normalized.size < 65536) normalized.set(token, word)
    }
    if (word === '') continue
    if (!isCommon(word)) {
      run.length = 0
      at.length = 0
      continue
    }
    run.push(word)
    at.push(i)
    if (run.length > COMMON_RUN) {
      run.shift()
      at.shift()
    }
    if (run.length === COMMON_RUN) {
      const key = run.join(' ')
      const list = places.get(key)
      if (list) list.push(/** @type {number} */ (at[0]))
      else places.set(key, [/** @type {number} */ (at[0])])
    }
  }
  return places
}

/**
 * A text's words as Pagefind places them: split at white space.
 *
 * @param {string} content A page's indexed text.
 * @returns {string[]} Its words.
 */
export function splitTokens(content) {
  return content.split(/[^\S\uFEFF]+/)
}

/**
 * The common keys a query looks up, each with its place in the query: every
 * run of three common words (their places say whether they stand in a row
 * on a page, as in the query).
 *
 * @param {string[]} words The query's words, normalized.
 * @param {(word: string) => boolean} [isCommon] Which words are common (default: {@link isCommonWord}; a shard's: {@link commonIn}).
 * @returns {{keys: {key: string, at: number}[], whole: boolean}} The keys, and whether they cover the whole query (every place the index has of them all in a row holds the phrase).
 */
export function queryKeys(words, isCommon = isCommonWord) {
  const keys = []
  let run = 0
  for (let i = 0; i < words.length; i++) {
    run = isCommon(/** @type {string} */ (words[i])) ? run + 1 : 0
    if (run >= COMMON_RUN) keys.push({ key: words.slice(i - COMMON_RUN + 1, i + 1).join(' '), at: i - COMMON_RUN + 1 })
  }
  return { keys, whole: words.length >= COMMON_RUN && run === words.length }
}

/**
 * How many buckets a shard's phrase index has for so many distinct keys: a
 * power of two, about eight keys a bucket, from 1 to 4,096.
 *
 * @param {number} keys Distinct common keys in the shard.
 * @returns {number} Buckets.
 */
export function commonBucketCount(keys) {
  return Math.min(4096, 2 ** Math.max(0, Math.ceil(Math.log2(Math.max(1, keys / 8)))))
}

/**
 * A key's bucket.
 *
 * @param {string} key A common key.
 * @param {number} buckets The index's buckets.
 * @returns {number} 0…buckets-1.
 */
export function commonBucket(key, buckets) {
  return hash32(key, BUCKET_SEED) % buckets
}

/**
 * A key's fingerprint in its bucket: four hex digits.
 *
 * @param {string} key A common key.
 * @returns {string} The fingerprint.
 */
export function commonPrint(key) {
  return (hash32(key, PRINT_SEED) & 0xffff).toString(16).padStart(4, '0')
}

/**
 * The name of a shard's phrase index, which says its number of buckets and
 * how often a story has a word the index counts as common besides
 * {@link COMMON_WORDS} (see {@link commonIn}).
 *
 * @param {number} buckets Its buckets.
 * @param {number} perStory Times a story (`0`: no word besides {@link COMMON_WORDS}).
 * @returns {string} `phrases-<buckets>-<perStory>.bin`.
 */
export function commonIndexFile(buckets, perStory) {
  return `phrases-${buckets}-${perStory}.bin`
}

/**
 * What a phrase index's file name says (see {@link commonIndexFile}).
 *
 * @param {string} file A file's name.
 * @returns {{buckets: number, perStory: number} | null} Its buckets and times a story, `null` for another name (an index of an earlier build's rules among them).
 */
export function commonIndexOf(file) {
  const match = /^phrases-(\d+)-(\d+)\.bin$/.exec(file)
  return match ? { buckets: Number(match[1]), perStory: Number(match[2]) } : null
}

/**
 * The number of buckets a phrase index's file name says.
 *
 * @param {string} file A file's name.
 * @returns {number | null} Its buckets, `null` for another name.
 */
export function commonIndexBuckets(file) {
  return commonIndexOf(file)?.buckets ?? null
}

/**
 * Numbers ascending as base-36 differences from the one before, joined by `sep`.
 *
 * @param {number[]} numbers Numbers, ascending.
 * @param {string} sep The separator.
 * @returns {string}
 */
function steps(numbers, sep) {
  let last = 0
  return numbers
    .map((number) => {
      const step = (number - last).toString(36)
      last = number
      return step
    })
    .join(sep)
}

/**
 * Numbers back from {@link steps}.
 *
 * @param {string} text What {@link steps} made.
 * @param {string} sep The separator.
 * @returns {number[]}
 */
function unsteps(text, sep) {
  let number = 0
  /** @type {number[]} */
  const numbers = []
  for (const step of text.split(sep)) {
    number += parseInt(step, 36)
    if (Number.isFinite(number)) numbers.push(number)
  }
  return numbers
}

/**
 * Write a bucket's text: `<fingerprint>:<page>@<places>,<page>@<places>`
 * entries joined by `;`, pages and each page's places ascending, each a
 * base-36 difference from the one before (places joined by `.`).
 *
 * @param {Map<string, Map<number, number[]>>} entries Each fingerprint's pages and, for each, its places.
 * @returns {string} The bucket.
 */
export function writeCommonBucket(entries) {
  const parts = []
  for (const [print, pages] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    let last = 0
    const list = [...pages].sort(([a], [b]) => a - b).map(([page, places]) => {
      const step = (page - last).toString(36)
      last = page
      return `${step}@${steps(places, '.')}`
    })
    parts.push(`${print}:${list.join(',')}`)
  }
  return parts.join(';')
}

/**
 * Read a bucket's text.
 *
 * @param {string} text The bucket.
 * @returns {Map<string, Map<number, number[]>>} Each fingerprint's pages and their places.
 */
export function readCommonBucket(text) {
  /** @type {Map<string, Map<number, number[]>>} */
  const entries = new Map()
  for (const part of text.split(';')) {
    const [print, list] = part.split(':')
    if (!print || !list) continue
    /** @type {Map<number, number[]>} */
    const pages = new Map()
    let page = 0
    for (const item of list.split(',')) {
      const [step, places] = item.split('@')
      page += parseInt(/** @type {string} */ (step), 36)
      if (Number.isFinite(page) && places !== undefined) pages.set(page, unsteps(places, '.'))
    }
    entries.set(print, pages)
  }
  return entries
}

/**
 * Where a query's phrase may start on each page: the places where every
 * common key of it is at its place in the query.
 *
 * @param {{key: string, at: number}[]} keys The query's common keys ({@link queryKeys}).
 * @param {Map<string, Map<number, number[]>>[]} buckets Each key's bucket, read ({@link readCommonBucket}), in the keys' order.
 * @returns {Map<number, number[]>} For each page that may hold the phrase, the places it may start at (empty: no page of the shard holds it).
 */
export function phraseStarts(keys, buckets) {
  /** @type {Map<number, number[]> | null} */
  let starts = null
  keys.forEach(({ key, at }, index) => {
    const before = starts
    /** @type {Map<number, number[]>} */
    const pages = buckets[index]?.get(commonPrint(key)) ?? new Map()
    /** @type {Map<number, number[]>} */
    const next = new Map()
    for (const [page, places] of pages) {
      const here = new Set(places)
      const kept = before === null ? places.map((place) => place - at) : (before.get(page) ?? []).filter((start) => placedNear(here, start + at))
      if (kept.length > 0) next.set(page, kept)
    }
    starts = next
  })
  return starts ?? new Map()
}

/**
 * Whether a page may hold a phrase, from where the phrase may start (the
 * phrase index, or the places of its first word that Pagefind found) and
 * where some of its other words are (Pagefind): some start has each word at
 * its place in the phrase after it, give or take {@link PLACE_SLACK}.
 *
 * @param {number[]} starts Places the phrase may start at on the page.
 * @param {number[][]} places The places of each of those words on the page.
 * @param {number[]} at Each word's place in the query, counted from the phrase's start.
 * @returns {boolean}
 */
export function startsHold(starts, places, at) {
  const sets = places.map((list) => new Set(list))
  return starts.some((start) => at.every((offset, i) => (sets[i] ? placedNear(sets[i], start + offset) : false)))
}
