/**
 * The lists of the site: stories newest first, grouped by source, in pages.
 */
import { slugify, uniqueSlug } from '../records/slug.ts'
import type { StorySummary } from './summary.ts'
import { sourcePath } from './paths.ts'

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
