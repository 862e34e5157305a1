/**
 * The archive as templates see it (Eleventy's global `archive`: the lists,
 * small, copied into every template), and the story pages' views, made one
 * page at a time as it renders, from the render cache ({@link StoryViews}).
 */
import { Prefill } from '../render/prefill.ts'
import type { StoryRenderCache } from '../render/story-cache.ts'
import type { MonthPage, MonthYear, SourcePage } from './listing.ts'
import { storyView, type StoryView } from './story-view.ts'
import type { StorySummary } from './summary.ts'

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

/**
 * What templates get as the global `archive`; planned with each story page
 * a summary (`P`: `StorySummary`), rendered with its view ({@link StoryPage}).
 */
export interface ArchiveData<P extends StorySummary = StoryPage> {
  /** Newest first. */
  stories: StorySummary[]
  /** The stories whose page this build (or this part of it) renders: the others' pages are already written as they would be. */
  storyPages: P[]
  /** Whether this part renders the lists: home, sources, feed, sitemap, search, 404 (see `batches`). */
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

/** A story's record file and its hash, as the scan checked it. */
export interface RecordRef {
  file: string
  sha256: string
}

/**
 * The story pages' views of one build, from the render cache: records are
 * read when their page renders, not held (memory stays flat), and a worker
 * thread may render bodies ahead ({@link StoryViews.prefill}).
 */
export class StoryViews {
  readonly #records: ReadonlyMap<string, RecordRef>
  readonly #cache: StoryRenderCache
  readonly #onPage: (() => void) | undefined
  #prefill: Prefill | null = null
  #prefilled = 0
  /** Distinct bodies of the pages whose view was made. */
  bodies = 0
  /** What the build should tell, though nothing failed (a worker that stopped early). */
  readonly notes: string[] = []

  /**
   * @param records Each story's record, by slug.
   * @param cache The render cache, open.
   * @param onPage Told each time a story page's view is made (a page rendered).
   */
  constructor(records: ReadonlyMap<string, RecordRef>, cache: StoryRenderCache, onPage?: () => void) {
    this.#records = records
    this.#cache = cache
    this.#onPage = onPage
  }

  /**
   * Open the render cache for a build's views. The code that renders story
   * pages (the render cache, with the record reader and unified behind it)
   * is loaded here: a build with nothing to render never loads it.
   *
   * @param cache The cache folder.
   * @param records Each story's record, by slug.
   * @param onPage Told each time a story page's view is made.
   * @returns The views.
   */
  static async open(cache: string, records: ReadonlyMap<string, RecordRef>, onPage?: () => void): Promise<StoryViews> {
    const { StoryRenderCache } = await import('../render/story-cache.ts')
    return new StoryViews(records, await StoryRenderCache.open(cache), onPage)
  }

  /** Bodies rendered so far, by this thread and the worker (at most every body of the pages made). */
  get rendered(): number {
    // Where the worker and this thread meet in a part, both may render a story: it counts once.
    return Math.min(this.#cache.rendered + this.#prefilled + (this.#prefill?.rendered ?? 0), this.bodies)
  }

  /**
   * Start rendering the bodies of these pages on another core (see
   * `src/render/prefill.ts`), when there are enough of them to be worth a
   * worker thread; {@link StoryViews.settle} stops it.
   *
   * @param parts Each Eleventy run's story pages, in the order of the runs.
   */
  prefill(parts: readonly (readonly StorySummary[])[]): void {
    if (this.#prefill || parts.reduce((sum, part) => sum + part.length, 0) < PREFILL_MIN) return
    const stories = parts.map((part) => part.map((page) => ({ slug: page.slug, ...this.#records.get(page.slug)! })))
    this.#prefill = new Prefill(this.#cache.folder, stories)
  }

  /** Stop rendering ahead (see {@link StoryViews.prefill}); a build that fails must too, or its worker keeps the process alive. */
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
   * A part as templates get it: each story page with its view.
   *
   * @param part The part as planned.
   * @returns The part to render.
   */
  pages(part: ArchiveData<StorySummary>): ArchiveData {
    return { ...part, storyPages: part.storyPages.map((story) => ({ ...story, view: () => this.view(story.slug) })) }
  }

  /**
   * The story page's view of a story.
   *
   * @param slug The story's slug.
   * @returns The view.
   */
  view(slug: string): StoryView {
    const loaded = this.#records.get(slug)
    if (!loaded) throw new Error(`no story \`${slug}\` to render in this build`)
    // From the render cache (the worker rendering ahead kept it), else read again (it was checked when scanned):
    // holding every record for the whole build would not fit a large archive.
    const story = this.#cache.story({ slug, ...loaded })
    if (!story) throw new Error(`${loaded.file} changed during the build and no longer reads as a record`)
    const { record, html } = story
    this.bodies += html.size
    this.#onPage?.()
    return storyView(record, (markdown) => {
      const made = html.get(markdown)
      if (made === undefined) throw new Error(`a body of \`${slug}\` is not among its story's bodies (see \`storyBodies\`)`)
      return made
    })
  }
}
