/**
 * What a build writes of the search index, planned from what the index
 * holds: which shards to index again and which to keep, whether the shared
 * routing is written again for every shard or which shards get a routing of
 * their own, and which entries of the index's folder belong to no shard. A
 * pure function of data: `index-site.ts` reads the index's state from disk
 * ({@link IndexState}) and acts on the plan.
 */
import { ownBucketCounts } from './route-files.ts'
import { packRules, route } from './route-keys.ts'
import type { ShardPlan } from './shards.ts'

/** The list of shards, in the index's folder: what the search page reads first (see `ShardsFile` in `index-site.ts`). */
export const shardsFile = 'shards.json'

/** A routing's number of files: word buckets and phrase buckets. */
export interface BucketCounts {
  buckets: number
  phraseBuckets: number
}

/** What `shards.json` said of the index as it is (each field empty or `null` when it is missing or cannot be read). */
export interface ListedIndex {
  /** Each shard's signature (see {@link shortSignature}), by name. */
  signatures: ReadonlyMap<string, string>
  /** The shards the shared routing was written with, and their signatures then. */
  shared: ReadonlyMap<string, string>
  /** The shards with a routing of their own, and its counts. */
  own: ReadonlyMap<string, BucketCounts>
  /** The routing's version its files follow (`ROUTE.version`). */
  route: number | null
  /** Word files of the shared routing. */
  buckets: number | null
  /** Phrase files of the shared routing. */
  phraseBuckets: number | null
}

/** A shard's folder in the index as it is. */
export interface ShardFolder {
  /** The signature it was written from (its `signature.txt`; `null`: none). */
  signature: string | null
  /** Whether its files are all as written (its `written.json`: Pagefind's program, a pack, a phrase index, each of the size and time noted). */
  whole: boolean
}

/** The index as it is on disk, as data. */
export interface IndexState {
  /** What `shards.json` says. */
  listed: ListedIndex
  /** The folder of each shard that has one, by name. */
  folders: ReadonlyMap<string, ShardFolder>
  /** The routing packs `shards.json` notes (`route.bin`, `s0003/route-32-32.bin`) that are still as written. */
  packsAsWritten: ReadonlySet<string>
  /** The names in the index's folder. */
  entries: readonly string[]
}

/** What a build writes of the index. */
export interface IndexPlan {
  /** Every shard, newest first. */
  shards: readonly ShardPlan[]
  /** Stories in the index. */
  stories: number
  /** The shared routing's word files, in proportion to the archive (see `bucketCount`). */
  buckets: number
  /** Its phrase files (see `phraseBucketCount`). */
  phraseBuckets: number
  /** Shards to index again (with Pagefind): new, changed, or with a file no longer as written. */
  write: ShardPlan[]
  /** Shards whose folder stays as it is. */
  keep: ShardPlan[]
  /** Whether the shared routing is written again, for every shard (else it stays, and serves the shards it was written with). */
  compact: boolean
  /** The shards with a routing of their own after this build, and its counts. */
  own: ReadonlyMap<string, BucketCounts>
  /** The shards whose routing this build writes: every shard when {@link IndexPlan.compact}, else those whose own routing is not current. */
  routed: ShardPlan[]
  /** The shared routing's shards and their signatures, as `shards.json` is to list them. */
  shared: ReadonlyMap<string, string>
  /** Entries of the index's folder that belong to no shard of the plan (shards emptied, an older layout, leftovers of a stopped build). */
  remove: string[]
  /** Whether the index is as the plan would write it: nothing to do. */
  unchanged: boolean
}

/**
 * Plan what a build writes of the search index.
 *
 * @param shards The shards as planned (see `planShards`), newest first.
 * @param state The index as it is.
 * @param ownRoutes Shards that may have a routing of their own before the shared one is written again for all.
 * @returns The plan.
 */
export function planIndex(shards: readonly ShardPlan[], state: IndexState, ownRoutes: number): IndexPlan {
  const { listed } = state
  // A shard's own folder says what it was written from, and its files are as they were written: one emptied, cut
  // short or replaced since has the shard written again.
  const isCurrent = (shard: ShardPlan): boolean => {
    const folder = state.folders.get(shard.name)
    return folder !== undefined && folder.signature === shortSignature(shard) && folder.whole
  }
  const write = shards.filter((shard) => !isCurrent(shard))
  const keep = shards.filter(isCurrent)

  // Routing files in proportion to the archive: a change of their number counts every shard again (no Pagefind).
  const stories = shards.reduce((sum, shard) => sum + shard.slugs.length, 0)
  const buckets = route.bucketCount(stories)
  const phraseBuckets = route.phraseBucketCount(stories)
  // The shared routing stays while it has the right number of files, and serves the shards it was written with, as
  // they were; the others get a routing of their own, up to a number.
  const sharedKept = listed.route === route.ROUTE.version && listed.buckets === buckets && listed.phraseBuckets === phraseBuckets && state.packsAsWritten.has('route.bin')
  const outside = shards.filter((shard) => !sharedKept || listed.shared.get(shard.name) !== shortSignature(shard))
  const compact = !sharedKept || outside.length === shards.length || outside.length > ownRoutes
  const own = new Map(compact ? [] : outside.map((shard) => [shard.name, ownBucketCounts(shard.slugs.length, { buckets, phraseBuckets })]))
  // Own routings to write: those the list of shards does not vouch for, as of these pages and this many files.
  const ownCurrent = (shard: ShardPlan, counts: BucketCounts): boolean => {
    const was = listed.own.get(shard.name)
    return (
      listed.signatures.get(shard.name) === shortSignature(shard) &&
      was?.buckets === counts.buckets &&
      was.phraseBuckets === counts.phraseBuckets &&
      state.packsAsWritten.has(ownRoutePack(shard.name, counts))
    )
  }
  const ownStale = shards.filter((shard) => own.has(shard.name) && !ownCurrent(shard, own.get(shard.name)!))
  // Every shard as it was, and the routing made for them: nothing to do. `shards.json` is written after the routing
  // files, so its signatures vouch for them: a shard swapped in by a build stopped before then leaves its old
  // signature listed, and the routing is written again.
  const unchanged =
    write.length === 0 &&
    !compact &&
    ownStale.length === 0 &&
    listed.own.size === own.size &&
    [...own.keys()].every((name) => listed.own.has(name)) &&
    shards.length === listed.signatures.size &&
    shards.every((shard) => listed.signatures.get(shard.name) === shortSignature(shard))
  return {
    shards,
    stories,
    buckets,
    phraseBuckets,
    write,
    keep,
    compact,
    own,
    routed: compact ? [...shards] : ownStale,
    shared: compact ? new Map(shards.map((shard) => [shard.name, shortSignature(shard)])) : listed.shared,
    remove: strays(state.entries, shards),
    unchanged
  }
}

/**
 * The signature `shards.json` and a shard's `signature.txt` keep: enough to
 * tell one build's shard from another's.
 *
 * @param shard The shard.
 * @returns The first 16 hex digits of its signature.
 */
export function shortSignature(shard: ShardPlan): string {
  return shard.signature.slice(0, 16)
}

/**
 * A shard's own routing pack, by its path in the index's folder.
 *
 * @param shard The shard's name.
 * @param counts The routing's counts.
 * @returns `s0003/route-32-32.bin`, say.
 */
export function ownRoutePack(shard: string, counts: BucketCounts): string {
  return `${shard}/${route.ownRouteDir(counts)}.bin`
}

/**
 * The entries of the index's folder that belong to none of the shards: the
 * list of shards and the shared routing's pack (and its volumes) stay.
 *
 * @param entries The names in the index's folder.
 * @param shards The shards.
 * @returns The names to remove.
 */
export function strays(entries: readonly string[], shards: readonly ShardPlan[]): string[] {
  const keep = new Set([shardsFile, ...shards.map((shard) => shard.name)])
  return entries.filter((name) => !keep.has(name) && !/^route(\.\d+)?\.bin$/.test(name))
}

/**
 * The routing files in a shard's folder that are not its current routing's
 * pack or its volumes: own routings the shared one now covers, older ones,
 * and leftovers.
 *
 * @param entries The names in the shard's folder.
 * @param current Its own routing's counts (`undefined`: the shared routing serves it).
 * @returns The names to remove.
 */
export function strayRoutes(entries: readonly string[], current: BucketCounts | undefined): string[] {
  const pack = current === undefined ? null : new RegExp(`^${route.ownRouteDir(current)}(\\.\\d+)?\\.bin$`)
  return entries.filter((name) => /^\.?route/.test(name) && !(pack !== null && pack.test(name)))
}

/**
 * A shard's Pagefind metadata and WebAssembly, by their names in its folder,
 * when it has one of each (one language): Pagefind reads their names from its
 * entry, and `shards.json` lists them so that the page fetches all three at once.
 *
 * @param names The names of the files in the shard's folder.
 * @returns `{meta, wasm}`, or nothing for a shard of several languages or none.
 */
export function pagefindFiles(names: readonly string[]): { meta?: string; wasm?: string } {
  const metas = names.filter(packRules.isPagefindMeta)
  const wasms = names.filter(packRules.isPagefindWasm)
  const [meta] = metas
  const [wasm] = wasms
  return meta !== undefined && wasm !== undefined && metas.length === 1 && wasms.length === 1 ? { meta, wasm } : {}
}
