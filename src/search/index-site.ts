/**
 * Build the search index of a built site with Pagefind's program, in
 * shards (see `shards.ts`): each shard's story pages are read (they mark
 * what is indexed with `data-pagefind-body`; lists of stories are not read,
 * they would only repeat titles), and its index with Pagefind's browser
 * bundle is written to `<site>/pagefind/<shard>/`. `<site>/pagefind/shards.json`
 * lists the shards, newest first, for the search page.
 *
 * What to write again is planned from the index as it is, read as data,
 * by a pure function (`planIndex`, `index-plan.ts`). Only shards whose
 * pages changed are written again, two at a time (one Pagefind process
 * each, see `index-task.ts`), each as soon as the build
 * says its pages are in place (`startIndex`, `IndexRun.ready`). Each new
 * shard is written beside the old one, with the signature of its pages
 * (`signature.txt`) and the size and time of each of its files as written
 * (`written.json`), and swapped in, so that a rebuild never leaves the
 * files of an older index behind; a shard one of whose files is no longer as
 * written (emptied, cut short, replaced) is written again. Problems come
 * back as data; nothing is printed.
 *
 * Then (`IndexRun.finish`) the search routing's files are written from each
 * shard's word counts, which the index workers keep in the build cache (a
 * shard whose counts are missing is counted again without writing its
 * bundle). The routing comes in layers (see `routeLayers` in
 * `search-route.js`): the shared one (`<site>/pagefind/route/`, see
 * `route-files.ts`) for the shards it was written with, and a routing of its
 * own (`<site>/pagefind/<shard>/route-<word files>-<phrase files>/`) for each
 * shard new or changed since.
 * Adding a story writes its shard's bundle and routing, and leaves every
 * other file of the index as it was: what a deploy uploads is that shard.
 * The shared routing is written again, for every shard, when more than
 * {@link OWN_ROUTES} shards would have their own, when none would be left
 * for it, or when the archive's size calls for another number of files.
 * `shards.json` notes the size and time of each routing pack as written
 * (`written`): a pack no longer so is written again.
 */
import { linkSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join, resolve } from 'node:path'
import { writeFileAtomic } from '../io/atomic.ts'
import { limit } from '../io/limit.ts'
import { readJsonObject } from '../io/cache-file.ts'
import { isAsWritten, writtenStamp, type WrittenStamp } from '../io/file-stamps.ts'
import { excludeSelectors } from './exclusions.ts'
import { writeShard, type IndexTask, type IndexTaskResult } from './index-task.ts'
import { ownRoutePack, pagefindFiles, planIndex, type BucketCounts, shardsFile, shortSignature, strayRoutes, strays, type IndexState, type ShardFolder } from './index-plan.ts'
import { loadShardRoute, routeBuckets, routeCacheFile, routeSlots, writeOwnRouteFiles, writeRouteFiles } from './route-files.ts'
import type { ShardRoute } from './route-count.ts'
import { packRules, phraseRules, route } from './route-keys.ts'
import { planShards, type ShardPlan } from './shards.ts'

/** Configuration for {@link indexSite}. */
export interface IndexOptions {
  /** The built site's folder. */
  site: string
  /** Each story's shard and its page's key, as the build wrote them (see `src/site/page-cache.ts`). */
  pages: ReadonlyMap<string, { shard: string; key: string }>
  /**
   * A story page's file, relative to the site's folder, from its slug or from a glob of slugs (`{a,b}`): the
   * site's path scheme, which the build hands in (`storyFile` of `src/site/paths.ts`).
   */
  storyFile: (slug: string) => string
  /** Selectors of elements to leave out (default: {@link excludeSelectors}). */
  exclude?: readonly string[]
  /** Shards written at once (default: the number of cores, at most 2). */
  workers?: number
  /** The build cache, where each shard's word counts are kept for the routing (default: `'.cache'`). */
  cache?: string
  /** Told how many of the shards to write (or count again) are done, as they get done. */
  onProgress?: (done: number, total: number) => void
  /** Shards that may have a routing of their own before the shared routing is written again for all (default: {@link OWN_ROUTES}). */
  ownRoutes?: number
}

/**
 * Shards that may have a routing of their own beside the shared one. Each
 * costs a query one more small file a word (a few hundred bytes each); the
 * shared routing is written again, whole, when one more would be needed.
 * Stories added one by one fill one small shard at a time (see `shards.ts`),
 * so this many such shards come between two writings of the shared routing.
 */
export const OWN_ROUTES = 4

/** Why an index was not written. */
export type IndexProblemCode = 'NO_SITE' | 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED'

/** A problem with the index. */
export interface IndexProblem {
  code: IndexProblemCode
  message: string
}

/** What indexing did. */
export interface IndexResult {
  /** Whether the index was written. */
  ok: boolean
  /** Pages in the index (story pages). */
  pages: number
  /** Shards in the index. */
  shards: number
  /** Shards written by this build (the others were current). */
  written: number
  problems: IndexProblem[]
}

/** The folder of the index inside the site. */
export const indexFolder = 'pagefind'


/** What `shards.json` holds: the search page reads `route`, `buckets`, `phraseBuckets` and each shard's `name`, `stories` and `own`. */
export interface ShardsFile {
  version: 1
  /** The routing's version (`ROUTE.version` of `search-route.js`) its files follow. */
  route: number
  /** Word files of the shared routing under `route/` (see `bucketCount`). */
  buckets: number
  /** Phrase files of the shared routing (see `phraseBucketCount`). */
  phraseBuckets: number
  /** The sizes of the shared routing pack's slots, word buckets' then phrase buckets' (see `routeSlots`); none when it serves no shard. */
  slots?: [number, number]
  /** The shards the shared routing was written with, and their signatures then: it serves those of them listed without `own`. */
  shared: Record<string, string>
  /** Each routing pack as written, by its path in the index's folder (`route.bin`, `s0003/route-32-32.bin`): its size and modification time, so that a build trusts only packs still so (the search page does not read it). */
  written: Record<string, WrittenStamp>
  /**
   * Newest first. `pack`: the pack of its Pagefind files in its folder (see `pack.ts`); `phrases`: its phrase index of
   * common words (see `phrase-index.ts`); `meta` and `wasm`: Pagefind's metadata and WebAssembly in its folder, when it
   * has one language (the page fetches them with the entry, not after it). `own`: the shard's routing is its own, in so
   * many buckets, in `<name>/route-<buckets>-<phraseBuckets>.bin` (`ownRouteDir`), with the sizes of its slots.
   */
  shards: ShardListing[]
}

/** A shard as `shards.json` lists it (see {@link ShardsFile}). */
export interface ShardListing {
  name: string
  stories: number
  signature: string
  pack: string
  phrases: string
  meta?: string
  wasm?: string
  own?: { buckets: number; phraseBuckets: number; slots: [number, number] }
}

/**
 * Index a built site whose pages are all in place.
 *
 * @param options Configuration.
 * @returns What happened; `ok` is `false` with problems when Pagefind failed (shards not yet swapped in stay as they were).
 */
export async function indexSite(options: IndexOptions): Promise<IndexResult> {
  return (await startIndex(options)).finish()
}

/**
 * An index being written while the site's pages land: each shard is
 * written as soon as the build says its pages are in place
 * ({@link IndexRun.ready}), two at a time; {@link IndexRun.finish} writes
 * the shards not yet written, then the routing and the list of shards.
 */
export interface IndexRun {
  /** The shard's pages are all in place: write it (if it needs writing). */
  ready(shard: string): void
  /** Write what is left, then the routing and `shards.json`. */
  finish(): Promise<IndexResult>
  /** Start no other shard, wait for those under way, and leave the list of shards as it was (the build failed). */
  stop(): Promise<void>
  /** Milliseconds during which a shard was being written, or the routing: the index's own time, apart from waiting on pages. */
  readonly busyMs: number
}

/**
 * Start indexing a site: plan its shards, and write at once those whose
 * pages are in place already (every shard but those named in `rendering`).
 *
 * @param options Configuration.
 * @param rendering Shards some of whose pages are still to be written: each waits for {@link IndexRun.ready}.
 * @returns The run.
 */
export async function startIndex(options: IndexOptions, rendering: ReadonlySet<string> = new Set()): Promise<IndexRun> {
  const site = resolve(options.site)
  const folder = join(site, indexFolder)
  const failed = (code: IndexProblemCode, message: string): IndexResult => ({ ok: false, pages: 0, shards: 0, written: 0, problems: [{ code, message }] })
  if (!(await isDirectory(site))) {
    return settled(failed('NO_SITE', `${options.site} is not a folder: build the site first`))
  }

  const shards = planShards(options.pages)
  const state = await readIndexState(folder, shards)
  const plan = planIndex(shards, state, options.ownRoutes ?? OWN_ROUTES)
  const { buckets, phraseBuckets, own, compact, routed } = plan
  const exclude = [...(options.exclude ?? excludeSelectors)]
  const storyFile = options.storyFile
  const cache = options.cache ?? '.cache'
  const routeOf = (shard: ShardPlan): NonNullable<IndexTask['route']> => ({
    ...(own.get(shard.name) ?? { buckets, phraseBuckets }),
    pages: shard.slugs.map(storyFile),
    cacheFile: routeCacheFile(cache, site, shard.name),
    signature: shard.signature
  })
  /** A shard's counts as the cache keeps them for this routing, or `null`. */
  const cachedCounts = (shard: ShardPlan): Promise<ShardRoute | null> => {
    const { cacheFile, buckets: shardBuckets, phraseBuckets: shardPhraseBuckets } = routeOf(shard)
    return loadShardRoute(cacheFile, shard.signature, shardBuckets, shardPhraseBuckets)
  }
  const tasks = new Map<string, Queued>(
    plan.write.map((shard) => [
      shard.name,
      {
        name: shard.name,
        signature: shortSignature(shard),
        task: {
          site,
          // Slugs are `[a-z0-9-]` (see `src/records/slug.ts`): nothing in them means anything to a glob.
          glob: storyFile(shard.slugs.length === 1 ? shard.slugs[0]! : `{${shard.slugs.join(',')}}`),
          output: join(folder, `.${shard.name}-next`),
          exclude,
          route: routeOf(shard)
        }
      }
    ])
  )
  if (plan.unchanged) {
    return settled({ ok: true, pages: plan.stories, shards: shards.length, written: 0, problems: [] })
  }
  // Shards whose bundle is current but whose counts are not in the cache are counted again.
  const counts = new Map<string, ShardRoute>()
  /** Counting tasks of shards whose pages are in place: started at once. */
  const countsNow: Queued[] = []
  /** Counting tasks of shards whose pages are still to land: queued by `ready`. */
  const countsAfter = new Map<string, Queued>()
  for (const shard of routed) {
    if (tasks.has(shard.name)) continue
    const cached = await cachedCounts(shard)
    if (cached) counts.set(shard.name, cached)
    else {
      const count: Queued = { name: null, signature: '', task: { site, glob: '', output: '', exclude, route: routeOf(shard), pagefind: false } }
      // A shard whose pages are rendering is counted once they are in place.
      if (rendering.has(shard.name)) countsAfter.set(shard.name, count)
      else countsNow.push(count)
    }
  }

  // Shards are written as they become ready, so many at a time; after a failure, or once stopped, no other is started.
  const limited = limit(options.workers ?? Math.min(2, availableParallelism()))
  const total = tasks.size + countsNow.length + countsAfter.size
  let done = 0
  let error: IndexTaskResult['error'] = null
  let stopped = false
  /** Set once the run settles: a shard said ready later is not started. */
  let closed = false
  const busy = new BusyClock()
  const write = async (item: Queued): Promise<void> => {
    if (error !== null || stopped) return
    busy.start()
    try {
      const result = await writeShard(item.task)
      if (result.error !== null) error ??= result.error
      else {
        if (item.name !== null) await putInPlace(folder, { ...item, name: item.name }, result, own.get(item.name), state.listed.own.get(item.name))
        options.onProgress?.(++done, total)
      }
    } catch (thrown) {
      error ??= { code: 'PAGEFIND_FAILED', message: `cannot put the new index in place: ${thrown instanceof Error ? thrown.message : String(thrown)}` }
    } finally {
      busy.stop()
    }
  }
  /** Each shard's writing (and counting) once started, by name (`''`: the counts of shards not rendering). */
  const started = new Map<string, Promise<unknown>>()
  const ready = (name: string): void => {
    if (closed || started.has(name)) return
    const items = [countsAfter.get(name), tasks.get(name)].filter((item) => item !== undefined)
    started.set(name, Promise.all(items.map((item) => limited(() => write(item)))))
  }
  options.onProgress?.(0, total)
  // Shards whose pages are all in place are written at once, while the others render.
  started.set('', Promise.all(countsNow.map((item) => limited(() => write(item)))))
  for (const name of tasks.keys()) if (!rendering.has(name)) ready(name)
  const settle = async (): Promise<void> => {
    closed = true
    await Promise.all(started.values())
    await Promise.all([...tasks.values()].map(({ task }) => rm(task.output, { recursive: true, force: true })))
  }

  const run: IndexRun = {
    ready,
    get busyMs() {
      return busy.ms
    },
    async stop() {
      stopped = true
      await settle()
    },
    async finish() {
      if (stopped) return failed('PAGEFIND_FAILED', 'the index was stopped before it was finished')
      for (const name of [...tasks.keys(), ...countsAfter.keys()]) ready(name)
      await settle()
      if (error) return failed(error.code, error.message)
      busy.start()
      try {
        // The routing's files, from the counts of the shards it serves, before the list that names the shards.
        for (const shard of routed) {
          if (counts.has(shard.name) || (!compact && tasks.has(shard.name))) continue
          const loaded = await cachedCounts(shard)
          if (!loaded) return failed('PAGEFIND_FAILED', `the search routing's counts of shard ${shard.name} are missing from ${routeOf(shard).cacheFile}`)
          counts.set(shard.name, loaded)
        }
        await mkdir(folder, { recursive: true })
        if (compact) {
          await writeRouteFiles(folder, routeBuckets(shards.map((shard) => ({ name: shard.name, counts: counts.get(shard.name)! })), buckets, phraseBuckets))
        } else {
          // Those of shards written in this run went in with their bundles.
          for (const shard of routed) if (!tasks.has(shard.name)) await writeOwnRouteFiles(join(folder, shard.name), shard.name, counts.get(shard.name)!)
        }
        counts.clear()

        const packs = new Map<string, Pick<ShardListing, 'pack' | 'phrases' | 'meta' | 'wasm'>>()
        for (const shard of shards) {
          const names = await readdir(join(folder, shard.name)).catch(() => [] as string[])
          const pack = names.find((name) => packRules.packLayout(name) !== null)
          const phrases = names.find((name) => phraseRules.commonIndexBuckets(name) !== null)
          if (!pack || !phrases) return failed('PAGEFIND_FAILED', `shard ${shard.name} has no pack or no phrase index in ${join(folder, shard.name)}`)
          packs.set(shard.name, { pack, phrases, ...pagefindFiles(names) })
        }
        // Each routing pack as it is now, all written: the next build trusts a pack only while it stays so.
        const written: Record<string, WrittenStamp> = {}
        for (const path of ['route.bin', ...[...own].map(([name, counts]) => ownRoutePack(name, counts))]) {
          const stamp = writtenStamp(join(folder, path))
          if (stamp) written[path] = stamp
        }
        // The sizes of the slots of each routing pack a page reads, from its head: it works out where a bucket is from them.
        const routePacks = new Map<string, BucketCounts>([...own].map(([name, counts]) => [ownRoutePack(name, counts), counts]))
        if (shards.some((shard) => !own.has(shard.name))) routePacks.set('route.bin', { buckets, phraseBuckets })
        const slots = new Map<string, [number, number]>()
        for (const [path, counts] of routePacks) {
          const sizes = await routeSlots(join(folder, path), counts)
          if (!sizes) return failed('PAGEFIND_FAILED', `the search routing's pack ${join(folder, path)} does not say the sizes of its slots`)
          slots.set(path, sizes)
        }
        const sharedSlots = slots.get('route.bin')
        const list: ShardsFile = {
          version: 1,
          route: route.ROUTE.version,
          buckets,
          phraseBuckets,
          ...(sharedSlots ? { slots: sharedSlots } : {}),
          shared: Object.fromEntries(plan.shared),
          written,
          shards: shards.map((shard) => ({
            name: shard.name,
            stories: shard.slugs.length,
            signature: shortSignature(shard),
            ...packs.get(shard.name)!,
            ...(own.has(shard.name) ? { own: { ...own.get(shard.name)!, slots: slots.get(ownRoutePack(shard.name, own.get(shard.name)!))! } } : {})
          }))
        }
        await writeFileAtomic(join(folder, shardsFile), JSON.stringify(list) + '\n')
        // What no shard of this index is: shards emptied, and an index of an older layout; and own routings the shared one now covers.
        for (const name of strays(await readdir(folder), shards)) await rm(join(folder, name), { recursive: true, force: true })
        for (const shard of shards) {
          // The current routing's pack and its volumes stay.
          const names = await readdir(join(folder, shard.name)).catch(() => [])
          for (const name of strayRoutes(names, own.get(shard.name))) await rm(join(folder, shard.name, name), { recursive: true, force: true })
        }
        return { ok: true, pages: plan.stories, shards: shards.length, written: plan.write.length, problems: [] }
      } finally {
        busy.stop()
      }
    }
  }
  return run
}

/** A shard to write (`name`, and the `signature` its folder keeps), or one to count only (`name: null`). */
interface Queued {
  name: string | null
  signature: string
  task: IndexTask
}

/**
 * Put a shard just written (to `.<name>-next`) in place of the old one,
 * with its routing of its own if it has one, its signature and the note of
 * its files as written.
 *
 * @param folder The index's folder.
 * @param item The shard's task.
 * @param result What writing it made.
 * @param own Its routing of its own, in so many buckets (`undefined`: the shared routing serves it).
 * @param listed The routing of its own that `shards.json` lists for it now (`undefined`: none).
 */
async function putInPlace(folder: string, item: Queued & { name: string }, result: IndexTaskResult, own: BucketCounts | undefined, listed: BucketCounts | undefined): Promise<void> {
  const output = item.task.output
  // A shard with a routing of its own takes it into its folder before the folder is swapped in: the two go together.
  if (own) {
    if (!result.route) throw new Error(`the search routing's counts of shard ${item.name} were not made`)
    await writeOwnRouteFiles(output, item.name, result.route)
  }
  // The list of shards names the routing it had until `finish` writes the list again: that routing goes along,
  // stale but there (a page would fail on a missing file), and `finish` removes it after the list.
  if (listed && route.ownRouteDir(listed) !== (own && route.ownRouteDir(own))) {
    // Linked, not copied: a pack is never changed in place. Each of its volumes.
    for (let volume = 0; ; volume++) {
      const name = packRules.volumeFile(`${route.ownRouteDir(listed)}.bin`, volume)
      const carried = join(output, name)
      // (A killed build may have left one there.)
      await rm(carried, { force: true })
      try {
        linkSync(join(folder, item.name, name), carried)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        break
      }
    }
  }
  await writeFile(join(output, signatureFile), item.signature)
  await noteWritten(output)
  await swapIn(folder, item.name)
}

/** Milliseconds during which at least one piece of work was under way (work may overlap: the time counts once). */
class BusyClock {
  #active = 0
  #since = 0
  #ms = 0

  /** A piece of work begins. */
  start(): void {
    if (this.#active++ === 0) this.#since = performance.now()
  }

  /** A piece of work ends. */
  stop(): void {
    if (--this.#active === 0) this.#ms += performance.now() - this.#since
  }

  /** The time so far, rounded. */
  get ms(): number {
    return Math.round(this.#ms)
  }
}

/** Whether a path is a folder (`false` when it is missing). */
async function isDirectory(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isDirectory() === true
}

/** A run with nothing to do: its result is known already. */
function settled(result: IndexResult): IndexRun {
  return { ready: () => {}, finish: async () => result, stop: async () => {}, busyMs: 0 }
}

/** The file in a shard's folder that holds the signature it was written from (see {@link shortSignature}). */
const signatureFile = 'signature.txt'

/** Put a shard written to `.<name>-next` in place of the old one. */
async function swapIn(folder: string, name: string): Promise<void> {
  const target = join(folder, name)
  const old = join(folder, `.${name}-old`)
  await rm(old, { recursive: true, force: true })
  await rename(target, old).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error
  })
  await rename(join(folder, `.${name}-next`), target)
  await rm(old, { recursive: true, force: true })
}

/**
 * The index as it is on disk, for {@link planIndex}: what `shards.json`
 * says, each planned shard's folder (its signature, and whether its files
 * are as written), the routing packs still as written, and the folder's
 * entries.
 *
 * @param folder The index's folder.
 * @param shards The shards as planned.
 * @returns The state (empty where there is nothing, or it cannot be read).
 */
async function readIndexState(folder: string, shards: readonly ShardPlan[]): Promise<IndexState> {
  const data = ((await readJsonObject(join(folder, shardsFile))) ?? {}) as Partial<ShardsFile>
  const listed = Array.isArray(data.shards) ? data.shards : []
  const written = data.written !== null && typeof data.written === 'object' ? Object.entries(data.written) : []
  const folders = new Map<string, ShardFolder>()
  for (const shard of shards) {
    const signature = await readFile(join(folder, shard.name, signatureFile), 'utf8').catch(() => null)
    // A few stats a shard, only where the signature matches: a build with nothing to do stays quick.
    if (signature !== null) folders.set(shard.name, { signature, whole: signature === shortSignature(shard) && (await isWhole(join(folder, shard.name))) })
  }
  return {
    listed: {
      signatures: new Map(listed.map((shard) => [shard.name, shard.signature])),
      shared: new Map(data.shared !== null && typeof data.shared === 'object' ? Object.entries(data.shared).filter((entry): entry is [string, string] => typeof entry[1] === 'string') : []),
      own: new Map(listed.flatMap((shard) => (shard.own ? [[shard.name, shard.own] as const] : []))),
      route: typeof data.route === 'number' ? data.route : null,
      buckets: typeof data.buckets === 'number' ? data.buckets : null,
      phraseBuckets: typeof data.phraseBuckets === 'number' ? data.phraseBuckets : null
    },
    folders,
    packsAsWritten: new Set(written.filter(([path, stamp]) => isAsWritten(join(folder, path), stamp)).map(([path]) => path)),
    entries: await readdir(folder).catch(() => [])
  }
}

/** The file in a shard's folder that notes each file of the shard as written (`{name: [size, mtimeMs]}`): its bundle, pack and phrase index; not its own routing, which `shards.json` notes. */
const writtenFile = 'written.json'

/** Note the size and time of each file of a shard just written (see {@link writtenFile}). */
async function noteWritten(shardFolder: string): Promise<void> {
  const noted: Record<string, WrittenStamp> = {}
  for (const name of await readdir(shardFolder)) {
    if (name === signatureFile || name === writtenFile || /^\.?route/.test(name)) continue
    const stamp = writtenStamp(join(shardFolder, name))
    if (stamp) noted[name] = stamp
  }
  await writeFile(join(shardFolder, writtenFile), JSON.stringify(noted))
}

/**
 * Whether a shard's folder holds the whole shard as it was written: its
 * note lists Pagefind's `pagefind.js`, a pack and a phrase index, and every
 * file it lists has the size and time noted. A few stats a shard: a build
 * with nothing to do stays quick.
 */
async function isWhole(shardFolder: string): Promise<boolean> {
  const noted = await readJsonObject(join(shardFolder, writtenFile))
  if (!noted) return false
  const names = Object.keys(noted)
  return (
    names.includes('pagefind.js') &&
    names.some((name) => packRules.packLayout(name) !== null) &&
    names.some((name) => phraseRules.commonIndexBuckets(name) !== null) &&
    names.every((name) => isAsWritten(join(shardFolder, name), noted[name]))
  )
}
