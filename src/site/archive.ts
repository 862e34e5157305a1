/**
 * The archive as one build sees it: records read and checked, bodies
 * rendered into the cache, lists made. Eleventy's global data gets the lists
 * (small: they are copied into every template); story pages get their view
 * from here one at a time, when they render.
 */
import { readFileSync } from 'node:fs'
import { readRecord } from '../records/record.ts'
import { RenderCache } from '../render/cache.ts'
import { cachedHtml, fillCache } from '../render/fill-cache.ts'
import { groupBySource, newestFirst, sourcePages, type SourcePage } from './listing.ts'
import { loadRecords, type LoadedRecord } from './load.ts'
import type { SiteOptions } from './options.ts'
import { assignShards } from '../search/shards.ts'
import { codeHash, PageManifest, pageKey } from './page-cache.ts'
import { RecordProblemsError } from './problems.ts'
import { storyView, type StoryView } from './story-view.ts'
import { summarize, type StorySummary } from './summary.ts'

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

/** What templates get as the global `archive`. */
export interface ArchiveData {
  /** Newest first. */
  stories: StorySummary[]
  /** The stories whose page this build renders: the others' pages are already written as they would be. */
  storyPages: StorySummary[]
  sources: SourceEntry[]
  sourcePages: SourcePage[]
  /** The home page's pages: stories newest first, in chunks. */
  homePages: HomePage[]
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

/** Counts of one build, for the command line. */
export interface BuildStats {
  stories: number
  comments: number
  /** Distinct bodies (story and comments). */
  bodies: number
  /** Bodies rendered in this build (the rest came from the cache). */
  rendered: number
  /** Story pages rendered in this build. */
  pages: number
  /** Story pages left as they were (their inputs did not change). */
  kept: number
  /** Milliseconds spent reading records and rendering bodies. */
  prepareMs: number
}

/** Records, render cache and lists of one build. */
export class Archive {
  readonly #options: SiteOptions
  /** Each story's record file and its hash: records are read again when their page renders, not held (memory stays flat). */
  readonly #records = new Map<string, Pick<LoadedRecord, 'file' | 'sha256'>>()
  #cache: RenderCache | null = null
  #manifest: PageManifest | null = null
  stats: BuildStats | null = null

  /**
   * @param options The build's options.
   */
  constructor(options: SiteOptions) {
    this.#options = options
  }

  /**
   * Read every record, render what the cache lacks, save the cache, and
   * find the story pages that need rendering.
   *
   * @param out The output folder, when pages are written to it (`null` renders every page).
   * @returns The lists for templates.
   * @throws {RecordProblemsError} When a record is invalid.
   */
  async load(out: string | null): Promise<ArchiveData> {
    const start = performance.now()
    const { records, problems } = await loadRecords(this.#options.content)
    if (problems.length > 0) throw new RecordProblemsError(problems)
    this.#records.clear()
    for (const loaded of records) this.#records.set(loaded.slug, { file: loaded.file, sha256: loaded.sha256 })
    const cache = await RenderCache.open(this.#options.cache)
    const fill = await fillCache(cache, bodies(records), this.#options.workers === undefined ? {} : { workers: this.#options.workers })
    await cache.save()
    this.#cache = cache

    const stories = newestFirst(records.map(summarize))
    const groups = groupBySource(stories)
    const storyPages = await this.#pagesToRender(stories, out)
    const data: ArchiveData = {
      stories,
      storyPages,
      sources: groups.map((group) => ({ name: group.name, slug: group.slug, count: group.stories.length, path: `/sources/${group.slug}/` })),
      sourcePages: sourcePages(groups, this.#options.pageSize),
      homePages: homePages(stories, this.#options.pageSize),
      comments: stories.reduce((sum, story) => sum + story.archived, 0),
      labels: labelCounts(records)
    }
    this.stats = {
      stories: stories.length,
      comments: data.comments,
      bodies: fill.distinct,
      rendered: fill.rendered,
      pages: storyPages.length,
      kept: stories.length - storyPages.length,
      prepareMs: Math.round(performance.now() - start)
    }
    return data
  }

  /**
   * After the pages are written: remember their keys, remove the pages of
   * stories that are gone.
   *
   * @returns The slugs of the removed pages.
   */
  async written(): Promise<string[]> {
    const manifest = this.#manifest
    this.#manifest = null
    return manifest ? manifest.save(pageFile) : []
  }

  /** Stories whose page is missing or made from other inputs; each story gets its search shard on the way. */
  async #pagesToRender(stories: StorySummary[], out: string | null): Promise<StorySummary[]> {
    this.#manifest = null
    const manifest = out === null ? null : await PageManifest.open(this.#options.cache, out)
    const oldestFirst = stories.map((story) => story.slug).reverse()
    const shards = assignShards(oldestFirst, manifest?.shards() ?? new Map(), this.#options.shardSize)
    for (const story of stories) story.shard = shards.get(story.slug)!
    if (manifest === null) return stories
    const code = await codeHash()
    const render: StorySummary[] = []
    for (const story of stories) {
      const loaded = this.#records.get(story.slug)!
      const key = pageKey([code, this.#options.title, this.#options.url, JSON.stringify(story), loaded.sha256])
      if (!(await manifest.isCurrent(story.slug, { key, shard: story.shard }, pageFile(story.slug)))) render.push(story)
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
    if (!loaded || !cache) throw new Error(`no story \`${slug}\` in this build`)
    // Read again (it was checked in `load`): holding every record for the whole build would not fit a large archive.
    const record = readRecord(readFileSync(loaded.file, 'utf8')).record
    if (!record) throw new Error(`${loaded.file} changed during the build and no longer reads as a record`)
    return storyView(record, (markdown) => cachedHtml(cache, markdown))
  }
}

/** A story page's file, relative to the output folder. */
function pageFile(slug: string): string {
  return `stories/${slug}/index.html`
}

/** Cut the newest-first list into the home page's pages (one empty page when there are no stories). */
function homePages(stories: StorySummary[], size: number): HomePage[] {
  const pages = Math.max(1, Math.ceil(stories.length / size))
  return Array.from({ length: pages }, (_, index) => ({
    page: index + 1,
    pages,
    path: index === 0 ? '/' : `/page/${index + 1}/`,
    stories: stories.slice(index * size, (index + 1) * size)
  }))
}

/** Labels of shown comments, most used first (then by name). */
function labelCounts(records: readonly LoadedRecord[]): LabelCount[] {
  const counts = new Map<string, number>()
  for (const { record } of records) {
    for (const comment of record.data.comments) {
      if (comment.hidden !== true && comment.label !== null) counts.set(comment.label, (counts.get(comment.label) ?? 0) + 1)
    }
  }
  return [...counts].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1))
}

/** Every body to render: each story's text and its shown comments. */
function* bodies(records: readonly LoadedRecord[]): Generator<string> {
  for (const { record } of records) {
    yield record.content
    for (const comment of record.data.comments) if (comment.hidden !== true) yield comment.body
  }
}
