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
 * unique in the story: a repeat gets `-2`, `-3`… in page order. An empty
 * comment's id is made from a NUL and its subject: no comment's text holds a
 * NUL (a dump with one is refused), so it never equals a comment's id made
 * from its text, in this capture or another.
 *
 * @param comments Comments in page order.
 * @returns Ids in the same order, each `c` and 10 base-32 characters, maybe with a suffix.
 */
export function commentIds(comments: readonly IdInput[]): string[] {
  return withSuffixes(comments.map((comment) => (comment.lines.length > 0 ? idOf(comment.lines.join('\n')) : idOf(EMPTY + bareSubject(comment.subject)))))
}

/** What an empty comment's id is made of, before its subject: parser 2 and earlier wrote `subject:` alone, which a comment's text can be. */
const EMPTY = '\u0000subject:'

/** A subject without its `Re:`. */
const bareSubject = (subject: string): string => subject.replace(/^re:\s*/i, '')

/** The base id of a text. */
const idOf = (content: string): string => 'c' + base32(hash('sha256', content, 'buffer')).slice(0, 10)

/** Base ids made unique: a repeat gets `-2`, `-3`… in order. */
function withSuffixes(bases: readonly string[]): string[] {
  const seen = new Map<string, number>()
  return bases.map((base) => {
    const count = (seen.get(base) ?? 0) + 1
    seen.set(base, count)
    return count === 1 ? base : `${base}-${count}`
  })
}

/**
 * The ids of a record's comments that parser 2 or earlier gave differently:
 * an empty comment's id was made from `subject:` and its subject (the same
 * text as a comment reading `subject:Foo`). Every other id is unchanged.
 *
 * @param comments A record's comments in page order: id, subject, and whether the body is empty.
 * @returns Each old id that changed, with its id now.
 */
export function upgradedIds(comments: readonly { id: string; subject: string; empty: boolean }[]): Map<string, string> {
  const empty = comments.filter((comment) => comment.empty)
  const now = withSuffixes(empty.map((comment) => idOf(EMPTY + bareSubject(comment.subject))))
  const renamed = new Map<string, string>()
  empty.forEach((comment, index) => {
    const old = idOf('subject:' + bareSubject(comment.subject))
    if ((comment.id === old || comment.id.startsWith(`${old}-`)) && comment.id !== now[index]) renamed.set(comment.id, now[index]!)
  })
  return renamed
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
