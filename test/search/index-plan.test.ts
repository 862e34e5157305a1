/**
 * Planning what a build writes of the search index, from the index's state
 * as data: no Pagefind, no disk.
 */
import { describe, expect, it } from 'vitest'
import { ownRoutePack, pagefindFiles, planIndex, shortSignature, strayRoutes, strays, type IndexState, type ListedIndex } from '../../src/search/index-plan.ts'
import { ownBucketCounts } from '../../src/search/route-files.ts'
import { route } from '../../src/search/route-keys.ts'
import type { ShardPlan } from '../../src/search/shards.ts'

/** A shard of `stories` stories whose pages were made as `version` says. */
const shard = (name: string, stories: number, version = 'a'): ShardPlan => ({
  name,
  slugs: Array.from({ length: stories }, (_, index) => `${name}-story-${index}`),
  signature: `${name}${version}`.padEnd(64, '0')
})

/** Three shards, newest first, of 600 stories in all. */
const shards = [shard('s0003', 100), shard('s0002', 250), shard('s0001', 250)]
const buckets = route.bucketCount(600)
const phraseBuckets = route.phraseBucketCount(600)

/** The index as a build of `written` left it, the shared routing written with them all. */
const indexOf = (written: readonly ShardPlan[]): IndexState => ({
  listed: {
    signatures: new Map(written.map((each) => [each.name, shortSignature(each)])),
    shared: new Map(written.map((each) => [each.name, shortSignature(each)])),
    own: new Map(),
    route: route.ROUTE.version,
    buckets,
    phraseBuckets
  },
  folders: new Map(written.map((each) => [each.name, { signature: shortSignature(each), whole: true }])),
  packsAsWritten: new Set(['route.bin']),
  entries: ['shards.json', 'route.bin', ...written.map((each) => each.name)]
})

/** The same state with `listed` changed. */
const listing = (state: IndexState, listed: Partial<ListedIndex>): IndexState => ({ ...state, listed: { ...state.listed, ...listed } })

const names = (list: readonly ShardPlan[]) => list.map((each) => each.name)

describe('planIndex', () => {
  it('writes every shard and the shared routing into an empty index', () => {
    const empty: IndexState = {
      listed: { signatures: new Map(), shared: new Map(), own: new Map(), route: null, buckets: null, phraseBuckets: null },
      folders: new Map(),
      packsAsWritten: new Set(),
      entries: []
    }
    const plan = planIndex(shards, empty, 4)
    expect(names(plan.write)).toEqual(['s0003', 's0002', 's0001'])
    expect(plan.keep).toEqual([])
    expect(plan.compact).toBe(true)
    expect(names(plan.routed)).toEqual(['s0003', 's0002', 's0001'])
    expect(plan.own.size).toBe(0)
    expect(plan.remove).toEqual([])
    expect(plan.unchanged).toBe(false)
    expect(plan).toMatchObject({ stories: 600, buckets, phraseBuckets })
    expect([...plan.shared]).toEqual(shards.map((each) => [each.name, shortSignature(each)]))
  })

  it('has nothing to do when every shard and the routing are as written', () => {
    const plan = planIndex(shards, indexOf(shards), 4)
    expect(plan.write).toEqual([])
    expect(names(plan.keep)).toEqual(['s0003', 's0002', 's0001'])
    expect(plan.compact).toBe(false)
    expect(plan.routed).toEqual([])
    expect(plan.unchanged).toBe(true)
  })

  it('writes a changed shard again with a routing of its own, and keeps the shared routing for the others', () => {
    const changed = [shard('s0003', 100, 'b'), shards[1]!, shards[2]!]
    const plan = planIndex(changed, indexOf(shards), 4)
    expect(names(plan.write)).toEqual(['s0003'])
    expect(names(plan.keep)).toEqual(['s0002', 's0001'])
    expect(plan.compact).toBe(false)
    expect([...plan.own]).toEqual([['s0003', ownBucketCounts(100, { buckets, phraseBuckets })]])
    expect(names(plan.routed)).toEqual(['s0003'])
    // The shared routing still serves the shards it was written with, as listed.
    expect(plan.shared).toEqual(indexOf(shards).listed.shared)
    expect(plan.unchanged).toBe(false)
  })

  it('writes a shard again whose files are no longer as written, and its routing stays the shared one', () => {
    const state = indexOf(shards)
    const damaged: IndexState = { ...state, folders: new Map([...state.folders, ['s0002', { signature: shortSignature(shards[1]!), whole: false }]]) }
    const plan = planIndex(shards, damaged, 4)
    expect(names(plan.write)).toEqual(['s0002'])
    expect(plan.compact).toBe(false)
    expect(plan.own.size).toBe(0)
    expect(plan.routed).toEqual([])
    expect(plan.unchanged).toBe(false)
  })

  it('writes a shard again whose folder was written from other pages, though the list of shards names it as current', () => {
    const state = indexOf(shards)
    const swapped: IndexState = { ...state, folders: new Map([...state.folders, ['s0001', { signature: 'ffffffffffffffff', whole: true }]]) }
    expect(names(planIndex(shards, swapped, 4).write)).toEqual(['s0001'])
  })

  it('writes the shared routing again, for every shard, when more shards than allowed would have their own', () => {
    const changed = shards.map((each) => shard(each.name, each.slugs.length, 'b'))
    const before = indexOf([...shards, shard('s0000', 1)])
    const plan = planIndex(changed, before, 2)
    expect(plan.compact).toBe(true)
    expect(plan.own.size).toBe(0)
    expect(names(plan.routed)).toEqual(['s0003', 's0002', 's0001'])
    expect([...plan.shared.keys()]).toEqual(['s0003', 's0002', 's0001'])
  })

  it('writes the shared routing again when its pack is not as written, its version is another or the archive needs other bucket counts', () => {
    const state = indexOf(shards)
    expect(planIndex(shards, { ...state, packsAsWritten: new Set() }, 4).compact).toBe(true)
    expect(planIndex(shards, listing(state, { route: route.ROUTE.version - 1 }), 4).compact).toBe(true)
    expect(planIndex(shards, listing(state, { buckets: buckets * 2 }), 4).compact).toBe(true)
    // Each has every shard's bundle kept: only the routing is written.
    expect(planIndex(shards, listing(state, { phraseBuckets: phraseBuckets * 2 }), 4).write).toEqual([])
  })

  it('keeps a routing of its own that the list of shards vouches for, and writes one whose pack is not as written', () => {
    const changed = [shard('s0003', 100, 'b'), shards[1]!, shards[2]!]
    const counts = ownBucketCounts(100, { buckets, phraseBuckets })
    const state = indexOf(shards)
    const written: IndexState = {
      ...listing(state, { signatures: new Map([...state.listed.signatures, ['s0003', shortSignature(changed[0]!)]]), own: new Map([['s0003', counts]]) }),
      folders: new Map([...state.folders, ['s0003', { signature: shortSignature(changed[0]!), whole: true }]]),
      packsAsWritten: new Set(['route.bin', ownRoutePack('s0003', counts)])
    }
    const plan = planIndex(changed, written, 4)
    expect(plan.write).toEqual([])
    expect(plan.routed).toEqual([])
    expect(plan.unchanged).toBe(true)

    const lost = planIndex(changed, { ...written, packsAsWritten: new Set(['route.bin']) }, 4)
    expect(names(lost.routed)).toEqual(['s0003'])
    expect(lost.write).toEqual([])
    expect(lost.unchanged).toBe(false)
  })

  it('is not unchanged while the list of shards names a shard that is gone', () => {
    const plan = planIndex(shards.slice(0, 2), indexOf(shards), 4)
    expect(plan.unchanged).toBe(false)
    expect(plan.remove).toEqual(['s0001'])
  })
})

describe('pagefindFiles', () => {
  it("names a shard's metadata and WebAssembly when it has one language, and nothing for several or none", () => {
    expect(pagefindFiles(['pack-16-64.bin', 'pagefind.en_8ec3419ba3.pf_meta', 'pagefind.js', 'wasm.en.pagefind'])).toEqual({ meta: 'pagefind.en_8ec3419ba3.pf_meta', wasm: 'wasm.en.pagefind' })
    expect(pagefindFiles(['pagefind.en_1.pf_meta', 'pagefind.fr_2.pf_meta', 'wasm.en.pagefind', 'wasm.fr.pagefind'])).toEqual({})
    expect(pagefindFiles(['pagefind.js', 'pack-16-64.bin'])).toEqual({})
  })
})

describe('strays', () => {
  it('removes what belongs to no shard, and keeps the list of shards and the shared routing with its volumes', () => {
    const entries = ['shards.json', 'route.bin', 'route.1.bin', 's0002', 's0001', 's0009', '.s0002-next', '.s0001-old', 'fragment', 'route']
    expect(strays(entries, [shard('s0002', 1), shard('s0001', 1)])).toEqual(['s0009', '.s0002-next', '.s0001-old', 'fragment', 'route'])
  })
})

describe('strayRoutes', () => {
  const names = ['pagefind.js', 'route-32-32.bin', 'route-32-32.1.bin', 'route-64-32.bin', '.route-next', 'pack-3-100.bin']

  it('keeps the current routing pack and its volumes', () => {
    expect(strayRoutes(names, { buckets: 32, phraseBuckets: 32 })).toEqual(['route-64-32.bin', '.route-next'])
  })

  it('removes every routing file of a shard the shared routing serves', () => {
    expect(strayRoutes(names, undefined)).toEqual(['route-32-32.bin', 'route-32-32.1.bin', 'route-64-32.bin', '.route-next'])
  })
})
