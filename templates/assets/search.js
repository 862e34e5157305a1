// Scrollback search page: reads the state from the address, runs Pagefind's
// JS API from the site's own bundles, and writes each
// comment and story that matches with DOM calls: text nodes and `mark`
// elements only, so no archived text ever becomes markup. The state goes back
// into the address (pushState for a new search, replaceState while typing),
// so a search can be shared, reloaded and gone back to. The list's
// `data-shown` names the search whose results it holds, once they are in.
//
// The index comes in shards of a few hundred stories (/pagefind/shards.json
// lists them, newest first; each is a Pagefind bundle of its own). A search
// first fetches one small routing file per word of the query (and per three and five
// words in a row) from /pagefind/route/, and as many from the folder of each
// shard that has a routing of its own, which say which shards hold every
// word and which may hold the words in a row (see search-route.js). It then
// searches those shards, the ones that may hold the phrase first (one at a
// time, likeliest first), and asks
// Pagefind for the query's rarest words only (a frequent word's index chunk
// is large); the other words are checked in the text of the results loaded.
// When many shards hold every word, it searches the few where the rarest
// word is most frequent; short of a screen of results it goes on, within a
// share of the archive a click, saying how far it has got, and "Search more"
// goes on from there. The history entry keeps how many rounds were loaded and
// where the reader was: Back and a reload load them again.
//
// The index may be rebuilt while the page is open: each new search reads
// shards.json again (a conditional request), and drops what it kept of an
// index that changed. An index file that cannot be read (gone, cut short,
// larger than the reader takes) reads the list again: a new list searches
// again, once; the same list means the index is damaged, and the page says so.
import { isSearch, KEYS, orderHits, pageHits, pagefindFilters, phraseFirst, phraseQuery, queryTokens, readState, searchStatus, stateQuery } from './search-core.js'
import { bucketMember, exactKey, layerFiles, mergeRoute, normalizeWord, phraseKeys, rarestWords, ROUTE, routeLayers, routeShards, wordKey } from './search-route.js'
import { inflate, installPackFetch, isPagefindMeta, isPagefindWasm, PackError, readAtMost, readHashedMember, readSlotText, readTableText } from './search-pack.js'
import { COMMON_RUN, commonBucket, commonIn, commonIndexBuckets, commonIndexOf, isCommonWord, phraseStarts, queryKeys, readCommonBucket, startsHold } from './search-phrases.js'

/** Story pages whose fragments one round loads; the first round loads fewer, so that the first results come with little to fetch. */
const BATCH = 5
const FIRST = 2
/** A screen of results: a search, and each "Show more", goes on until it has this many hits, or has searched everything. */
const ENOUGH = 10
/** Batches a search loads before it may stop short of a screen, when no phrase is sought (a phrase may take more, see `loadMore`). */
const ROUNDS = 3
/**
 * What one search (or click) reads at most before it shows what it found and
 * offers to go on: stories loaded, and shards searched. The batches grow, to
 * {@link BATCH_MAX}, while a filter keeps few of the stories Pagefind names.
 * Counted, not timed: going Back runs the same rounds again and finds the same.
 */
const CLICK_STORIES = 160
const CLICK_SHARDS = 4
const BATCH_MAX = 40
/** Shards searched at once, the first search and each "Search more of the archive", when none left may hold the phrase (those that may are searched one at a time). */
const SHARDS = 2
/** Stories of a shard that the phrase index names, at most, that load straight from the pack (see `searchShards`). */
const DIRECT = 3
/** Shards a click searches at most for a phrase not found yet (see `loadMore`); and the words that make a query a phrase. */
const PHRASE_SHARDS = 3
/** Shards whose phrase index a phrase of common words reads at once, as the search comes to them (see `narrowNext`). */
const NARROW = 4
const PHRASE_MIN = 3
/** Words a query asks Pagefind for (the rarest): three at a phrase's places make a page that has them almost surely hold the phrase; two are often said together elsewhere. */
const PAGEFIND_WORDS = 3
/**
 * Stories of a shard that may hold a phrase by its words' places, at most,
 * before the page asks Pagefind for another word of it (see `searchShards`):
 * text said often with a word changed ("styles are chained loin like normal
 * Chalk styles", "… chained it like normal …") has the rarest words at
 * their places on many pages, and candidates load a few at a time.
 */
const PLACED_MOST = 6
/** A word asked for that reason is one the shard has at most so many times a story: its index chunk is not among the largest. */
const REFINE_PER_STORY = 32
/** The most bytes of `shards.json` the page reads (a few KB at 10,000 stories): a larger one is damaged. */
const SHARDS_MAX = 1 << 20

const form = document.getElementById('search')
const list = document.getElementById('search-hits')
const status = document.getElementById('search-status')
const more = document.getElementById('search-more')
const inStory = document.getElementById('in-story')
const inStoryTitle = document.getElementById('in-story-title')
/** The score range, from the page (`data-scores="-1 5"` on the minimum's list, made from `src/parse/score.ts`). */
const [minScore, maxScore] = String(form.elements.min.dataset.scores).split(' ').map(Number)
const scores = { min: minScore, max: maxScore }

/** The index's folder, and each shard's pack (`s0003` → its address), as `shards.json` names them. */
const indexFolder = new URL('../pagefind/', import.meta.url)
const shardPacks = new Map()
/** Members of packs that Pagefind could not read during the search under way: it finds nothing where a chunk fails, and says nothing. */
let failures = []
/** Pagefind's fragments, index chunks and filters are members of their shard's pack (see search-pack.js). */
const readRange = installPackFetch(
  (url) => {
    if (url.origin !== indexFolder.origin || !url.pathname.startsWith(indexFolder.pathname)) return null
    const path = url.pathname.slice(indexFolder.pathname.length)
    // What `loadPagefind` fetched ahead for Pagefind, taken once (its own fetch of it comes here first, before it is kept).
    const early = ahead.get(url.href)
    if (early) {
      ahead.delete(url.href)
      return { bytes: early }
    }
    // Pagefind's metadata and WebAssembly: files of their own, inflated here (`inflate`).
    const file = /^s\d+\/([^/]+)$/.exec(path)?.[1] ?? ''
    if (isPagefindMeta(file) || isPagefindWasm(file)) return { inflate: true }
    const match = /^(s\d+)\/((?:fragment|index|filter)\/[^/]+)$/.exec(path)
    const pack = match && shardPacks.get(match[1])
    return pack ? { pack, name: match[2] } : null
  },
  (error) => failures.push(error)
)

/** Run what reads a shard's index: what it throws is the index's failure (a {@link PackError}), Pagefind's included. */
async function readingIndex(name, read) {
  try {
    return await read()
  } catch (error) {
    throw error instanceof PackError ? error : new PackError(`/pagefind/${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
}

/** Throw the first failure Pagefind met reading a pack (see {@link failures}). */
function throwFailures() {
  if (failures.length > 0) throw failures[0]
}

/** The list of shards as last read: its text and what it says (a promise). */
let shardList = null
/**
 * Read `shards.json`, revalidated with the host (a rebuild may have replaced it since), at most {@link SHARDS_MAX} bytes.
 * The page's first read takes the list the page preloaded with itself (`search.njk`), which the browser may have taken
 * from its cache as the page's own address: a list older than the index fails on a file it names, and is read again.
 */
async function readShardList() {
  const response = await fetch(new URL('shards.json', indexFolder), { cache: 'no-cache' })
  if (!response.ok) throw new Error(`/pagefind/shards.json: ${response.status} ${response.statusText}`)
  const bytes = await readAtMost(response, SHARDS_MAX + 1)
  if (bytes.length > SHARDS_MAX) throw new PackError(`/pagefind/shards.json is larger than ${SHARDS_MAX} bytes`)
  const text = utf8.decode(bytes)
  let listed
  try {
    listed = JSON.parse(text)
  } catch {
    throw new PackError('/pagefind/shards.json is not JSON')
  }
  if (!Array.isArray(listed?.shards)) throw new PackError('/pagefind/shards.json lists no shards')
  return { text, listed }
}

/**
 * Read the list of shards again; when it is not the one held, drop what
 * was kept of the index it listed (packs' bytes, routing buckets, Pagefind's
 * instances) and hold the new one.
 *
 * @returns {Promise<boolean>} Whether a list was held and this one differs.
 */
async function refreshShards() {
  const held = await shardList?.catch(() => null)
  const now = await readShardList()
  if (held && held.text === now.text) return false
  shardPacks.clear()
  bundles.clear()
  ahead.clear()
  buckets.clear()
  readRange.forget()
  for (const shard of now.listed.shards) if (typeof shard.pack === 'string') shardPacks.set(shard.name, new URL(`${shard.name}/${shard.pack}`, indexFolder).href)
  shardList = Promise.resolve(now)
  return Boolean(held)
}

/** The list of the index's shards (`{route, shards: [{name, stories, signature}]}`, newest first), read again for each new search. */
async function loadShards() {
  await refreshShards()
  return (await shardList).listed
}

/** Pagefind's files fetched ahead of it, by address (see `fetchAhead`): the bytes, inflated, as its own fetch through the packs would have them. */
const ahead = new Map()
/**
 * Fetch a shard's entry, metadata and WebAssembly while its script loads:
 * Pagefind asks for them one after another once it runs. Its entry's address
 * names the shard's signature (`metaCacheTag`), so it is known before
 * Pagefind asks; `shards.json` names the other two (`meta`, `wasm`, for a
 * shard of one language), and all three are fetched at once.
 */
function fetchAhead(folder, { signature, meta, wasm }) {
  const take = (url) => {
    // Inflated here (`inflate`), as `installPackFetch` gives Pagefind its files.
    const bytes = fetch(url).then(async (response) => (response.ok ? inflate(new Uint8Array(await response.arrayBuffer()), url) : Promise.reject(new PackError(`${url}: ${response.status}`))))
    bytes.catch(() => ahead.delete(url))
    ahead.set(url, bytes)
    return bytes
  }
  take(new URL(`pagefind-entry.json?ts=${encodeURIComponent(signature)}`, folder).href)
  if (isPagefindMeta(String(meta)) && isPagefindWasm(String(wasm))) {
    take(new URL(meta, folder).href)
    take(new URL(wasm, folder).href)
  }
}

const bundles = new Map()
/**
 * A shard's Pagefind API, loaded once, from beside this site's pages; it
 * runs on this thread, where its fetches reach the shard's pack. The address
 * names the shard's signature: a shard written again is a module of its own,
 * not the one the browser kept with the old index's meta.
 */
function loadPagefind(shard) {
  const { name } = shard
  if (!bundles.has(name)) {
    const url = new URL(`${name}/pagefind.js`, indexFolder)
    const signed = typeof shard.signature === 'string'
    if (signed) {
      url.search = `?v=${encodeURIComponent(shard.signature)}`
      fetchAhead(new URL(`${name}/`, indexFolder), shard)
    }
    const loading = import(url.href).then(
      async (api) => {
        await api.options(signed ? { noWorker: true, metaCacheTag: shard.signature } : { noWorker: true })
        return api
      },
      (error) => {
        throw new PackError(`/pagefind/${name}/pagefind.js: ${error instanceof Error ? error.message : String(error)}`)
      }
    )
    loading.catch(() => bundles.delete(name))
    bundles.set(name, loading)
  }
  return bundles.get(name)
}

/**
 * Which words are common in a shard, as its phrase index counts them (see
 * `commonIn`): from the routing's count of each word there, which the
 * build read too. A shard without a phrase index of these rules, or a
 * search without routing: the common English words alone.
 *
 * @param {{name: string, stories: number, phrases?: string}} shard A shard as `shards.json` lists it.
 * @param {Map<string, Map<string, number>> | null} counts The routing's counts of the query's keys, by shard.
 * @returns {(word: string) => boolean}
 */
function commonWordsOf(shard, counts) {
  const index = commonIndexOf(shard.phrases ?? '')
  if (index === null || counts === null) return isCommonWord
  return commonIn(shard.stories, index.perStory, (word) => counts.get(exactKey(word))?.get(shard.name) ?? 0)
}

/**
 * Whether a shard that may hold a phrase is still to be narrowed by its
 * phrase index (see {@link narrowShards}): the query has runs of words
 * common there, and the shard has a phrase index.
 */
function toNarrow(shard, keys) {
  return keys.length > 0 && shard.phrase === true && shard.common === undefined && commonIndexBuckets(shard.phrases ?? '') !== null
}

/**
 * Narrow shards that may hold a phrase by their phrase index: a shard whose
 * phrase index has a story with every common key of the phrase keeps it,
 * noting which stories (`common`, their numbers); the others no longer may
 * hold the phrase (`phrase: false`).
 *
 * @param {object[]} shards Shards to narrow.
 * @param {(shard: object) => {key: string, at: number}[]} keysOf The query's common keys in a shard (its common words are its own).
 * @returns {Promise<object[]>} The shards narrowed, in the same order.
 */
function narrowShards(shards, keysOf) {
  return Promise.all(
    shards.map(async (shard) => {
      const keys = keysOf(shard)
      const buckets = commonIndexBuckets(shard.phrases)
      const url = new URL(`${shard.name}/${shard.phrases}`, indexFolder).href
      const read = await Promise.all(keys.map(async ({ key }) => readCommonBucket(await readTableText(readRange, url, commonBucket(key, buckets)))))
      const starts = phraseStarts(keys, read)
      return starts.size > 0 ? { ...shard, common: starts } : { ...shard, common: null, phrase: false }
    })
  )
}

/** The stories a shard's phrase index found (`shard.common`), by Pagefind's id (the index's last member lists its pages), with where the phrase may start on each. */
async function commonHolders(shard) {
  const buckets = commonIndexBuckets(shard.phrases)
  const ids = (await readTableText(readRange, new URL(`${shard.name}/${shard.phrases}`, indexFolder).href, buckets)).split('\n')
  return new Map([...shard.common].map(([number, starts]) => [ids[number], starts]))
}

/**
 * A story's fragment read straight from its shard's pack, as Pagefind's
 * `data()` gives it, with the places of the words Pagefind found (`words`,
 * none for a story the phrase index named: the page finds them in the text).
 * Not through `data()`: that builds an excerpt for every comment of the
 * story, which the page does not use (up to 150 ms of the page's thread for
 * a phrase of common words at 10,000 stories).
 */
async function rawFragment(shard, id, words = []) {
  const pack = shardPacks.get(shard.name)
  const bytes = await readHashedMember(readRange, pack, `fragment/${id}.pf_fragment`)
  if (bytes === null) throw new PackError(`/pagefind/${shard.name}: no fragment ${id} in its pack`)
  const text = utf8.decode(await inflate(bytes, `${pack}: fragment ${id}`))
  try {
    // Pagefind's signature, then the page as JSON.
    return { ...JSON.parse(text.slice(text.indexOf('{'))), weighted_locations: words.map((location) => ({ location, balanced_score: 1 })) }
  } catch (error) {
    throw new PackError(`/pagefind/${shard.name}: fragment ${id} does not read (${error instanceof Error ? error.message : String(error)})`)
  }
}

const buckets = new Map()
const utf8 = new TextDecoder()
/** A routing bucket (`route/w/…`, `route/p/…`, or the same of a shard's own routing), read once from its layer's pack. */
function loadBucket(layer, path) {
  const { pack, index } = bucketMember(path, layer)
  const key = `${pack}#${index}`
  if (!buckets.has(key)) {
    const url = new URL(pack, indexFolder).href
    const loading = readSlotText(readRange, url, index, layer.regions).then((text) => {
      let file
      try {
        file = JSON.parse(text)
      } catch {
        file = null
      }
      if (!Array.isArray(file?.s) || (typeof file.k !== 'object' && !Array.isArray(file.b))) throw new PackError(`${url}: bucket ${index} is not a routing bucket (the pack is damaged)`)
      return file
    })
    loading.catch(() => buckets.delete(key))
    buckets.set(key, loading)
  }
  return buckets.get(key)
}

/**
 * Route a query: each word key's count per shard, and the shards whose
 * phrase filters may hold every three and five words in a row (`null` for fewer
 * words), from every layer of the routing (the shared one and the shards'
 * own, see `routeLayers`).
 */
async function route(words, listed) {
  const keys = [...new Set([...words.map(wordKey), ...words.map(exactKey)])]
  const phrases = phraseKeys(words)
  const layers = routeLayers(listed)
  const files = await Promise.all(
    layers.map(async (layer) => {
      const paths = layerFiles(layer, keys, phrases)
      const [wordFiles, phraseFiles] = await Promise.all([Promise.all(paths.words.map((path) => loadBucket(layer, path))), Promise.all(paths.phrases.map((path) => loadBucket(layer, path)))])
      return { words: wordFiles, phrases: phraseFiles }
    })
  )
  return mergeRoute(layers, keys, phrases, files)
}

/** The state the form shows. */
function formState() {
  const state = {}
  for (const key of KEYS) state[key] = String(form.elements[key]?.value ?? '').trim()
  return readState(stateQuery(state), scores)
}

/** Show a state in the form (adding an option the lists lack, such as a label from a shared address). */
function fillForm(state) {
  for (const key of KEYS) {
    const field = form.elements[key]
    if (!field) continue
    if (field instanceof HTMLSelectElement && state[key] !== '' && ![...field.options].some((option) => option.value === state[key])) {
      field.append(new Option(state[key], state[key]))
    }
    field.value = state[key]
  }
  inStory.hidden = state.story === ''
  inStoryTitle.textContent = state.story
}

function element(name, className, ...children) {
  const node = document.createElement(name)
  if (className) node.className = className
  node.append(...children)
  return node
}

/** A link to `href` whose content is `text` (a string, or a node). */
function link(href, text) {
  const node = document.createElement('a')
  node.href = href
  node.append(text)
  return node
}

/** An excerpt: text nodes and `mark` elements. */
function excerpt(parts) {
  const node = element('p', 'hit-x')
  for (const part of parts) node.append(part.mark ? element('mark', '', part.text) : document.createTextNode(part.text))
  return node
}

/** `Score 3, Funny`, the label isolated: archived text never reorders what follows it. */
function describeScore(hit) {
  return hit.label ? [`Score ${hit.score}, `, element('bdi', '', hit.label)] : [`Score ${hit.score}`]
}

/** One result, as a list item. */
function renderHit(hit) {
  const source = hit.story.source ? [' · ', hit.story.source] : []
  if (hit.kind === 'story') {
    return element(
      'li',
      'hit hit-story',
      element('p', 'hit-t', link(hit.url, hit.story.title)),
      element('p', 'hit-m', 'Story', ...source),
      excerpt(hit.excerpt)
    )
  }
  return element(
    'li',
    'hit hit-comment',
    element('p', 'hit-t', link(hit.url, hit.subject.trim() || '(no subject)')),
    element('p', 'hit-m', element('span', 'hit-s', ...describeScore(hit)), ' · in ', link(hit.story.url, element('bdi', '', hit.story.title)), ...source),
    excerpt(hit.excerpt)
  )
}

let run = 0
let loadMore = null

/**
 * Run a state's search and show its first results.
 *
 * @param {Record<string, string>} state The search.
 * @param {object} [options] Configuration (default: `{}`).
 * @param {boolean} [options.again] Whether this is the search again after the index changed under it (default: `false`): it is not tried a third time.
 * @param {{rounds?: number, scroll?: number, focus?: boolean}} [options.restore] What to restore (default: none): as many rounds as the history entry loaded, its scroll position; and whether focus goes to the results (a search the reader asked for).
 */
async function show(state, { again = false, restore = null } = {}) {
  const mine = ++run
  failures = []
  fillForm(state)
  list.replaceChildren()
  delete list.dataset.shown
  more.hidden = true
  loadMore = null
  if (!isSearch(state) || form.dataset.stories === '0') {
    status.textContent = ''
    list.dataset.shown = ''
    list.removeAttribute('aria-busy')
    return
  }
  list.setAttribute('aria-busy', 'true')
  status.textContent = 'Searching…'
  const failed = async (error) => {
    if (mine !== run) return
    const reason = String(error instanceof Error ? error.message : error).replace(/\.+$/, '')
    // An index file that does not read: a rebuild may have replaced it since the list was read. A new list: the same
    // search again, once. The same list: the index is damaged.
    let changed = null
    if (error instanceof PackError || failures.length > 0) changed = again ? false : await refreshShards().catch(() => null)
    if (mine !== run) return
    if (changed) return show(state, { again: true, restore })
    status.textContent =
      changed === false
        ? `The search index is damaged: rebuild the site (${reason}).`
        : `Search could not load its index (${reason}): build the site with \`scrollback build\` and serve it over http(s).`
    list.dataset.shown = stateQuery(state)
    list.removeAttribute('aria-busy')
    more.hidden = true
  }
  const filters = pagefindFilters(state, scores)
  const tokens = queryTokens(state.q)
  const words = tokens.map(normalizeWord)
  const quoted = /^\s*".*"\s*$/.test(state.q)
  let listed
  let order
  let routing = null
  try {
    listed = await loadShards()
    // A story's search asks its shard only, when the address names it; a search with words goes where the words are.
    const inShard = listed.shards.filter((shard) => shard.name === state.shard)
    if (state.story && inShard.length > 0) order = inShard
    else if (words.length > 0 && listed.route === ROUTE.version) {
      routing = await route(words, listed)
      const routed = routeShards(listed.shards, routing.counts, routing.phraseShards)
      order = routed.order
    } else order = listed.shards
  } catch (error) {
    return failed(error)
  }
  if (mine !== run) return
  const total = listed.shards.reduce((sum, shard) => sum + shard.stories, 0)
  /**
   * What a shard is asked, by which of the query's words are common there
   * (shards alike share one plan): the runs of common words its phrase index
   * looks up (none for a quoted query: Pagefind matches it as a phrase), and
   * the words Pagefind gets. With routing, those are the rarest words (the
   * page checks the phrase by their places, `kept`); else the
   * query and its exact phrase.
   */
  const askOf = (isCommon) => {
    const common = quoted ? { keys: [], whole: false } : queryKeys(words, isCommon)
    let terms = state.q || null
    let kept = null
    // A query of a few words asks Pagefind for them all.
    if (routing && !quoted && tokens.length > PHRASE_MIN) {
      // Where the phrase index places the common words, Pagefind is asked for the others (their index chunks are small).
      const others = tokens.map((token, index) => ({ token, index })).filter((word) => !isCommon(normalizeWord(word.token)))
      const pool = common.keys.length > 0 && others.length > 0 ? others : tokens.map((token, index) => ({ token, index }))
      kept = rarestWords(pool.map((word) => word.token), routing.counts, PAGEFIND_WORDS).map((word) => pool[word.index])
      // Two words side by side are often said together ("memory insecurities", "real DOM"): many pages have them so, and
      // their places tell little of the phrase. The rarest word apart from them that is not common joins them; failing
      // one, the rarest other word, common as it may be (its index chunk is large, but its places tell the phrase).
      if (kept.length === 2 && kept[1].index - kept[0].index === 1) {
        const rest = pool.filter((word) => !kept.includes(word))
        const apart = rest.filter((word) => !isCommon(normalizeWord(word.token)) && kept.every((near) => Math.abs(word.index - near.index) > 1))
        const from = apart.length > 0 ? apart : rest
        const third = rarestWords(from.map((word) => word.token), routing.counts, 1).map((word) => from[word.index])
        kept = [...kept, ...third].sort((a, b) => a.index - b.index)
      }
      terms = kept.map((word) => word.token).join(' ')
    }
    return { keys: common.keys, whole: common.whole, terms, kept }
  }
  const plans = new Map()
  const planOf = (shard) => {
    const isCommon = commonWordsOf(shard, routing?.counts ?? null)
    const which = words.map((word) => (isCommon(word) ? '1' : '0')).join('')
    if (!plans.has(which)) plans.set(which, askOf(isCommon))
    return plans.get(which)
  }
  const phrase = routing ? null : phraseQuery(state.q)
  const inOrder = order.reduce((sum, shard) => sum + shard.stories, 0)
  const scope = {
    /** Stories of the shards searched (Pagefind's answer rules out those it does not name). */
    searched: 0,
    /** Stories the search covers: the archive, of which the routing rules out the shards that do not hold every word. */
    total: routing ? total : inOrder,
    ruledOut: routing ? total - inOrder : 0,
    searchedShards: 0,
    routed: routing !== null && !state.story
  }
  /** Results of the shards searched that are not loaded yet, best first; and the pages queued so far (Pagefind's ids). */
  let queue = []
  /** The queue's order: stories that may hold the phrase first, then by Pagefind's score. */
  const byPhrase = (a, b) => Number(b.phrase) - Number(a.phrase) || b.result.score - a.result.score || a.rank - b.rank
  const seen = new Set()
  let loaded = 0
  /** Every hit shown, and the stories they come from. */
  const shownHits = []
  const shownStories = new Set()

  /**
   * A phrase of common words: the next `count` shards to search, narrowed by
   * their phrase index (see `narrowShards`) if they may hold the phrase,
   * {@link NARROW} at a time as they come up, not all at once: where the
   * words are common, every shard may hold them, and the phrase is most
   * often in the first. A shard that does not hold the phrase goes after
   * those that may, as the routing ordered them.
   */
  async function narrowNext(count) {
    for (;;) {
      const rest = order.slice(scope.searchedShards)
      const keysOf = (shard) => planOf(shard).keys
      if (!rest.slice(0, count).some((shard) => toNarrow(shard, keysOf(shard)))) return
      const narrowed = await narrowShards(rest.filter((shard) => toNarrow(shard, keysOf(shard))).slice(0, NARROW), keysOf)
      const byName = new Map(narrowed.map((shard) => [shard.name, shard]))
      const now = rest.map((shard) => byName.get(shard.name) ?? shard)
      order.splice(scope.searchedShards, rest.length, ...now.filter((shard) => shard.phrase), ...now.filter((shard) => !shard.phrase))
    }
  }

  /** Search the next `count` shards together, adding their results to the queue: those that may hold the phrase first, then by score. */
  async function searchShards(count) {
    await narrowNext(count)
    const next = order.slice(scope.searchedShards, scope.searchedShards + count)
    scope.searchedShards += next.length
    /** Shards whose stories the phrase index named, loaded straight from the pack, and how many: the shard's other stories count as searched once its search by Pagefind (`after`) runs. */
    const direct = new Map()
    const found = await Promise.all(
      next.map((shard) => readingIndex(shard.name, async () => {
        const { keys, whole, terms, kept } = planOf(shard)
        // A phrase whose common words the phrase index places in a few stories: those stories load straight from the
        // shard's pack, without Pagefind's index chunks of its common words (the largest a query could fetch). The
        // shard's search by Pagefind comes after, for the other results (the stories loaded are not loaded again).
        if (phraseWanted && shard.common && (shard.common.size <= DIRECT || whole)) {
          const holding = await commonHolders(shard)
          order.splice(scope.searchedShards, 0, { ...shard, common: null, phrase: false, after: true, counted: holding.size })
          direct.set(shard, holding.size)
          return [...holding.keys()].map((id, rank) => ({ result: { id, score: Infinity, data: () => rawFragment(shard, id) }, rank, phrase: true }))
        }
        // Stories the phrase index says have the phrase's runs of common words, and where the phrase may start on each:
        // read while Pagefind searches.
        const holders = shard.common ? commonHolders(shard) : null
        holders?.catch(() => {})
        const api = await loadPagefind(shard)
        const search = await api.search(terms, { filters })
        let results = search?.results ?? []
        // Stories that hold the words as typed, in a row, load first (the index chunks are fetched already).
        if (phrase && results.length > 1) results = phraseFirst(results, (await api.search(phrase, { filters }))?.results ?? [])
        const holding = await holders
        // Each kept word alone (its chunk is loaded already) says where it is on each page: the pages with them at the phrase's places.
        let places = null
        /** The words whose places are known: the kept ones, then any asked for to tell candidates apart. */
        let asked = kept
        /** Add a word's places on each page Pagefind names. */
        const addPlaces = async (word) => {
          const at = asked.indexOf(word)
          for (const result of (await api.search(word.token, { filters }))?.results ?? []) {
            if (!places.has(result.id)) places.set(result.id, [])
            places.get(result.id)[at] = result.words
          }
        }
        // Two words or more place a phrase by themselves; one, with the phrase index's starts.
        if (kept && (kept.length >= 2 || holding) && results.length > 0) {
          places = new Map()
          for (const word of kept) await addPlaces(word)
        }
        const placesOf = (result) => asked.map((_, i) => places.get(result.id)?.[i] ?? [])
        const placed = (result) => {
          if (places === null || asked.length < 2) return false
          // The first kept word's places are where the phrase may start.
          const [first, ...others] = placesOf(result)
          return startsHold(first ?? [], others, asked.slice(1).map((word) => word.index - asked[0].index))
        }
        // With the phrase index: its words at their places from where the phrase starts; else the kept words' places alone.
        const held = (result) => holding.has(result.id) && (places === null || startsHold(holding.get(result.id), placesOf(result), asked.map((word) => word.index)))
        const mayHold = (result) => (holding ? held(result) : placed(result))
        // Many stories with the words asked at their places: the rarest other word of the phrase, one at a time, while
        // its index chunk is not among the largest (and not one the phrase index placed already).
        const indexed = (index) => holding !== null && keys.some((key) => index >= key.at && index < key.at + COMMON_RUN)
        while (places !== null && results.filter(mayHold).length > PLACED_MOST) {
          const rest = tokens
            .map((token, index) => ({ token, index }))
            .filter(({ index }) => {
              const word = words[index]
              const count = routing.counts.get(exactKey(word))?.get(shard.name) ?? Infinity
              return word !== '' && !indexed(index) && !asked.some((near) => words[near.index] === word) && count <= REFINE_PER_STORY * shard.stories
            })
          if (rest.length === 0) break
          const next = rarestWords(rest.map((word) => word.token), routing.counts, 1).map((word) => rest[word.index])[0]
          asked = [...asked, next]
          await addPlaces(next)
        }
        return results.map((result, rank) => ({ result: { id: result.id, score: result.score, data: () => rawFragment(shard, result.id, result.words) }, rank, phrase: mayHold(result) }))
      }))
    )
    // A chunk Pagefind could not read made it find nothing there: the search fails rather than say nothing matches.
    throwFailures()
    for (const shard of next) scope.searched += direct.get(shard) ?? shard.stories - (shard.counted ?? 0)
    const results = found.flat().filter((entry) => !seen.has(entry.result.id))
    for (const entry of results) seen.add(entry.result.id)
    // Pagefind's scores come from each shard's own statistics: comparable enough to interleave shards.
    queue = [...queue, ...results].sort(byPhrase)
  }

  /** Whether the query is a phrase the page looks for (three words or more, not in quotes, routed): then it goes on, a few shards a click, until it finds it. */
  const phraseWanted = routing !== null && !quoted && tokens.length >= PHRASE_MIN
  /** Whether anything is left to search: stories queued, or shards not searched. */
  const left = () => queue.length > 0 || scope.searchedShards < order.length
  /** Where the search is, for its status line: stories loaded, or ruled out by the routing or by Pagefind's answer. */
  const progress = (shown, stories, busy) => ({
    shown,
    stories,
    searched: Math.min(scope.total, scope.ruledOut + scope.searched - queue.length),
    total: scope.total,
    left: left(),
    sort: state.sort,
    busy,
    newest: routing === null && !state.story,
    inStory: Boolean(state.story),
    unheld: scope.routed && order.length === 0
  })
  /**
   * Load results until there is a screen of them, everything is searched, or
   * this click's share ({@link CLICK_STORIES}, {@link CLICK_SHARDS}) is read;
   * the status line says how far it has got as it goes.
   *
   * @param {boolean} last Whether the results are in after it (not while Back loads the rounds it held again).
   * @returns {Promise<number | null>} How many hits it added (`null` when it failed or another search took over).
   */
  const loadRound = async (last) => {
    more.setAttribute('aria-disabled', 'true')
    list.setAttribute('aria-busy', 'true')
    const hits = []
    let batches = 0
    let shardsNow = 0
    let storiesNow = 0
    try {
      // Found: the phrase as typed (a form of it, `return it` for `returns it`, ranks first too, but the search goes on).
      const found = () => hits.some((hit) => hit.phrase && hit.exact)
      const seeking = () => queue[0]?.phrase === true && !found()
      // A phrase not found yet, no story queued that may hold it, and a shard left that may: that shard next.
      const seekShard = () => phraseWanted && !found() && !queue.some((entry) => entry.phrase) && shardsNow < PHRASE_SHARDS && order.slice(scope.searchedShards).some((shard) => shard.phrase)
      const phraseRounds = () => batches < ROUNDS + (phraseWanted ? 2 * PHRASE_SHARDS : 0) && (seeking() || seekShard())
      // Short of a screen: on through the archive, within this click's share.
      const short = () => hits.length < ENOUGH && budget() && left()
      const budget = () => storiesNow < CLICK_STORIES && shardsNow < CLICK_SHARDS + (phraseWanted ? PHRASE_SHARDS : 0)
      while ((batches === 0 && budget()) || phraseRounds() || short()) {
        const size = loaded === 0 ? FIRST : Math.min(BATCH_MAX, BATCH << Math.max(0, batches - ROUNDS + 1))
        if (scope.searchedShards < order.length && ((queue.length < size && (shardsNow === 0 || short())) || seekShard())) {
          // The shards that may hold the phrase are searched one at a time, likeliest first: where a phrase's words
          // are common, many shards hold its three words in a row for real, and one shard's index is most of what a
          // query fetches. "Search more of the archive" goes on to the next.
          const phraseShardLeft = order.slice(scope.searchedShards).some((shard) => shard.phrase)
          const before = scope.searchedShards
          await searchShards(phraseShardLeft ? 1 : SHARDS)
          shardsNow += Math.max(1, scope.searchedShards - before)
          if (mine !== run) return null
          status.textContent = searchStatus(progress(shownHits.length + hits.length, 0, true))
          if (queue.length === 0) continue
        }
        if (queue.length === 0) break
        // While another shard may hold the phrase, nothing that cannot hold it loads meanwhile: each such story is as
        // large as a shard's search.
        if (seekShard()) continue
        batches++
        // Stories that may hold the phrase load alone, a few at a time, until one does.
        const candidates = queue[0].phrase ? queue.findIndex((entry) => !entry.phrase) : 0
        const batch = queue.splice(0, candidates > 0 ? Math.min(FIRST, candidates) : candidates < 0 ? FIRST : size)
        const pages = await Promise.all(batch.map((entry) => entry.result.data()))
        if (mine !== run) return null
        throwFailures()
        if (state.story && pages[0]) inStoryTitle.textContent = pages[0].meta?.title ?? state.story
        pages.forEach((page, index) => hits.push(...pageHits(page, state, loaded + index)))
        loaded += batch.length
        storiesNow += batch.length
        if (batch[0].phrase && found()) break
        status.textContent = searchStatus(progress(shownHits.length + hits.length, 0, true))
      }
    } catch (error) {
      failed(error)
      return null
    }
    shownHits.push(...hits)
    for (const hit of hits) shownStories.add(hit.story.url)
    // By score, the list is one order over every hit shown; by relevance, each round's hits come after those shown.
    if (state.sort === 'score') list.replaceChildren(...orderHits(shownHits, state.sort).map(renderHit))
    else list.append(...orderHits(hits, state.sort).map(renderHit))
    status.textContent = searchStatus(progress(shownHits.length, shownStories.size, false))
    more.hidden = !left()
    more.removeAttribute('aria-disabled')
    more.textContent = queue.length > 0 && shownHits.length > 0 ? 'Show more' : routing === null && !state.story ? 'Search older stories' : 'Search more of the archive'
    if (last) {
      list.dataset.shown = stateQuery(state)
      list.removeAttribute('aria-busy')
      performance.mark('scrollback:results')
    }
    return hits.length
  }
  let rounds = 0
  loadMore = async (focus = false, last = true) => {
    const before = list.children.length
    const added = await loadRound(last)
    if (added === null) return false
    rounds++
    // The rounds loaded live in the history entry: Back and a reload load as many again (see `showAddress`).
    if (location.search === stateQuery(state)) history.replaceState({ ...history.state, rounds }, '')
    if (!focus) return true
    // After a click, to the first new result (the list, when a sort by score put them among the others).
    const first = state.sort === 'score' || added === 0 ? null : list.children[before]?.querySelector('a')
    if (first) first.focus()
    else if (added > 0) list.focus()
    return true
  }
  const held = Math.max(1, restore?.rounds ?? 1)
  for (let round = 0; round < held; round++) {
    if (!(await loadMore(false, round === held - 1)) || mine !== run) return
    if (more.hidden && round < held - 1) {
      // Everything is searched sooner than it was (the index changed): the results are in.
      list.dataset.shown = stateQuery(state)
      list.removeAttribute('aria-busy')
      break
    }
  }
  if (restore?.scroll !== undefined) scrollTo(0, restore.scroll)
  if (restore?.focus && list.children.length > 0) list.focus({ preventScroll: false })
}

/**
 * Show a state and put it in the address: a new history entry, or in place of the current one.
 *
 * @param {Record<string, string>} state The search.
 * @param {boolean} push Whether it is a new history entry.
 * @param {boolean} [focus] Whether focus goes to the results once they are in (default: `false`: not while the reader types).
 */
function go(state, push, focus = false) {
  const url = location.pathname + stateQuery(state)
  if (url !== location.pathname + location.search) {
    if (push) history.pushState(null, '', url)
    else history.replaceState(null, '', url)
  }
  return show(state, { restore: { focus } })
}

// Typing replaces the history entry it started, so Back goes to the search before it.
let typing = false
let timer = 0

form.addEventListener('submit', (event) => {
  event.preventDefault()
  clearTimeout(timer)
  go(formState(), !typing, true)
  typing = false
})
form.addEventListener('change', (event) => {
  if (event.target instanceof HTMLSelectElement) {
    go(formState(), true)
    typing = false
  }
})
form.elements.q.addEventListener('input', () => {
  clearTimeout(timer)
  // Said at once; the search itself waits for a pause in the typing.
  if (formState().q !== '') {
    status.textContent = 'Searching…'
    list.setAttribute('aria-busy', 'true')
  }
  timer = setTimeout(() => {
    go(formState(), !typing)
    typing = true
  }, 300)
})
document.getElementById('all-stories').addEventListener('click', () => {
  form.elements.story.value = ''
  go(formState(), true)
  typing = false
})
more.addEventListener('click', () => {
  if (more.getAttribute('aria-disabled') !== 'true') loadMore?.(true)
})
/**
 * Show the search the address names, writing the address in its one form (as a form without JavaScript, or a person,
 * may not have); with as many rounds as its history entry loaded, at the place the reader left it.
 */
function showAddress() {
  const state = readState(location.search, scores)
  const canonical = stateQuery(state)
  if (canonical !== location.search) history.replaceState(history.state, '', location.pathname + canonical + location.hash)
  const kept = history.state ?? {}
  return show(state, { restore: { rounds: Math.min(Number(kept.rounds) || 1, 100), ...(Number.isFinite(kept.scroll) ? { scroll: kept.scroll } : {}) } })
}

// The page restores the reader's place itself, once the results it held are loaded again.
history.scrollRestoration = 'manual'
/** Keep the scroll position in the history entry (a pause after scrolling, and on leaving the page). */
let scrolled = 0
const keepScroll = () => {
  clearTimeout(scrolled)
  if (list.dataset.shown === location.search) history.replaceState({ ...history.state, scroll: scrollY }, '')
}
addEventListener('scroll', () => {
  clearTimeout(scrolled)
  scrolled = setTimeout(keepScroll, 200)
}, { passive: true })
addEventListener('pagehide', keepScroll)

addEventListener('popstate', () => {
  clearTimeout(timer)
  typing = false
  showAddress()
})

showAddress()
