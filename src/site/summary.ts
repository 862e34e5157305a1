/**
 * What the lists of the site show of a story: its title, source, date and counts.
 */
import { markdownToLines } from '../records/markdown.ts'
import { recordTime } from '../records/dates.ts'
import type { StoryRecord } from '../records/record.ts'
import { storyPath } from './paths.ts'

/** A story as the home page, source pages, feed and sitemap list it. */
export interface StorySummary {
  /** The record's file name without `.md`. */
  slug: string
  /** The story page's path on the site (`/stories/<slug>/`). */
  path: string
  title: string
  /** Source domain, or `null`. */
  source: string | null
  /** The source page's slug, or `null` (set by {@link assignSourceSlugs}). */
  sourceSlug: string | null
  /** ISO 8601. */
  date: string
  /** Whether a maintainer set the date (else it is when the story was ingested). */
  dated: boolean
  /** Comments in the record. */
  archived: number
  /** Comments the site had, as the dump stated. */
  stated: number
  /** Comments hidden by a maintainer. */
  hidden: number
  /** The lead-in line, or `null`. */
  byline: string | null
  /** The first paragraph of the story, at most 300 characters. */
  lede: string
  /** The original page's address, when a maintainer added an http(s) one. */
  url: string | null
  /** The search index's shard of the story (set by the archive; see `src/search/shards.ts`). */
  shard: string
}

/**
 * Summarise a record.
 *
 * @param slug The story's slug.
 * @param record The record, checked.
 * @param when The story's date, and whether a maintainer set it (see {@link storyDate}).
 * @returns Its summary (`sourceSlug` still `null`, `shard` still `''`).
 */
export function summarize(slug: string, record: StoryRecord, when: { date: string; dated: boolean }): StorySummary {
  // From the front matter and the story's text only: the comments' text is not needed here.
  const { data, content } = record
  // The first paragraph ends at the first blank line: read only that much.
  const blank = content.search(/\n[ \t]*\n/)
  const first = markdownToLines(blank === -1 ? content : content.slice(0, blank)).lines.join(' ')
  return {
    slug,
    path: storyPath(slug),
    title: data.title,
    source: data.source,
    sourceSlug: null,
    date: when.date,
    dated: when.dated,
    archived: data.comments.length,
    stated: data.commentCount,
    hidden: data.comments.filter((comment) => comment.hidden === true).length,
    byline: data.byline,
    lede: first.length > 300 ? first.slice(0, 299).trimEnd() + '…' : first,
    url: data.url !== undefined && /^https?:\/\/[^\s]+$/i.test(data.url) ? data.url : null,
    shard: ''
  }
}

/**
 * The story's date as ISO 8601: its `date`, else when it was ingested (both
 * checked by `readRecord`).
 *
 * @param record The record.
 * @returns The date and whether a maintainer set it.
 */
export function storyDate(record: StoryRecord): { date: string; dated: boolean } {
  const dated = record.data.date !== undefined
  const time = recordTime(record.data.date ?? record.data.ingested)
  if (time === null) throw new Error('a record whose dates were not checked: read it with `readRecord`')
  return { date: new Date(time).toISOString(), dated }
}
