/**
 * A build repairs what it wrote: a page, a list's file or a file of the
 * search index emptied, cut short or replaced since is written again, and
 * the rest left as it is. Four generated stories in shards of two, the
 * newest shard with a routing of its own.
 */
import { readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateDump } from '../../scripts/gen-corpus.ts'
import { packRules, phraseRules } from '../../src/search/route-keys.ts'
import { unpackHashed, unpackSlots, unpackTable } from '../../src/search/pack.ts'
import { build, tempContent, type Built } from './build-fixture.ts'

let site: Built
const options = { shardSize: 2, index: true }
const addDumps = (from: number, to: number): void => {
  for (let i = from; i < to; i++) {
    const dump = generateDump(i)
    writeFileSync(join(site.content, 'dumps', dump.name), dump.text)
  }
}
/** A file of the site. */
const path = (file: string): string => join(site.out, file)
/** A file of a shard's folder whose name matches. */
const shardFile = (shard: string, test: (name: string) => boolean): string => `pagefind/${shard}/${readdirSync(path(`pagefind/${shard}`)).find(test)!}`
const pack = (shard: string): string => shardFile(shard, (name) => packRules.packLayout(name) !== null)
const phrases = (shard: string): string => shardFile(shard, (name) => phraseRules.commonIndexBuckets(name) !== null)
/** Every file of the site and its bytes. */
const files = (): Map<string, string> => new Map((readdirSync(site.out, { recursive: true }) as string[]).filter((file) => statSync(path(file)).isFile()).map((file) => [file, readFileSync(path(file), 'latin1')]))

/** The files whose bytes are not those given, or that are gone or new. */
const changed = (before: Map<string, string>): string[] => {
  const now = files()
  return [...new Set([...before.keys(), ...now.keys()])].filter((file) => before.get(file) !== now.get(file)).sort()
}

beforeAll(async () => {
  site = await build(tempContent([]), options)
  addDumps(0, 3)
  site = await build(site.dir, options)
  // The fourth story joins the newest shard, which gets a routing of its own.
  addDumps(3, 4)
  site = await build(site.dir, options)
  if (!site.result.ok) throw new Error('the site did not build')
})
afterAll(() => site?.remove())

describe('a build after its output was damaged', () => {
  it('starts from an index with a shared routing and a shard’s own', () => {
    expect(site.result.index).toMatchObject({ ok: true, pages: 4, shards: 2 })
    expect(readdirSync(path('pagefind/s0001')).some((name) => /^route-\d+-\d+\.bin$/.test(name))).toBe(true)
  })

  it('writes again the pages, lists and index files no longer as it wrote them, and then nothing', async () => {
    const before = files()
    const story = 'stories/story-00001/index.html'
    const other = 'stories/story-00002/index.html'
    const ownRoute = shardFile('s0001', (name) => /^route-\d+-\d+\.bin$/.test(name))
    // Emptied, cut short, replaced by bytes of the same size, or only touched.
    writeFileSync(path(story), '')
    writeFileSync(path(other), 'x'.repeat(statSync(path(other)).size))
    truncateSync(path('index.html'), 100)
    writeFileSync(path('assets/search.js'), '')
    writeFileSync(path('pagefind/s0000/pagefind.js'), '')
    truncateSync(path(pack('s0001')), statSync(path(pack('s0001'))).size - 1)
    truncateSync(path(phrases('s0000')), 50)
    truncateSync(path('pagefind/route.bin'), 200)
    writeFileSync(path(ownRoute), '')
    const again = await build(site.dir, options)
    expect(again.result.ok).toBe(true)
    // The two story pages and the lists rendered again; both shards written again (one, its bundle; the other, its pack).
    expect(again.result.stats).toMatchObject({ pages: 2, kept: 2 })
    expect(again.result.written).toBeGreaterThan(2)
    expect(again.result.index).toMatchObject({ ok: true, shards: 2, written: 2 })
    const after = files()
    for (const file of [story, other, 'index.html', 'assets/search.js', 'pagefind/s0000/pagefind.js']) expect(after.get(file) === before.get(file), file).toBe(true)
    for (const shard of ['s0000', 's0001']) {
      const layout = packRules.packLayout(pack(shard))!
      expect(unpackHashed(readFileSync(path(pack(shard))), layout), pack(shard)).not.toBeNull()
      expect(unpackTable(readFileSync(path(phrases(shard)))), phrases(shard)).not.toBeNull()
    }
    // The shared routing, cut short, is written again for every shard (the shard's own, emptied, is no longer needed).
    expect(unpackSlots(readFileSync(path('pagefind/route.bin')))).not.toBeNull()
    const listed = JSON.parse(readFileSync(path('pagefind/shards.json'), 'utf8')) as { shards: { own?: unknown }[] }
    expect(listed.shards.filter((shard) => shard.own)).toEqual([])

    // Then nothing to do: every file is as the last build wrote it.
    const now = files()
    const idle = await build(site.dir, options)
    expect(idle.result.written).toBe(0)
    expect(idle.result.index).toMatchObject({ ok: true, written: 0 })
    expect(changed(now)).toEqual([])
  })

  it('writes again a shard’s own routing cut short, and no shard', async () => {
    // The fifth story calls for more routing files (all written again), the sixth has a routing of its own.
    addDumps(4, 5)
    site = await build(site.dir, options)
    addDumps(5, 6)
    site = await build(site.dir, options)
    const listed = JSON.parse(readFileSync(path('pagefind/shards.json'), 'utf8')) as { shards: { name: string; own?: unknown }[] }
    const shard = listed.shards.find((each) => each.own)!.name
    const own = shardFile(shard, (name) => /^route-\d+-\d+\.bin$/.test(name))
    const made = readFileSync(path(own), 'latin1')
    truncateSync(path(own), 30)
    const again = await build(site.dir, options)
    expect(again.result.index).toMatchObject({ ok: true, written: 0 })
    expect(readFileSync(path(own), 'latin1') === made).toBe(true)
  })

  it('writes again a file only touched since, and no shard the touch did not reach', async () => {
    const time = new Date(Date.now() - 3_600_000)
    utimesSync(path('stories/story-00003/index.html'), time, time)
    utimesSync(path('pagefind/s0001/pagefind.js'), time, time)
    const again = await build(site.dir, options)
    expect(again.result.stats).toMatchObject({ pages: 1, kept: 5 })
    expect(again.result.index).toMatchObject({ ok: true, written: 1 })
    expect(statSync(path('pagefind/s0001/pagefind.js')).mtimeMs).toBeGreaterThan(time.getTime() + 1000)
  })
})
