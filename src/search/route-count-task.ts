/**
 * The thread that counts story pages for the search routing as they render
 * (a `WorkerPool` task module, run by one worker): the build hands it each
 * page Eleventy renders of a shard it counts (see `IndexRun.page`), and asks
 * for the shard's counts when its index is written. The counting then runs on
 * the other core while pages render, instead of after them on this one, and
 * no page is read back from the disk. The pool's one worker takes its
 * messages in order, so a shard's pages are all counted before its counts
 * are asked for.
 */
import { pageText, RouteCounter, type ShardRoute } from './route-count.ts'

/** A page of a shard to count, or the shard's counts to give (and forget). */
export type CountInput = { shard: string; buckets: number; phraseBuckets: number; html: string } | { shard: string; finish: true }

/** Each shard's counter, until its counts are given. */
const counters = new Map<string, RouteCounter>()

/**
 * Count a page of a shard, or give a shard's counts.
 *
 * @param input A page (its HTML, as written) or a shard's `finish`.
 * @returns The shard's counts for a `finish` (`null` when no page of it came), else `null`.
 */
export function handle(input: CountInput): ShardRoute | null {
  if ('finish' in input) {
    const counter = counters.get(input.shard)
    counters.delete(input.shard)
    return counter ? counter.finish() : null
  }
  let counter = counters.get(input.shard)
  if (!counter) counters.set(input.shard, (counter = new RouteCounter(input.buckets, input.phraseBuckets)))
  counter.add(pageText(input.html))
  return null
}
