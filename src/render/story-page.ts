/**
 * A story as the render cache keeps it (`story-cache.ts`): what its page
 * needs of the record, and each body's HTML. Pure.
 */
import type { Story } from '../parse/types.ts'
import { linesToMdast } from '../records/markdown.ts'
import type { StoryRecord } from '../records/record.ts'
import { renderTree } from './markdown.ts'

/** What a story page needs of its record: its front matter and markdown. */
export type PageRecord = Pick<StoryRecord, 'data' | 'content'>

/** What the render cache keeps of a story: its record's hash, what its page needs of the record, and each body's HTML. */
export interface StoryPage {
  sha256: string
  record: PageRecord
  html: Record<string, string>
}

/**
 * A story as the render cache keeps it, made from the parsed story and the
 * record made of it, without reading its markdown: each body rendered
 * from its tree (`renderTree`), which gives the HTML its markdown renders to.
 *
 * @param story The parsed story the record was made from.
 * @param sha256 The hash of the record's text.
 * @param read The text read as a record (`readRecord`).
 * @returns The story, or `null` when the text does not read as a record of this story.
 */
export function storyPage(story: Pick<Story, 'paragraphs' | 'comments'>, sha256: string, read: StoryRecord | null): StoryPage | null {
  if (!read || read.data.comments.length !== story.comments.length) return null
  const record: PageRecord = { data: read.data, content: read.content }
  const html: Record<string, string> = { [record.content]: renderTree(linesToMdast(story.paragraphs)) }
  for (const [index, comment] of record.data.comments.entries()) {
    const parsed = story.comments[index]!
    if (parsed.id !== comment.id) return null
    if (comment.hidden !== true && !Object.hasOwn(html, comment.body)) html[comment.body] = renderTree(linesToMdast(parsed.lines, parsed.quoted))
  }
  return { sha256, record, html }
}

/**
 * A story's bodies to render: its text and its shown comments.
 *
 * @param record The story's record.
 * @returns The markdown bodies, in page order.
 */
export function* storyBodies(record: PageRecord): Generator<string> {
  yield record.content
  for (const comment of record.data.comments) if (comment.hidden !== true) yield comment.body
}
