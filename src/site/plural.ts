/**
 * Counted nouns in messages and pages: the one place that knows `1 story`
 * from `2 stories`.
 */

/**
 * A number as readers read it: thousands grouped with commas.
 *
 * @param count A whole number.
 * @returns `9,991`, `665,941`, `74`, `-1`.
 */
export function readableNumber(count: number): string {
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/**
 * A count with its noun.
 *
 * @param count How many.
 * @param one The noun for one (`story`).
 * @param many The noun for any other count (`stories`).
 * @param readable Whether to group thousands for readers (`9,991 stories`; default: `false`, as messages say it).
 * @returns `1 story`, `0 stories`, `2 stories`.
 */
export function plural(count: number, one: string, many: string, readable = false): string {
  return `${readable ? readableNumber(count) : count} ${count === 1 ? one : many}`
}

/**
 * How many comments a story archives, against how many its page stated, numbers written for readers.
 * Captures of one story can hold more comments together than any of them
 * stated: then both numbers are said, never `4 of 2`.
 *
 * @param archived Comments in the record.
 * @param stated Comments the site had, as the page stated (the largest of its captures).
 * @returns `74 of 86 comments archived`, or `4 comments archived; the page stated 2`.
 */
export function archivedCount(archived: number, stated: number): string {
  const [a, s] = [readableNumber(archived), readableNumber(stated)]
  return archived <= stated ? `${a} of ${s} comments archived` : `${plural(archived, 'comment', 'comments', true)} archived; the page stated ${s}`
}
