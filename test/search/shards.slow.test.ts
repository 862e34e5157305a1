/**
 * The search index in shards. Unit: how stories get their shard and when
 * a shard changes. Built: shards of two stories over generated dumps, with
 * only the shards whose pages changed written again on a rebuild.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { generateDump } from '../../scripts/gen-corpus.ts'
import { startIndex } from '../../src/search/index-site.ts'
import { storyFile } from '../../src/site/paths.ts'
import { assignShards, planShards, SHARD_SIZE, shardName, shardNumber, TAIL_MIN, TAIL_SHARE } from '../../src/search/shards.ts'
import { all, build, one, tempContent, type Built } from '../site/build-fixture.ts'
import { readFragments, shardNames } from './pagefind-files.ts'
import { unpackSlots } from '../../src/search/pack.ts'

describe('assigning stories to shards', () => {
  const slugs = (n: number) => Array.from({ length: n }, (_, i) => `story-${i}`)

  it('names shards so that they sort in number order, and reads the names back', () => {
    expect([shardName(0), shardName(12), shardName(12345)]).toEqual(['s0000', 's0012', 's12345'])
    expect([shardNumber('s0012'), shardNumber('s12345'), shardNumber('x0001'), shardNumber('s1'), shardNumber('s0001/..')]).toEqual([12, 12345, null, null, null])
  })

  it('fills shards oldest first when nothing was assigned before', () => {
    const shards = assignShards(slugs(5), new Map(), 2)
    expect([...shards.values()]).toEqual(['s0000', 's0000', 's0001', 's0001', 's0002'])
    expect(assignShards([], new Map(), 2).size).toBe(0)
  })

  it('keeps each story in its shard, and puts new stories in the newest shard until it is full', () => {
    const before = assignShards(slugs(5), new Map(), 2)
    const after = assignShards([...slugs(5), 'new-1', 'new-2'], before, 2)
    for (const slug of slugs(5)) expect(after.get(slug)).toBe(before.get(slug))
    expect([after.get('new-1'), after.get('new-2')]).toEqual(['s0002', 's0003'])
  })

  it('puts a story added to a built archive in a small shard: adding one re-indexes at most a tenth of the archive', () => {
    const built = assignShards(slugs(300), new Map())
    expect(new Set(built.values())).toEqual(new Set(['s0000']))
    // The one shard of 300 takes no more: the new story opens a shard of its own, and the next ones join it while it is small.
    let previous = built
    let all = slugs(300)
    for (let i = 0; i < 40; i++) {
      all = [...all, `new-${i}`]
      const next = assignShards(all, previous)
      for (const [slug, shard] of previous) expect(next.get(slug)).toBe(shard)
      const joined = next.get(`new-${i}`)!
      expect([...next.values()].filter((shard) => shard === joined).length).toBeLessThanOrEqual(Math.max(TAIL_MIN, TAIL_SHARE * all.length))
      previous = next
    }
    expect(previous.get('new-0')).toBe('s0001')
    expect(previous.get(`new-${Math.floor(TAIL_SHARE * 330) - 1}`)).toBe('s0001')
    expect(previous.get('new-39')).toBe('s0002')
    // Many stories at once fill a shard of their own to the full size.
    const batch = assignShards([...slugs(300), ...Array.from({ length: 600 }, (_, i) => `batch-${i}`)], built)
    expect([...batch.values()].filter((shard) => shard === 's0001')).toHaveLength(SHARD_SIZE)
    expect(batch.get('batch-599')).toBe('s0002')
  })

  it('leaves the gap of a removed story, and never puts a new story in an older shard', () => {
    const before = assignShards(slugs(6), new Map(), 2)
    const remaining = slugs(6).filter((slug) => slug !== 'story-0')
    const after = assignShards([...remaining, 'new'], before, 2)
    expect(after.get('story-1')).toBe('s0000')
    expect(after.get('new')).toBe('s0003')
  })

  it('assigns afresh what a previous build named wrongly', () => {
    const shards = assignShards(['a', 'b'], new Map([['a', '../x']]), 10)
    expect([...shards.values()]).toEqual(['s0000', 's0000'])
  })

  it('plans shards newest first, with a signature that changes only with a page or a member', () => {
    const pages = new Map([
      ['a', { shard: 's0000', key: 'k1' }],
      ['b', { shard: 's0001', key: 'k2' }],
      ['c', { shard: 's0001', key: 'k3' }]
    ])
    const plan = planShards(pages)
    expect(plan.map((shard) => [shard.name, shard.slugs])).toEqual([
      ['s0001', ['b', 'c']],
      ['s0000', ['a']]
    ])
    const again = planShards(new Map([...pages].reverse()))
    expect(again.map((shard) => shard.signature)).toEqual(plan.map((shard) => shard.signature))
    const edited = planShards(new Map([...pages, ['c', { shard: 's0001', key: 'k4' }]]))
    expect(edited[0]!.signature).not.toBe(plan[0]!.signature)
    expect(edited[1]!.signature).toBe(plan[1]!.signature)
    const grown = planShards(new Map([...pages, ['d', { shard: 's0000', key: 'k5' }]]))
    expect(grown[1]!.signature).not.toBe(plan[1]!.signature)
  })
})

describe('a site indexed in shards', () => {
  let site: Built
  const dumps = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const dump = generateDump(i)
      writeFileSync(join(site.content, 'dumps', dump.name), dump.text)
    }
  }
  /** Each shard folder's files and their times. */
  const shardFiles = () => {
    const files = new Map<string, number>()
    for (const shard of shardNames(site.out)) {
      for (const name of readdirSync(join(site.out, 'pagefind', shard), { recursive: true }) as string[]) {
        files.set(`${shard}/${name}`, statSync(join(site.out, 'pagefind', shard, name)).mtimeMs)
      }
    }
    return files
  }
  /** The shared routing's pack: its inode, time and bytes. */
  const routing = () => {
    const path = join(site.out, 'pagefind', 'route.bin')
    const stat = statSync(path)
    return { ino: stat.ino, time: stat.mtimeMs, text: readFileSync(path, 'latin1') }
  }
  /** A routing pack's buckets. */
  const buckets = (path: string) => unpackSlots(readFileSync(path))?.length
  /** The routing packs in a shard's folder (its own routing's, and any left by a build). */
  const routeFolders = (folder: string) => readdirSync(folder).filter((name) => /^\.?route/.test(name))
  const listed = () => JSON.parse(readFileSync(join(site.out, 'pagefind', 'shards.json'), 'utf8')) as { shards: { name: string; stories: number }[] }
  /** Each story's slug and shard, from the story pages. */
  const listedSlugs = () => readdirSync(join(site.out, 'stories')).map((slug) => [slug, pageShard(slug)] as const)
  const pageShard = (slug: string) => String(one(site.page(`stories/${slug}/index.html`), 'form.find-in input[name="shard"]').properties.value)

  beforeAll(async () => {
    site = await build(tempContent([]), { index: true })
    dumps(0, 5)
    // A part a page: each shard is indexed as soon as its pages land, while the next parts render.
    site = await build(site.dir, { shardSize: 2, index: true, pagesPerRun: 1 })
  })
  afterAll(() => site?.remove())

  it('writes one Pagefind bundle per shard, and lists the shards newest first', () => {
    expect(site.result.index).toMatchObject({ ok: true, pages: 5, shards: 3, written: 3 })
    expect(listed().shards.map((shard) => [shard.name, shard.stories])).toEqual([
      ['s0002', 1],
      ['s0001', 2],
      ['s0000', 2]
    ])
    expect(readdirSync(join(site.out, 'pagefind')).sort()).toEqual(['route.bin', 's0000', 's0001', 's0002', 'shards.json'])
  })

  it("lists each shard's Pagefind metadata and WebAssembly, files of its folder, so that the page fetches them with the entry", () => {
    for (const shard of listed().shards as { name: string; meta?: string; wasm?: string }[]) {
      const names = readdirSync(join(site.out, 'pagefind', shard.name))
      expect(shard.meta).toMatch(/^pagefind\.en_\w+\.pf_meta$/)
      expect(shard.wasm).toBe('wasm.en.pagefind')
      expect(names).toEqual(expect.arrayContaining([shard.meta, shard.wasm]))
    }
  })

  it('writes a shard once the build says its pages are in place, and the rest at the end', async () => {
    // A copy of the site without its index; every shard's pages given new keys, so that each is written again.
    const copy = join(site.dir, 'copy')
    cpSync(site.out, copy, { recursive: true })
    rmSync(join(copy, 'pagefind'), { recursive: true })
    const pages = new Map(listedSlugs().map(([slug, shard]) => [slug, { shard, key: 'new' }]))
    const run = await startIndex({ site: copy, pages, storyFile, cache: join(site.dir, 'cache-copy') }, new Set(['s0000', 's0001', 's0002']))
    run.ready('s0002')
    await vi.waitFor(() => expect(existsSync(join(copy, 'pagefind', 's0002', 'pagefind.js'))).toBe(true), { timeout: 120_000, interval: 50 })
    // The others wait for the build: not begun, and no list of shards yet.
    expect(readdirSync(join(copy, 'pagefind')).sort()).toEqual(['s0002'])
    expect(await run.finish()).toMatchObject({ ok: true, pages: 5, shards: 3, written: 3 })
    expect(readdirSync(join(copy, 'pagefind')).sort()).toEqual(['route.bin', 's0000', 's0001', 's0002', 'shards.json'])
    expect(run.busyMs).toBeGreaterThan(0)
  })

  it('writes again a shard whose own folder does not say it was made from these pages (a build stopped after swapping it in)', async () => {
    const signature = join(site.out, 'pagefind', 's0000', 'signature.txt')
    const made = readFileSync(signature, 'utf8')
    writeFileSync(signature, 'another build')
    site = await build(site.dir, { shardSize: 2, index: true })
    expect(site.result.index).toMatchObject({ ok: true, shards: 3, written: 1 })
    expect(readFileSync(signature, 'utf8')).toBe(made)
  })

  it('writes the routing again when the list of shards names another signature (a build stopped after swapping a shard in, before the routing)', async () => {
    const list = join(site.out, 'pagefind', 'shards.json')
    const made = readFileSync(list, 'utf8')
    const routing = statSync(join(site.out, 'pagefind', 'route.bin')).ino
    const stopped = () => {
      const listed = JSON.parse(made) as { shared: Record<string, string>; shards: { name: string; signature: string }[] }
      listed.shards[0]!.signature = 'an earlier build'
      listed.shared[listed.shards[0]!.name] = 'an earlier build'
      writeFileSync(list, JSON.stringify(listed))
    }
    stopped()
    site = await build(site.dir, { shardSize: 2, index: true })
    // No shard's bundle is written again (each folder says it is current); the shard gets a routing of its own, and the
    // shared routing, which does not serve it any more, is left as it was.
    expect(site.result.index).toMatchObject({ ok: true, shards: 3, written: 0 })
    expect(statSync(join(site.out, 'pagefind', 'route.bin')).ino).toBe(routing)
    expect(listed().shards[0]).toMatchObject({ name: 's0002', own: { buckets: 32, phraseBuckets: 32 } })
    expect(buckets(join(site.out, 'pagefind', 's0002', 'route-32-32.bin'))).toBe(64)
    // With no routing of their own allowed, the shared routing is made again for every shard (the same bytes as before: the file is left), and the list as it was made.
    stopped()
    site = await build(site.dir, { shardSize: 2, index: true, ownRoutes: 0 })
    expect(site.result.index).toMatchObject({ ok: true, shards: 3, written: 0 })
    expect(readFileSync(list, 'utf8')).toBe(made)
    expect(routeFolders(join(site.out, 'pagefind', 's0002'))).toEqual([])
  })

  it('tells each story page its shard, the one whose index holds the page', () => {
    for (const shard of shardNames(site.out)) {
      const only = readFragments(site.out, [shard])
      expect(only.size).toBeGreaterThan(0)
      for (const url of only.keys()) expect(pageShard(url.split('/')[2]!), url).toBe(shard)
    }
    expect(all(site.page('search/index.html'), 'form#search input[name="shard"]')).toHaveLength(1)
  })

  it('writes no shard again when nothing changed', async () => {
    const before = shardFiles()
    site = await build(site.dir, { shardSize: 2, index: true })
    expect(site.result.index).toMatchObject({ ok: true, pages: 5, shards: 3, written: 0 })
    expect(shardFiles()).toEqual(before)
  })

  it('puts a new story in the newest shard and writes that shard alone, with a routing of its own: every other file of the index stays as it was', async () => {
    const before = shardFiles()
    const routeBefore = routing()
    dumps(5, 6)
    site = await build(site.dir, { shardSize: 2, index: true })
    expect(site.result.index).toMatchObject({ ok: true, pages: 6, shards: 3, written: 1 })
    expect(pageShard('story-00006')).toBe('s0002')
    const after = shardFiles()
    for (const [file, time] of before) if (!file.startsWith('s0002/')) expect(after.get(file), file).toBe(time)
    expect(readFragments(site.out, ['s0002']).size).toBe(2)
    // The shared routing is the same file (a new story's words would reach nearly every one of its buckets).
    expect(routing()).toEqual(routeBefore)
    // 256 word files and 32 phrase files a story, at most as many as the shared routing has (32 and 64 for 6 stories).
    expect(listed().shards[0]).toMatchObject({ name: 's0002', stories: 2, own: { buckets: 32, phraseBuckets: 64 } })
    expect(buckets(join(site.out, 'pagefind', 's0002', 'route-32-64.bin'))).toBe(96)
    expect(readdirSync(join(site.out, 'pagefind')).filter((name) => name.startsWith('.'))).toEqual([])
  })

  it('keeps a routing folder in a shard the list names as having its own, from its swap to the new list, when its own routing ends', async () => {
    // A copy of the site; the shard with its own routing changed, and no such routing allowed: the shared routing is
    // written again, in `finish`, after the shard is swapped in.
    const copy = join(site.dir, 'copy-own')
    cpSync(site.out, copy, { recursive: true })
    const list = readFileSync(join(copy, 'pagefind', 'shards.json'), 'utf8')
    expect(JSON.parse(list).shards[0]).toMatchObject({ name: 's0002', own: {} })
    const signature = join(copy, 'pagefind', 's0002', 'signature.txt')
    const made = readFileSync(signature, 'utf8')
    const pages = new Map(listedSlugs().map(([slug, shard]) => [slug, { shard, key: 'changed' }]))
    const run = await startIndex({ site: copy, pages, storyFile, cache: join(site.dir, 'cache-copy-own'), ownRoutes: 0 }, new Set(['s0002']))
    run.ready('s0002')
    await vi.waitFor(() => expect(readFileSync(signature, 'utf8')).not.toBe(made), { timeout: 120_000, interval: 20 })
    // Swapped in, and the list as it was: the routing the list names is there for a page to read.
    expect(readFileSync(join(copy, 'pagefind', 'shards.json'), 'utf8')).toBe(list)
    expect(buckets(join(copy, 'pagefind', 's0002', 'route-32-64.bin'))).toBe(96)
    expect(await run.finish()).toMatchObject({ ok: true, shards: 3 })
    expect(JSON.parse(readFileSync(join(copy, 'pagefind', 'shards.json'), 'utf8')).shards[0].own).toBeUndefined()
    expect(routeFolders(join(copy, 'pagefind', 's0002'))).toEqual([])
    rmSync(copy, { recursive: true })
  })

  it('swaps a shard whose own routing grows in with the routing the list names too, until the new list', async () => {
    // A copy of the site whose list says the shard's own routing has 16 and 16 files, and the shard's pages changed;
    // the other shards current and in the shared routing (their signatures made to match the pages given).
    const copy = join(site.dir, 'copy-grow')
    cpSync(site.out, copy, { recursive: true })
    const pagefind = join(copy, 'pagefind')
    // A build trusts index files only as it wrote them, by size and time, which a copy does not keep: the copy's are noted as they are.
    const stamp = (path: string) => [statSync(path).size, statSync(path).mtimeMs]
    for (const shard of shardNames(copy)) {
      const note = join(pagefind, shard, 'written.json')
      const noted = JSON.parse(readFileSync(note, 'utf8')) as Record<string, number[]>
      writeFileSync(note, JSON.stringify(Object.fromEntries(Object.keys(noted).map((name) => [name, stamp(join(pagefind, shard, name))]))))
    }
    const pages = new Map(listedSlugs().map(([slug, shard]) => [slug, { shard, key: 'k' }]))
    const plan = new Map(planShards(pages).map((shard) => [shard.name, shard.signature.slice(0, 16)]))
    const list = JSON.parse(readFileSync(join(pagefind, 'shards.json'), 'utf8')) as {
      written: Record<string, number[]>
      shared: Record<string, string>
      shards: { name: string; signature: string; own?: { buckets: number; phraseBuckets: number } }[]
    }
    for (const shard of list.shards) {
      if (shard.own) {
        renameSync(join(pagefind, shard.name, `route-${shard.own.buckets}-${shard.own.phraseBuckets}.bin`), join(pagefind, shard.name, 'route-16-16.bin'))
        shard.own = { buckets: 16, phraseBuckets: 16 }
        continue
      }
      shard.signature = list.shared[shard.name] = plan.get(shard.name)!
      writeFileSync(join(pagefind, shard.name, 'signature.txt'), shard.signature)
    }
    const grown = list.shards.find((shard) => shard.own)!.name
    list.written = { 'route.bin': stamp(join(pagefind, 'route.bin')) }
    writeFileSync(join(pagefind, 'shards.json'), JSON.stringify(list))
    // What a build killed after carrying that routing into the shard's next folder left there: it gives way.
    mkdirSync(join(pagefind, `.${grown}-next`), { recursive: true })
    writeFileSync(join(pagefind, `.${grown}-next`, 'route-16-16.bin'), 'left by a killed build')
    const signature = join(pagefind, grown, 'signature.txt')
    const made = readFileSync(signature, 'utf8')
    const run = await startIndex({ site: copy, pages, storyFile, cache: join(site.dir, 'cache-copy-grow') }, new Set([grown]))
    run.ready(grown)
    await vi.waitFor(() => expect(readFileSync(signature, 'utf8')).not.toBe(made), { timeout: 120_000, interval: 20 })
    // Swapped in: the routing the list names (stale) beside the new one.
    expect(routeFolders(join(pagefind, grown)).sort()).toEqual(['route-16-16.bin', 'route-32-64.bin'])
    expect(await run.finish()).toMatchObject({ ok: true, shards: 3, written: 1 })
    expect(routeFolders(join(pagefind, grown))).toEqual(['route-32-64.bin'])
    expect((JSON.parse(readFileSync(join(pagefind, 'shards.json'), 'utf8')) as typeof list).shards.find((shard) => shard.name === grown)!.own).toMatchObject({ buckets: 32, phraseBuckets: 64 })
    rmSync(copy, { recursive: true })
  })

  it('writes the shared routing again for every shard when no shard may have its own, and it serves them all', async () => {
    // A date set by hand changes the story's page, so its shard is indexed again. No routing of its own allowed: the
    // shared routing is written again, for every shard.
    site = await build(site.dir, { shardSize: 2, index: true, ownRoutes: 0 })
    expect(site.result.index).toMatchObject({ ok: true, written: 0 })
    const before = routing()
    const record = join(site.content, 'stories', 'story-00003.md')
    writeFileSync(record, readFileSync(record, 'utf8').replace('\ndump:', '\ndate: 2020-01-02\ndump:'))
    site = await build(site.dir, { shardSize: 2, index: true, ownRoutes: 0 })
    expect(site.result.index).toMatchObject({ ok: true, written: 1 })
    expect(listed().shards.filter((shard) => 'own' in shard)).toEqual([])
    for (const shard of shardNames(site.out)) expect(routeFolders(join(site.out, 'pagefind', shard)), shard).toEqual([])
    expect(routing().text).not.toBe(before.text)
    // Every bucket the list names, word and phrase, is in the shared routing's pack.
    const list = JSON.parse(readFileSync(join(site.out, 'pagefind', 'shards.json'), 'utf8')) as { buckets: number; phraseBuckets: number }
    expect(buckets(join(site.out, 'pagefind', 'route.bin'))).toBe(list.buckets + list.phraseBuckets)
  })

  it('writes again the shard of a removed story, and drops a shard left empty', async () => {
    const shardOf = pageShard('story-00001')
    rmSync(join(site.content, 'stories', 'story-00001.md'))
    rmSync(join(site.content, 'dumps', 'story-00001.txt'))
    site = await build(site.dir, { shardSize: 2, index: true })
    expect(site.result.index).toMatchObject({ ok: true, pages: 5, shards: 3, written: 1 })
    expect(listed().shards.find((shard) => shard.name === shardOf)?.stories).toBe(1)
    // The story left in that shard goes too: the shard is gone, and no other is written.
    const slug = [...readFragments(site.out, [shardOf]).keys()][0]!.split('/')[2]!
    rmSync(join(site.content, 'stories', `${slug}.md`))
    rmSync(join(site.content, 'dumps', `${slug}.txt`))
    site = await build(site.dir, { shardSize: 2, index: true })
    expect(site.result.index).toMatchObject({ ok: true, pages: 4, shards: 2, written: 0 })
    expect(readdirSync(join(site.out, 'pagefind'))).not.toContain(shardOf)
    expect(listed().shards.map((shard) => shard.name)).not.toContain(shardOf)
  })
})
