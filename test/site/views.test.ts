/**
 * The pure parts of the site: the story view, the lists, the picture.
 */
import { describe, expect, it } from 'vitest'
import type { StoryRecord } from '../../src/records/record.ts'
import type { RecordComment, RecordData } from '../../src/records/schema.ts'
import { groupBySource, monthPages, monthYears, newestFirst, pagerItems, sourcePages } from '../../src/site/listing.ts'
import { shapeSvg } from '../../src/site/shape-svg.ts'
import type { ArchiveData } from '../../src/site/archive.ts'
import { batches } from '../../src/site/stages/plan.ts'
import { filterCss } from '../../src/site/filter-css.ts'
import { MAX_LABELS, scoreHistory, storyView } from '../../src/site/story-view.ts'
import { MAX_SCORE, MIN_SCORE } from '../../src/parse/score.ts'
import type { StorySummary } from '../../src/site/summary.ts'

function comment(id: string, parent: string | null, subject: string, score: number, label: string | null, extra: Partial<RecordComment> = {}): RecordComment {
  return { id, parent, parentBy: parent === null ? 'root' : 'order', depth: 0, subject, score, label, body: `${id}\n`, ...extra }
}

function record(comments: RecordComment[]): StoryRecord {
  const data = { title: 'T', source: null, commentCount: comments.length, byline: null, dump: 'd', dumpSha256: 'x', parser: 1, ingested: '2026-01-01T00:00:00.000Z', comments } as RecordData
  return { data, content: 'Story.\n', edited: false, get story(): never { throw new Error('the view reads the front matter only') } }
}

describe('storyView', () => {
  const view = storyView(
    record([
      comment('a', null, 'Top', 5, 'Funny'),
      comment('b', 'a', 'Re:', 3, 'Insightful'),
      comment('c', 'b', 'Re: Edited', 9, 'Funny'),
      comment('d', 'c', 'Re:', -4, null),
      comment('e', null, 'Spam', 0, 'Troll', { hidden: true }),
      comment('f', 'e', 'Re:Spam', 1, null)
    ]),
    (markdown) => `<p>${markdown.trim()}</p>`
  )

  it('nests replies and counts what is under each comment', () => {
    expect(view.threads.map((thread) => thread.id)).toEqual(['a', 'e'])
    expect(view.threads[0]!.replies[0]!.replies[0]!.replies[0]!.id).toBe('d')
    expect(view.threads[0]!.descendants).toBe(3)
  })

  it('shows a bare Re: as Re: and its parent’s subject without Re:, marked derived', () => {
    const b = view.threads[0]!.replies[0]!
    const d = b.replies[0]!.replies[0]!
    expect([b.subject, b.derived]).toEqual(['Re:Top', true])
    expect([d.subject, d.derived]).toEqual(['Re: Edited', true])
    expect(b.replies[0]!.derived).toBe(false)
  })

  it('never shows a hidden comment’s subject through a bare Re: under it', () => {
    const spam = storyView(
      record([
        comment('a', null, 'SPAM BUY PILLS', 0, null, { hidden: true }),
        comment('b', 'a', 'Re:', 1, null),
        comment('c', 'b', 'Re:', 1, null),
        comment('d', 'a', 'Re: Not spam', 1, null),
        comment('e', 'd', 'Re:', 1, null)
      ]),
      (markdown) => `<p>${markdown.trim()}</p>`
    )
    const [b, d] = spam.threads[0]!.replies
    expect([b!.subject, b!.derived]).toEqual(['Re:', false])
    expect([b!.replies[0]!.subject, b!.replies[0]!.derived]).toEqual(['Re:', false])
    expect([d!.replies[0]!.subject, d!.replies[0]!.derived]).toEqual(['Re: Not spam', true])
    expect(JSON.stringify(spam.steps)).not.toContain('PILLS')
  })

  it('keeps a hidden comment as a placeholder without its text, and leaves it out of the counts', () => {
    const hidden = view.threads[1]!
    expect([hidden.hidden, hidden.html, hidden.replies[0]!.id]).toEqual([true, '', 'f'])
    expect(view.shown).toBe(5)
    expect(view.hitparade).toEqual([
      { threshold: -1, count: 5 },
      { threshold: 0, count: 4 },
      { threshold: 1, count: 4 },
      { threshold: 2, count: 3 },
      { threshold: 3, count: 3 },
      { threshold: 4, count: 2 },
      { threshold: 5, count: 2 }
    ])
  })

  it('gives scores outside -1…5 the nearest class, and labels their filter index, most used first', () => {
    expect(view.labels).toEqual([
      { label: 'Funny', index: 0, count: 2 },
      { label: 'Insightful', index: 1, count: 1 }
    ])
    const classes = (id: string): string => {
      const find = (list: typeof view.threads): string | undefined => {
        for (const item of list) if (item.id === id) return item.classes
        for (const item of list) {
          const found = find(item.replies)
          if (found) return found
        }
        return undefined
      }
      return find(view.threads)!
    }
    expect(['a', 'b', 'c', 'd', 'f'].map(classes)).toEqual(['s5 l0', 's3 l1', 's5 l0', 's-1', 's1'])
  })

  it('has a stylesheet rule for every threshold and label choice a page can offer, and none for more', () => {
    const css = filterCss()
    // A record with more labels than there are choices: the view offers MAX_LABELS of them.
    const many = storyView(
      record(Array.from({ length: MAX_LABELS + 5 }, (_, n) => comment(`m${n}`, null, `S${n}`, (n % 7) - 1, `Label${n}`))),
      (markdown) => markdown
    )
    expect(many.labels).toHaveLength(MAX_LABELS)
    for (const choice of many.labels) {
      expect(css).toContain(`body:has(#lf${choice.index}:checked) .c:not(.op):not(.l${choice.index}) > details > :not(summary, .c)`)
      expect(css).toContain(`body:has(#lf${choice.index}:checked) .c:not(.op):not(.l${choice.index}) > details > summary`)
      expect(css).toContain(`body:has(#lf${choice.index}:checked):has(#hf:checked) .c:not(.op):not(.l${choice.index}) > details > summary`)
    }
    expect(css).not.toContain(`#lf${MAX_LABELS}:`)
    for (const step of many.hitparade) {
      // The lowest threshold folds nothing; each other folds every score below it.
      const below = Array.from({ length: step.threshold - MIN_SCORE }, (_, n) => `.s${MIN_SCORE + n}`).join(',')
      if (step.threshold === MIN_SCORE) expect(css).not.toContain(`#t${step.threshold}:`)
      else expect(css).toContain(`body:has(#t${step.threshold}:checked) .c:not(.op):is(${below}) > details > :not(summary, .c)`)
    }
    // Only what the latest capture added.
    expect(css).toContain('body:has(#nw:checked) .c:not(.op):not(.nw) > details > :not(summary, .c)')
    expect(many.hitparade.map((step) => step.threshold)).toEqual(Array.from({ length: MAX_SCORE - MIN_SCORE + 1 }, (_, n) => MIN_SCORE + n))
  })

  it('renders the story and the bodies through what it is given', () => {
    expect(view.html).toBe('<p>Story.</p>')
    expect(view.threads[0]!.html).toBe('<p>a</p>')
  })
})

describe('lists', () => {
  const summary = (slug: string, date: string, source: string | null): StorySummary => ({
    slug,
    path: `/stories/${slug}/`,
    title: slug,
    source,
    sourceSlug: null,
    date,
    dated: true,
    archived: 0,
    stated: 0,
    hidden: 0,
    byline: null,
    lede: '',
    url: null,
    shard: 's0000'
  })

  it('orders newest first, and groups sources case-insensitively with unique slugs', () => {
    const stories = newestFirst([
      summary('old', '2020-01-01T00:00:00.000Z', 'a.b'),
      summary('new', '2024-01-01T00:00:00.000Z', 'A.B'),
      summary('mid', '2022-01-01T00:00:00.000Z', 'a-b'),
      summary('none', '2023-01-01T00:00:00.000Z', null)
    ])
    expect(stories.map((story) => story.slug)).toEqual(['new', 'none', 'mid', 'old'])
    const groups = groupBySource(stories)
    expect(groups.map((group) => [group.name, group.slug, group.stories.map((story) => story.slug)])).toEqual([
      ['a-b', 'a-b', ['mid']],
      ['A.B', 'a-b-2', ['new', 'old']]
    ])
    expect(stories.find((story) => story.slug === 'old')!.sourceSlug).toBe('a-b-2')
    expect(sourcePages(groups, 1).map((page) => page.path)).toEqual(['/sources/a-b/', '/sources/a-b-2/', '/sources/a-b-2/page/2/'])
  })
})

describe('shapeSvg', () => {
  it('draws numbers only, one bar per score and per thread', () => {
    const svg = shapeSvg({ scores: [5, 5, 2, -1], threads: [[1, 2, 1], [1]] })
    expect(svg).toMatch(/^<svg class="shape" role="img" viewBox="0 0 246 150" aria-labelledby="shape-s-title shape-s-desc">/)
    expect(svg).toContain('<svg class="shape" role="img" viewBox="0 0 338 150" aria-labelledby="shape-t-title shape-t-desc">')
    expect(svg).toContain('<desc id="shape-s-desc">Scores: 1 at -1, 0 at 0, 0 at 1, 1 at 2, 0 at 3, 0 at 4, 2 at 5.</desc>')
    expect(svg).toContain('<desc id="shape-t-desc">2 threads; the largest has 4 comments; the deepest goes 2 replies down.</desc>')
    // Each colour one path, a closed rectangle per bar.
    const boxes = (shade: string) => (new RegExp(`<path class="${shade}" d="([^"]*)"/>`).exec(svg)?.[1] ?? '').match(/M[^z]*z/g) ?? []
    expect(boxes('bar')).toHaveLength(3)
    expect(['d0', 'd1', 'd2'].map((shade) => boxes(shade).length)).toEqual([2, 1, 1])
    expect(svg).not.toContain('class="d3"')
  })

  it('draws an empty discussion', () => {
    expect(shapeSvg({ scores: [], threads: [] })).toContain('0 threads')
  })
})

describe('batches', () => {
  /** Data with story pages of these shards, in this order. */
  const data = (shards: string[]): ArchiveData => ({
    stories: [],
    storyPages: shards.map((shard, i) => ({ shard, slug: `p${i}` }) as unknown as ArchiveData['storyPages'][number]),
    lists: true,
    sources: [],
    sourcePages: [],
    homePages: [],
    monthPages: [],
    monthYears: [],
    comments: 0,
    labels: []
  })

  it('renders shard by shard, newest first, never two shards in a part, the lists last', () => {
    const parts = batches(data(['s0000', 's0011', 's0000', 's0002', 's0011', 's0011', 's0000', 's0000']), 3)
    expect(parts.map((part) => part.storyPages.map((page) => `${page.shard}:${page.slug}`))).toEqual([
      ['s0011:p1', 's0011:p4', 's0011:p5'],
      ['s0002:p3'],
      ['s0000:p0', 's0000:p2', 's0000:p6'],
      ['s0000:p7']
    ])
    expect(parts.map((part) => part.lists)).toEqual([false, false, false, true])
  })

  it('makes one part with the lists when no story page is to be rendered', () => {
    expect(batches(data([]), 500)).toMatchObject([{ storyPages: [], lists: true }])
  })
})

describe('pagerItems', () => {
  const shown = (current: number, pages: number) =>
    pagerItems(current, pages)
      .map((item) => (item.kind === 'page' ? (item.current ? `[${item.page}]` : `${item.page}`) : item.kind === 'gap' ? '…' : `${item.kind}:${item.page}`))
      .join(' ')

  it('links first, previous, the pages around the current one, next and last', () => {
    expect(shown(167, 334)).toBe('first:1 prev:166 … 165 166 [167] 168 169 … next:168 last:334')
    expect(shown(1, 334)).toBe('[1] 2 3 … next:2 last:334')
    expect(shown(334, 334)).toBe('first:1 prev:333 … 332 333 [334]')
    expect(shown(2, 3)).toBe('first:1 prev:1 1 [2] 3 next:3 last:3')
  })

  it('has nothing for one page', () => {
    expect(pagerItems(1, 1)).toEqual([])
  })
})

describe('monthPages', () => {
  it('groups stories by the month of their date, newest month first, and by year for the index', () => {
    const story = (slug: string, date: string) => ({ slug, date }) as StorySummary
    const months = monthPages([story('c', '2026-11-24T00:00:00Z'), story('b', '2026-11-02'), story('a', '2025-01-09')])
    expect(months.map((month) => [month.month, month.name, month.path, month.stories.map((s) => s.slug)])).toEqual([
      ['2026-11', 'November 2026', '/months/2026-11/', ['c', 'b']],
      ['2025-01', 'January 2025', '/months/2025-01/', ['a']]
    ])
    expect(monthYears(months).map((year) => [year.year, year.months.length])).toEqual([['2026', 1], ['2025', 1]])
  })
})

describe('captures over time in the view', () => {
  it('says how a score and label changed, a run of equal values once', () => {
    expect(scoreHistory([{ score: 2, label: 'Insightful' }, { score: 2, label: 'Insightful' }, { score: 4, label: 'Funny' }])).toBe('Score 2 → 4, Insightful → Funny')
    expect(scoreHistory([{ score: 2, label: null }, { score: 2, label: 'Funny' }])).toBe('no label → Funny')
    expect(scoreHistory([{ score: 3, label: null }, { score: 3, label: null }])).toBe('')
    expect(scoreHistory([{ score: 3, label: null }])).toBe('')
  })

  it('marks what later captures added, lists the captures, and counts what the latest added', () => {
    const seen = (...captures: [number, number, string | null][]) => ({ seen: captures.map(([capture, score, label]) => ({ capture, score, label })) })
    const two = record([comment('a', null, 'A', 4, 'Funny', seen([0, 2, 'Insightful'], [1, 4, 'Funny'])), comment('b', null, 'B', 1, null, seen([1, 1, null])), comment('c', null, 'C', 1, null, seen([0, 1, null]))])
    two.data.captures = [{ dump: 'dumps/d-2.txt', dumpSha256: 'y', joined: '2026-02-01T00:00:00.000Z' }]
    const view = storyView(two, (markdown) => markdown)
    expect(view.captures).toEqual([
      { number: 1, dump: 'd', joined: '2026-01-01T00:00:00.000Z' },
      { number: 2, dump: 'dumps/d-2.txt', joined: '2026-02-01T00:00:00.000Z' }
    ])
    expect(view.threads.map((c) => [c.id, c.history, c.addedIn, c.classes])).toEqual([
      ['a', 'Score 2 → 4, Insightful → Funny', 0, 's4 l0'],
      ['b', '', 2, 's1 nw'],
      ['c', '', 0, 's1']
    ])
    expect(view.added).toBe(1)
    // One capture: no list of captures, nothing new.
    const one = storyView(record([comment('a', null, 'A', 4, null)]), (markdown) => markdown)
    expect([one.captures, one.added, one.threads[0]!.addedIn, one.threads[0]!.classes]).toEqual([[], 0, 0, 's4'])
  })
})
