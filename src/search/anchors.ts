/**
 * What a story page tells Pagefind about each comment. Every comment element
 * carries its id and a `data-pagefind-title`: Pagefind returns it, unindexed,
 * with the element's position in the page's text, so that the search page can
 * cut a story's hits into comments and show each one's subject, score and
 * label without fetching anything else.
 */

/** A comment as its search anchor describes it. */
export interface AnchorComment {
  score: number
  /** `null` when none. */
  label: string | null
  /** The subject as the page shows it. */
  subject: string
}

/**
 * The `data-pagefind-title` of a comment: `[score, label, subject]` as JSON.
 *
 * @param comment The comment (any object with `score`, `label` and `subject`).
 * @returns The attribute's value (to be escaped by the template).
 */
export function anchorTitle(comment: AnchorComment): string {
  return JSON.stringify([comment.score, comment.label ?? null, comment.subject])
}

/**
 * Read a comment's `data-pagefind-title` back. The search page has its own
 * copy of this (`templates/assets/search-core.js`); tests hold the two together.
 *
 * @param title The attribute's value.
 * @returns The comment, or `null` when the value is not a comment's.
 */
export function readAnchorTitle(title: string): AnchorComment | null {
  let value: unknown
  try {
    value = JSON.parse(title)
  } catch {
    return null
  }
  if (!Array.isArray(value) || value.length !== 3) return null
  const [score, label, subject] = value as unknown[]
  if (typeof score !== 'number' || (label !== null && typeof label !== 'string') || typeof subject !== 'string') return null
  return { score, label, subject }
}
