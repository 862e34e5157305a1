/**
 * Comment ids: derived from content, so that a re-capture keeps them.
 */
import { hash } from 'node:crypto'

/**
 * The form of every comment id: `c`, ten base-32 characters, and `-2`, `-3`…
 * for a repeat. Ids of this form never clash with the ids a page gives its
 * own elements (`main`, `comments`, `story-title`, `t3`, `c…-s`), so a
 * permalink always lands on its comment.
 */
export const COMMENT_ID = /^c[a-z2-7]{10}(?:-[1-9][0-9]*)?$/

/** What an id is made of. */
export interface IdInput {
  subject: string
  lines: readonly string[]
}

/**
 * Give each comment a URL-safe id from its text (its subject when it has none),
 * unique in the story: a repeat gets `-2`, `-3`… in page order.
 *
 * @param comments Comments in page order.
 * @returns Ids in the same order, each `c` and 10 base-32 characters, maybe with a suffix.
 */
export function commentIds(comments: readonly IdInput[]): string[] {
  const seen = new Map<string, number>()
  return comments.map((comment) => {
    const content = comment.lines.length > 0 ? comment.lines.join('\n') : 'subject:' + comment.subject.replace(/^re:\s*/i, '')
    const base = 'c' + base32(hash('sha256', content, 'buffer')).slice(0, 10)
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}-${count}`
  })
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567'

/** Lower-case base-32 of the first bytes of a digest. */
function base32(bytes: Uint8Array): string {
  let out = ''
  let bits = 0
  let value = 0
  for (let i = 0; i < 8; i++) {
    value = (value << 8) | bytes[i]!
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  return out
}
