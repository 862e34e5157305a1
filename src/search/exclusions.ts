/**
 * What the search index leaves out of a story page. Story pages mark what is
 * indexed with `data-pagefind-body` (the story and the comment threads); inside
 * those, these selectors name what a reader would not search for, or what
 * repeats another comment's words.
 */

/**
 * CSS selectors of elements Pagefind skips when indexing (its `excludeSelectors`).
 *
 * - `.c blockquote`: quoted text (in a comment's text; the story's own are indexed). A reply that quotes its parent must not
 *   outrank the parent for the parent's own words.
 * - `.sj.rs`, `.sj.dv`: a `Re:…` subject, which repeats the parent's subject
 *   (`dv` when the page derived it from a bare `Re:`).
 * - `.sc`, `.nr`, `.cm`: score and label, reply count, permalink and parent
 *   links (score and label are filters, not words).
 * - `.empty`, `.hid`: the placeholders of empty and hidden comments.
 * - `.story .meta`: the story's source, date and counts.
 */
export const excludeSelectors: readonly string[] = ['.c blockquote', '.sj.rs', '.sj.dv', '.sc', '.nr', '.cm', '.empty', '.hid', '.story .meta']

/**
 * Whether a subject repeats its parent's (`Re:…`, as Slashdot prints a
 * reply's subject): such a subject gets the class `rs` and is not indexed.
 *
 * @param subject The subject as the page shows it.
 * @returns `true` for `Re:…`.
 */
export function repeatsParentSubject(subject: string): boolean {
  return /^\s*Re:/i.test(subject)
}
