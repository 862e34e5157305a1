/**
 * The Big List of Naughty Strings (test/data/blns.json) as titles, subjects
 * and comments: the pages stay valid HTML and show the text as it is, the
 * feed stays well-formed XML.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { toText } from 'hast-util-to-text'
import { HtmlValidate } from 'html-validate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecord } from '../../src/records/record.ts'
import { all, build, COMMENT_TEXT, commentText, one, paragraphs, root, tempContent, type Built } from './build-fixture.ts'

const blns = JSON.parse(readFileSync(join(root, 'test', 'data', 'blns.json'), 'utf8')) as string[]
/** What a dump line can hold: no line break, no trailing white space, not blank, no NUL. */
const usable = blns.map((text) => text.replace(/[\r\n\0]/g, ' ').trimEnd()).filter((text) => text.trim() !== '')

let site: Built
beforeAll(async () => {
  const dir = tempContent([])
  const dumps = join(dir, 'content', 'dumps')
  mkdirSync(dumps, { recursive: true })
  let text = `Naughty strings (example.com) ${usable.length * 2}\nStory.\n`
  for (const naughty of usable) text += `${naughty} (Score:1)\n${naughty}\nRe: (Score:0)\n> ${naughty}\n`
  writeFileSync(join(dumps, 'all.txt'), text)
  // Titles with control characters, so that they reach the feed.
  usable.forEach((naughty, index) => {
    if (/[\u0001-\u001f\u007f-\u009f]/.test(naughty)) writeFileSync(join(dumps, `title-${index}.txt`), `${naughty} (example.com) 0\nStory.\n`)
  })
  site = await build(dir)
})
afterAll(() => site?.remove())

describe('naughty strings', () => {
  it('reach the reader as they are', () => {
    expect(site.result.ok).toBe(true)
    const record = readRecord(readFileSync(join(site.content, 'stories', 'all.md'), 'utf8')).record!
    const page = site.page('stories/all/index.html')
    const byId = new Map(all(page, 'article.c').map((element) => [String(element.properties.id), element]))
    for (const comment of record.story.comments) {
      const element = byId.get(comment.id)!
      expect(paragraphs(commentText(page, comment.id)), comment.id).toEqual(comment.lines)
      if (comment.parent === null) expect(toText(one(element, ':scope > details > summary > .sj'), { whitespace: 'pre' })).toBe(comment.subject)
    }
    const text = `article.c > details > ${COMMENT_TEXT}`
    expect(all(page, text).length).toBeGreaterThan(0)
    expect(all(page, `${text} a, ${text} img, ${text} script`)).toEqual([])
  })

  it('leave the pages valid HTML', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] })
    for (const path of ['stories/all/index.html', 'index.html']) {
      const report = await validator.validateString(site.read(path), path)
      expect(report.results.flatMap((result) => result.messages.map((m) => `${path}:${m.line}:${m.column}: ${m.message} [${m.ruleId}]`))).toEqual([])
    }
  })

  it('leave the feed and the sitemap well-formed XML: no character XML forbids', () => {
    const feed = site.read('feed.xml')
    expect(feed.match(/<entry>/g)!.length).toBeGreaterThan(1)
    expect(feed).toContain('\uFFFD')
    for (const xml of [feed, site.read('sitemap.xml')]) {
      expect(xml).not.toMatch(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u)
    }
  })
})
