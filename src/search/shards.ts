/**
 * The search index comes in parts ("shards") of at most a few hundred
 * stories each, so that no part costs much to build, to rebuild or to
 * search: Pagefind keeps a whole index in memory while it writes it, and a
 * browser fetches each index's page list and word chunks whole.
 *
 * A story keeps the shard it was first put in, so that adding stories
 * re-indexes only the shard they join. New stories (oldest first) fill the
 * newest shard, then open a new one. A shard that an earlier build made
 * takes new stories only while it stays small beside the archive (a tenth
 * of it, or {@link TAIL_MIN} stories), so that adding a story re-indexes a
 * small shard, never the whole of a young archive's one shard; a shard
 * opened by this build fills to the full size. Shards are numbered in the
 * order they were opened: a higher number holds newer stories, and the
 * search page searches the newest first. Pure functions; no I/O.
 */
import { createHash } from 'node:crypto'

/** Stories per shard (default). Measured on generated stories of ~75 comments: see README "Performance". */
export const SHARD_SIZE = 500

/** A shard an earlier build made takes new stories while it holds fewer than this, or than {@link TAIL_SHARE} of the archive. */
export const TAIL_MIN = 16

/** The share of the archive's stories an earlier build's shard may hold and still take new stories: adding a story re-indexes at most this much. */
export const TAIL_SHARE = 0.1

/** A shard's name: `s` and its number, four digits at least, so that names sort in number order. */
export function shardName(number: number): string {
  return `s${String(number).padStart(4, '0')}`
}

/** A shard's number from its name, or `null` for a name {@link shardName} does not make. */
export function shardNumber(name: string): number | null {
  return /^s\d{4,}$/.test(name) ? Number(name.slice(1)) : null
}

/**
 * Give every story a shard.
 *
 * @param slugs The stories, oldest first.
 * @param previous The shard each story had in the last build (stories not listed are new).
 * @param size Stories per shard (default: {@link SHARD_SIZE}).
 * @returns Each story's shard name, in the order of `slugs`.
 */
export function assignShards(slugs: readonly string[], previous: ReadonlyMap<string, string>, size = SHARD_SIZE): Map<string, string> {
  const assigned = new Map<string, string>()
  const counts = new Map<number, number>()
  for (const slug of slugs) {
    const name = previous.get(slug)
    const number = name === undefined ? null : shardNumber(name)
    if (number === null) continue
    assigned.set(slug, shardName(number))
    counts.set(number, (counts.get(number) ?? 0) + 1)
  }
  // New stories go to the newest shard while it has room, then to a new one; an earlier build's shard has room while it is small.
  let newest = counts.size === 0 ? 0 : Math.max(...counts.keys())
  const tail = Math.min(size, Math.max(TAIL_MIN, Math.floor(TAIL_SHARE * slugs.length)))
  let room = counts.has(newest) ? tail : size
  for (const slug of slugs) {
    if (assigned.has(slug)) continue
    if ((counts.get(newest) ?? 0) >= room) {
      newest++
      room = size
    }
    assigned.set(slug, shardName(newest))
    counts.set(newest, (counts.get(newest) ?? 0) + 1)
  }
  return new Map(slugs.map((slug) => [slug, assigned.get(slug)!]))
}

/** One shard's stories and what their pages were made from. */
export interface ShardPlan {
  name: string
  /** Slugs, sorted. */
  slugs: string[]
  /** Changes when a page of the shard changes, or a story joins or leaves it. */
  signature: string
}

/**
 * Group stories by shard.
 *
 * @param pages Each story's shard and its page's key (see `src/site/page-cache.ts`).
 * @returns The shards, newest (highest number) first.
 */
export function planShards(pages: ReadonlyMap<string, { shard: string; key: string }>): ShardPlan[] {
  const groups = new Map<string, string[]>()
  for (const [slug, { shard }] of pages) {
    const group = groups.get(shard)
    if (group) group.push(slug)
    else groups.set(shard, [slug])
  }
  return [...groups]
    .sort(([a], [b]) => (shardNumber(b) ?? 0) - (shardNumber(a) ?? 0))
    .map(([name, slugs]) => {
      slugs.sort()
      const hash = createHash('sha256')
      for (const slug of slugs) hash.update(slug).update('\0').update(pages.get(slug)!.key).update('\0')
      return { name, slugs, signature: hash.digest('hex') }
    })
}
