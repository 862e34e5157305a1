/**
 * The lists of a generated archive in Chromium, with two stories a page so
 * that a few dozen stories make as many pages as thousands would: the
 * pager, the index by month, numbers written for readers, accessibility and
 * valid HTML on a phone and a desktop, light and dark.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeCorpus } from '../../scripts/gen-corpus.ts'
import { join } from 'node:path'
import { axeViolations, colourRules, htmlProblems, startSession, type Session } from './browser.ts'

let session: Session

beforeAll(async () => {
  session = await startSession((content) => writeCorpus(join(content, 'dumps'), 40).then(() => undefined), { pageSize: 2, index: false })
}, 120_000)
afterAll(async () => {
  await session?.close()
})

describe('the home page of a large archive', () => {
  it('has a short pager: newest, newer, the pages around the current one, older, oldest', async () => {
    const { page } = await session.open('page/10/')
    const items = await page.locator('.pager li').allTextContents()
    expect(items).toEqual(['Newest', 'Newer', '…', '8', '9', '10', '11', '12', '…', 'Older', 'Oldest'])
    expect(await page.locator('.pager [aria-current="page"]').textContent()).toBe('10')
    expect(await page.locator('.pager a', { hasText: 'Oldest' }).getAttribute('href')).toBe('/page/20/')
    expect(await page.locator('.pager a[rel="next"]').getAttribute('href')).toBe('/page/11/')
    // Numbers for readers.
    expect(await page.locator('.intro').textContent()).toMatch(/^40 stories, \d{1,3},\d{3} comments archived/)
    await page.close()
  })

  it('indexes stories by month', async () => {
    const { page } = await session.open('')
    await page.locator('.intro a', { hasText: 'By month' }).click()
    expect(new URL(page.url()).pathname).toBe('/months/')
    const month = page.locator('.months a').first()
    const name = await month.textContent()
    await month.click()
    expect(await page.locator('h1').textContent()).toBe(`Stories of ${name}`)
    expect(await page.locator('.stories > li').count()).toBeGreaterThan(0)
    await page.close()
  })

  for (const path of ['', 'page/10/', 'months/']) {
    it(`has no axe-core violations and valid HTML at /${path}, on a phone and a desktop, light and dark`, async () => {
      const { page } = await session.open(path, { colorScheme: 'light', viewport: { width: 1280, height: 800 } })
      expect(await axeViolations(page)).toEqual([])
      expect(await htmlProblems(page)).toEqual([])
      await page.emulateMedia({ colorScheme: 'dark' })
      expect(await axeViolations(page, colourRules)).toEqual([])
      await page.setViewportSize({ width: 360, height: 740 })
      expect(await axeViolations(page)).toEqual([])
      await page.emulateMedia({ colorScheme: 'light' })
      expect(await axeViolations(page, colourRules)).toEqual([])
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360)
      await page.close()
    })
  }
})
