/**
 * The search page when its index is not what its list said, in Chromium.
 * Damaged: an index file cut short, or a routing bucket far larger than any
 * the build writes, makes the page say the index is damaged, never "Nothing
 * matches", and it reads no more of such a bucket than the reader's cap.
 * Rebuilt while the page is open: a new search reads the new list, and a
 * pack the rebuild replaced under a search makes the page read the list
 * again and search again. Stories in shards of one.
 */
import { copyFileSync, readdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../scripts/chromium.ts'
import { generateDump } from '../../scripts/gen-corpus.ts'
import { slotLayout } from '../../src/search/pack.ts'
import { packRules, phraseRules } from '../../src/search/route-keys.ts'
import { serveSite, type RunningServer } from '../../src/site/serve.ts'
import { build, sampleDump, tempContent, type Built } from '../site/build-fixture.ts'
import { archiveDumps } from '../search/pagefind-files.ts'
import { shownPredicate } from './browser.ts'

const options = { shardSize: 1, index: true }
const damaged = /^The search index is damaged: rebuild the site \(.+\)\.$/

let site: Built
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  site = await build(tempContent([join(archiveDumps, 'penguins-occupy-research-station.txt'), sampleDump]), options)
  if (!site.result.ok) throw new Error('the site did not build')
  server = await serveSite({ dir: site.out, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  site?.remove()
})

/** A file of the index, by path under `pagefind/`. */
const indexFile = (path: string): string => join(site.out, 'pagefind', path)
/** Each shard's file whose name passes a test, as a path under `pagefind/`. */
const shardFiles = (test: (name: string) => boolean): string[] =>
  readdirSync(indexFile('')).filter((name) => /^s\d+$/.test(name)).flatMap((shard) => readdirSync(indexFile(shard)).filter(test).map((name) => `${shard}/${name}`))

/**
 * Open a search in a fresh context, wait for its results, and close it.
 *
 * @param query The search's address query.
 * @param check Given the page and the bytes of index files it received.
 */
async function search(query: string, check: (page: Page, received: () => Promise<number>) => Promise<void>): Promise<void> {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    const sizes: Promise<number>[] = []
    page.on('requestfinished', (request) => {
      if (new URL(request.url()).pathname.startsWith('/pagefind/')) sizes.push(request.sizes().then((sizes) => sizes.responseBodySize))
    })
    await page.goto(`${server.url}search/${query}`)
    await page.waitForFunction(shownPredicate)
    await check(page, async () => (await Promise.all(sizes)).reduce((sum, size) => sum + size, 0))
  } finally {
    await context.close()
  }
}

/** Damage index files, run a check, and put them back as they were. */
async function withDamage(paths: string[], damage: (file: string) => void, check: () => Promise<void>): Promise<void> {
  const kept = paths.map((path) => [path, readFileSync(indexFile(path))] as const)
  try {
    for (const path of paths) damage(indexFile(path))
    await check()
  } finally {
    for (const [path, bytes] of kept) writeFileSync(indexFile(path), bytes)
  }
}

const status = (page: Page): Promise<string | null> => page.locator('#search-status').textContent()

describe('a damaged index', () => {
  it('finds the penguins while the index is whole', async () => {
    await search('?q=penguins', async (page) => {
      expect(await status(page)).toMatch(/^\d+ results? from 1 story/)
    })
  })

  it('says the index is damaged when a shard’s pack is cut short, not that nothing matches', async () => {
    await withDamage(
      shardFiles((name) => packRules.packLayout(name) !== null),
      (file) => {
        const layout = packRules.packLayout(file)!
        truncateSync(file, layout.parts * layout.size + 10)
      },
      () => search('?q=penguins', async (page) => expect(await status(page)).toMatch(damaged))
    )
  })

  it('says the index is damaged when the routing or a phrase index is cut short', async () => {
    await withDamage(['route.bin'], (file) => truncateSync(file, 400), () => search('?q=penguins', async (page) => expect(await status(page)).toMatch(damaged)))
    await withDamage(
      shardFiles((name) => phraseRules.commonIndexBuckets(name) !== null),
      (file) => truncateSync(file, 300),
      () => search('?q=is+one+of+the', async (page) => expect(await status(page)).toMatch(damaged))
    )
  })

  it('refuses a routing bucket whose slot says it is larger than a routing bucket can be, and reads little of it', async () => {
    const listed = JSON.parse(readFileSync(indexFile('shards.json'), 'utf8')) as { buckets: number }
    await withDamage(
      ['route.bin'],
      (file) => {
        // Every word bucket's slot says it goes on for more than a megabyte after the slot.
        const pack = readFileSync(file)
        const layout = slotLayout(pack)!
        for (let index = 0; index < listed.buckets; index++) {
          const place = packRules.slotPlace(layout, index)!
          pack.write(`00${'0'.repeat(10)}${String(1_100_000).padStart(8, '0')}`, place.offset, 'latin1')
        }
        writeFileSync(file, pack)
      },
      () =>
        search('?q=penguins', async (page, received) => {
          expect(await status(page)).toMatch(damaged)
          expect(await received()).toBeLessThan(1_000_000)
        })
    )
  })
})

describe('an index rebuilt while the search page is open', () => {
  it('finds a story the rebuild added, in the next search', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      await page.goto(`${server.url}search/?q=penguins`)
      await page.waitForFunction(shownPredicate)
      copyFileSync(join(archiveDumps, 'volcano-livestream-record.txt'), join(site.content, 'dumps', 'volcano-livestream-record.txt'))
      site = await build(site.dir, options)
      expect(site.result.index).toMatchObject({ ok: true, shards: 3 })
      await page.fill('#search input[name="q"]', 'lava')
      await page.press('#search input[name="q"]', 'Enter')
      await page.waitForURL(/\?q=lava$/)
      await page.waitForFunction(shownPredicate)
      expect(await status(page)).toMatch(/^\d+ results? from 1 story/)
      const hrefs = await page.$$eval('#search-hits .hit-t a', (links) => links.map((link) => link.getAttribute('href')))
      expect(hrefs.length).toBeGreaterThan(0)
      for (const href of hrefs) expect(href).toMatch(/^\/stories\/volcano-livestream-record\//)
    } finally {
      await context.close()
    }
  })

  it('reads the list again and searches again when a pack the rebuild replaced is gone under a search', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      const lists: string[] = []
      page.on('request', (request) => {
        if (new URL(request.url()).pathname === '/pagefind/shards.json') lists.push(request.url())
      })
      await page.goto(`${server.url}search/?q=the`)
      await page.waitForFunction(shownPredicate)
      expect(await status(page)).toMatch(/Searched 2 of 3 stories so far/)
      // A fourth story, in a shard of its own; and the first pack the page reads after it is gone (a host serving the
      // new index, the page asking for a pack of the old one).
      const dump = generateDump(0)
      writeFileSync(join(site.content, 'dumps', dump.name), dump.text)
      site = await build(site.dir, options)
      expect(site.result.index).toMatchObject({ ok: true, shards: 4 })
      let gone = false
      await page.route('**/pagefind/*/pack-*.bin', (route) => {
        if (gone) return route.continue()
        gone = true
        return route.fulfill({ status: 404, body: 'gone' })
      })
      const before = lists.length
      await page.click('#search-more')
      await page.waitForFunction(shownPredicate)
      expect(gone).toBe(true)
      expect(lists.length).toBeGreaterThan(before)
      // Searched again from the new list: four stories, of which it searched the two likeliest.
      expect(await status(page)).toMatch(/Searched 2 of 4 stories so far/)
      expect(await page.locator('#search-hits > li').count()).toBeGreaterThan(0)
    } finally {
      await context.close()
    }
  })
})

