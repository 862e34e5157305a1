/**
 * The stylesheet of the story page's reading controls without JavaScript:
 * a checked threshold radio (`#t3`) folds the comments scored below it
 * (score classes `s-1`…`s5`), a checked label radio (`#lf0`…) the comments
 * without that label (classes `l0`…), each to its subject line. Made from
 * the score range and {@link MAX_LABELS}, so that a rule exists for every
 * radio the page can have.
 */
import { MIN_SCORE, scoreRange } from '../parse/score.ts'
import { MAX_LABELS } from './story-view.ts'

/**
 * The rules.
 *
 * @returns CSS text (`/assets/filters.css`).
 */
export function filterCss(): string {
  const folds: string[] = []
  for (const threshold of scoreRange()) {
    if (threshold === MIN_SCORE) continue // the lowest threshold folds nothing
    const below = scoreRange()
      .filter((score) => score < threshold)
      .map((score) => `.s${score}`)
    folds.push(`body:has(#t${threshold}:checked) .c:is(${below.join(',')}) > details > `)
  }
  for (let index = 0; index < MAX_LABELS; index++) folds.push(`body:has(#lf${index}:checked) .c:not(.l${index}) > details > `)
  return (
    '/* Made by src/site/filter-css.ts: the reading controls without JavaScript. */\n' +
    `${folds.map((rule) => `${rule}:not(summary, .c)`).join(',\n')} {\n  display: none;\n}\n\n` +
    `${folds.map((rule) => `${rule}summary`).join(',\n')} {\n  opacity: 0.72;\n}\n`
  )
}
