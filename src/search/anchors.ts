/**
 * What a story page tells Pagefind about each comment. Every comment element
 * carries its id and a `data-pagefind-title`: Pagefind returns it, unindexed,
 * with the element's position in the page's text, so that the search page can
 * cut a story's hits into comments and show each one's subject, score and
 * label without fetching anything else.
 */

/** A subject that is the one its parent's derives (see {@link derivedSubject}), printed so or derived from a bare `Re:`: the parent's id. */
export interface DerivedSubject {
  re: string
}

/** A comment as its search anchor describes it. */
export interface AnchorComment {
  score: number
  /** `null` when none. */
  label: string | null
  /** The subject as the page shows it, or the parent it repeats (the reader of the page's anchors rebuilds it, see {@link anchorSubjects}). */
  subject: string | DerivedSubject
}

/**
 * The subject a bare `Re:` stands for: `Re:` and its parent's subject without
 * its own `Re:`. The one home of the rule: the story page shows it, the search
 * page rebuilds it (its copy in `templates/assets/search-core.js`; tests hold
 * the two together).
 *
 * @param parent The parent's subject as the page shows it.
 * @returns The derived subject.
 */
export function derivedSubject(parent: string): string {
  return 'Re:' + parent.replace(/^\s*Re:/, '')
}

/**
 * The `data-pagefind-title` of a comment: `[score, label, subject]` as JSON,
 * the subject `{"re": parentId}` when it is the one the parent's derives
 * (`Re:` and the parent's subject: most replies' subjects).
 *
 * @param comment The comment (any object with `score`, `label` and `subject`).
 * @returns The attribute's value (to be escaped by the template).
 */
export function anchorTitle(comment: AnchorComment): string {
  return JSON.stringify([comment.score, comment.label ?? null, typeof comment.subject === 'string' ? comment.subject : { re: comment.subject.re }])
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
  if (typeof score !== 'number' || (label !== null && typeof label !== 'string')) return null
  if (typeof subject === 'string') return { score, label, subject }
  const re = (subject as { re?: unknown } | null)?.re
  return typeof re === 'string' && typeof subject === 'object' && Object.keys(subject!).length === 1 ? { score, label, subject: { re } } : null
}

/**
 * The subjects of a page's comments as the page shows them, those written as
 * their parent's rebuilt from it (the parent's may be written so too:
 * {@link derivedSubject} of a derived subject is itself).
 *
 * @param comments The page's comments, each with its id.
 * @returns Their subjects, in the same order; `Re:` for one whose parents are not among them.
 */
export function anchorSubjects(comments: readonly { id: string; subject: string | DerivedSubject }[]): string[] {
  const byId = new Map(comments.map((comment) => [comment.id, comment.subject]))
  return comments.map(({ subject }) => {
    let from: string | DerivedSubject | undefined = subject
    // At most one step per comment: a cycle (only a forged page has one) ends as a bare `Re:`.
    for (let steps = 0; typeof from === 'object' && steps <= byId.size; steps++) from = byId.get(from.re)
    return typeof subject === 'string' ? subject : derivedSubject(typeof from === 'string' ? from : '')
  })
}
