/**
 * Reading the sample story in Chromium, made of two captures (the sample
 * and `fixtures/…-2026-12-01.txt`: two scores and labels changed, a cut
 * comment printed whole, a thread added): the orders, the flat view, the
 * keys, the history of scores and labels, what the latest capture added,
 * comments cut short, folded comments, accessibility and valid HTML.
 */
import { cpSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENT_TEXT, sampleDump } from '../site/build-fixture.ts'
import { axeViolations, colourRules, htmlProblems, startSession, storyPath, type Session } from './browser.ts'

const second = join(import.meta.dirname, 'fixtures', 'rust-in-linux-no-longer-experimental-2026-12-01.txt')

let session: Session

beforeAll(async () => {
  session = await startSession((content) => {
    for (const dump of [sampleDump, second]) cpSync(dump, join(content, 'dumps', dump.split('/').pop()!))
  })
})
afterAll(async () => {
  await session?.close()
})

/** Each comment as laid out: id, score, and the comment it sits in (`null` at the top). */
async function layout(page: Page): Promise<{ id: string; score: number; within: string | null }[]> {
  return (await page.$$eval('article.c', (elements) =>
    elements.map((element) => ({
      id: element.id,
      score: Number(/\bs(-?\d)\b/.exec(element.className)![1]),
      within: element.parentElement!.closest('article.c')?.id ?? null
    }))
  )) as { id: string; score: number; within: string | null }[]
}

/** The focused comment's id. */
const focused = (page: Page) => page.evaluate(`document.activeElement.closest('article.c')?.id ?? null`) as Promise<string | null>

describe('orders and views', () => {
  it('sorts threads and the replies within them oldest first, newest first and by score, keeping threads whole', async () => {
    const { page } = await session.open(storyPath)
    const oldest = await layout(page)
    expect(oldest).toHaveLength(76)
    const parentOf = new Map(oldest.map((comment) => [comment.id, comment.within]))
    const pageIndex = new Map(oldest.map((comment, index) => [comment.id, index]))
    for (const sort of ['newest', 'score'] as const) {
      await page.locator(`label[for="sort-${sort}"]`).click()
      expect(new URL(page.url()).searchParams.get('sort')).toBe(sort)
      const sorted = await layout(page)
      // Threads stay whole: every comment sits in the comment it sat in.
      expect(sorted.map((comment) => [comment.id, comment.within]).sort()).toEqual(oldest.map((comment) => [comment.id, comment.within]).sort())
      // Siblings in the chosen order.
      const siblings = new Map<string | null, string[]>()
      for (const comment of sorted) siblings.set(comment.within, [...(siblings.get(comment.within) ?? []), comment.id])
      const score = new Map(sorted.map((comment) => [comment.id, comment.score]))
      for (const ids of siblings.values()) {
        for (let i = 1; i < ids.length; i++) {
          const [a, b] = [ids[i - 1]!, ids[i]!]
          if (sort === 'newest') expect(pageIndex.get(a)!).toBeGreaterThan(pageIndex.get(b)!)
          else expect(score.get(a)! > score.get(b)! || (score.get(a) === score.get(b) && pageIndex.get(a)! < pageIndex.get(b)!)).toBe(true)
        }
      }
      if (sort === 'newest') expect(sorted[0]!.id).toBe(oldest.filter((comment) => comment.within === null).at(-1)!.id)
    }
    await page.locator('label[for="sort-oldest"]').click()
    expect(await layout(page)).toEqual(oldest)
    expect(new URL(page.url()).search).toBe('')
    expect(parentOf.size).toBe(76)
    await page.close()
  })

  it('lays every comment at one level in the flat view, each with its "in reply to" link, in the chosen order', async () => {
    const { page } = await session.open(storyPath)
    const pageOrder = (await layout(page)).map((comment) => comment.id)
    await page.goto(`${session.server.url}${storyPath}?mode=flat&sort=newest`)
    const flat = await layout(page)
    expect(flat.every((comment) => comment.within === null)).toBe(true)
    expect(await page.locator('.threads > article.c').count()).toBe(76)
    expect(flat.map((comment) => comment.id)).toEqual([...pageOrder].reverse())
    const replyLinks = await page.locator('.threads > article.c > details > .cm > a + a').allTextContents()
    expect(replyLinks.length).toBeGreaterThan(60)
    for (const text of replyLinks) expect(text).toMatch(/^In reply to /)
    // Filters work in the flat view too.
    await page.locator('label[for="t4"]').click()
    const visible = await page.locator(`.threads > article.c:has(> details > ${COMMENT_TEXT}:visible)`).count()
    expect(visible).toBe(Number((await page.locator('label[for="t4"] .cnt').textContent())!.replace(/\D/g, '')))
    expect(new URL(page.url()).searchParams.get('threshold')).toBe('4')
    // Back to threaded: the page's own tree.
    await page.locator('label[for="mode-threaded"]').click()
    await page.locator('label[for="sort-oldest"]').click()
    expect((await layout(page)).map((comment) => comment.id)).toEqual(pageOrder)
    await page.close()
  })

  it('lands a deep link on its comment in every order and view', async () => {
    const { page } = await session.open(storyPath)
    const ids = await page.$$eval('article.c', (elements) => elements.map((element) => element.id))
    const deep = ids[40]!
    for (const query of ['?sort=newest', '?sort=score&mode=flat', '?mode=flat&threshold=5']) {
      await page.goto(`${session.server.url}${storyPath}${query}#${deep}`)
      const box = await page.locator(`#${deep}`).boundingBox()
      expect(box!.y, query).toBeGreaterThanOrEqual(-1)
      expect(box!.y, query).toBeLessThan(page.viewportSize()!.height)
      expect(await page.locator(`#${deep} > details > ${COMMENT_TEXT}`).first().isVisible(), query).toBe(true)
    }
    await page.close()
  })

  it('reads as today without JavaScript, and says nothing of what needs it', async () => {
    const { page } = await session.open(`${storyPath}?sort=newest&mode=flat`, { javaScriptEnabled: false })
    const ids = await layout(page)
    expect(ids.filter((comment) => comment.within === null).length).toBeLessThan(20)
    for (const text of ['Order', 'View', 'Keys', 'Next match']) expect(await page.locator('.controls').textContent()).not.toContain(text)
    await page.close()
  })
})

describe('keys', () => {
  it('move focus with j and k to the comments shown, p to the parent, n to the next thread, never while typing', async () => {
    const { page } = await session.open(storyPath)
    const comments = await layout(page)
    await page.keyboard.press('j')
    expect(await focused(page)).toBe(comments[0]!.id)
    await page.keyboard.press('j')
    expect(await focused(page)).toBe(comments[1]!.id)
    const box = await page.locator(`#${comments[1]!.id}`).boundingBox()
    expect(box!.y).toBeLessThan(page.viewportSize()!.height)
    await page.keyboard.press('k')
    expect(await focused(page)).toBe(comments[0]!.id)
    await page.keyboard.press('j')
    await page.keyboard.press('p')
    expect(await focused(page)).toBe(comments[1]!.within)
    await page.keyboard.press('n')
    const roots = comments.filter((comment) => comment.within === null)
    expect(await focused(page)).toBe(roots[1]!.id)
    // o folds and unfolds the focused comment.
    await page.keyboard.press('o')
    expect(await page.locator(`#${roots[1]!.id} > details`).getAttribute('open')).toBeNull()
    await page.keyboard.press('Enter')
    expect(await page.locator(`#${roots[1]!.id} > details`).getAttribute('open')).toBe('')
    // Typing in a field is typing.
    await page.locator('#story-q').fill('')
    await page.locator('#story-q').press('j')
    expect(await page.locator('#story-q').inputValue()).toBe('j')
    expect(await page.evaluate('document.activeElement.id')).toBe('story-q')
    // ? lists the keys.
    await page.locator('#story-q').blur()
    await page.keyboard.press('?')
    expect(await page.locator('dialog.keys').isVisible()).toBe(true)
    expect(await page.locator('dialog.keys').textContent()).toContain('next comment shown')
    await page.keyboard.press('Escape')
    expect(await page.locator('dialog.keys').isVisible()).toBe(false)
    await page.close()
  })

  it('skip comments folded away by the filters, and n goes to the next match in another thread', async () => {
    const { page } = await session.open(`${storyPath}?threshold=5`)
    const fives = (await layout(page)).filter((comment) => comment.score >= 5).map((comment) => comment.id)
    expect(fives.length).toBeGreaterThan(2)
    for (const id of fives) {
      await page.keyboard.press('j')
      expect(await focused(page)).toBe(id)
    }
    await page.close()
  })
})

describe('captures over time', () => {
  it('shows how a score and label changed, marks what the later capture added, and lists the captures', async () => {
    const { page } = await session.open(storyPath)
    const history = await page.locator('.sc .hy').allTextContents()
    expect(history).toEqual(['Score 5 → 4, Insightful → Funny', 'Score 4 → 5, Interesting → Insightful'])
    expect(await page.locator('.sc .nc').allTextContents()).toEqual(['new in capture 2', 'new in capture 2'])
    expect(await page.locator('.caps').textContent()).toMatch(/Made of 2 captures of the page, oldest first: 1, dumps\/rust-in-linux-no-longer-experimental\.txt, joined \d+ \w+ \d{4}; 2, dumps\/rust-in-linux-no-longer-experimental-2026-12-01\.txt, joined /)
    await page.close()
  })

  it('filters to what the latest capture added, with JavaScript and without', async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { page } = await session.open(storyPath, { javaScriptEnabled })
      await page.locator('label[for="nw"]').click()
      const shown = await page.locator(`article.c:has(> details > ${COMMENT_TEXT}:visible)`).evaluateAll((elements) => elements.map((element) => element.className))
      expect(shown).toHaveLength(2)
      for (const classes of shown) expect(classes).toMatch(/\bnw\b/)
      if (javaScriptEnabled) expect(new URL(page.url()).searchParams.get('new')).toBe('2')
      await page.close()
    }
  })

  it('says which comments the capture cut short, and not one a later capture printed whole', async () => {
    const { page } = await session.open(storyPath)
    expect(await page.locator('.ct').count()).toBe(16)
    const whole = page.locator('article.c', { hasText: 'such as logic errors and misuse of unsafe blocks.' }).last()
    expect(await whole.locator(':scope > details > .ct').count()).toBe(0)
    expect(await page.locator('.ct').first().textContent()).toBe('Cut short in this capture')
    await page.close()
  })
})

describe('folded comments', () => {
  it('open by their subject line, and the filtered page offers the next match and hides the folded lines', async () => {
    const { page } = await session.open(`${storyPath}?label=Flamebait`)
    const comments = await layout(page)
    const first = comments[0]!.id
    // Clicking a folded comment's subject opens it, and keeps its replies.
    await page.locator(`#${first} > details > summary`).click()
    expect(await page.locator(`#${first} > details > ${COMMENT_TEXT}`).first().isVisible()).toBe(true)
    expect(await page.locator(`#${comments[1]!.id} > details > summary`).isVisible()).toBe(true)
    // Next match goes to the one Flamebait comment.
    await page.getByRole('button', { name: 'Next match' }).click()
    const match = await focused(page)
    expect(await page.locator(`#${match} > details > summary .sc`).textContent()).toContain('Flamebait')
    // The folded lines can go: the match is near the top.
    await page.locator('label[for="hf"]').click()
    expect(new URL(page.url()).searchParams.get('folded')).toBe('hide')
    await page.evaluate('window.scrollTo(0, 0)')
    const box = await page.locator(`#${match}`).boundingBox()
    const threadsTop = (await page.locator('.threads').boundingBox())!.y
    expect(box!.y - threadsTop).toBeLessThan(1000)
    await page.close()
  })
})

describe('accessibility and HTML in each view', () => {
  for (const query of ['', '?sort=score&mode=flat', '?sort=newest&label=Funny&new=2']) {
    it(`has no axe-core violations and valid HTML${query ? ` at ${query}` : ''}, on a phone and in dark mode`, async () => {
      const { page } = await session.open(`${storyPath}${query}`, { colorScheme: 'light', viewport: { width: 1280, height: 800 } })
      expect(await axeViolations(page)).toEqual([])
      expect(await htmlProblems(page)).toEqual([])
      await page.setViewportSize({ width: 360, height: 740 })
      await page.emulateMedia({ colorScheme: 'dark' })
      expect(await axeViolations(page)).toEqual([])
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360)
      // The keys' list too.
      await page.keyboard.press('?')
      expect(await axeViolations(page, colourRules)).toEqual([])
      await page.close()
    })
  }
})
