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
// asks the newest shard first and older ones as more results are wanted, so
// a phone fetches the index of a few hundred stories, not of the archive.
import { isSearch, KEYS, orderHits, pageHits, pagefindFilters, phraseFirst, phraseQuery, readState, stateQuery } from './search-core.js'

/** Story pages whose fragments one round loads; the first round loads fewer, so that the first results come with little to fetch. */
const BATCH = 5
const FIRST = 3
/** Rounds a "Show more" may take to find this many hits. */
const ENOUGH = 10
const ROUNDS = 3
/** Shards a "Show more" may search when the ones searched have no more results. */
const SHARDS = 2

const form = document.getElementById('search')
const list = document.getElementById('search-hits')
const status = document.getElementById('search-status')
const more = document.getElementById('search-more')
const inStory = document.getElementById('in-story')
const inStoryTitle = document.getElementById('in-story-title')

let shardList = null
/** The index's shards, newest first (`[{name, stories}]`), fetched once. */
function loadShards() {
  shardList ??= fetch(new URL('../pagefind/shards.json', import.meta.url)).then(async (response) => {
    if (!response.ok) throw new Error(`/pagefind/shards.json: ${response.status} ${response.statusText}`)
    return (await response.json()).shards
  })
  shardList.catch(() => (shardList = null))
  return shardList
}

const bundles = new Map()
/** A shard's Pagefind API, loaded once, from beside this site's pages. */
function loadPagefind(name) {
  if (!bundles.has(name)) bundles.set(name, import(new URL(`../pagefind/${name}/pagefind.js`, import.meta.url).href))
  return bundles.get(name)
}

/** The state the form shows. */
function formState() {
  const state = {}
  for (const key of KEYS) state[key] = String(form.elements[key]?.value ?? '').trim()
  return readState(stateQuery(state))
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

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`
}

/**
 * What the results are: `12 results in 3 stories.`, or from how many of the
 * stories that match, and how much of the archive was searched.
 */
function summary(shown, loaded, matched, searched, total, sort) {
  const everywhere = searched >= total
  if (shown === 0 && loaded >= matched && everywhere) return 'Nothing matches.'
  const results = plural(shown, 'result', 'results')
  const among = everywhere ? '' : ` among the newest ${plural(searched, 'story', 'stories')} of ${total}`
  if (loaded >= matched) return `${results} in ${plural(matched, 'story', 'stories')}${among}.`
  return `${results} from the first ${loaded} of ${matched} stories that match${among}${sort === 'score' ? ', sorted by score as they load' : ''}.`
}

let run = 0
let loadMore = null

/** Run a state's search and show its first results. */
async function show(state) {
  const mine = ++run
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
  const failed = (error) => {
    if (mine !== run) return
    const reason = String(error instanceof Error ? error.message : error).replace(/\.+$/, '')
    status.textContent = `Search could not load its index (${reason}): build the site with \`scrollback build\` and serve it over http(s).`
    list.dataset.shown = stateQuery(state)
    list.removeAttribute('aria-busy')
  }
  let shards
  try {
    shards = await loadShards()
  } catch (error) {
    return failed(error)
  }
  if (mine !== run) return
  // A story's search asks its shard only, when the address names it.
  const inShard = shards.filter((shard) => shard.name === state.shard)
  const order = state.story && inShard.length > 0 ? inShard : shards
  const total = order.reduce((sum, shard) => sum + shard.stories, 0)
  const filters = pagefindFilters(state)
  const phrase = phraseQuery(state.q)
  /** Results of the shards searched that are not loaded yet, best first within each shard. */
  const queue = []
  let searchedShards = 0
  let searched = 0
  let matched = 0
  let loaded = 0
  let shown = 0

  /** Search the next shard, adding its results to the queue. */
  async function searchShard() {
    const shard = order[searchedShards++]
    const api = await loadPagefind(shard.name)
    const search = await api.search(state.q || null, { filters })
    let results = search?.results ?? []
    // Stories that hold the words as typed, in a row, load first (the index chunks are fetched already).
    if (phrase && results.length > 1) results = phraseFirst(results, (await api.search(phrase, { filters }))?.results ?? [])
    searched += shard.stories
    matched += results.length
    queue.push(...results)
  }

  loadMore = async () => {
    more.hidden = true
    list.setAttribute('aria-busy', 'true')
    const hits = []
    let batches = 0
    let shardsNow = 0
    try {
      while (batches < ROUNDS && (batches === 0 || hits.length < ENOUGH)) {
        // A batch's worth of stories to load, from as few shards as will give it.
        const size = loaded === 0 ? FIRST : BATCH
        while (queue.length < size && searchedShards < order.length && shardsNow < SHARDS) {
          shardsNow++
          await searchShard()
          if (mine !== run) return
        }
        if (queue.length === 0) break
        batches++
        const batch = queue.splice(0, size)
        const pages = await Promise.all(batch.map((result) => result.data()))
        if (mine !== run) return
        if (state.story && pages[0]) inStoryTitle.textContent = pages[0].meta?.title ?? state.story
        pages.forEach((page, index) => hits.push(...pageHits(page, state, loaded + index)))
        loaded += batch.length
      }
    } catch (error) {
      return failed(error)
    }
    for (const hit of orderHits(hits, state.sort)) list.append(renderHit(hit))
    shown += hits.length
    status.textContent = summary(shown, loaded, matched, searched, total, state.sort)
    more.hidden = queue.length === 0 && searchedShards >= order.length
    more.textContent = queue.length === 0 ? 'Search older stories' : 'Show more'
    list.dataset.shown = stateQuery(state)
    list.removeAttribute('aria-busy')
  }
  await loadMore()
}

/** Show a state and put it in the address: a new history entry, or in place of the current one. */
function go(state, push) {
  const url = location.pathname + stateQuery(state)
  if (url !== location.pathname + location.search) {
    if (push) history.pushState(null, '', url)
    else history.replaceState(null, '', url)
  }
  return show(state)
}

// Typing replaces the history entry it started, so Back goes to the search before it.
let typing = false
let timer = 0

form.addEventListener('submit', (event) => {
  event.preventDefault()
  clearTimeout(timer)
  go(formState(), !typing)
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
more.addEventListener('click', () => loadMore?.())
/** Show the search the address names, writing the address in its one form (as a form without JavaScript, or a person, may not have). */
function showAddress() {
  const state = readState(location.search)
  const canonical = stateQuery(state)
  if (canonical !== location.search) history.replaceState(history.state, '', location.pathname + canonical + location.hash)
  return show(state)
}

addEventListener('popstate', () => {
  clearTimeout(timer)
  typing = false
  showAddress()
})

showAddress()
