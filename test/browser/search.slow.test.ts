/**
 * Search in Chromium, over the sample and a two-story fixture built with
 * their index: a phrase finds its comment, filters narrow, a result lands on
 * its comment, quoting does not outrank the quoted, the state lives in the
 * address, and without JavaScript the page says search needs it.
 */
import { cpSync } from 'node:fs'
import { basename, join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { measureQuery, openQuerySession } from '../../scripts/query-bytes.ts'
import { toText } from 'hast-util-to-text'
import { all, COMMENT_TEXT, commentText, paragraphs } from '../site/build-fixture.ts'
import { searchDumps } from '../search/pagefind-files.ts'
import { axeViolations, htmlProblems, shownPredicate, startSession, storyPath, type Session } from './browser.ts'

let session: Session

beforeAll(async () => {
  session = await startSession((content) => {
    for (const dump of searchDumps) cpSync(dump, join(content, 'dumps', basename(dump)))
  })
})
afterAll(async () => {
  await session?.close()
})

/** A result as the page shows it. */
interface Shown {
  href: string
  title: string
  meta: string
  excerpt: string
  marks: string[]
  /** Elements in the excerpt other than `mark`. */
  other: string[]
}

/** The results of the search the address names, once they are in. */
async function results(page: Page): Promise<Shown[]> {
  await page.waitForFunction(shownPredicate)
  return page.$$eval('#search-hits > li', (items) =>
    items.map((item) => ({
      href: item.querySelector('.hit-t a')!.getAttribute('href')!,
      title: item.querySelector('.hit-t')!.textContent!,
      meta: item.querySelector('.hit-m')!.textContent!,
      excerpt: item.querySelector('.hit-x')!.textContent!,
      marks: [...item.querySelectorAll('.hit-x mark')].map((mark) => mark.textContent!),
      other: [...item.querySelectorAll('.hit-x *:not(mark)')].map((element) => element.tagName)
    }))
  )
}

const sampleStory = `/${storyPath}`
const penguins = '/stories/penguins-occupy-research-station/'

/** The sample's shown comments: the paragraphs they wrote, and those they quote. */
function sampleComments(): { id: string; own: string[]; quotes: string[] }[] {
  const page = session.site.page(`${storyPath}index.html`)
  return all(page, 'article.c')
    .filter((element) => all(element, ':scope > details').length === 1)
    .map((element) => {
      const body = commentText(page, String(element.properties.id))
      return {
        id: String(element.properties.id),
        own: all(body, ':scope > p').map((p) => toText(p)),
        quotes: all(body, ':scope > blockquote').flatMap((quote) => paragraphs(quote))
      }
    })
}

describe('search in the browser', () => {
  it('finds a comment by a phrase from it: the first result links to story-url#its-id', async () => {
    const comments = sampleComments().filter((comment) => comment.own.join(' ').split(' ').length > 14)
    const picked = [comments[0]!, comments[Math.floor(comments.length / 2)]!, comments.at(-1)!]
    const { page } = await session.open('search/')
    for (const comment of picked) {
      const phrase = comment.own.join(' ').split(/\s+/).slice(2, 10).join(' ')
      await page.goto(`${session.server.url}search/?q=${encodeURIComponent(phrase)}`)
      const shown = await results(page)
      expect(shown.length, phrase).toBeGreaterThan(0)
      expect(shown[0]!.href, phrase).toBe(`${sampleStory}#${comment.id}`)
      expect(shown[0]!.meta).toContain('in Rust in Linux')
      expect(shown[0]!.meta).toMatch(/^Score -?\d(, \w+)? · in /)
      expect(shown[0]!.marks.length).toBeGreaterThan(3)
    }
    await page.close()
  })

  it('shows stories as results too, and marks matches without turning archived text into markup', async () => {
    const { page } = await session.open('search/?q=kitchen')
    const [story] = await results(page)
    expect(story).toMatchObject({ href: penguins, title: 'Penguins Occupy Antarctic Research Station' })
    expect(story!.meta).toBe('Story · example.org')
    expect(story!.marks).toEqual(['kitchen'])

    await page.goto(`${session.server.url}search/?q=hoax`)
    const [hit] = await results(page)
    expect(hit!.excerpt).toContain('<b>hoax</b> invented by penguins <img src=x onerror=alert(1)> & friends.')
    expect(hit!.other).toEqual([])
    expect(hit!.meta).toContain('Score -1, Troll')
    await page.close()
  })

  it('narrows by label and by minimum score, and sorts by score', async () => {
    const { page } = await session.open('search/?q=telescope')
    const every = await results(page)
    // Eight comments say “telescope”; one only in a quote of its parent, which is not indexed.
    const comments = every.filter((hit) => hit.meta.startsWith('Score'))
    expect(comments).toHaveLength(7)

    await page.selectOption('#f-label', 'Funny')
    expect(new URL(page.url()).search).toBe('?q=telescope&label=Funny')
    const funny = await results(page)
    expect(funny.length).toBeLessThan(every.length)
    expect(funny).toHaveLength(2)
    for (const hit of funny) expect(hit.meta).toMatch(/^Score \d, Funny · in /)

    await page.selectOption('#f-label', '')
    await page.selectOption('#f-min', '4')
    const high = await results(page)
    expect(high.map((hit) => hit.meta.match(/^Score (-?\d)/)?.[1])).toEqual(expect.arrayContaining(['5', '5', '4']))
    expect(high).toHaveLength(3)

    await page.selectOption('#f-min', '')
    await page.selectOption('#f-sort', 'score')
    const byScore = (await results(page)).filter((hit) => hit.meta.startsWith('Score')).map((hit) => Number(hit.meta.match(/^Score (-?\d)/)![1]))
    expect(byScore).toEqual([...byScore].sort((a, b) => b - a))
    expect(byScore).toHaveLength(7)

    await page.selectOption('#f-sort', '')
    await page.selectOption('#f-source', 'news.example.com')
    const volcano = await results(page)
    expect(volcano.length).toBe(3)
    for (const hit of volcano) expect(hit.href).toMatch(/^\/stories\/volcano-livestream-record\/#c/)
    await page.close()
  })

  it('lands on the comment when a result is followed', async () => {
    const { page } = await session.open('search/?q=dental+coverage')
    const [first] = await results(page)
    expect(first!.href).toMatch(/^\/stories\/penguins-occupy-research-station\/#c\w+$/)
    await page.locator('#search-hits .hit-t a').first().click()
    await page.waitForURL((url) => url.hash !== '')
    expect(new URL(page.url()).pathname + new URL(page.url()).hash).toBe(first!.href)
    const id = first!.href.split('#')[1]!
    expect(await page.locator(':target').getAttribute('id')).toBe(id)
    const box = await page.locator(`#${id}`).boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(-1)
    expect(box!.y).toBeLessThan(page.viewportSize()!.height)
    expect((await page.locator(`#${id} > details > ${COMMENT_TEXT}`).allTextContents()).join(' ')).toContain('dental coverage')
    await page.close()
  })

  it('ranks the comment a phrase comes from above a reply that quotes it', async () => {
    const comments = sampleComments()
    const quoting = comments.filter((comment) => comment.quotes.some((quote) => quote.split(' ').length >= 12))
    expect(quoting.length).toBeGreaterThan(3)
    const { page } = await session.open('search/')
    let checked = 0
    for (const reply of quoting) {
      const quote = reply.quotes.find((text) => text.split(' ').length >= 12)!
      const original = comments.find((comment) => comment.id !== reply.id && comment.own.some((text) => text.includes(quote)))
      if (!original) continue // it quotes the story
      const phrase = quote.split(/\s+/).slice(0, 12).join(' ')
      // Typed into the box, as a reader searches again.
      await page.fill('#q', phrase)
      await page.press('#q', 'Enter')
      await page.waitForURL((url) => new URLSearchParams(url.search).get('q') === phrase)
      const hrefs = (await results(page)).map((hit) => hit.href)
      expect(hrefs[0], phrase).toBe(`${sampleStory}#${original.id}`)
      checked++
    }
    expect(checked).toBeGreaterThanOrEqual(3)
    // The fixture: the reply repeats its parent's line and adds one of its own.
    await page.goto(`${session.server.url}search/?q=${encodeURIComponent('unionised herring allowance')}`)
    const hits = await results(page)
    expect(hits[0]!.title).toBe('Best headline this week')
    expect(hits.map((hit) => hit.title)).not.toContain('Re:Best headline this week')
    await page.close()
  })

  it('keeps the search in the address: shareable, and back after a reload or Back', async () => {
    const { page } = await session.open('search/?q=telescope&label=Funny')
    expect(await page.inputValue('#q')).toBe('telescope')
    expect(await page.inputValue('#f-label')).toBe('Funny')
    const first = await results(page)
    expect(first).toHaveLength(2)

    await page.fill('#q', 'volcano')
    await page.press('#q', 'Enter')
    await page.waitForURL(/q=volcano/)
    expect(new URL(page.url()).search).toBe('?q=volcano&label=Funny')
    const second = await results(page)
    expect(second.map((hit) => hit.href)).not.toEqual(first.map((hit) => hit.href))

    await page.reload()
    expect(await page.inputValue('#q')).toBe('volcano')
    expect((await results(page)).map((hit) => hit.href)).toEqual(second.map((hit) => hit.href))

    await page.goBack()
    await page.waitForURL(/q=telescope/)
    expect(await page.inputValue('#q')).toBe('telescope')
    expect(await page.inputValue('#f-label')).toBe('Funny')
    expect((await results(page)).map((hit) => hit.href)).toEqual(first.map((hit) => hit.href))
    await page.close()
  })

  it('is reached from the search box in every page’s header, and from a story’s own box', async () => {
    const { page } = await session.open(storyPath)
    await page.fill('#site-q', 'magma')
    await page.press('#site-q', 'Enter')
    await page.waitForURL(/\/search\/\?q=magma$/)
    const [hit] = await results(page)
    expect(hit!.href).toMatch(/^\/stories\/volcano-livestream-record\/#c/)

    await page.goto(`${session.server.url}stories/penguins-occupy-research-station/`)
    await page.fill('#story-q', 'telescope')
    await page.press('#story-q', 'Enter')
    await page.waitForURL(/story=penguins-occupy-research-station/)
    const inStory = await results(page)
    expect(inStory.length).toBeGreaterThan(3)
    for (const found of inStory) expect(found.href.startsWith(penguins)).toBe(true)
    expect(await page.locator('#in-story').isVisible()).toBe(true)
    expect(await page.locator('#in-story-title').textContent()).toBe('Penguins Occupy Antarctic Research Station')
    await page.click('#all-stories')
    await page.waitForURL((url) => !url.search.includes('story='))
    expect((await results(page)).some((found) => found.href.startsWith('/stories/volcano'))).toBe(true)
    await page.close()
  })

  it('says that search needs JavaScript when it is off; the header box still leads there', async () => {
    const { page, requests } = await session.open('search/?q=telescope', { javaScriptEnabled: false })
    expect(await page.locator('noscript, .needs-js').first().textContent()).toContain('needs JavaScript')
    expect(await page.locator('.needs-js').isVisible()).toBe(true)
    expect(await page.locator('#search-hits > li').count()).toBe(0)
    // Nothing of the index but the list of shards, which the page preloads for its script.
    expect(requests.filter((url) => url.includes('/pagefind/')).map((url) => new URL(url).pathname)).toEqual(['/pagefind/shards.json'])
    await page.goto(`${session.server.url}${storyPath}`)
    await page.fill('#site-q', 'kernel')
    await page.press('#site-q', 'Enter')
    await page.waitForURL(/\/search\/\?q=kernel$/)
    expect(await page.locator('.needs-js').isVisible()).toBe(true)
    await page.close()
  })

  it('has no axe-core violations with results, is valid HTML, and asks no other host for anything', async () => {
    const { page, requests } = await session.open('search/?q=telescope&min=2')
    await results(page)
    expect(await axeViolations(page)).toEqual([])
    expect(await htmlProblems(page)).toEqual([])
    for (const url of requests) expect(new URL(url).origin).toBe(new URL(session.server.url).origin)
    await page.close()
  })

  it('measures the index data a query fetches (the benchmark’s figure)', async () => {
    const measuring = (await openQuerySession(session.site.out, session.browser))!
    const bytes = await measureQuery(session.site.out, measuring).finally(() => measuring.close())
    expect(bytes).toBeGreaterThan(1000)
    expect(bytes).toBeLessThan(300 * 1024)
  })
})
