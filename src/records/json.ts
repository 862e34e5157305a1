/**
 * The JSON view of a story, as `scrollback parse --json` prints it.
 */
import type { ParentBy, Story } from '../parse/types.ts'
import { commentBody, storyBody } from './record.ts'

/** A comment in JSON: plain `text` as in the dump, and its markdown `body`. */
export interface CommentJson {
  id: string
  parent: string | null
  parentBy: ParentBy
  depth: number
  subject: string
  score: number
  label: string | null
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
    comments: story.comments.map((comment) => ({
      id: comment.id,
      parent: comment.parent,
      parentBy: comment.parentBy,
      depth: comment.depth,
      subject: comment.subject,
      score: comment.score,
      label: comment.label,
      text: comment.lines.join('\n'),
      body: commentBody(comment)
    }))
  }
}
