/**
 * The build's third stage: plan what to render. Each story gets its search
 * shard (`assignShards`) and each page its page key (`page-cache.ts`);
 * pages whose key is unchanged are not rendered, and the lists (home,
 * sources, feed, search…) have a key of their own. The pages to render are
 * cut into parts, one Eleventy run each ({@link batches}).
 */
import { siteAssetFiles } from '../page-script.ts'
import { join } from 'node:path'
import { assignShards, shardNumber } from '../../search/shards.ts'
import type { ArchiveData, HomePage, LabelCount, RecordRef } from '../archive.ts'
import { groupBySource, monthPages, monthYears, newestFirst, sourcePages } from '../listing.ts'
import { templatesDir, type SiteOptions } from '../options.ts'
import { codeHash, PageManifest, pageKey, type PageEntry } from '../page-cache.ts'
import { homePath, sourcePath, storyFile } from '../paths.ts'
import type { ScannedRecord } from '../scan.ts'
import type { StorySummary } from '../summary.ts'

/** What {@link planStage} takes. */
export interface PlanInput {
  /** The build's configuration. */
  site: SiteOptions
  /** The site's folder, whose pages as written are kept when current (`null`: every page is rendered, and nothing noted). */
  out: string | null
  /** Every record, as the scan found it. */
  records: readonly ScannedRecord[]
  /** Story pages per Eleventy run. */
  pagesPerRun: number
}

/** What a build renders, and what it notes once the pages are in place. */
export interface BuildPlan {
  /** The whole archive for templates: every story (each with its shard), the lists, and the story pages to render. */
  data: ArchiveData<StorySummary>
  /** The parts, one Eleventy run each, in order (none: nothing to render). */
  parts: ArchiveData<StorySummary>[]
  /** Shards some of whose pages are to be rendered: their index waits for them. */
  rendering: ReadonlySet<string>
  /** Each story's record, by slug. */
  records: ReadonlyMap<string, RecordRef>
  /** Each story's page key and shard as this build makes them, by slug (empty when `out` is `null`). */
  pages: ReadonlyMap<string, PageEntry>
  /** The page manifest, to save once the pages are in place (`null` when `out` is `null`). */
  manifest: PageManifest | null
}

/**
 * Plan a build's rendering.
 *
 * @param input The records and where the pages go.
 * @returns The plan.
 */
export async function planStage(input: PlanInput): Promise<BuildPlan> {
  const { site, out, records } = input
  const stories = newestFirst(records.map((scanned) => scanned.summary))
  const groups = groupBySource(stories)
  const months = monthPages(stories)
  // What makes every page: the code and templates (read once a build; not needed when no page is kept).
  const code = out === null ? '' : await codeHash()
  const manifest = out === null ? null : await PageManifest.open(site.cache, out)
  const refs = new Map(records.map((scanned) => [scanned.slug, { file: scanned.file, sha256: scanned.sha256 }]))
  // Each story gets its search shard: the one it had, or one made now.
  const shards = assignShards(stories.map((story) => story.slug).reverse(), manifest?.shards() ?? new Map(), site.shardSize)
  for (const story of stories) story.shard = shards.get(story.slug)!
  const storyPages: StorySummary[] = []
  for (const story of stories) {
    const key = pageKey([code, site.title, site.url, JSON.stringify(story), refs.get(story.slug)!.sha256])
    if (!manifest || !(await manifest.isCurrent(story.slug, { key, shard: story.shard }, storyFile(story.slug)))) storyPages.push(story)
  }
  const data: ArchiveData<StorySummary> = {
    stories,
    storyPages,
    lists: true,
    sources: groups.map((group) => ({ name: group.name, slug: group.slug, count: group.stories.length, path: sourcePath(group.slug) })),
    sourcePages: sourcePages(groups, site.pageSize),
    homePages: homePages(stories, site.pageSize),
    monthPages: months,
    monthYears: monthYears(months),
    comments: stories.reduce((sum, story) => sum + story.archived, 0),
    labels: labelCounts(records)
  }
  // The lists are made again only when what they are made from changed (or a file of theirs is missing).
  if (manifest) {
    // The months are made from the stories alone.
    const { storyPages: _pages, lists: _lists, monthPages: _months, monthYears: _years, ...made } = data
    const key = pageKey([code, site.title, site.url, 'lists', JSON.stringify(made)])
    data.lists = !(await manifest.listsCurrent(key, listPageFiles(data)))
  }
  // Nothing to render (no story page changed, the lists as they were): no part, and Eleventy is not even loaded.
  const parts = storyPages.length === 0 && !data.lists ? [] : batches(data, input.pagesPerRun)
  return { data, parts, rendering: new Set(storyPages.map((page) => page.shard)), records: refs, pages: manifest?.next ?? new Map(), manifest }
}

/**
 * The part of a build's data one Eleventy run renders: some of the story
 * pages, and the lists (home, sources, feed, search…) only in the last part.
 *
 * Pages go shard by shard, the newest shard first, and a part never holds
 * two shards' pages: once a shard's last part is written, its search index
 * is written while the next parts render.
 *
 * @param data The archive with the story pages to render.
 * @param size Story pages per part.
 * @returns The parts, in order; at least one.
 */
export function batches<P extends StorySummary>(data: ArchiveData<P>, size: number): ArchiveData<P>[] {
  const byShard = new Map<string, P[]>()
  for (const page of data.storyPages) {
    const list = byShard.get(page.shard)
    if (list) list.push(page)
    else byShard.set(page.shard, [page])
  }
  const runs: P[][] = []
  for (const shard of [...byShard.keys()].sort((a, b) => (shardNumber(b) ?? 0) - (shardNumber(a) ?? 0))) {
    const pages = byShard.get(shard)!
    for (let start = 0; start < pages.length; ) {
      const end = start + size
      runs.push(pages.slice(start, end))
      start = end
    }
  }
  if (runs.length === 0) runs.push([])
  // Story pages need only themselves: a part without the lists does not carry them.
  return runs.map((storyPages, index) =>
    index === runs.length - 1
      ? { ...data, storyPages }
      : { stories: [], storyPages, lists: false, sources: [], sourcePages: [], homePages: [], monthPages: [], monthYears: [], comments: data.comments, labels: [] }
  )
}

/** The lists' files (every page but the story pages), relative to the output folder. */
function listPageFiles(data: ArchiveData<StorySummary>): string[] {
  const pages = [...data.homePages, ...data.sourcePages, ...data.monthPages].map((page) => `${page.path.replace(/^\//, '')}index.html`)
  const assets = siteAssetFiles(join(templatesDir, 'assets')).map((name) => `assets/${name}`)
  return [...pages, ...assets, 'assets/filters.css', '404.html', 'feed.xml', 'sitemap.xml', 'robots.txt', 'search/index.html', 'sources/index.html', 'months/index.html']
}

/** Cut the newest-first list into the home page's pages (one empty page when there are no stories). */
function homePages(stories: StorySummary[], size: number): HomePage[] {
  const pages = Math.max(1, Math.ceil(stories.length / size))
  return Array.from({ length: pages }, (_, index) => ({
    page: index + 1,
    pages,
    path: homePath(index + 1),
    stories: stories.slice(index * size, (index + 1) * size)
  }))
}

/** Labels of shown comments, most used first (then by name). */
function labelCounts(records: readonly ScannedRecord[]): LabelCount[] {
  const counts = new Map<string, number>()
  for (const { labels } of records) for (const [label, count] of labels) counts.set(label, (counts.get(label) ?? 0) + count)
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
}
