/**
 * The story page in Chromium: collapsing threads, the reading controls with
 * and without JavaScript, permalinks, accessibility and nothing from other hosts.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENT_TEXT } from '../site/build-fixture.ts'
import { axeViolations, colourRules, startSession, storyPath, type Session } from './browser.ts'

let session: Session

beforeAll(async () => {
  session = await startSession()
})
afterAll(async () => {
  await session?.close()
})

/** A top-level comment with replies, a reply of it, and comments by score and label. */
const thread = 'csgijzl72ol'
const reply = 'chu2tsltjs2'

describe('the story page in a browser', () => {
  it('collapses and expands a thread by its summary', async () => {
    const { page } = await session.open(storyPath)
    const summary = page.locator(`#${thread} > details > summary`)
    await expect.poll(() => page.locator(`#${reply}`).isVisible()).toBe(true)
    await summary.click()
    expect(await page.locator(`#${thread} > details`).getAttribute('open')).toBeNull()
    expect(await page.locator(`#${reply}`).isVisible()).toBe(false)
    expect(await summary.isVisible()).toBe(true)
    await summary.press('Enter')
    expect(await page.locator(`#${reply}`).isVisible()).toBe(true)
    // A subject derived from a bare Re: says so, to assistive technology too.
    expect(await page.locator('.cm.d').first().ariaSnapshot()).toContain('subject derived from a bare “Re:”')
    await page.close()
  })

  it('folds comments below the threshold to their subject, keeps the choice in the address', async () => {
    const { page } = await session.open(storyPath)
    const scores = await page.$$eval('article.c', (elements) => elements.map((element) => ({ id: element.id, score: Number(/\bs(-?\d)\b/.exec(element.className)![1]) })))
    const low = scores.find((comment) => comment.score < 3)!
    const high = scores.find((comment) => comment.score >= 3)!
    // A comment's text: its first element shows when it all does.
    const body = (id: string) => page.locator(`#${id} > details > ${COMMENT_TEXT}`).first()
    expect(await body(low.id).isVisible()).toBe(true)
    await page.locator('label[for="t3"]').click()
    expect(await body(low.id).isVisible()).toBe(false)
    expect(await page.locator(`#${low.id} > details > summary`).isVisible()).toBe(true)
    expect(await body(high.id).isVisible()).toBe(true)
    expect(new URL(page.url()).searchParams.get('threshold')).toBe('3')
    // Every visible body is at or above the threshold.
    for (const comment of scores) expect(await body(comment.id).isVisible(), comment.id).toBe(comment.score >= 3)
    await page.locator('label[for="t-1"]').click()
    expect(new URL(page.url()).search).toBe('')
    expect(await body(low.id).isVisible()).toBe(true)
    await page.close()
  })

  it('filters by label, and restores threshold and label from the address', async () => {
    const { page } = await session.open(`${storyPath}?threshold=2&label=Insightful`)
    expect(await page.locator('#t2').isChecked()).toBe(true)
    const insightful = await page.locator('input[name="label"][value="Insightful"]')
    expect(await insightful.isChecked()).toBe(true)
    const shown = await page.locator(`article.c:has(> details > ${COMMENT_TEXT}:visible) > details > summary > .sc`).allTextContents()
    expect(shown.length).toBeGreaterThan(0)
    for (const score of shown) expect(score).toMatch(/^\(Score:[2-5], Insightful\)$/)
    await page.close()
  })

  it('lands a permalink on its comment, shown even when filtered out', async () => {
    const { page } = await session.open(storyPath)
    const ids = await page.$$eval('article.c', (elements) => elements.map((element) => element.id))
    const deep = ids[40]!
    await page.goto(`${session.server.url}${storyPath}?threshold=5#${deep}`)
    expect(await page.locator(':target').getAttribute('id')).toBe(deep)
    const box = await page.locator(`#${deep}`).boundingBox()
    expect(box!.y).toBeGreaterThanOrEqual(-1)
    expect(box!.y).toBeLessThan(page.viewportSize()!.height)
    expect(await page.locator(`#${deep} > details > ${COMMENT_TEXT}`).first().isVisible()).toBe(true)
    expect(await page.locator(`#${deep} > details > .cm`).isVisible()).toBe(true)
    // Its link to the parent goes to the parent.
    const parentLink = page.locator(`#${deep} > details > .cm a`).nth(1)
    // How the parent was found is said with it, to assistive technology too (the stylesheet words the line's class).
    const snapshot = await page.locator(`#${deep} > details > .cm`).ariaSnapshot()
    expect(snapshot).toMatch(/link "Permalink"/)
    expect(snapshot).toMatch(/link "Parent \((it quotes the parent|its subject names the parent|it quotes a phrase of the parent|guessed from page order)\)"/)
    const parent = (await parentLink.getAttribute('href'))!.slice(1)
    await parentLink.click()
    expect(new URL(page.url()).hash).toBe(`#${parent}`)
    await page.close()
  })

  it('reads, collapses and filters with JavaScript off', async () => {
    const { page } = await session.open(storyPath, { javaScriptEnabled: false })
    expect(await page.locator('article.c').count()).toBe(74)
    await page.locator(`#${thread} > details > summary`).click()
    expect(await page.locator(`#${reply}`).isVisible()).toBe(false)
    await page.locator(`#${thread} > details > summary`).click()
    await page.locator('label[for="t4"]').click()
    const visible = await page.locator(`article.c:has(> details > ${COMMENT_TEXT}:visible)`).count()
    expect(visible).toBe(Number((await page.locator('label[for="t4"] .cnt').textContent())!.replace(/\D/g, '')))
    expect(new URL(page.url()).search).toBe('')
    await page.close()
  })

  it('has no axe-core violations, light and dark, and asks no other host for anything', async () => {
    const { page, requests } = await session.open(storyPath, { colorScheme: 'light' })
    // Every rule in the light scheme; then, on the same page switched to the dark one, the rules colours decide.
    expect(await axeViolations(page)).toEqual([])
    await page.emulateMedia({ colorScheme: 'dark' })
    expect(await page.evaluate('matchMedia("(prefers-color-scheme: dark)").matches')).toBe(true)
    expect(await axeViolations(page, colourRules)).toEqual([])
    expect(requests.filter((url) => !url.startsWith(session.server.url))).toEqual([])
    await page.close()
  })

  it('keeps three quarters of a phone\'s width for the text at any depth, and says the level of deep replies', async () => {
    // Typed for the callback below, which runs in the page (where it is the window's).
    const { getComputedStyle } = globalThis as unknown as { getComputedStyle(element: unknown, pseudo: string): { content: string } }
    const width = 390
    const { page } = await session.open(storyPath, { viewport: { width, height: 844 } })
    const bodies = (await page.$$eval('article.c > details', (elements, text) =>
      elements.map((details) => ({
        id: details.parentElement!.id,
        width: Math.min(...[...details.querySelectorAll(`:scope > ${text}`)].map((element) => element.getBoundingClientRect().width)),
        // The level is the line's generated text: none where it is not shown.
        level: details.querySelector(':scope > .cm')!.hasAttribute('data-l') ? JSON.parse(getComputedStyle(details.querySelector(':scope > .cm')!, '::before').content) as string : null,
        depth: details.querySelector(':scope > .cm')!.getAttribute('data-l')
      })),
      COMMENT_TEXT
    )) as { id: string; width: number; level: string | null; depth: string | null }[]
    expect(bodies).toHaveLength(74)
    const deepest = bodies.reduce((a, b) => (Number(/\d+/.exec(b.level ?? '0')![0]) > Number(/\d+/.exec(a.level ?? '0')![0]) ? b : a))
    expect(deepest.level).toBe('Level 19 · ')
    for (const body of bodies) expect(body.width, body.id).toBeGreaterThanOrEqual(0.75 * width)
    expect(bodies.filter((body) => body.depth !== null).every((body) => body.level === `Level ${body.depth} · `)).toBe(true)
    expect(bodies.filter((body) => body.depth !== null)).toHaveLength(74 - 7)
    // A wide screen shows depth by indenting alone.
    await page.setViewportSize({ width: 1280, height: 800 })
    expect(await page.evaluate(`getComputedStyle(document.querySelector('.cm[data-l]'), '::before').content`)).toBe('none')
    await page.close()
  })

  it('fits a phone, and prints without controls', async () => {
    const { page } = await session.open(storyPath, { viewport: { width: 360, height: 740 } })
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360)
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.controls').isVisible()).toBe(false)
    await page.locator(`#${thread} > details > summary`).click()
    expect(await page.locator(`#${reply}`).isVisible()).toBe(true)
    await page.close()
  })
})

describe('the story page on paper and on a phone', () => {
  it('prints the sample on at most 12 A4 pages', async () => {
    const { page } = await session.open(storyPath)
    const pdf = await page.pdf({ format: 'A4' })
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length
    expect(pages).toBeGreaterThan(0)
    expect(pages).toBeLessThanOrEqual(12)
    await page.close()
  })

  it('gives links outside running text 24 by 24 px targets on a phone, and draws its chart text at least 11 px high', async () => {
    for (const width of [320, 390]) {
      const { page } = await session.open(storyPath, { viewport: { width, height: 800 } })
      const small = (await page.$$eval('.top a, .meta a, .cm a, .pager a', (links) =>
        links.map((link) => link.getBoundingClientRect()).filter((box) => box.width > 0 && (box.width < 24 || box.height < 24)).length
      )) as number
      expect(small).toBe(0)
      // A text's font size in the page's pixels: its size in the picture's units, scaled as the picture is drawn.
      const sizes = (await page.evaluate(`[...document.querySelectorAll('.shape text')].map((text) => parseFloat(getComputedStyle(text).fontSize) * text.getScreenCTM().a)`)) as number[]
      expect(sizes.length).toBeGreaterThan(10)
      expect(Math.min(...sizes)).toBeGreaterThanOrEqual(11)
      expect(await axeViolations(page, ['target-size'])).toEqual([])
      await page.close()
    }
  })
})

describe('the other pages in a browser', () => {
  it('have no axe-core violations and ask no other host', async () => {
    // One page, led from one address to the next: the home page in the dark scheme, the others in the light one.
    const { page, requests } = await session.open('', { colorScheme: 'dark' })
    for (const path of ['', 'sources/', 'sources/thenewstack-io/', 'no/such/page']) {
      if (path !== '') {
        await page.emulateMedia({ colorScheme: 'light' })
        await page.goto(session.server.url + path)
      }
      expect(await axeViolations(page), path).toEqual([])
    }
    expect(requests.some((url) => url.endsWith('/no/such/page'))).toBe(true)
    expect(requests.filter((url) => !url.startsWith(session.server.url))).toEqual([])
    await page.close()
  })

  it('(the axe harness does report violations: it is not silently passing)', async () => {
    const { page } = await session.open('')
    await page.setContent('<!doctype html><title>x</title><img src="data:,">')
    const violations = await axeViolations(page)
    expect(violations.some((violation) => violation.startsWith('image-alt:'))).toBe(true)
    expect(violations.some((violation) => violation.startsWith('html-has-lang:'))).toBe(true)
    // The colour rules alone, as the dark scheme is checked: low contrast is found, nothing else is looked at.
    // (On a blank page: the site's Content-Security-Policy would drop the inline style.)
    await page.goto('about:blank')
    await page.setContent('<!doctype html><title>x</title><p style="color:#777;background:#888">faint</p><img src="data:,">')
    const colours = await axeViolations(page, colourRules)
    expect(colours.some((violation) => violation.startsWith('color-contrast:'))).toBe(true)
    expect(colours.some((violation) => violation.startsWith('image-alt:'))).toBe(false)
    await page.close()
  })

  it('show focus on the keyboard', async () => {
    const { page } = await session.open('')
    await page.keyboard.press('Tab')
    const outline = (await page.evaluate(`({
      text: document.activeElement.textContent,
      style: getComputedStyle(document.activeElement).outlineStyle,
      top: document.activeElement.getBoundingClientRect().top
    })`)) as { text: string; style: string; top: number }
    expect(outline.text).toBe('Skip to content')
    expect(outline.style).toBe('solid')
    expect(outline.top).toBeGreaterThanOrEqual(0)
    await page.close()
  })
})

/** Every process now running: its parent and its arguments. */
function processes(): { pid: number; parent: number; args: string[] }[] {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
        return [{ pid: Number(pid), parent, args: readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0') }]
      } catch {
        return [] // ended while listed
      }
    })
}

/** This process's children that are a Chromium browser (not one of its helpers, which have a --type). */
const browsersOf = (all: ReturnType<typeof processes>) => all.filter(({ parent, args }) => parent === process.pid && /chrom/.test(args[0]!) && !args.some((arg) => arg.startsWith('--type=')))

describe('Chromium as the tests start it', () => {
  it('is given every feature Playwright turns off and the unseen address-bar pop-up in its last --disable-features', () => {
    const browsers = browsersOf(processes()).map(({ args }) => args)
    expect(browsers.length).toBeGreaterThan(0)
    for (const args of browsers) {
      // Chromium keeps the last of a repeated switch.
      const lists = args.filter((arg) => arg.startsWith('--disable-features=')).map((arg) => arg.slice('--disable-features='.length).split(','))
      expect(lists.length).toBeGreaterThan(1)
      const last = new Set(lists.at(-1))
      expect(lists.flat().filter((name) => !last.has(name))).toEqual([])
      expect([...last]).toContain('WebUIOmniboxPopup')
    }
  })

  it('starts no renderer for the address bar\'s pop-up with a browser context open (a later Chromium may name it anew)', async () => {
    const { page } = await session.open('')
    try {
      const all = processes()
      const below = new Set(browsersOf(all).map(({ pid }) => pid))
      // Every process descended from the browser: its zygotes, renderers and services.
      for (let grew = true; grew; ) {
        grew = false
        for (const { pid, parent } of all) {
          if (below.has(parent) && !below.has(pid)) {
            below.add(pid)
            grew = true
          }
        }
      }
      // A helper rewrites its command line into one string (its process title): its switches are read from the whole line.
      const lines = all.filter(({ pid }) => below.has(pid)).map(({ args }) => ` ${args.join(' ')} `)
      const renderers = lines.filter((line) => line.includes(' --type=renderer '))
      expect(renderers.length).toBeGreaterThan(0)
      expect(renderers.filter((line) => line.includes(' --top-chrome-webui '))).toEqual([])
    } finally {
      await page.close()
    }
  })
})
