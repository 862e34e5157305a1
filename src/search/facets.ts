/**
 * The filter values of a story page. Pagefind filters whole pages, so a page
 * says which labels and scores its shown comments have; the search page then
 * keeps, of the pages that pass, only the comments that do (see
 * `templates/assets/search-core.js`).
 */
import { clampScore } from '../parse/score.ts'

/** The part of a comment's view that facets need. */
export interface FacetComment {
  score: number
  label: string | null
  hidden: boolean
}

/** A page's filter values. */
export interface Facets {
  /** Labels of its shown comments, each once, in order of name. */
  labels: string[]
  /** Scores of its shown comments, each once, as text, clamped to the score range (`clampScore`), highest first. */
  scores: string[]
}

/**
 * Collect a story's filter values.
 *
 * @param comments Every comment of the story, in any order (hidden ones count for nothing).
 * @returns Its labels and scores.
 */
export function searchFacets(comments: Iterable<FacetComment>): Facets {
  const labels = new Set<string>()
  const scores = new Set<number>()
  for (const comment of comments) {
    if (comment.hidden) continue
    if (comment.label !== null) labels.add(comment.label)
    scores.add(clampScore(comment.score))
  }
  return {
    labels: [...labels].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)),
    scores: [...scores].sort((a, b) => b - a).map(String)
  }
}
