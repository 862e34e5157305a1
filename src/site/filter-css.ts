/**
 * The stylesheet of the story page's reading controls without JavaScript:
 * a checked threshold radio (`#t3`) folds the comments scored below it
 * (score classes `s-1`…`s5`), a checked label radio (`#lf0`…) the comments
 * without that label (classes `l0`…), and the "new" box (`#nw`) the comments
 * the latest capture did not add (class `nw`), each to its subject line (its
 * subject no longer bold: faded text would lose its contrast).
 * The "hide folded" box (`#hf`) hides those subject lines too (their replies
 * stay). A comment the reader opened (class `op`, set by the page's script)
 * stays open. Made from the score range and {@link MAX_LABELS}, so that a
 * rule exists for every control the page can have.
 */
import { MIN_SCORE, scoreRange } from '../parse/score.ts'
import { MAX_LABELS } from './story-view.ts'

/**
 * The rules.
 *
 * @returns CSS text (`/assets/filters.css`).
 */
export function filterCss(): string {
  /** What folds a comment: the control checked, and the comments it folds. */
  const folds: [control: string, comments: string][] = []
  for (const threshold of scoreRange()) {
    if (threshold === MIN_SCORE) continue // the lowest threshold folds nothing
    const below = scoreRange()
      .filter((score) => score < threshold)
      .map((score) => `.s${score}`)
    folds.push([`#t${threshold}`, `:is(${below.join(',')})`])
  }
  for (let index = 0; index < MAX_LABELS; index++) folds.push([`#lf${index}`, `:not(.l${index})`])
  folds.push(['#nw', ':not(.nw)'])
  const rule = (control: string, comments: string, also = ''): string => `body:has(${control}:checked)${also} .c:not(.op)${comments} > details > `
  return (
    '/* Made by src/site/filter-css.ts: the reading controls without JavaScript. */\n' +
    `${folds.map(([control, comments]) => `${rule(control, comments)}:not(summary, .c)`).join(',\n')} {\n  display: none;\n}\n\n` +
    `${folds.map(([control, comments]) => `${rule(control, comments)}summary > .sj`).join(',\n')} {\n  font-weight: 400;\n}\n\n` +
    `${folds.map(([control, comments]) => `${rule(control, comments, ':has(#hf:checked)')}summary`).join(',\n')} {\n  display: none;\n}\n`
  )
}
