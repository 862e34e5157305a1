/**
 * The JSON view of a story, as `scrollback parse --json` prints it.
 */
import type { Story } from '../parse/types.ts'
import { commentBody, commentFields, storyBody, type CommentFields } from './record.ts'

/** A comment in JSON: plain `text` as in the dump, and its markdown `body`. */
export interface CommentJson extends CommentFields {
  text: string
  body: string
}

/** A story in JSON. */
export interface StoryJson {
  title: string
  source: string | null
  commentCount: number
  byline: string | null
  /** The story's paragraphs, one per line. */
  text: string
  body: string
  comments: CommentJson[]
}

/**
 * The JSON view of a story.
 *
 * @param story A parsed story.
 * @returns Plain data, ready for `JSON.stringify`.
 */
export function storyToJson(story: Story): StoryJson {
  return {
    title: story.title,
    source: story.source,
    commentCount: story.commentCount,
    byline: story.byline,
    text: story.paragraphs.join('\n'),
    body: storyBody(story),
    comments: story.comments.map((comment) => ({ ...commentFields(comment), text: comment.lines.join('\n'), body: commentBody(comment) }))
  }
}
