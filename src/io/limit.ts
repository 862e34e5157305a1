/**
 * Bounded concurrency, the one way work runs at once in Scrollback: a
 * {@link Limit} runs tasks with at most so many pending, the rest waiting
 * their turn in the order they came. File I/O overlaps without opening
 * thousands of files at once (`mapLimit`), the worker pool hands each
 * worker one batch at a time, and the search index writes two shards at a
 * time as they become ready.
 */

/** Runs a task when fewer than its limit are pending, else once one ends; settles as the task does. */
export type Limit = <R>(task: () => Promise<R>) => Promise<R>

/**
 * A limit of tasks pending at once.
 *
 * @param count Tasks pending at most (at least 1).
 * @returns The function that runs tasks within it, in the order given.
 */
export function limit(count: number): Limit {
  const most = Math.max(1, count)
  let pending = 0
  const waiting: (() => void)[] = []
  const next = (): void => {
    while (pending < most && waiting.length > 0) {
      pending++
      waiting.shift()!()
    }
  }
  return <R>(task: () => Promise<R>) =>
    new Promise<R>((resolve, reject) => {
      waiting.push(() => {
        // A task that throws before its first await rejects like one that throws after.
        void (async () => task())()
          .then(resolve, reject)
          .finally(() => {
            pending--
            next()
          })
      })
      next()
    })
}

/**
 * Map with at most `count` promises pending.
 *
 * @param items The items.
 * @param count Promises pending at most (at least 1).
 * @param task What to do with an item.
 * @returns The results, in the order of `items`.
 */
export async function mapLimit<T, R>(items: readonly T[], count: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const run = limit(count)
  return Promise.all(items.map((item, index) => run(() => task(item, index))))
}
