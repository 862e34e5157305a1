/**
 * The lists of the site: stories newest first, grouped by source, in pages.
 */
import { slugify, uniqueSlug } from '../records/slug.ts'
import type { StorySummary } from './summary.ts'
import { monthPath, sourcePath } from './paths.ts'

/** The stories of one source domain. */
export interface SourceGroup {
  /** The domain as the dumps print it. */
  name: string
  /** Its page's slug (`/sources/<slug>/`). */
  slug: string
  stories: StorySummary[]
}

/** One page of a source's list. */
export interface SourcePage {
  name: string
  slug: string
  /** 1-based. */
  page: number
  pages: number
  /** This page's path on the site. */
  path: string
  stories: StorySummary[]
  /** Stories of the source on every page. */
  total: number
}

/**
 * Order stories newest first; the same date by title, then slug.
 *
 * @param stories Summaries in any order.
 * @returns A new, sorted array.
 */
export function newestFirst(stories: readonly StorySummary[]): StorySummary[] {
  return [...stories].sort(
    (a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0) || a.title.localeCompare(b.title) || (a.slug < b.slug ? -1 : 1)
  )
}

/**
 * Group stories by source domain (case-insensitive), and give each domain a
 * unique slug. Sets each story's `sourceSlug`. Stories without a source are in no group.
 *
 * @param stories Summaries, in the order each group should list them.
 * @returns The groups, by domain name.
 */
export function groupBySource(stories: readonly StorySummary[]): SourceGroup[] {
  const groups = new Map<string, SourceGroup>()
  for (const story of stories) {
    if (story.source === null) continue
    const key = story.source.toLowerCase()
    let group = groups.get(key)
    if (!group) {
      group = { name: story.source, slug: '', stories: [] }
      groups.set(key, group)
    }
    group.stories.push(story)
  }
  const sorted = [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  const taken = new Set<string>()
  for (const [, group] of sorted) {
    const slug = uniqueSlug(slugify(group.name), taken)
    taken.add(slug)
    group.slug = slug
    for (const story of group.stories) story.sourceSlug = slug
  }
  return sorted.map(([, group]) => group)
}

/**
 * Cut each source's list into pages.
 *
 * @param groups Groups from {@link groupBySource}.
 * @param size Stories per page.
 * @returns Every page of every source.
 */
export function sourcePages(groups: readonly SourceGroup[], size: number): SourcePage[] {
  const pages: SourcePage[] = []
  for (const group of groups) {
    const count = Math.max(1, Math.ceil(group.stories.length / size))
    for (let page = 1; page <= count; page++) {
      pages.push({
        name: group.name,
        slug: group.slug,
        page,
        pages: count,
        path: sourcePath(group.slug, page),
        stories: group.stories.slice((page - 1) * size, page * size),
        total: group.stories.length
      })
    }
  }
  return pages
}

/** One link of a pager: a page, or the gap between pages not linked. */
export interface PagerItem {
  /** `first`, `prev`, `next`, `last`: the pager's ends; `page`: a numbered page; `gap`: pages left out. */
  kind: 'first' | 'prev' | 'page' | 'gap' | 'next' | 'last'
  /** The page it leads to (1-based; 0 for a gap). */
  page: number
  /** Whether it is the page shown (`aria-current`). */
  current: boolean
}

/**
 * The links of a pager that stays short however many pages there are:
 * first and previous, the pages around the current one, next and last.
 *
 * @param current The page shown, 1-based.
 * @param pages How many pages there are.
 * @param around Pages linked on each side of the current one (default: `2`).
 * @returns The items in order; none when there is one page.
 */
export function pagerItems(current: number, pages: number, around = 2): PagerItem[] {
  if (pages <= 1) return []
  const items: PagerItem[] = []
  const link = (kind: PagerItem['kind'], page: number): void => void items.push({ kind, page, current: kind === 'page' && page === current })
  if (current > 1) {
    link('first', 1)
    link('prev', current - 1)
  }
  const from = Math.max(1, current - around)
  const to = Math.min(pages, current + around)
  if (from > 1) link('gap', 0)
  for (let page = from; page <= to; page++) link('page', page)
  if (to < pages) link('gap', 0)
  if (current < pages) {
    link('next', current + 1)
    link('last', pages)
  }
  return items
}

/** A month's stories. */
export interface MonthPage {
  /** `YYYY-MM`. */
  month: string
  /** `November 2026`. */
  name: string
  path: string
  stories: StorySummary[]
}

/** A year of the index by month, newest month first. */
export interface MonthYear {
  year: string
  months: MonthPage[]
}

const monthNames = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/**
 * The name of a month.
 *
 * @param month `YYYY-MM`.
 * @returns `November 2026`.
 */
export function monthName(month: string): string {
  return `${monthNames[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`
}

/**
 * Group stories by the month of their date (`StorySummary.date`).
 *
 * @param stories Summaries newest first ({@link newestFirst}).
 * @returns One page per month, newest first, each listing its stories in the order given.
 */
export function monthPages(stories: readonly StorySummary[]): MonthPage[] {
  const months = new Map<string, MonthPage>()
  for (const story of stories) {
    const month = story.date.slice(0, 7)
    let page = months.get(month)
    if (!page) {
      page = { month, name: monthName(month), path: monthPath(month), stories: [] }
      months.set(month, page)
    }
    page.stories.push(story)
  }
  return [...months.values()].sort((a, b) => (a.month < b.month ? 1 : a.month > b.month ? -1 : 0))
}

/**
 * The index by month: months grouped by year.
 *
 * @param months Pages from {@link monthPages}, newest first.
 * @returns Years newest first.
 */
export function monthYears(months: readonly MonthPage[]): MonthYear[] {
  const years: MonthYear[] = []
  for (const month of months) {
    const year = month.month.slice(0, 4)
    if (years.at(-1)?.year !== year) years.push({ year, months: [] })
    years.at(-1)!.months.push(month)
  }
  return years
}
