/**
 * Nothing from a dump runs or becomes markup in a real browser: the Big
 * List of Naughty Strings as a title, subjects and comments, under the
 * pages' Content-Security-Policy.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COMMENT_TEXT, root } from '../site/build-fixture.ts'
import { startSession, storyPath, type Session } from './browser.ts'

const blns = JSON.parse(readFileSync(join(root, 'test', 'data', 'blns.json'), 'utf8')) as string[]
const usable = blns.map((text) => text.replace(/[\r\n\0]/g, ' ').trimEnd()).filter((text) => text.trim() !== '')

let session: Session
beforeAll(async () => {
  session = await startSession((content) => {
    mkdirSync(join(content, 'dumps'), { recursive: true })
    let text = `${usable.find((s) => s.includes('<script'))} (example.com) ${usable.length}\nStory <img src=x onerror=alert(1)>.\n`
    for (const naughty of usable) text += `${naughty} (Score:1)\n${naughty}\n`
    writeFileSync(join(content, 'dumps', 'naughty.txt'), text)
    writeFileSync(
      join(content, 'dumps', 'bidi.txt'),
      'Bidi (example.com) 3\nStory.\nLook \u202eat this (Score:3)\nText.\nPlain subject (Score:2, \u202eFunny)\nMore.\nRe: \u202b\u05e9\u05dc\u05d5\u05dd (Score:-1, Troll)\nEven more.\n'
    )
  })
})
afterAll(async () => {
  await session?.close()
})

describe('naughty strings in Chromium', () => {
  it('fire no dialog, add no element or attribute, and are all there as text', async () => {
    const context = await session.browser.newContext()
    const page = await context.newPage()
    const dialogs: string[] = []
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    const violations: string[] = []
    page.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text())
    })
    await page.goto(session.server.url + 'stories/naughty/')
    // Loaded, then a frame and a task later: whatever the page runs on load or on its first frame has run.
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)))')
    expect(dialogs).toEqual([])
    // Only the template's elements: no element a dump could have brought.
    const tags = (await page.evaluate(`[...new Set([...document.querySelectorAll('*')].map((e) => e.localName))].sort()`)) as string[]
    for (const tag of ['img', 'iframe', 'object', 'embed', 'video', 'audio', 'marquee', 'math', 'style', 'link[rel=import]']) {
      expect(tags.includes(tag), tag).toBe(false)
    }
    // The template's own: one script (the reading controls), two pictures (the story's scores and shape).
    expect(await page.locator('script').count()).toBe(1)
    expect(await page.locator('svg').count()).toBe(2)
    const handlers = (await page.evaluate(`[...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((name) => name.startsWith('on'))`)) as string[]
    expect(handlers).toEqual([])
    // Every string is on the page as text: the subjects in order.
    const subjects = await page.locator('article.c > details > summary > .sj').allTextContents()
    expect(subjects).toEqual(usable)
    const bodies = (await page.evaluate(
      // A comment's text: the elements of its details that make it, and the text between them.
      `[...document.querySelectorAll('article.c > details')].map((details) => [...details.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE || node.matches('${COMMENT_TEXT}')).map((node) => node.textContent).join(''))`
    )) as string[]
    expect(bodies.map((body) => body.trim())).toEqual(usable.map((text) => text.trim()))
    await context.close()
  })

  it('bidirectional controls in a subject or a label never reorder the score after it', async () => {
    const { page } = await session.open('stories/bidi/')
    // For each comment: where the score group's first character `(` and last `)` are drawn, left to right.
    const edges = (await page.evaluate(`[...document.querySelectorAll('article.c > details > summary')].map((summary) => {
      const score = summary.querySelector('.sc')
      const walker = document.createTreeWalker(score, NodeFilter.SHOW_TEXT)
      const texts = []
      for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node)
      const at = (node, offset) => {
        const range = document.createRange()
        range.setStart(node, offset)
        range.setEnd(node, offset + 1)
        return range.getBoundingClientRect().left
      }
      const first = texts[0]
      const last = texts[texts.length - 1]
      return { subject: summary.querySelector('.sj').getBoundingClientRect().right, open: at(first, 0), close: at(last, last.data.length - 1), text: score.textContent }
    })`)) as { subject: number; open: number; close: number; text: string }[]
    expect(edges.map((edge) => edge.text)).toEqual(['(Score:3)', '(Score:2, \u202eFunny)', '(Score:-1, Troll)'])
    for (const edge of edges) {
      expect(edge.open, edge.text).toBeLessThan(edge.close)
      expect(edge.subject, edge.text).toBeLessThanOrEqual(edge.open)
    }
    // The label filter: each label's count is drawn after the label, its `(` left of its `)`.
    const counts = (await page.evaluate(`[...document.querySelectorAll('.lf label')].map((label) => {
      const count = label.querySelector('.cnt').firstChild
      const at = (offset) => {
        const range = document.createRange()
        range.setStart(count, offset)
        range.setEnd(count, offset + 1)
        return range.getBoundingClientRect().left
      }
      const name = label.querySelector('bdi')
      return { text: label.textContent, name: name ? name.getBoundingClientRect().right : 0, open: at(0), close: at(count.data.length - 1) }
    })`)) as { text: string; name: number; open: number; close: number }[]
    expect(counts.map((count) => count.text)).toContain('\u202eFunny (1)')
    for (const count of counts) {
      expect(count.open, count.text).toBeLessThan(count.close)
      expect(count.name, count.text).toBeLessThanOrEqual(count.open)
    }
    await page.close()
  }, 60_000)

  it('every page carries a Content-Security-Policy that forbids inline script', async () => {
    const { page } = await session.open(storyPath.replace('rust-in-linux-no-longer-experimental', 'naughty'))
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
    expect(csp).toContain("script-src 'self'")
    expect(csp).not.toContain('unsafe-inline')
    // An allowed inline script runs as it is appended; a blocked one is reported as a violation.
    const blocked = await page.evaluate(`new Promise((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve(window.ran === true ? 'ran' : true))
      const script = document.createElement('script')
      script.textContent = 'window.ran = true'
      document.body.append(script)
      if (window.ran === true) resolve('ran')
    })`)
    expect(blocked).toBe(true)
    await page.close()
  })
})
