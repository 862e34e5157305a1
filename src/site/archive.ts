/**
 * The archive as one build sees it: records scanned and checked, lists
 * made, bodies rendered page by page through the cache. Eleventy's global data gets the lists
 * (small: they are copied into every template); story pages get their view
 * from here one at a time, when they render.
 */
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { assignShards, shardNumber } from '../search/shards.ts'
import { Prefill } from '../render/prefill.ts'
import type { StoryRenderCache } from '../render/story-cache.ts'
import { groupBySource, monthPages, monthYears, newestFirst, sourcePages, type MonthPage, type MonthYear, type SourcePage } from './listing.ts'
import { templatesDir, type SiteOptions } from './options.ts'
import { scanRecords, type Problem, type ScannedRecord } from './scan.ts'
import type { ScanOutput } from './scan-task.ts'
import { codeHash, PageManifest, pageKey, type PageEntry } from './page-cache.ts'
import { storyView, type StoryView } from './story-view.ts'
import type { StorySummary } from './summary.ts'
import { homePath, sourcePath, storyFile } from './paths.ts'

/** A source domain in the list of sources. */
export interface SourceEntry {
  name: string
  slug: string
  count: number
  path: string
}

/** One page of the home page's list. */
export interface HomePage {
  /** 1-based. */
  page: number
  pages: number
  path: string
  stories: StorySummary[]
}

/**
 * A story page to render: the story's summary, and its view, made when the
 * page renders (`story.view()` in the template) and not held afterwards.
 */
export interface StoryPage extends StorySummary {
  view(): StoryView
}

/** What templates get as the global `archive`. */
export interface ArchiveData {
  /** Newest first. */
  stories: StorySummary[]
  /** The stories whose page this build (or this part of it) renders: the others' pages are already written as they would be. */
  storyPages: StoryPage[]
  /** Whether this part renders the lists: home, sources, feed, sitemap, search, 404 (see {@link batches}). */
  lists: boolean
  sources: SourceEntry[]
  sourcePages: SourcePage[]
  /** The home page's pages: stories newest first, in chunks. */
  homePages: HomePage[]
  /** A page per month of the stories' dates, newest first. */
  monthPages: MonthPage[]
  /** The same months by year: the index by month. */
  monthYears: MonthYear[]
  /** Comments in every record. */
  comments: number
  /** Labels of shown comments across the archive, most used first: the search page's label filter. */
  labels: LabelCount[]
}

/** A label and how many shown comments carry it. */
export interface LabelCount {
  label: string
  count: number
}

/** What {@link Archive.load} found: the data to render, or the records' problems. */
export type Loaded = { ok: true; data: ArchiveData } | { ok: false; problems: Problem[] }

/** Counts of one build, for the command line. */
export interface BuildStats {
  stories: number
  comments: number
  /** Distinct bodies (story and comments) of the story pages rendered. */
  bodies: number
  /** Of those, rendered in this build (the rest came from the cache). */
  rendered: number
  /** Story pages rendered in this build. */
  pages: number
  /** Story pages left as they were (their inputs did not change). */
  kept: number
  /** Records read and checked (the others had not changed since the last build). */
  read: number
  /** Milliseconds spent scanning the records. */
  prepareMs: number
}

/** Story pages to render from which a worker renders bodies ahead (it takes a few tenths of a second to start). */
const PREFILL_MIN = 8

/** Records, render cache and lists of one build. */
export class Archive {
  readonly #options: SiteOptions
  /** Each story's record file and its hash: records are read when their page renders, not held (memory stays flat). */
  readonly #records = new Map<string, { file: string; sha256: string }>()
  #cache: StoryRenderCache | null = null
  #manifest: PageManifest | null = null
  #bodies = 0
  #prefill: Prefill | null = null
  /** What the build should tell, though nothing failed (a worker that stopped early). */
  readonly notes: string[] = []
  #prefilled = 0
  #scan: Omit<BuildStats, 'bodies' | 'rendered'> | null = null

  readonly #onPage: (() => void) | undefined

  /**
   * @param options The build's options.
   * @param onPage Told each time a story page's view is made (a page rendered).
   */
  constructor(options: SiteOptions, onPage?: () => void) {
    this.#options = options
    this.#onPage = onPage
  }

  /** Counts so far: complete once every page is rendered. */
  get stats(): BuildStats | null {
    // Where the worker and this thread meet in a part, both may render a story: it counts once (at most every body).
    const rendered = (this.#cache?.rendered ?? 0) + this.#prefilled + (this.#prefill?.rendered ?? 0)
    return this.#scan && { ...this.#scan, bodies: this.#bodies, rendered: Math.min(rendered, this.#bodies) }
  }

  /**
   * Scan every record (reading those that changed), give each story its
   * search shard, and find the story pages that need rendering.
   *
   * @param out The output folder, when pages are written to it (`null` renders every page).
   * @param onRead Told, before they are read, that records changed since the last build (their pages are to be rendered).
   * @param given What ingest made of the records it wrote, by absolute path (see `scanRecords`).
   * @returns The lists for templates, with every page to render; or the records' problems, each placed in its file.
   */
  async load(out: string | null, onRead?: (records: number) => void, given?: ReadonlyMap<string, ScanOutput>): Promise<Loaded> {
    const start = performance.now()
    const { records, problems, read } = await scanRecords(this.#options.content, this.#options.cache, { workers: this.#options.workers, onRead, given })
    if (problems.length > 0) return { ok: false, problems }
    this.#records.clear()
    for (const scanned of records) this.#records.set(scanned.slug, { file: scanned.file, sha256: scanned.sha256 })
    this.#cache = null
    this.#bodies = 0
    this.#prefilled = 0

    const stories = newestFirst(records.map((scanned) => scanned.summary))
    const groups = groupBySource(stories)
    const months = monthPages(stories)
    // What makes every page: the code and templates (read once a build; not needed when no page is kept).
    const code = out === null ? '' : await codeHash()
    const storyPages = await this.#pagesToRender(stories, out, code)
    if (storyPages.length > 0) await this.#openCache()
    const data: ArchiveData = {
      stories,
      storyPages,
      lists: true,
      sources: groups.map((group) => ({ name: group.name, slug: group.slug, count: group.stories.length, path: sourcePath(group.slug) })),
      sourcePages: sourcePages(groups, this.#options.pageSize),
      homePages: homePages(stories, this.#options.pageSize),
      monthPages: months,
      monthYears: monthYears(months),
      comments: stories.reduce((sum, story) => sum + story.archived, 0),
      labels: labelCounts(records)
    }
    // The lists are made again only when what they are made from changed (or a file of theirs is missing).
    const manifest = this.#manifest
    if (manifest) {
      // The months are made from the stories alone.
      const { storyPages: _pages, lists: _lists, monthPages: _months, monthYears: _years, ...made } = data
      const key = pageKey([code, this.#options.title, this.#options.url, 'lists', JSON.stringify(made)])
      data.lists = !(await manifest.listsCurrent(key, listPageFiles(data)))
    }
    this.#scan = {
      stories: stories.length,
      comments: data.comments,
      pages: storyPages.length,
      kept: stories.length - storyPages.length,
      read,
      prepareMs: Math.round(performance.now() - start)
    }
    return { ok: true, data }
  }

  /**
   * Each story's page key and search shard as this build makes them, known
   * once {@link Archive.load} has run (and saved by {@link Archive.written}).
   *
   * @returns By slug (empty when pages are not written to a folder).
   */
  pages(): ReadonlyMap<string, PageEntry> {
    return this.#manifest?.next ?? new Map()
  }

  /**
   * Start rendering the bodies of the parts' pages on another core (see
   * `src/render/prefill.ts`), when there are enough of them to be worth a
   * worker thread; {@link Archive.settle} stops it.
   *
   * @param parts The parts {@link batches} made, in the order of the runs.
   */
  prefill(parts: readonly ArchiveData[]): void {
    const cache = this.#cache
    if (!cache || this.#prefill || parts.reduce((sum, part) => sum + part.storyPages.length, 0) < PREFILL_MIN) return
    const stories = parts.map((part) => part.storyPages.map((page) => ({ slug: page.slug, ...this.#records.get(page.slug)! })))
    this.#prefill = new Prefill(cache.folder, stories)
  }

  /** Stop rendering ahead (see {@link Archive.prefill}); a build that fails must too, or its worker keeps the process alive. */
  async settle(): Promise<void> {
    const prefill = this.#prefill
    this.#prefill = null
    if (prefill) {
      await prefill.stop()
      this.#prefilled += prefill.rendered
      if (prefill.failure !== null) this.notes.push(`rendering ahead on another core stopped (${prefill.failure}); this thread rendered the rest`)
    }
  }

  /**
   * After the pages are written: remember their keys, remove the pages of
   * stories that are gone.
   */
  async written(): Promise<void> {
    await this.settle()
    const manifest = this.#manifest
    this.#manifest = null
    if (!manifest) return
    const gone = await manifest.save(storyFile)
    // The bodies of stories that are gone leave the render cache, whether or not a page was rendered.
    if (gone.length > 0) (this.#cache ?? (await this.#openCache())).forget(gone)
  }

  /** Load the rendering code and open the render cache. */
  async #openCache(): Promise<StoryRenderCache> {
    // The code that renders story pages (the render cache, with the record reader and unified behind it) is loaded
    // when a build has a story page to render: a build with nothing to render never loads it.
    const { StoryRenderCache } = await import('../render/story-cache.ts')
    this.#cache = await StoryRenderCache.open(this.#options.cache)
    return this.#cache
  }

  /** Stories whose page is missing or made from other inputs; each story gets its search shard on the way. */
  async #pagesToRender(stories: StorySummary[], out: string | null, code: string): Promise<StoryPage[]> {
    this.#manifest = null
    const manifest = out === null ? null : await PageManifest.open(this.#options.cache, out)
    const oldestFirst = stories.map((story) => story.slug).reverse()
    const shards = assignShards(oldestFirst, manifest?.shards() ?? new Map(), this.#options.shardSize)
    for (const story of stories) story.shard = shards.get(story.slug)!
    const page = (story: StorySummary): StoryPage => ({ ...story, view: () => this.view(story.slug) })
    if (manifest === null) return stories.map(page)
    const render: StoryPage[] = []
    for (const story of stories) {
      const loaded = this.#records.get(story.slug)!
      const key = pageKey([code, this.#options.title, this.#options.url, JSON.stringify(story), loaded.sha256])
      if (!(await manifest.isCurrent(story.slug, { key, shard: story.shard }, storyFile(story.slug)))) render.push(page(story))
    }
    this.#manifest = manifest
    return render
  }

  /**
   * The story page's view of a story.
   *
   * @param slug The story's slug.
   * @returns The view.
   */
  view(slug: string): StoryView {
    const loaded = this.#records.get(slug)
    const cache = this.#cache
    if (!loaded || !cache) throw new Error(`no story \`${slug}\` to render in this build`)
    // From the render cache (the worker rendering ahead kept it), else read again (it was checked when scanned):
    // holding every record for the whole build would not fit a large archive.
    const story = cache.story({ slug, ...loaded })
    if (!story) throw new Error(`${loaded.file} changed during the build and no longer reads as a record`)
    const { record, html } = story
    this.#bodies += html.size
    this.#onPage?.()
    return storyView(record, (markdown) => {
      const made = html.get(markdown)
      if (made === undefined) throw new Error(`a body of \`${slug}\` is not among its story's bodies (see \`storyBodies\`)`)
      return made
    })
  }
}

/**
 * The part of a build's data one Eleventy run renders: some of the story
 * pages, and the lists (home, sources, feed, search…) only in the last part.
 *
 * Pages go shard by shard, the newest shard first, and a part never holds
 * two shards' pages: once a shard's last part is written, its search index
 * is written while the next parts render.
 *
 * @param data What {@link Archive.load} gave.
 * @param size Story pages per part.
 * @returns The parts, in order; at least one.
 */
export function batches(data: ArchiveData, size: number): ArchiveData[] {
  const byShard = new Map<string, StoryPage[]>()
  for (const page of data.storyPages) {
    const list = byShard.get(page.shard)
    if (list) list.push(page)
    else byShard.set(page.shard, [page])
  }
  const runs: StoryPage[][] = []
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
function listPageFiles(data: ArchiveData): string[] {
  const pages = [...data.homePages, ...data.sourcePages, ...data.monthPages].map((page) => `${page.path.replace(/^\//, '')}index.html`)
  const assets = readdirSync(join(templatesDir, 'assets')).map((name) => `assets/${name}`)
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
