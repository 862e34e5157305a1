/**
 * Search over an index in shards, in Chromium. Three stories in shards of
 * one, the oldest (penguins) ingested first: a search goes straight to the
 * shards that hold its words, fetching nothing of the others; a word every
 * shard holds searches two of them, says so, and one click goes on; a
 * story's own search asks its shard alone. Then a generated archive of
 * several shards: a phrase from a comment of the oldest shard is the first
 * result, and what the query fetched is counted.
 */
import { copyFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../scripts/chromium.ts'
import { serveSite, type RunningServer } from '../../src/site/serve.ts'
import { build, sampleDump, tempContent, type Built } from '../site/build-fixture.ts'
import { archiveDumps } from '../search/pagefind-files.ts'
import { shownPredicate } from './browser.ts'

const penguinsDump = join(archiveDumps, 'penguins-occupy-research-station.txt')
const penguins = '/stories/penguins-occupy-research-station/'

let site: Built
let server: RunningServer
let browser: Browser

beforeAll(async () => {
  site = await build(tempContent([penguinsDump]), { shardSize: 1, index: true })
  for (const dump of [sampleDump, join(archiveDumps, 'volcano-livestream-record.txt')]) copyFileSync(dump, join(site.content, 'dumps', basename(dump)))
  site = await build(site.dir, { shardSize: 1, index: true })
  if (!site.result.ok) throw new Error('the site did not build')
  server = await serveSite({ dir: site.out, port: 0, host: '127.0.0.1' })
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await server?.close()
  site?.remove()
})

/** A page in a fresh context, with the index files it fetches (its own and its workers'). */
async function open(path: string): Promise<{ page: Page; context: BrowserContext; fetched: string[] }> {
  const context = await browser.newContext()
  const fetched: string[] = []
  context.on('request', (request) => {
    const path = new URL(request.url()).pathname
    if (path.startsWith('/pagefind/')) fetched.push(path)
  })
  const page = await context.newPage()
  await page.goto(server.url + path.replace(/^\//, ''))
  return { page, context, fetched }
}

/** The shards whose files were fetched. */
function shardsOf(fetched: string[]): string[] {
  return [...new Set(fetched.map((path) => path.split('/')[2]!).filter((name) => name !== 'shards.json' && name !== 'route'))].sort()
}

describe('search over shards', () => {
  it('is built in three shards, the penguins in the oldest', () => {
    expect(site.result.index).toMatchObject({ ok: true, pages: 3, shards: 3 })
    expect(site.read('stories/penguins-occupy-research-station/index.html')).toContain('name="shard" value="s0000"')
  })

  it('goes straight to the one shard that holds the words, fetching nothing of the others', async () => {
    const { page, context, fetched } = await open('/search/?q=penguins')
    try {
      await page.waitForFunction(shownPredicate)
      const hrefs = await page.$$eval('#search-hits .hit-t a', (links) => links.map((link) => link.getAttribute('href')))
      expect(hrefs.length).toBeGreaterThan(0)
      for (const href of hrefs) expect(href).toMatch(new RegExp(`^${penguins}`))
      expect(shardsOf(fetched)).toEqual(['s0000'])
      expect(await page.locator('#search-status').textContent()).toMatch(/^\d+ results? in 1 story, best match first, from every part of the archive that holds these words \(1 part, 1 of 3 stories\)\.$/)
      expect(await page.locator('#search-more').isHidden()).toBe(true)
    } finally {
      await context.close()
    }
  })

  it('fetches no shard for words no story holds together', async () => {
    const { page, context, fetched } = await open('/search/?q=penguins+volcano')
    try {
      await page.waitForFunction(shownPredicate)
      expect(await page.locator('#search-status').textContent()).toBe('Nothing matches: no story holds every word.')
      expect(shardsOf(fetched)).toEqual([])
    } finally {
      await context.close()
    }
  })

  it('searches two shards of a word every shard holds, says which, and one click goes on', async () => {
    const { page, context, fetched } = await open('/search/?q=the')
    try {
      await page.waitForFunction(shownPredicate)
      expect(shardsOf(fetched)).toHaveLength(2)
      expect(await page.locator('#search-status').textContent()).toMatch(/from 2 of the 3 parts of the archive that hold every word \(2 of 3 stories\): those where “the”, the rarest word, is most frequent\.$/)
      const more = page.locator('#search-more')
      expect(await more.textContent()).toBe('Search more of the archive')
      const before = await page.locator('#search-hits > li').count()
      await more.click()
      await page.locator(`#search-hits > li:nth-child(${before + 1})`).waitFor()
      await page.waitForFunction(shownPredicate)
      expect(shardsOf(fetched)).toEqual(['s0000', 's0001', 's0002'])
      expect(await page.locator('#search-status').textContent()).toMatch(/from every part of the archive that holds these words \(3 parts, 3 of 3 stories\)\.$/)
    } finally {
      await context.close()
    }
  })

  it('searches a story’s comments in the story’s own shard alone', async () => {
    const { page, context, fetched } = await open(penguins)
    try {
      await page.fill('#story-q', 'telescope')
      await page.press('#story-q', 'Enter')
      await page.waitForURL(/\/search\/\?q=telescope&story=penguins-occupy-research-station&shard=s0000$/)
      await page.waitForFunction(shownPredicate)
      expect(await page.locator('#search-hits > li').count()).toBeGreaterThan(0)
      expect(shardsOf(fetched)).toEqual(['s0000'])
      expect(await page.locator('#in-story-title').textContent()).toBe('Penguins Occupy Antarctic Research Station')
    } finally {
      await context.close()
    }
  })
})
