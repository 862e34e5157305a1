/**
 * Counted nouns in messages and pages: the one place that knows `1 story`
 * from `2 stories`.
 */

/**
 * A count with its noun.
 *
 * @param count How many.
 * @param one The noun for one (`story`).
 * @param many The noun for any other count (`stories`).
 * @returns `1 story`, `0 stories`, `2 stories`.
 */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
