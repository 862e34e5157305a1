/**
 * The search page's pure part (`templates/assets/search-core.js`): state
 * and address, Pagefind filters, cutting a story page's result into comment
 * hits, excerpts and order.
 */
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { beforeAll, describe, expect, it } from 'vitest'
import { anchorSubjects, anchorTitle, derivedSubject, readAnchorTitle, type AnchorComment } from '../../src/search/anchors.ts'
import { searchFacets } from '../../src/search/facets.ts'
import { root } from '../site/build-fixture.ts'
import { MAX_SCORE, MIN_SCORE } from '../../src/parse/score.ts'

type State = Record<string, string>
interface Part {
  text: string
  mark: boolean
}
interface Hit {
  kind: 'comment' | 'story'
  url: string
  id?: string
  subject?: string
  score?: number
  label?: string | null
  story: { title: string; url: string; source: string }
  excerpt: Part[]
  words: number
  run: number
  weight: number
  phrase?: boolean
  echo?: boolean
}
interface Location {
  location: number
  balanced_score: number
}
/** The module's exports, as this test uses them (it is plain JavaScript for the browser). */
interface Core {
  KEYS: string[]
  readState(search: string, scores: { min: number; max: number }): State
  stateQuery(state: State): string
  isSearch(state: State): boolean
  pagefindFilters(state: State, scores: { min: number; max: number }): Record<string, unknown>
  readAnchorTitle(title: unknown): AnchorComment | null
  anchorSubjects(comments: { id: string; subject: AnchorComment['subject'] }[]): string[]
  derivedSubject(parent: string): string
  excerptParts(words: string[], start: number, end: number, matches: Location[], length?: number): Part[]
  pageHits(data: unknown, state: State, rank: number): Hit[]
  longestRun(positions: number[]): number
  orderHits(hits: Hit[], sort: string): Hit[]
  phraseQuery(q: string): string | null
  phraseFirst<T extends { id: string }>(results: T[], exact: T[]): T[]
  queryTokens(q: string): string[]
  termsMatched(matched: string[], terms: string[]): number
  readableNumber(count: number): string
  plural(count: number, one: string, many: string): string
  searchStatus(progress: Progress): string
}
/** Where a search is, as `searchStatus` reads it. */
interface Progress {
  shown: number
  stories: number
  searched: number
  total: number
  left: boolean
  sort?: string
  busy?: boolean
  newest?: boolean
  inStory?: boolean
  unheld?: boolean
}

let core: Core
beforeAll(async () => {
  core = (await import(pathToFileURL(join(root, 'templates', 'assets', 'search-core.js')).href)) as Core
})

/** The score range, from its one home. */
const scores = { min: MIN_SCORE, max: MAX_SCORE }
const state = (fields: State = {}): State => core.readState('?' + new URLSearchParams(fields).toString(), scores)

/** A story page as `result.data()` gives it: the story, then three comments (the second a reply inside the first). */
function page(matches: number[] = []) {
  const content = [
    'Zebra crossing story.', // words 0-2: the story (its title)
    'The <b>zebra</b> text.', // 3-5
    'Original subject', // 6-7: c1
    'Zebra stripes are <i>great</i> and zebra is fast.', // 8-15
    'I disagree about stripes.', // 16-19: c2, a reply (its quote left out of the index)
    'Unrelated funny thing here.' // 20-23: c3
  ].join(' ')
  return {
    url: '/stories/zebra/',
    content,
    meta: { title: 'Zebra crossing story', source: 'example.org' },
    anchors: [
      { element: 'h1', id: 'story-title', text: 'Zebra crossing story', location: 0 },
      { element: 'article', id: 'c1', text: '', title: anchorTitle({ score: 4, label: 'Insightful', subject: 'Original subject' }), location: 6 },
      { element: 'span', id: 'c1-s', text: 'Original subject', location: 6 },
      { element: 'article', id: 'c2', text: '', title: anchorTitle({ score: 1, label: null, subject: { re: 'c1' } }), location: 16 },
      { element: 'article', id: 'c3', text: '', title: anchorTitle({ score: 5, label: 'Funny', subject: 'Aside' }), location: 20 }
    ],
    weighted_locations: matches.map((location) => ({ location, weight: 1, balanced_score: 10 }))
  }
}

describe('search state in the address', () => {
  it('reads every key, trimmed, and drops values that are not valid', () => {
    expect(core.readState('?q=+rust+kernel+&label=Funny&min=3&source=lwn.net&story=a-b&sort=score&shard=s0012&x=1', scores)).toEqual({
      q: 'rust kernel',
      label: 'Funny',
      min: '3',
      source: 'lwn.net',
      story: 'a-b',
      sort: 'score',
      shard: 's0012'
    })
    expect(core.readState('?min=9&sort=oldest', scores)).toMatchObject({ min: '', sort: '' })
    expect(core.readState('?min=-1', scores)).toMatchObject({ min: '-1' })
    // A shard only narrows a story's search, and is a shard's name.
    expect(core.readState('?q=a&shard=s0001', scores)).toMatchObject({ shard: '' })
    expect(core.readState('?story=a&shard=../x', scores)).toMatchObject({ shard: '' })
    expect(core.readState('', scores)).toEqual({ q: '', label: '', min: '', source: '', story: '', sort: '', shard: '' })
  })

  it('writes the keys in one order, leaving out empty ones, and reads them back', () => {
    const written = core.stateQuery({ sort: 'score', q: 'a&b=c #d', label: '', min: '0', source: '', story: 's' })
    expect(written).toBe('?q=a%26b%3Dc+%23d&min=0&story=s&sort=score')
    expect(core.readState(written, scores)).toEqual({ q: 'a&b=c #d', label: '', min: '0', source: '', story: 's', sort: 'score', shard: '' })
    expect(core.stateQuery(state())).toBe('')
  })

  it('asks for nothing when only the sort is set', () => {
    expect(core.isSearch(state({ sort: 'score' }))).toBe(false)
    expect(core.isSearch(state({ label: 'Funny' }))).toBe(true)
  })

  it('makes Pagefind filters that narrow story pages', () => {
    expect(core.pagefindFilters(state({ q: 'x', label: 'Funny', source: 'lwn.net', story: 's', min: '3' }), scores)).toEqual({
      label: 'Funny',
      source: 'lwn.net',
      story: 's',
      score: { any: ['3', '4', '5'] }
    })
    expect(core.pagefindFilters(state({ q: 'x', min: '-1' }), scores)).toEqual({})
  })
})

describe('a story page’s result cut into hits', () => {
  it('reads anchor titles as the build writes them, whatever the subject holds', () => {
    for (const subject of ['Re: "quoted" | piped', '<script>alert(1)</script>', 'ünïcødé \u2028 line', '']) {
      const comment = { score: -1, label: null, subject }
      expect(core.readAnchorTitle(anchorTitle(comment))).toEqual(comment)
    }
    const repeating = { score: 2, label: 'Funny', subject: { re: 'c1' } }
    expect(core.readAnchorTitle(anchorTitle(repeating))).toEqual(repeating)
    expect(readAnchorTitle(anchorTitle(repeating))).toEqual(repeating)
    for (const bad of [undefined, '', 'Heading text', '[1,2]', '["1",null,"s"]', '{"score":1}', '[1,null,null]', '[1,null,{"re":1}]', '[1,null,{"re":"c1","x":2}]', '[1,null,["c1"]]']) {
      expect(core.readAnchorTitle(bad)).toBeNull()
      if (typeof bad === 'string') expect(readAnchorTitle(bad)).toBeNull()
    }
  })

  it('rebuilds a subject written as its parent’s, as the story page derives it, in any order and through chains', () => {
    for (const parent of ['Top', 'Re:Top', '  Re: spaced', '', 'Re:']) expect(core.derivedSubject(parent), parent).toBe(derivedSubject(parent))
    const comments = [
      { id: 'd', subject: { re: 'c' } },
      { id: 'a', subject: 'Re: Edited' },
      { id: 'b', subject: { re: 'a' } },
      { id: 'c', subject: { re: 'b' } },
      { id: 'e', subject: { re: 'gone' } },
      { id: 'x', subject: { re: 'y' } },
      { id: 'y', subject: { re: 'x' } }
    ]
    const expected = ['Re: Edited', 'Re: Edited', 'Re: Edited', 'Re: Edited', 'Re:', 'Re:', 'Re:']
    expect(anchorSubjects(comments)).toEqual(expected)
    expect(core.anchorSubjects(comments)).toEqual(expected)
    // A hit shows the rebuilt subject.
    expect(core.pageHits(page([17]), state({ q: 'disagree' }), 0)[0]).toMatchObject({ id: 'c2', subject: 'Re:Original subject' })
  })

  it('gives a hit per comment with matching words, linking to it, and one for the story', () => {
    const hits = core.pageHits(page([0, 4, 8, 13]), state({ q: 'zebra' }), 0)
    expect(hits.map((hit) => [hit.kind, hit.url])).toEqual([
      ['story', '/stories/zebra/'],
      ['comment', '/stories/zebra/#c1']
    ])
    expect(hits[1]).toMatchObject({ id: 'c1', subject: 'Original subject', score: 4, label: 'Insightful', story: { title: 'Zebra crossing story', url: '/stories/zebra/', source: 'example.org' } })
    // Words in the reply's region count for the reply, not for its parent.
    const reply = core.pageHits(page([17]), state({ q: 'disagree' }), 0)
    expect(reply.map((hit) => hit.id)).toEqual(['c2'])
  })

  it('keeps, of the comments, those with the label and at least the score; stories drop out', () => {
    const matches = [4, 8, 19, 23]
    expect(core.pageHits(page(matches), state({ q: 'x', label: 'Insightful' }), 0).map((hit) => hit.id)).toEqual(['c1'])
    expect(core.pageHits(page(matches), state({ q: 'x', min: '4' }), 0).map((hit) => hit.id)).toEqual(['c1', 'c3'])
    expect(core.pageHits(page(matches), state({ q: 'x', min: '5', label: 'Insightful' }), 0)).toEqual([])
  })

  it('without words, lists the comments that pass the filters, or else the story', () => {
    expect(core.pageHits(page(), state({ label: 'Funny' }), 0).map((hit) => hit.id)).toEqual(['c3'])
    expect(core.pageHits(page(), state({ min: '1' }), 0).map((hit) => hit.id)).toEqual(['c1', 'c2', 'c3'])
    expect(core.pageHits(page(), state({ source: 'example.org' }), 0).map((hit) => hit.kind)).toEqual(['story'])
  })

  it('builds excerpts as text and marked words only: markup in the text stays text', () => {
    const [, comment] = core.pageHits(page([0, 8, 13]), state({ q: 'zebra' }), 0)
    expect(comment!.excerpt).toEqual([
      { text: 'Original subject ', mark: false },
      { text: 'Zebra', mark: true },
      { text: ' stripes are <i>great</i> and ', mark: false },
      { text: 'zebra', mark: true },
      { text: ' is fast.', mark: false }
    ])
  })

  it('marks the word, not the punctuation around it', () => {
    expect(core.excerptParts(['("Kernel,")', 'and', '—'], 0, 3, [{ location: 0, balanced_score: 1 }, { location: 2, balanced_score: 1 }])).toEqual([
      { text: '("', mark: false },
      { text: 'Kernel', mark: true },
      { text: ',") and —', mark: false }
    ])
  })

  it('cuts a long region around its densest matches, saying where it cut', () => {
    const words = Array.from({ length: 100 }, (_, i) => `w${i}`)
    const parts = core.excerptParts(words, 10, 90, [{ location: 60, balanced_score: 5 }], 10)
    const text = parts.map((part) => part.text).join('')
    expect(text.startsWith('… ')).toBe(true)
    expect(text.endsWith(' …')).toBe(true)
    expect(parts.filter((part) => part.mark)).toEqual([{ text: 'w60', mark: true }])
    expect(text.split(' ').filter((word) => /^w\d+$/.test(word))).toHaveLength(10)
    // Short regions are shown whole, from their start.
    expect(core.excerptParts(words, 0, 3, []).map((part) => part.text).join('')).toBe('w0 w1 w2')
  })
})

describe('order of hits', () => {
  const hit = (id: string, words: number, weight: number, score: number | null, rank = 0, run = 1): Hit => ({
    kind: score === null ? 'story' : 'comment',
    url: `/s/#${id}`,
    id,
    ...(score === null ? {} : { score }),
    story: { title: 's', url: '/s/', source: '' },
    excerpt: [],
    words,
    run,
    weight,
    ...{ rank, order: 0 }
  })

  it('by relevance: more of the query’s words first, then their weight, then the page’s rank', () => {
    const hits = [hit('many-times', 1, 90, 5), hit('all-words', 3, 20, 1), hit('two-words', 2, 20, 2, 1), hit('two-words-first-page', 2, 20, 2, 0)]
    expect(core.orderHits(hits, '').map((h) => h.id)).toEqual(['all-words', 'two-words-first-page', 'two-words', 'many-times'])
  })

  it('by relevance: of hits with as many of the words, the one with most of them in a row first (a phrase)', () => {
    const hits = [hit('scattered-heavy', 6, 200, 2, 0, 2), hit('phrase', 6, 40, 2, 1, 6)]
    expect(core.orderHits(hits, '').map((h) => h.id)).toEqual(['phrase', 'scattered-heavy'])
    expect(core.longestRun([9, 3, 4, 5, 7, 8, 4])).toBe(3)
    expect(core.longestRun([])).toBe(0)
  })

  it('counts a query’s words once each, however many forms of them a long text has', () => {
    // Words 8 and 13 are “Zebra” and “zebra”; 0 and 4 “Zebra” and “<b>zebra</b>”: one query word each time.
    const [story, comment] = core.pageHits(page([0, 4, 8, 13]), state({ q: 'zebra' }), 0)
    expect([story!.words, comment!.words]).toEqual([1, 1])
  })

  it('counts each query word a region holds, in any of its forms: one word in three forms is one of three', () => {
    // “memory safety rust”: a reply holding only rust, rusty and rusts against one holding all three words.
    expect(core.termsMatched(['rust', 'rusti', 'rusts'], ['memori', 'safeti', 'rust'])).toBe(1)
    expect(core.termsMatched(['memori', 'safeli', 'rust'], ['memori', 'safeti', 'rust'])).toBe(3)
    expect(core.termsMatched(['memories', 'rust'], ['memory', 'safety', 'rust'])).toBe(2)
    expect(core.termsMatched(['the'], ['memory'])).toBe(0)
  })

  it('by score: highest first, stories last, ties by relevance', () => {
    const hits = [hit('story', 3, 99, null), hit('low', 3, 50, 1), hit('high-weak', 1, 1, 5), hit('high-strong', 2, 1, 5)]
    expect(core.orderHits(hits, 'score').map((h) => h.id)).toEqual(['high-strong', 'high-weak', 'low', 'story'])
  })
})

describe('a typed phrase', () => {
  it('is also looked for exactly when it has three words or more and no quotes', () => {
    expect(core.phraseQuery('memory safety')).toBeNull()
    expect(core.phraseQuery('  no   longer experimental ')).toBe('"no longer experimental"')
    expect(core.phraseQuery('"already quoted phrase"')).toBeNull()
    expect(core.phraseQuery('a "b c" d')).toBe('"a b c d"')
  })

  it('puts the pages holding it first, keeping the query’s own results', () => {
    const results = ['a', 'b', 'c', 'd'].map((id) => ({ id, from: 'query' }))
    const exact = ['c', 'a'].map((id) => ({ id, from: 'phrase' }))
    expect(core.phraseFirst(results, exact)).toEqual([
      { id: 'c', from: 'query' },
      { id: 'a', from: 'query' },
      { id: 'b', from: 'query' },
      { id: 'd', from: 'query' }
    ])
    expect(core.phraseFirst(results, [])).toEqual(results)
  })
})

describe('a phrase asked of Pagefind by its rarest words', () => {
  it('takes the words of a query as typed, without quotes or lone punctuation', () => {
    expect(core.queryTokens(' "memory  safety" — in Rust ')).toEqual(['memory', 'safety', 'in', 'Rust'])
  })

  it('tells a phrase said as typed from one said in other forms, and ranks it first', () => {
    const asTyped = core.pageHits(page(), state({ q: 'zebra stripes are' }), 0).find((hit) => hit.id === 'c1')
    expect(asTyped).toMatchObject({ phrase: true, exact: true })
    // The last word may be begun: a phrase typed to its middle.
    expect(core.pageHits(page(), state({ q: 'zebra stripes ar' }), 0).find((hit) => hit.id === 'c1')).toMatchObject({ phrase: true, exact: true })
    const otherForm = core.pageHits(page(), state({ q: 'zebras stripes are' }), 0).find((hit) => hit.id === 'c1')
    expect(otherForm).toMatchObject({ phrase: true, exact: false })
    const base = { kind: 'comment' as const, story: { title: 's', url: '/s/', source: '' }, excerpt: [], rank: 0, order: 0, echo: false, words: 3, run: 3 }
    const near = { ...base, url: '/s/#near', id: 'near', weight: 90, phrase: true, exact: false }
    const typed = { ...base, url: '/s/#typed', id: 'typed', weight: 1, phrase: true, exact: true }
    expect(core.orderHits([near, typed] as Hit[], 'relevance').map((hit) => hit.id)).toEqual(['typed', 'near'])
  })

  it('says a comment holds a phrase across a token without a letter (a dash), as a reader types it without one', () => {
    const dashed = { ...page(), content: page().content.replace('Zebra stripes are', 'Zebra: - stripes are') }
    const comment = core.pageHits(dashed, state({ q: 'zebra stripes are' }), 0).find((hit) => hit.id === 'c1')
    expect(comment).toMatchObject({ phrase: true })
  })

  it('finds the words Pagefind was not asked for in the text, and knows the comment that says the phrase', () => {
    // Pagefind marked only “stripes” (word 9); the others are found in the text.
    const hits = core.pageHits(page([9]), state({ q: 'zebra stripes are' }), 0)
    const comment = hits.find((hit) => hit.id === 'c1')!
    expect(comment).toMatchObject({ words: 3, run: 3, phrase: true })
    expect(comment.excerpt.filter((part) => part.mark).map((part) => part.text)).toEqual(['Zebra', 'stripes', 'are', 'zebra'])
    const reply = core.pageHits(page([18]), state({ q: 'about stripes are' }), 0).find((hit) => hit.id === 'c2')
    expect(reply).toMatchObject({ phrase: false })
  })

  it('puts the hit that says the phrase before any that has its words apart', () => {
    const base = { kind: 'comment' as const, story: { title: 's', url: '/s/', source: '' }, excerpt: [], rank: 0, order: 0 }
    const apart = { ...base, url: '/s/#apart', id: 'apart', words: 5, run: 5, weight: 90, phrase: false }
    const said = { ...base, url: '/s/#said', id: 'said', words: 4, run: 4, weight: 10, phrase: true }
    expect(core.orderHits([apart, said], '').map((hit) => hit.id)).toEqual(['said', 'apart'])
  })

  it('puts a comment that says the phrase after another of its page (a quote of it) below every first saying, whatever the order it comes in', () => {
    const quoting = {
      url: '/stories/q/',
      content: 'Story. They said the tabipo thing works. You said the tabipo thing works but no, the tabipo thing works badly.',
      meta: { title: 'Story' },
      anchors: [
        { element: 'article', id: 'original', text: '', title: anchorTitle({ score: 2, label: null, subject: 'S' }), location: 1 },
        { element: 'article', id: 'quoting', text: '', title: anchorTitle({ score: 2, label: null, subject: 'Re:S' }), location: 7 }
      ],
      weighted_locations: [4, 10, 16].map((location) => ({ location, weight: 1, balanced_score: 10 }))
    }
    const [original, echo] = core.pageHits(quoting, state({ q: 'tabipo thing works' }), 0).filter((hit) => hit.kind === 'comment')
    expect([original, echo].map((hit) => [hit!.id, hit!.phrase, hit!.echo])).toEqual([['original', true, false], ['quoting', true, true]])
    // The quote weighs more (it says the words twice), and a hit of another page weighs between them.
    expect(echo!.weight).toBeGreaterThan(original!.weight)
    const elsewhere = { ...original!, id: 'elsewhere', url: '/stories/e/#elsewhere', rank: 1, weight: (original!.weight + echo!.weight) / 2 }
    for (const hits of [[echo!, elsewhere, original!], [original!, echo!, elsewhere], [elsewhere, original!, echo!]]) {
      expect(core.orderHits(hits, '').map((hit) => hit.id)).toEqual(['elsewhere', 'original', 'quoting'])
    }
  })
})

describe('a story page’s filter values', () => {
  it('are the labels and clamped scores of its shown comments', () => {
    expect(
      searchFacets([
        { score: 7, label: 'Funny', hidden: false },
        { score: -3, label: null, hidden: false },
        { score: 2, label: 'Troll', hidden: true },
        { score: 5, label: 'Funny', hidden: false },
        { score: 0, label: 'Insightful', hidden: false }
      ])
    ).toEqual({ labels: ['Funny', 'Insightful'], scores: ['5', '0', '-1'] })
  })
})

describe('the status line of a search', () => {
  it('writes numbers for reading, as the site’s own pages do', async () => {
    const { readableNumber, plural } = await import('../../src/site/plural.ts')
    for (const count of [0, 1, 74, 999, 1000, 9991, 665941, 1234567]) {
      expect(core.readableNumber(count)).toBe(readableNumber(count))
      expect(core.plural(count, 'story', 'stories')).toBe(plural(count, 'story', 'stories', true))
    }
    expect(core.plural(9991, 'story', 'stories')).toBe('9,991 stories')
    expect(core.plural(1, 'result', 'results')).toBe('1 result')
  })

  it('says how many results, from how many stories, how much was searched and that more is left', () => {
    expect(core.searchStatus({ shown: 12, stories: 5, searched: 1200, total: 9991, left: true })).toBe(
      '12 results from 5 stories, best match first. Searched 1,200 of 9,991 stories so far; 8,791 are left.'
    )
    expect(core.searchStatus({ shown: 3, stories: 1, searched: 3, total: 3, left: false })).toBe('3 results from 1 story, best match first. Searched all 3 stories.')
    expect(core.searchStatus({ shown: 1, stories: 1, searched: 1, total: 1, left: false })).toBe('1 result from 1 story. Searched the one story.')
  })

  it('never leaves a search with nothing shown without saying how far it got', () => {
    expect(core.searchStatus({ shown: 0, stories: 0, searched: 1200, total: 9991, left: true })).toBe('No results yet. Searched 1,200 of 9,991 stories so far; 8,791 are left.')
    expect(core.searchStatus({ shown: 0, stories: 0, searched: 9991, total: 9991, left: false })).toBe('Nothing matches in all 9,991 stories.')
    expect(core.searchStatus({ shown: 0, stories: 0, searched: 9991, total: 9991, left: false, unheld: true })).toBe('Nothing matches: no story holds every word.')
  })

  it('says what a sort by score covers', () => {
    expect(core.searchStatus({ shown: 10, stories: 4, searched: 500, total: 9991, left: true, sort: 'score' })).toMatch(/^10 results from 4 stories, highest score first of those found so far\. /)
    expect(core.searchStatus({ shown: 10, stories: 4, searched: 9991, total: 9991, left: false, sort: 'score' })).toBe('10 results from 4 stories, highest score first. Searched all 9,991 stories.')
  })

  it('says how far it has got while it searches, and which stories a search without words went through', () => {
    expect(core.searchStatus({ shown: 0, stories: 0, searched: 0, total: 9991, left: true, busy: true })).toBe('Searching…')
    expect(core.searchStatus({ shown: 2, stories: 0, searched: 1500, total: 9991, left: true, busy: true })).toBe('Searching… 2 results so far; searched 1,500 of 9,991 stories.')
    expect(core.searchStatus({ shown: 20, stories: 7, searched: 1000, total: 9991, left: true, newest: true })).toMatch(/Searched the newest 1,000 of 9,991 stories so far;/)
  })

  it('speaks of one story’s search without the archive, and of no parts or rarest words', () => {
    expect(core.searchStatus({ shown: 4, stories: 1, searched: 1, total: 1, left: false, inStory: true })).toBe('4 results from 1 story, best match first.')
    expect(core.searchStatus({ shown: 0, stories: 0, searched: 1, total: 1, left: false, inStory: true })).toBe('Nothing matches in this story.')
    for (const progress of [{ shown: 12, stories: 5, searched: 1200, total: 9991, left: true }, { shown: 0, stories: 0, searched: 10, total: 20, left: true, busy: true }]) {
      expect(core.searchStatus(progress)).not.toMatch(/part|rarest/)
    }
  })
})
