// Scrollback search, the part without a page: the search's state and its
// address, Pagefind's filters for it, and the comments and stories a Pagefind
// result (one story page) holds. Pure functions; `search.js` drives the page.
//
// A story page is one Pagefind page. Each comment element on it has an id and
// a `data-pagefind-title` of `[score, label, subject]` (JSON; the subject
// `{"re": parentId}` when it is `Re:` and the parent's): Pagefind returns
// these as anchors, with each one's position in the page's words, so a page's
// matching words can be cut into the comments they fall in. What comes before
// the first comment is the story itself.

/** The keys of the search's state, in the order the address lists them. `shard` names the part of the index a `story` is in (see `src/search/shards.ts`). */
export const KEYS = ['q', 'label', 'min', 'source', 'story', 'sort', 'shard']

/** Words of an excerpt (default). */
export const EXCERPT_WORDS = 30

/**
 * Read the search's state from an address's query.
 *
 * @param {string} search `location.search` (`?q=…&label=…`).
 * @param {{min: number, max: number}} scores The score range: the search page's `data-scores` (made from `src/parse/score.ts`).
 * @returns {Record<string, string>} Every key of {@link KEYS}, `''` when absent or not valid.
 */
export function readState(search, scores) {
  const params = new URLSearchParams(search)
  const state = {}
  for (const key of KEYS) state[key] = (params.get(key) ?? '').trim()
  if (!/^-?\d$/.test(state.min) || Number(state.min) < scores.min || Number(state.min) > scores.max) state.min = ''
  if (state.sort !== 'score') state.sort = ''
  if (!/^s\d{4,}$/.test(state.shard) || state.story === '') state.shard = ''
  return state
}

/**
 * The address query of a state: keys in {@link KEYS} order, empty ones left out.
 *
 * @param {Record<string, string>} state A state.
 * @returns {string} `?q=…` or `''`.
 */
export function stateQuery(state) {
  const params = new URLSearchParams()
  for (const key of KEYS) if (state[key]) params.set(key, state[key])
  const query = params.toString()
  return query ? `?${query}` : ''
}

/**
 * Whether a state asks for anything.
 *
 * @param {Record<string, string>} state A state.
 * @returns {boolean} `false` when every key is empty (sorting alone asks for nothing).
 */
export function isSearch(state) {
  return KEYS.some((key) => key !== 'sort' && key !== 'shard' && state[key] !== '')
}

/**
 * Pagefind's filters for a state. They narrow pages: a story passes the label
 * filter when one of its comments has the label, the score filter when one
 * scores at least the minimum; {@link pageHits} then keeps the comments that do.
 *
 * @param {Record<string, string>} state A state.
 * @param {{min: number, max: number}} scores The score range, as for {@link readState}.
 * @returns {Record<string, unknown>} The `filters` option of `pagefind.search`.
 */
export function pagefindFilters(state, scores) {
  const filters = {}
  if (state.label) filters.label = state.label
  if (state.source) filters.source = state.source
  if (state.story) filters.story = state.story
  if (state.min !== '' && Number(state.min) > scores.min) {
    const any = []
    for (let score = Number(state.min); score <= scores.max; score++) any.push(String(score))
    filters.score = { any }
  }
  return filters
}

/** Words from which a query is also looked for as an exact phrase. */
export const PHRASE_WORDS = 3

/**
 * The exact-phrase form of a query, for Pagefind (which matches a phrase when
 * the whole query is in double quotes).
 *
 * @param {string} q The query as typed.
 * @returns {string | null} `"the words"`, or `null` when the query is short or quoted already.
 */
export function phraseQuery(q) {
  const words = q.replace(/"/g, ' ').trim().split(/\s+/).filter(Boolean)
  if (/^\s*".*"\s*$/.test(q) || words.length < PHRASE_WORDS) return null
  return `"${words.join(' ')}"`
}

/**
 * The words of a query as typed: white-space-separated, quotes removed, only those with a letter or digit.
 *
 * @param {string} q The query as typed.
 * @returns {string[]} The words, in order.
 */
export function queryTokens(q) {
  return q
    .replace(/"/g, ' ')
    .split(/\s+/)
    .filter((token) => /[\p{L}\p{N}]/u.test(token))
}

/**
 * How many of a query's words a region matches: each matched word counts
 * for the query word it is a form of (`rusty` for `rust`), so that a comment
 * holding every word of the query comes before one holding one word in
 * many forms.
 *
 * @param {string[]} matched The region's matched words, normalized.
 * @param {string[]} terms The query's words, normalized.
 * @returns {number} Distinct query words matched.
 */
export function termsMatched(matched, terms) {
  const found = new Set()
  for (const word of matched) {
    let best = -1
    let bestLength = 2
    terms.forEach((term, index) => {
      // The same word, or the one it shares the longest beginning with (a stem's other form: `safely`, `safety`).
      const shared = word === term || sameWord(word, term) ? Infinity : commonPrefix(word, term)
      if (shared > bestLength) [best, bestLength] = [index, shared]
    })
    if (best >= 0) found.add(terms[best])
  }
  return found.size
}

/** The length of what two words begin with alike. */
function commonPrefix(a, b) {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/**
 * Put first the pages that hold the query as an exact phrase, in Pagefind's
 * order of them, then the others in Pagefind's order.
 *
 * @template {{id: string}} T
 * @param {T[]} results Pagefind's results for the query.
 * @param {T[]} exact Pagefind's results for its exact phrase.
 * @returns {T[]} The results (the query's own result objects, which know every matching word), phrase pages first.
 */
export function phraseFirst(results, exact) {
  const byId = new Map(results.map((result) => [result.id, result]))
  const first = exact.map((result) => byId.get(result.id) ?? result)
  const seen = new Set(first.map((result) => result.id))
  return [...first, ...results.filter((result) => !seen.has(result.id))]
}

/**
 * Read a comment's `data-pagefind-title` (see `src/search/anchors.ts`, which writes it).
 *
 * @param {unknown} title The anchor's title.
 * @returns {{score: number, label: string | null, subject: string | {re: string}} | null} The comment, or `null`.
 */
export function readAnchorTitle(title) {
  if (typeof title !== 'string') return null
  let value
  try {
    value = JSON.parse(title)
  } catch {
    return null
  }
  if (!Array.isArray(value) || value.length !== 3) return null
  const [score, label, subject] = value
  if (typeof score !== 'number' || (label !== null && typeof label !== 'string')) return null
  if (typeof subject === 'string') return { score, label, subject }
  const re = subject?.re
  return typeof re === 'string' && typeof subject === 'object' && Object.keys(subject).length === 1 ? { score, label, subject: { re } } : null
}

/**
 * The subject a bare `Re:` stands for (the rule's home is `derivedSubject` in `src/search/anchors.ts`).
 *
 * @param {string} parent The parent's subject as the page shows it.
 * @returns {string}
 */
export function derivedSubject(parent) {
  return 'Re:' + parent.replace(/^\s*Re:/, '')
}

/**
 * The subjects of a page's comments as the page shows them, derived ones rebuilt
 * (see `anchorSubjects` in `src/search/anchors.ts`).
 *
 * @param {{id: string, subject: string | {re: string}}[]} comments The page's comments, each with its id.
 * @returns {string[]} Their subjects, in the same order.
 */
export function anchorSubjects(comments) {
  const byId = new Map(comments.map((comment) => [comment.id, comment.subject]))
  return comments.map(({ subject }) => {
    let from = subject
    // At most one step per comment: a cycle (only a forged page has one) ends as a bare `Re:`.
    for (let steps = 0; typeof from === 'object' && from !== null && steps <= byId.size; steps++) from = byId.get(from.re)
    return typeof subject === 'string' ? subject : derivedSubject(typeof from === 'string' ? from : '')
  })
}

/**
 * A page's words as Pagefind counts them (its locations index into these).
 *
 * @param {string} content A Pagefind result's `content`.
 * @returns {string[]} The words.
 */
export function splitWords(content) {
  return content.split(/[^\S\uFEFF]+/)
}

/**
 * A word as compared when counting how many of a query's words a comment has.
 *
 * @param {string} word A word of the page.
 * @returns {string} Lower case, letters and digits only.
 */
function normalize(word) {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '')
}

/**
 * Whether a page's word is a query's word, or another form of it (one a
 * prefix of the other, from four letters, at most three letters apart).
 *
 * @param {string} word A normalized word of the page.
 * @param {string} term A normalized word of the query.
 * @returns {boolean}
 */
function sameWord(word, term) {
  if (word === term) return true
  const [short, long] = word.length < term.length ? [word, term] : [term, word]
  return short.length >= 4 && long.length - short.length <= 3 && long.startsWith(short)
}

/**
 * An excerpt of a region of a page: about `length` words around its densest
 * matches, as parts to be written as text and `mark` elements.
 *
 * @param {string[]} words The page's words.
 * @param {number} start The region's first word.
 * @param {number} end The word after the region.
 * @param {{location: number, balanced_score: number}[]} matches Matching words in the region.
 * @param {number} [length] Words to show (default: {@link EXCERPT_WORDS}).
 * @returns {{text: string, mark: boolean}[]} Text and marked words, in order (`…` where cut).
 */
export function excerptParts(words, start, end, matches, length = EXCERPT_WORDS) {
  let from = start
  if (end - start > length && matches.length > 0) {
    // The window of `length` words holding the most matching weight; its middle when several.
    const weight = new Map()
    for (const match of matches) weight.set(match.location, (weight.get(match.location) ?? 0) + (match.balanced_score || 1))
    let sum = 0
    for (let i = start; i < start + length; i++) sum += weight.get(i) ?? 0
    let best = sum
    let bestAt = [start]
    for (let i = start + 1; i + length <= end; i++) {
      sum += (weight.get(i + length - 1) ?? 0) - (weight.get(i - 1) ?? 0)
      if (sum > best) {
        best = sum
        bestAt = [i]
      } else if (sum === best && bestAt[bestAt.length - 1] === i - 1) bestAt.push(i)
    }
    from = bestAt[Math.floor(bestAt.length / 2)]
  }
  const to = Math.min(end, from + length)
  const marked = new Set(matches.map((match) => match.location))
  const parts = []
  const push = (text, mark) => {
    if (text === '') return
    const last = parts[parts.length - 1]
    if (last && last.mark === mark && !mark) last.text += text
    else parts.push({ text, mark })
  }
  if (from > start) push('… ', false)
  for (let i = from; i < to; i++) {
    if (i > from) push(' ', false)
    const word = words[i] ?? ''
    // Mark the word, not the punctuation around it.
    const [, lead, core, trail] = marked.has(i) ? /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su.exec(word) : ['', '', '', '']
    if (core !== '') {
      push(lead, false)
      push(core, true)
      push(trail, false)
    } else push(word, false)
  }
  if (to < end) push(' …', false)
  return parts
}

/**
 * The comments and the story a Pagefind result holds for a state: with words,
 * the comments (and the story's own text) that have some of them; without,
 * every comment that passes the label and score filters, or else the story.
 *
 * @param {{url: string, content: string, meta: Record<string, string>, anchors: {id: string, location: number, title?: string}[], weighted_locations: {location: number, balanced_score: number}[]}} data What `result.data()` gives.
 * @param {Record<string, string>} state The search's state.
 * @param {number} rank The page's place in Pagefind's results (0 first).
 * @returns {object[]} Hits: `{kind: 'comment', url, id, subject, score, label, story, excerpt, words, run, weight, rank, order}`
 *   or `{kind: 'story', url, story, excerpt, words, run, weight, rank, order}`, `story` being `{title, url, source}`:
 *   `words` is how many of the query's words the hit has, `run` its most matching words in a row,
 *   `phrase` whether it holds the query's words in a row (Pagefind marks the words it was asked for; the others are found in the text),
 *   `exact` whether it holds them as typed (see `holdsPhrase`),
 *   `echo` whether another hit before it on the page holds them too (it most likely quotes that one).
 */
export function pageHits(data, state, rank) {
  const words = splitWords(data.content ?? '')
  const story = { title: data.meta?.title ?? data.url, url: data.url, source: data.meta?.source ?? '' }
  const comments = []
  for (const anchor of data.anchors ?? []) {
    const comment = readAnchorTitle(anchor.title)
    if (comment && typeof anchor.id === 'string' && anchor.id !== '') comments.push({ ...comment, id: anchor.id, location: anchor.location })
  }
  anchorSubjects(comments).forEach((subject, index) => (comments[index].subject = subject))
  comments.sort((a, b) => a.location - b.location)
  // Pagefind marks the words it was asked for; the query's other words are found in the text.
  const queryWords = state.q.split(/\s+/).map(normalize).filter(Boolean)
  const known = new Set((data.weighted_locations ?? []).map((match) => match.location))
  const textMatches = []
  // Each word normalized once (a page says its words many times: each distinct one once), and whether it is a form of a
  // query word: the matches and the phrase check read them.
  const normal = []
  if (queryWords.length > 0) {
    const seen = new Map()
    for (const word of words) {
      let normalized = seen.get(word)
      if (normalized === undefined) seen.set(word, (normalized = normalize(word)))
      normal.push(normalized)
    }
  }
  const isTerm = new Map()
  normal.forEach((normalized, location) => {
    if (known.has(location) || normalized === '') return
    let term = isTerm.get(normalized)
    if (term === undefined) isTerm.set(normalized, (term = queryWords.some((query) => sameWord(normalized, query))))
    if (term) textMatches.push({ location, balanced_score: 1 })
  })
  const locations = [...(data.weighted_locations ?? []), ...textMatches].sort((a, b) => a.location - b.location)
  const filtered = state.label !== '' || state.min !== ''
  const passes = (comment) => (state.label === '' || comment.label === state.label) && (state.min === '' || comment.score >= Number(state.min))
  const hits = []
  /** The first of `locations` at `place` or after it (they are sorted). */
  const firstFrom = (place) => {
    let low = 0
    let high = locations.length
    while (low < high) {
      const middle = (low + high) >> 1
      if (locations[middle].location < place) low = middle + 1
      else high = middle
    }
    return low
  }
  const region = (start, end) => {
    const matches = locations.slice(firstFrom(start), firstFrom(end))
    // A region without a match is no hit of a query: nothing more to know of it.
    if (state.q && matches.length === 0) return { matches, phrase: false, exact: false, words: 0, run: 0, weight: 0 }
    return {
      matches,
      ...holdsPhrase(normal, start, end, queryWords),
      words: termsMatched(matches.map((match) => normal[match.location] ?? normalize(words[match.location] ?? '')), queryWords),
      run: longestRun(matches.map((match) => match.location)),
      weight: matches.reduce((sum, match) => sum + (match.balanced_score || 0), 0)
    }
  }
  const hit = (fields, start, end, found) => ({
    ...fields,
    story,
    excerpt: excerptParts(words, start, end, found.matches),
    words: found.words,
    phrase: found.phrase,
    exact: found.exact,
    echo: false,
    run: found.run,
    weight: found.weight,
    rank,
    order: start
  })
  const storyEnd = comments.length > 0 ? comments[0].location : words.length
  if (!filtered) {
    const found = region(0, storyEnd)
    if (!state.q || found.matches.length > 0) hits.push(hit({ kind: 'story', url: data.url }, 0, storyEnd, found))
  }
  if (state.q || filtered) {
    comments.forEach((comment, index) => {
      if (!passes(comment)) return
      const end = index + 1 < comments.length ? comments[index + 1].location : words.length
      const found = region(comment.location, end)
      if (state.q && found.matches.length === 0) return
      hits.push(hit({ kind: 'comment', url: `${data.url}#${comment.id}`, id: comment.id, subject: comment.subject, score: comment.score, label: comment.label }, comment.location, end, found))
    })
  }
  // A reply comes after what it answers: of the hits that say the phrase, all but the first of the page echo it.
  hits.filter((each) => each.phrase).forEach((each, index) => (each.echo = index > 0))
  return hits
}

/**
 * Whether a region of a page holds a query's words in a row (two words or
 * more), and whether as typed: each word the same, the last one as it is or
 * begun (a phrase typed to its middle). Otherwise in their forms
 * (`return it` for `returns it`), which ranks after the words as typed.
 * Tokens without a letter or digit (a dash) are passed over: a reader types none.
 *
 * @param {string[]} normal The page's words, normalized.
 * @param {number} start The region's first word.
 * @param {number} end The word after the region.
 * @param {string[]} terms The query's normalized words, in order.
 * @returns {{phrase: boolean, exact: boolean}}
 */
function holdsPhrase(normal, start, end, terms) {
  if (terms.length < 2) return { phrase: false, exact: false }
  const region = normal.slice(start, end).filter((word) => word !== '')
  const last = terms.length - 1
  let phrase = false
  for (let i = 0; i + terms.length <= region.length; i++) {
    const at = (/** @type {number} */ j) => /** @type {string} */ (region[i + j])
    if (terms.every((term, j) => at(j) === term || (j === last && at(j).startsWith(term)))) return { phrase: true, exact: true }
    if (terms.every((term, j) => sameWord(at(j), term))) phrase = true
  }
  return { phrase, exact: false }
}

/**
 * The most positions in a row.
 *
 * @param {number[]} positions Word positions, in any order.
 * @returns {number} The length of the longest run of consecutive positions (0 for none).
 */
export function longestRun(positions) {
  const sorted = [...new Set(positions)].sort((a, b) => a - b)
  let best = 0
  let run = 0
  sorted.forEach((position, index) => {
    run = index > 0 && position === sorted[index - 1] + 1 ? run + 1 : 1
    best = Math.max(best, run)
  })
  return best
}

/**
 * Order hits: by relevance (whether a hit holds the query's words in a row,
 * then how many of the query's words it has, then
 * how many of them it has in a row, so that a phrase ranks the comment that
 * says it first, and one that says it after another of its page (an
 * `echo`, which most likely quotes it) after every first; then their weight,
 * then the page's rank), or by score
 * (highest first, stories last, then by relevance).
 *
 * @param {object[]} hits Hits from {@link pageHits}.
 * @param {string} sort `'score'`, or `''` for relevance.
 * @returns {object[]} The same hits, ordered (a new array).
 */
export function orderHits(hits, sort) {
  // A hit that says the phrase first, then one that says it after another hit of its page (`echo`: most likely a quote).
  const phrase = (hit) => (hit.phrase ? (hit.exact ? 2 : 0) + (hit.echo ? 1 : 2) : 0)
  const relevance = (a, b) => phrase(b) - phrase(a) || b.words - a.words || b.run - a.run || b.weight - a.weight || a.rank - b.rank || a.order - b.order
  const score = (hit) => (hit.kind === 'comment' ? hit.score : -Infinity)
  return [...hits].sort(sort === 'score' ? (a, b) => score(b) - score(a) || relevance(a, b) : relevance)
}

/**
 * A number as readers read it: thousands grouped with commas (the rule of
 * `readableNumber` in `src/site/plural.ts`, which writes the pages' own numbers).
 *
 * @param {number} count A whole number.
 * @returns {string} `9,991`, `74`.
 */
export function readableNumber(count) {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * A count with its noun, the count written for reading.
 *
 * @param {number} count How many.
 * @param {string} one The noun for one (`story`).
 * @param {string} many The noun for any other count (`stories`).
 * @returns {string} `1 story`, `9,991 stories`.
 */
export function plural(count, one, many) {
  return `${readableNumber(count)} ${count === 1 ? one : many}`
}

/**
 * The search's status line, in a reader's words: how many results are shown
 * and from how many stories, in what order, and how much of the archive was
 * searched and is left.
 *
 * @param {object} progress Where the search is.
 * @param {number} progress.shown Results shown (or found so far, while `busy`).
 * @param {number} progress.stories Stories those results come from.
 * @param {number} progress.searched Stories searched so far: loaded, or ruled out by the index (Pagefind's filters, the routing).
 * @param {number} progress.total Stories the search covers (the archive's).
 * @param {boolean} progress.left Whether anything is left to search.
 * @param {string} [progress.sort] `'score'`, or `''` for relevance (default: `''`).
 * @param {boolean} [progress.busy] Whether the search is going on now (default: `false`).
 * @param {boolean} [progress.newest] Whether the search goes from the newest stories back (a search without words; default: `false`).
 * @param {boolean} [progress.inStory] Whether it is one story's search (default: `false`): nothing is said of the archive.
 * @param {boolean} [progress.unheld] Whether no story holds every word, by the index (default: `false`).
 * @returns {string} `12 results from 5 stories, best match first. Searched 1,200 of 9,991 stories so far; 8,791 are left.`
 */
export function searchStatus({ shown, stories, searched, total, left, sort = '', busy = false, newest = false, inStory = false, unheld = false }) {
  const storyCount = (count) => plural(count, 'story', 'stories')
  const results = plural(shown, 'result', 'results')
  if (busy) {
    if (searched === 0 && shown === 0) return 'Searching…'
    const found = shown === 0 ? 'nothing found yet' : `${results} so far`
    return inStory ? `Searching… ${found}.` : `Searching… ${found}; searched ${readableNumber(searched)} of ${storyCount(total)}.`
  }
  if (shown === 0 && !left) {
    if (unheld) return 'Nothing matches: no story holds every word.'
    return inStory ? 'Nothing matches in this story.' : `Nothing matches in ${total === 1 ? 'the one story' : `all ${storyCount(total)}`}.`
  }
  const head = shown === 0 ? 'No results yet' : `${results} from ${storyCount(stories)}`
  const order = shown < 2 ? '' : sort === 'score' ? (left ? ', highest score first of those found so far' : ', highest score first') : ', best match first'
  let searchedText
  if (inStory) searchedText = left ? ' More of the story is left.' : ''
  else if (!left) searchedText = ` Searched ${total === 1 ? 'the one story' : `all ${storyCount(total)}`}.`
  else searchedText = ` Searched ${newest ? 'the newest ' : ''}${readableNumber(searched)} of ${storyCount(total)} so far; ${readableNumber(Math.max(total - searched, 0))} ${total - searched === 1 ? 'is' : 'are'} left.`
  return `${head}${order}.${searchedText}`
}
