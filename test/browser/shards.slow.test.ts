/**
 * Search over an index in shards, in Chromium. Three stories in shards of
 * one, the oldest (penguins) ingested first: a search goes straight to the
 * shards that hold its words, fetching nothing of the others; a word every
 * shard holds searches two of them, says so, and one click goes on; a
 * story's own search asks its shard alone. Then a generated archive of
 * several shards: a phrase from a comment of the oldest shard is the first
 * result, and what the query fetched is counted.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { basename, join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../../scripts/chromium.ts'
import { generateDump } from '../../scripts/gen-corpus.ts'
import { samplePhrases } from '../../scripts/phrases.ts'
import { measureQueries, openQuerySession } from '../../scripts/query-bytes.ts'
import { route } from '../../src/search/route-keys.ts'
import { serveSite, type RunningServer } from '../../src/site/serve.ts'
import { build, sampleDump, tempContent, type Built } from '../site/build-fixture.ts'
import { archiveDumps } from '../search/pagefind-files.ts'
import { inflateMember, unpackSlots } from '../../src/search/pack.ts'
import { axeViolations, colourRules, htmlProblems, shownPredicate } from './browser.ts'

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

/**
 * Open a page in a fresh context, check it, and close the context.
 *
 * @param path The page's address.
 * @param check Given the page and the index files it fetched (its own and its workers').
 * @param on The site's server (default: the three-shard site's).
 */
async function inPage(path: string, check: (page: Page, fetched: string[]) => Promise<void>, on: Pick<RunningServer, 'url'> = server): Promise<void> {
  const context = await browser.newContext()
  try {
    const fetched: string[] = []
    context.on('request', (request) => {
      const path = new URL(request.url()).pathname
      if (path.startsWith('/pagefind/')) fetched.push(path)
    })
    const page = await context.newPage()
    await page.goto(on.url + path.replace(/^\//, ''))
    await check(page, fetched)
  } finally {
    await context.close()
  }
}

/** The shards whose index files were fetched: not the routing, the shared one (`/pagefind/route.bin`) nor a shard's own (`/pagefind/<shard>/route-<buckets>-<buckets>.bin`), which every query reads. */
function shardsOf(fetched: string[]): string[] {
  return [...new Set(fetched.filter((path) => !/^\/pagefind\/(s\d+\/)?route(-\d+-\d+)?\.bin$/.test(path)).map((path) => path.split('/')[2]!).filter((name) => name !== 'shards.json'))].sort()
}

describe('search over shards', () => {
  it('is built in three shards, the penguins in the oldest', () => {
    expect(site.result.index).toMatchObject({ ok: true, pages: 3, shards: 3 })
    expect(site.read('stories/penguins-occupy-research-station/index.html')).toContain('name="shard" value="s0000"')
  })

  it('goes straight to the one shard that holds the words, fetching nothing of the others', async () => {
    await inPage('/search/?q=penguins', async (page, fetched) => {
      await page.waitForFunction(shownPredicate)
      const hrefs = await page.$$eval('#search-hits .hit-t a', (links) => links.map((link) => link.getAttribute('href')))
      expect(hrefs.length).toBeGreaterThan(0)
      for (const href of hrefs) expect(href).toMatch(new RegExp(`^${penguins}`))
      expect(shardsOf(fetched)).toEqual(['s0000'])
      expect(await page.locator('#search-status').textContent()).toMatch(/^\d+ results? from 1 story(, best match first)?\. Searched all 3 stories\.$/)
      expect(await page.locator('#search-more').isHidden()).toBe(true)
    })
  })

  it('fetches no shard for words no story holds together', async () => {
    await inPage('/search/?q=penguins+volcano', async (page, fetched) => {
      await page.waitForFunction(shownPredicate)
      expect(await page.locator('#search-status').textContent()).toBe('Nothing matches: no story holds every word.')
      expect(shardsOf(fetched)).toEqual([])
    })
  })

  it('searches two shards of a word every shard holds, says which, and one click goes on', async () => {
    await inPage('/search/?q=the', async (page, fetched) => {
      await page.waitForFunction(shownPredicate)
      expect(shardsOf(fetched)).toHaveLength(2)
      expect(await page.locator('#search-status').textContent()).toMatch(/^\d+ results from 2 stories, best match first\. Searched 2 of 3 stories so far; 1 is left\.$/)
      const more = page.locator('#search-more')
      expect(await more.textContent()).toBe('Search more of the archive')
      const before = await page.locator('#search-hits > li').count()
      await more.click()
      await page.locator(`#search-hits > li:nth-child(${before + 1})`).waitFor()
      await page.waitForFunction(shownPredicate)
      expect(shardsOf(fetched)).toEqual(['s0000', 's0001', 's0002'])
      expect(await page.locator('#search-status').textContent()).toMatch(/^\d+ results from 3 stories, best match first\. Searched all 3 stories\.$/)
    })
  })

  it('searches a story’s comments in the story’s own shard alone', async () => {
    await inPage(penguins, async (page, fetched) => {
      await page.fill('#story-q', 'telescope')
      await page.press('#story-q', 'Enter')
      await page.waitForURL(/\/search\/\?q=telescope&story=penguins-occupy-research-station&shard=s0000$/)
      await page.waitForFunction(shownPredicate)
      expect(await page.locator('#search-hits > li').count()).toBeGreaterThan(0)
      expect(shardsOf(fetched)).toEqual(['s0000'])
      expect(await page.locator('#in-story-title').textContent()).toBe('Penguins Occupy Antarctic Research Station')
    })
  })
})

describe('a phrase from the oldest shard of a generated archive', () => {
  let generated: Built
  let generatedServer: RunningServer
  beforeAll(async () => {
    ;({ site: generated, server: generatedServer } = await servedGeneratedSite(6, 0, 2))
  })
  afterAll(async () => {
    await generatedServer?.close()
    generated?.remove()
  })
  /** The shard a result's story page names (its own search box's). */
  const shardOf = (url: string) => /name="shard" value="(s\d+)"/.exec(generated.read(`${url.split('#')[0]!.slice(1)}index.html`))?.[1]
  /** The shared routing's pack, as bytes. */
  const sharedRouting = () => readFileSync(join(generated.out, 'pagefind', 'route.bin'), 'latin1')

  it('comes first, from its shard alone, and its index bytes are counted', async () => {
    expect(generated.result.index).toMatchObject({ ok: true, shards: 3 })
    // One phrase from each story; the one whose story is in the oldest shard.
    const phrase = (await samplePhrases(join(generated.content, 'dumps'), 6)).find((candidate) => shardOf(candidate.url) === 's0000')
    expect(phrase).toBeDefined()
    const measuring = (await openQuerySession(generated.out, browser))!
    const [figure] = (await measureQueries(generated.out, [phrase!.query], measuring).finally(() => measuring.close()))!
    expect(figure!.first).toBe(phrase!.url)
    expect(figure!.bytes).toBeGreaterThan(0)
    // The time from opening the page to its first results, as the benchmark reports it.
    expect(figure!.firstMs).toBeGreaterThan(0)
    expect(figure!.firstMs).toBeLessThan(30_000)

    await inPage(
      `search/?q=${encodeURIComponent(phrase!.query)}`,
      async (page, fetched) => {
        await page.waitForFunction(shownPredicate)
        expect(await page.$eval('#search-hits .hit-t a', (link) => link.getAttribute('href'))).toBe(phrase!.url)
        // Every shard holds every word of a generated phrase; only the oldest holds them in a row.
        expect(shardsOf(fetched)).toEqual(['s0000'])
        expect(await page.locator('#search-status').textContent()).toMatch(/ from 1 story(, best match first)?\. Searched [1-5] of 6 stories so far; [1-5] are left\.$/)
      },
      generatedServer
    )
  })

  it('finds a phrase of a story added since in the routing of its shard\'s own, and still the oldest shard\'s phrase; the shared routing stays as it was', async () => {
    const old = (await samplePhrases(join(generated.content, 'dumps'), 6)).find((candidate) => shardOf(candidate.url) === 's0000')!
    const shared = sharedRouting()
    const dump = generateDump(6)
    writeFileSync(join(generated.content, 'dumps', dump.name), dump.text)
    generated = await build(generated.dir, { shardSize: 2, index: true })
    expect(generated.result.index).toMatchObject({ ok: true, shards: 4, written: 1 })
    const listed = JSON.parse(generated.read('pagefind/shards.json')) as { shards: { name: string; own?: object }[] }
    expect(listed.shards.filter((shard) => shard.own).map((shard) => shard.name)).toEqual(['s0003'])
    expect(sharedRouting()).toEqual(shared)
    const added = (await samplePhrases(join(generated.content, 'dumps'), 7)).find((candidate) => shardOf(candidate.url) === 's0003')
    expect(added).toBeDefined()
    const measuring = (await openQuerySession(generated.out, browser))!
    const figures = (await measureQueries(generated.out, [added!.query, old.query], measuring).finally(() => measuring.close()))!
    expect(figures.map((figure) => figure.first)).toEqual([added!.url, old.url])
    for (const figure of figures) expect(figure.bytes).toBeGreaterThan(0)

    await inPage(
      `search/?q=${encodeURIComponent(added!.query)}`,
      async (page, fetched) => {
        await page.waitForFunction(shownPredicate)
        expect(await page.$eval('#search-hits .hit-t a', (link) => link.getAttribute('href'))).toBe(added!.url)
        expect(fetched).toContain('/pagefind/s0003/route-32-32.bin')
        expect(fetched).toContain('/pagefind/route.bin')
        expect(shardsOf(fetched)).toEqual(['s0003'])
        // Each routing bucket in one request (a slot pack), but for the few longer than their slot: the entry and the
        // bucket were two requests each.
        const words = route.textWords(added!.query)
        const keys = [...new Set([...words.map(route.wordKey), ...words.map(route.exactKey)])]
        const distinct = (counts: { buckets: number; phraseBuckets: number }) =>
          new Set([...keys.map((key) => `w${route.wordBucket(key, counts.buckets)}`), ...route.phraseKeys(words).map((key) => `p${route.phraseBucket(key, counts.phraseBuckets)}`)]).size
        const list = JSON.parse(generated.read('pagefind/shards.json')) as { buckets: number; phraseBuckets: number }
        for (const [file, counts] of [
          ['/pagefind/route.bin', list],
          ['/pagefind/s0003/route-32-32.bin', { buckets: 32, phraseBuckets: 32 }]
        ] as const) {
          const requests = fetched.filter((path) => path === file).length
          expect(requests, file).toBeGreaterThanOrEqual(distinct(counts))
          expect(requests, file).toBeLessThan(2 * distinct(counts))
        }
      },
      generatedServer
    )
  })

  it('reads the routing’s buckets from its pack together, not one after another', async () => {
    // Chromium lets one request at a time through a file's entry in its HTTP cache: byte ranges of one pack read
    // through it would go one after another, a round trip each. A host that holds each range of the pack until a
    // second is asked for (a second at most) sees them together.
    const [phrase] = await samplePhrases(join(generated.content, 'dumps'), 1)
    const holding = await holdingProxy(generatedServer, '/pagefind/route.bin', 1000)
    try {
      await inPage(
        `search/?q=${encodeURIComponent(phrase!.query)}`,
        async (page) => {
          await page.waitForFunction(shownPredicate)
          expect(holding.asked()).toBeGreaterThan(2)
          expect(holding.together()).toBeGreaterThanOrEqual(2)
        },
        holding
      )
    } finally {
      await holding.close()
    }
  })

  it('searches the shard likeliest to hold a phrase first, and goes on to the next that may hold it when the phrase is not there', async () => {
    // Four stories, a shard each, of made-up words whose counts the test sets. Each phrase is said in one story; a
    // decoy has every three of its words in a row, and all five in the subject of a reply (`Re:…`, which the routing
    // reads and Pagefind leaves out), so its shard passes the phrase filters for real and no comment of it says them.
    const threes = (words: string[]): string => {
      const [a, b, c, d, e] = words
      return `${a} ${b} ${c} then ${b} ${c} ${d} then ${c} ${d} ${e}.\nRe: ${words.join(' ')} (Score:1)\nA reply that names them in its subject only.`
    }
    const apart = (words: string[], times: number): string => Array.from({ length: times }, () => `${words.join(' and ')}.`).join(' ')
    const first = ['zorblax', 'quintuvel', 'mereskoth', 'pallidrune', 'vostrigan']
    const second = ['glimmerak', 'tessoveil', 'ornathuse', 'bilwerant', 'cadrixome']
    const third = ['plenturo', 'sabrivex', 'moldrafin', 'quellotar', 'zindravo']
    const stories: [string, string][] = [
      // The first phrase, said once and each of its words five times more: its shard is likelier than its decoy's.
      ['said-first', `They wrote ${first.join(' ')} back then. ${apart(first, 5)}`],
      ['decoy-first', threes(first)],
      // The second phrase, said once: its decoy, with each word three times more, is likelier (fewer than
      // `COMMON_PER_STORY` times a story: the words are not common there).
      ['said-second', `They wrote ${second.join(' ')} back then.`],
      ['decoy-second', `${apart(second, 3)} ${threes(second)}`],
      // The third phrase, said once: its decoy has each word twenty times, common words of its shard, and the shard's
      // phrase index, which holds every run of them, says the phrase is not there.
      ['said-third', `They wrote ${third.join(' ')} back then.`],
      ['decoy-third', `${apart(third, 20)} ${threes(third)}`]
    ]
    const dir = tempContent([])
    for (const [slug, text] of stories) writeFileSync(join(dir, 'content', 'dumps', `${slug}.txt`), `${slug} (example.org) 1\nAn anonymous reader writes:\nA story.\nA comment (Score:2)\n${text}\n`)
    const decoyed = await build(dir, { shardSize: 1, index: true })
    const decoyServer = await serveSite({ dir: decoyed.out, port: 0, host: '127.0.0.1' })
    const shardOf = (slug: string) => /name="shard" value="(s\d+)"/.exec(decoyed.read(`stories/${slug}/index.html`))?.[1]
    const listed = JSON.parse(decoyed.read('pagefind/shards.json')) as { buckets: number; phraseBuckets: number }
    /** Whether a shard's phrase filters pass a phrase, as the page reads them. */
    const passes = (words: string[], shard: string): boolean =>
      route.phraseKeys(words).every((key) => {
        const pack = unpackSlots(readFileSync(join(decoyed.out, 'pagefind', 'route.bin')))!
        const member = route.bucketMember(route.bucketPath('p', route.phraseBucket(key, listed.phraseBuckets)), { dir: 'route', buckets: listed.buckets })
        const file = JSON.parse(inflateMember(pack[member.index]!).toString()) as { s: string[]; b: string[] }
        return route.bloomHas(new Uint8Array(Buffer.from(file.b[file.s.indexOf(shard)] ?? '', 'base64')), key)
      })
    /** Search a phrase; the shards it asks Pagefind (loads the API of), in order, once the results are shown, and the first result's address. */
    const search = async (words: string[], more: (page: Page) => Promise<void> = async () => {}): Promise<{ shards: (string | undefined)[]; first: string | null; status: string | null }> => {
      const context = await browser.newContext()
      const fetched: string[] = []
      context.on('request', (request) => fetched.push(new URL(request.url()).pathname))
      try {
        const page = await context.newPage()
        await page.goto(`${decoyServer.url}search/?q=${encodeURIComponent(words.join(' '))}`)
        await page.waitForFunction(shownPredicate)
        const first = await page.$eval('#search-hits .hit-t a', (link) => link.getAttribute('href'))
        const status = await page.locator('#search-status').textContent()
        await more(page)
        return { shards: fetched.filter((path) => /^\/pagefind\/s\d+\/pagefind\.js$/.test(path)).map((path) => path.split('/')[2]), first, status }
      } finally {
        await context.close()
      }
    }
    try {
      expect(decoyed.result.index).toMatchObject({ ok: true, shards: 6 })
      // The premise: each decoy's shard passes its phrase's filters.
      expect(passes(first, shardOf('decoy-first')!)).toBe(true)
      expect(passes(second, shardOf('decoy-second')!)).toBe(true)
      expect(passes(third, shardOf('decoy-third')!)).toBe(true)
      // Its own shard is likelier: the phrase is found there, and the decoy's shard is not searched.
      const found = await search(first)
      expect(found.first).toMatch(/^\/stories\/said-first\/#c/)
      expect(found.shards).toEqual([shardOf('said-first')])
      expect(found.status).toMatch(/ from 1 story(, best match first)?\. Searched 5 of 6 stories so far; 1 is left\.$/)
      // The decoy's shard is likelier: searched first, and the phrase is not there; the search goes on to the next shard
      // that may hold it, in the same search, and finds it first.
      const decoyFirst = await search(second)
      expect(decoyFirst.shards).toEqual([shardOf('decoy-second'), shardOf('said-second')])
      expect(decoyFirst.first).toMatch(/^\/stories\/said-second\/#c/)
      // The decoy's words are common in its shard: its phrase index rules it out before Pagefind is asked there.
      const ruledOut = await search(third)
      expect(ruledOut.shards).toEqual([shardOf('said-third')])
      expect(ruledOut.first).toMatch(/^\/stories\/said-third\/#c/)
    } finally {
      await decoyServer.close()
      decoyed.remove()
    }
  })

  it('tells apart the stories that say a phrase with one word changed, by another word of it, and finds the one that says it', async () => {
    // Thirty stories say "styles are chained <word> like normal chalk styles", each with a word of its own, and name the
    // rarest words of the phrase more (Pagefind ranks them higher); one says it with "loin", which the others say apart.
    // The three rarest words stand at their places in all 31: more than a search loads before it stops.
    const dir = tempContent([])
    const dump = (slug: string, text: string) => writeFileSync(join(dir, 'content', 'dumps', `${slug}.txt`), `${slug} (example.org) 1\nAn anonymous reader writes:\nA story.\nA comment (Score:2)\n${text}\n`)
    for (let i = 0; i < 30; i++) {
      const own = `vorl${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}x`
      dump(`changed-${String(i).padStart(2, '0')}`, `Template styles are chained ${own} like normal Chalk styles. Chained, normal, chalk: loin loin loin loin.`)
    }
    dump('says-it', 'Template styles are chained loin like normal Chalk styles.')
    const built = await build(dir, { index: true })
    const server = await serveSite({ dir: built.out, port: 0, host: '127.0.0.1' })
    const context = await browser.newContext()
    try {
      expect(built.result.index).toMatchObject({ ok: true, shards: 1 })
      const page = await context.newPage()
      await page.goto(`${server.url}search/?q=${encodeURIComponent('chained loin like normal chalk')}`)
      await page.waitForFunction(shownPredicate)
      expect(await page.$eval('#search-hits .hit-t a', (link) => link.getAttribute('href'))).toMatch(/^\/stories\/says-it\/#c/)
    } finally {
      await context.close()
      await server.close()
      built.remove()
    }
  })
})

/** The page's document, as these tests use it (they are compiled without DOM types). */
interface PageDocument {
  activeElement: { id: string } | null
  documentElement: { scrollWidth: number; clientWidth: number }
  getElementById(id: string): { textContent: string | null; hasAttribute(name: string): boolean } | null
}

describe('a search through a generated archive of eight one-story shards', () => {
  let eight: Built
  let eightServer: RunningServer
  beforeAll(async () => {
    ;({ site: eight, server: eightServer } = await servedGeneratedSite(8, 10, 1))
  })
  afterAll(async () => {
    await eightServer?.close()
    eight?.remove()
  })

  const statusOf = (page: Page): Promise<string | null> => page.locator('#search-status').textContent()
  const hrefsOf = (page: Page): Promise<(string | null)[]> => page.$$eval('#search-hits .hit-t a', (links) => links.map((link) => link.getAttribute('href')))
  /** The element that has focus: its id, or its tag and the address it links to. */
  const focused = (page: Page): Promise<string> =>
    page.evaluate(() => {
      const active = (globalThis as unknown as { document: { activeElement: { id: string; tagName: string; getAttribute(name: string): string | null } | null } }).document.activeElement
      return active?.id || `${active?.tagName}:${active?.getAttribute('href')}`
    })
  /** Click "Search more" and wait for its results. */
  const searchMore = async (page: Page): Promise<void> => {
    await page.click('#search-more')
    await page.waitForFunction(() => !(globalThis as unknown as { document: PageDocument }).document.getElementById('search-hits')!.hasAttribute('aria-busy'))
    await page.waitForFunction(shownPredicate)
  }

  it('goes on through the archive with filters until a screen of results or its share, says how far it got, and can always go on', async () => {
    expect(eight.result.index).toMatchObject({ ok: true, shards: 8 })
    await inPage(
      'search/?q=the&label=Funny&min=5',
      async (page) => {
        await page.waitForFunction(shownPredicate)
        const counts: number[] = []
        for (let click = 0; ; click++) {
          const status = (await statusOf(page))!
          const shown = await page.locator('#search-hits > li').count()
          counts.push(shown)
          for (const meta of await page.locator('#search-hits .hit-m').allTextContents()) expect(meta).toMatch(/^Score 5, Funny · in /)
          if (await page.locator('#search-more').isHidden()) {
            expect(status).toMatch(shown === 0 ? /^Nothing matches in all 8 stories\.$/ : /\. Searched all 8 stories\.$/)
            break
          }
          // Short of a screen, it went past the first two shards to its share of four, and says what is left.
          if (shown < 10) expect(status).toMatch(new RegExp(`Searched ${4 * (click + 1)} of 8 stories so far; ${8 - 4 * (click + 1)} are left\\.$`))
          expect(status).toMatch(shown === 0 ? /^No results yet\. / : /^\d+ results? from \d+ stor(y|ies)/)
          expect(status).not.toMatch(/part|rarest|first \d+ of/)
          expect(click).toBeLessThan(8)
          await searchMore(page)
        }
        expect(counts.length).toBeGreaterThan(1)
        expect(counts).toEqual([...counts].sort((a, b) => a - b))
      },
      eightServer
    )
  })

  it('keeps the rounds a search loaded and the reader’s place through a hit, Back, Forward and a reload', async () => {
    await inPage(
      'search/?q=the',
      async (page) => {
        await page.waitForFunction(shownPredicate)
        for (let click = 0; click < 3; click++) await searchMore(page)
        expect(await statusOf(page)).toMatch(/\. Searched all 8 stories\.$/)
        const hrefs = await hrefsOf(page)
        expect(hrefs.length).toBeGreaterThan(40)
        // A hit of the last round, scrolled to, and followed.
        const hit = page.locator('#search-hits .hit-t a').nth(hrefs.length - 3)
        await hit.scrollIntoViewIfNeeded()
        const scrolled = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)
        expect(scrolled).toBeGreaterThan(500)
        await hit.click()
        await page.waitForURL((url) => url.pathname.startsWith('/stories/'))
        for (const step of ['back', 'reload', 'forward-back'] as const) {
          if (step === 'back') await page.goBack()
          else if (step === 'reload') await page.reload()
          else {
            await page.goForward()
            await page.waitForURL((url) => url.pathname.startsWith('/stories/'))
            await page.goBack()
          }
          await page.waitForURL(/\/search\/\?q=the$/)
          await page.waitForFunction(shownPredicate)
          expect(await hrefsOf(page), step).toEqual(hrefs)
          const y = await page.evaluate(() => (globalThis as unknown as { scrollY: number }).scrollY)
          expect(Math.abs(y - scrolled), step).toBeLessThanOrEqual(2)
        }
      },
      eightServer
    )
  })

  it('moves focus to the results on Enter and on "Search more", never while the reader types, and announces the count', async () => {
    await inPage(
      'search/',
      async (page) => {
        expect(await page.getAttribute('#search-status', 'aria-live')).toBe('polite')
        expect(await page.getAttribute('#search-hits', 'aria-labelledby')).toBe('search-status')
        await page.fill('#q', 'the')
        await page.waitForURL(/\?q=the$/)
        await page.waitForFunction(shownPredicate)
        expect(await focused(page)).toBe('q')
        await page.press('#q', 'Enter')
        await page.waitForFunction(shownPredicate)
        await page.waitForFunction(() => (globalThis as unknown as { document: PageDocument }).document.activeElement?.id === 'search-hits')
        expect(await statusOf(page)).toMatch(/^\d+ results from \d+ stories/)
        const before = await page.locator('#search-hits > li').count()
        await searchMore(page)
        expect(await focused(page)).toBe(`A:${await page.locator(`#search-hits > li:nth-child(${before + 1}) .hit-t a`).getAttribute('href')}`)
      },
      eightServer
    )
  })

  it('says it is searching at once: before the index answers, and on the first keystroke', async () => {
    const context = await browser.newContext()
    try {
      const page = await context.newPage()
      let release = (): void => {}
      const held = new Promise<void>((resolve) => (release = resolve))
      await page.route('**/pagefind/shards.json', async (route) => {
        await held
        await route.continue()
      })
      await page.goto(`${eightServer.url}search/?q=the`, { waitUntil: 'commit' })
      await page.locator('#search-status', { hasText: 'Searching…' }).waitFor()
      expect(await page.locator('#search-hits').getAttribute('aria-busy')).toBe('true')
      release()
      await page.waitForFunction(shownPredicate)
      await page.unroute('**/pagefind/shards.json')
      // Typed: said in the same task as the keystroke, before the pause that starts the search.
      const said = await page.evaluate(() => {
        const doc = (globalThis as unknown as { document: PageDocument }).document
        const box = doc.getElementById('q') as unknown as { value: string; dispatchEvent(event: Event): boolean }
        box.value = 'them'
        box.dispatchEvent(new Event('input', { bubbles: true }))
        return doc.getElementById('search-status')!.textContent
      })
      expect(said).toBe('Searching…')
    } finally {
      await context.close()
    }
  })

  it('lays out the status line, results and "Search more" on a phone and a desktop, light and dark: nothing overflows, axe-core finds nothing, the HTML is valid', async () => {
    for (const viewport of [{ width: 360, height: 740 }, { width: 1280, height: 800 }]) {
      for (const colorScheme of ['light', 'dark'] as const) {
        const context = await browser.newContext({ viewport, colorScheme })
        try {
          const page = await context.newPage()
          await page.goto(`${eightServer.url}search/?q=the&label=Funny`)
          await page.waitForFunction(shownPredicate)
          const where = `${viewport.width}px ${colorScheme}`
          expect(await statusOf(page), where).toMatch(/^\d+ results from \d+ stories, best match first\. Searched \d of 8 stories so far; \d are left\.$/)
          for (const selector of ['#search-status', '#search-hits > li:first-child', '#search-more']) {
            const box = (await page.locator(selector).boundingBox())!
            expect(box, `${where} ${selector}`).not.toBeNull()
            expect(box.x, `${where} ${selector}`).toBeGreaterThanOrEqual(0)
            expect(box.x + box.width, `${where} ${selector}`).toBeLessThanOrEqual(viewport.width)
          }
          const overflow = await page.evaluate(() => {
            const root = (globalThis as unknown as { document: PageDocument }).document.documentElement
            return root.scrollWidth - root.clientWidth
          })
          expect(overflow, where).toBeLessThanOrEqual(0)
          expect(await axeViolations(page, colorScheme === 'light' && viewport.width > 1000 ? undefined : colourRules), where).toEqual([])
          if (colorScheme === 'light') expect(await htmlProblems(page), where).toEqual([])
        } finally {
          await context.close()
        }
      }
    }
  })
})

/**
 * A generated archive, built with its search index and served on loopback.
 *
 * @param stories How many generated dumps.
 * @param first The first dump's number (`generateDump`).
 * @param shardSize Stories a shard.
 */
async function servedGeneratedSite(stories: number, first: number, shardSize: number): Promise<{ site: Built; server: RunningServer }> {
  const dir = tempContent([])
  for (let i = 0; i < stories; i++) {
    const dump = generateDump(first + i)
    writeFileSync(join(dir, 'content', 'dumps', dump.name), dump.text)
  }
  const site = await build(dir, { shardSize, index: true })
  if (!site.result.ok) throw new Error('the generated site did not build')
  return { site, server: await serveSite({ dir: site.out, port: 0, host: '127.0.0.1' }) }
}

/**
 * A host in front of a site's server that holds each request for one file
 * until another for it comes, or `most` milliseconds pass: how many it had
 * at once tells whether the browser asks for that file's ranges together.
 *
 * @param site The site's server.
 * @param path The file held.
 * @param most The longest a request is held.
 * @returns The host: its address, the requests for the file, the most at once, and `close`.
 */
async function holdingProxy(site: RunningServer, path: string, most: number): Promise<{ url: string; asked: () => number; together: () => number; close: () => Promise<void> }> {
  let open = 0
  let asked = 0
  let together = 0
  let arrived = () => {}
  const server = createServer((request, response) => {
    const held = new URL(request.url ?? '/', 'http://host').pathname === path
    const pass = () => {
      const upstream = httpRequest(new URL(request.url ?? '/', site.url), { method: request.method, headers: request.headers }, (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      })
      upstream.on('error', () => response.destroy())
      request.pipe(upstream)
    }
    if (!held) return pass()
    asked++
    open++
    together = Math.max(together, open)
    response.on('close', () => open--)
    const before = arrived
    before()
    let wait: ReturnType<typeof setTimeout>
    new Promise<void>((resolve) => {
      arrived = resolve
      wait = setTimeout(resolve, most)
    }).then(() => {
      clearTimeout(wait)
      pass()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    asked: () => asked,
    together: () => together,
    close: () => new Promise<void>((resolve) => server.close(() => resolve()))
  }
}
