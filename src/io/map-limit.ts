/**
 * Map over items with a bounded number of promises pending: file I/O
 * overlaps without opening thousands of files at once.
 */

/**
 * Map with at most `limit` promises pending.
 *
 * @param items The items.
 * @param limit Promises pending at most (at least 1).
 * @param task What to do with an item.
 * @returns The results, in the order of `items`.
 */
export async function mapLimit<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      results[index] = await task(items[index]!, index)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, lane))
  return results
}
