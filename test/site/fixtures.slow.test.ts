/**
 * Fixture content folders built through Eleventy's API: hostile text stays
 * text, maintainers' edits show, bad records stop the build with their place.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { toText } from 'hast-util-to-text'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeDump } from '../../src/parse/decode.ts'
import { parseDump } from '../../src/parse/parse-dump.ts'
import type { Story } from '../../src/parse/types.ts'
import { loadEleventy } from '../../src/site/eleventy-api.ts'
import { templatesDir } from '../../src/site/options.ts'
import { all, build, commentText, fixtures, one, paragraphs, root, tempContent, type Built } from './build-fixture.ts'

describe('hostile dump text', () => {
  let site: Built
  let dump: Story
  const path = 'stories/hostile/index.html'
  beforeAll(async () => {
    site = await build(tempContent(join(fixtures, 'hostile', 'content')))
    dump = parseDump(decodeDump(readFileSync(join(fixtures, 'hostile', 'content', 'dumps', 'hostile.txt'))).text!).story!
  })
  afterAll(() => site?.remove())

  it('builds, the unknown label kept', () => {
    expect(site.result.ok).toBe(true)
    expect(site.result.ingested[0]!.messages.map((m) => m.message.code)).toContain('UNKNOWN_LABEL')
  })

  it('reaches the reader as the exact text of the dump', () => {
    const page = site.page(path)
    expect(toText(one(page, 'h1'))).toBe(dump.title)
    expect(toText(one(page, '.byline'))).toBe(dump.byline)
    expect(paragraphs(one(page, '.story .text'))).toEqual(dump.paragraphs)
    for (const comment of dump.comments) {
      const body = commentText(page, comment.id)
      if (comment.lines.length === 0) expect(toText(body)).toMatch(/^Empty/)
      else expect(paragraphs(body), comment.id).toEqual(comment.lines)
      if (comment.subject !== 'Re:') expect(toText(one(page, `#${comment.id} > details > summary > .sj`))).toBe(comment.subject)
    }
  })

  it('makes no markup out of it: bodies hold only paragraphs, quotes and our badges', () => {
    const page = site.page(path)
    const shown = all(page, 'article.c').filter((comment) => all(comment, ':scope > details').length === 1)
    expect(shown.length).toBeGreaterThan(0)
    for (const body of [...shown.map((comment) => commentText(page, String(comment.properties.id))), one(page, '.story .text')]) {
      for (const element of all(body, '*').filter((element) => element !== body)) {
        expect(['p', 'blockquote', 'span'], element.tagName).toContain(element.tagName)
        if (element.tagName === 'span') expect(['domain', 'bk', 'cut']).toContain((element.properties.className as string[])[0])
      }
    }
    expect(all(page, 'img, iframe, object, embed')).toEqual([])
    expect(all(page, 'script').map((script) => script.properties.src)).toEqual(['/assets/controls.js'])
    expect(all(page, 'main a').every((a) => /^(#|\/)/.test(String(a.properties.href)))).toBe(true)
    // Template syntax in a dump is text, not template code.
    expect(toText(one(page, 'h1'))).toContain('{{ title }}')
  })

  it('badges real [domain] annotations only, and marks cut addresses', () => {
    const page = site.page(path)
    expect(all(page, '.c .domain').map((badge) => toText(badge))).toEqual(['[wikipedia.org]', '[example.com]'])
    expect(all(page, '.c .cut').map((cut) => toText(cut))).toEqual(['https://en.wikipedia.org/wiki/...'])
  })

  it('says when a comment is empty, and keeps the unknown label filterable', () => {
    const page = site.page(path)
    const empty = dump.comments.find((comment) => comment.subject === 'Empty next')!
    expect(toText(one(page, `#${empty.id} .empty`))).toMatch(/^Empty/)
    expect(all(page, 'input[name="label"]').map((input) => input.properties.value)).toContain('Hilarious')
  })

  it('escapes the title in the feed', () => {
    const feed = site.read('feed.xml')
    expect(feed).toContain('<title>Tags &lt;b&gt;and&lt;/b&gt; *stars* &amp; &quot;quotes&quot; {{ title }}</title>')
    expect(feed).not.toContain('<b>')
  })
})

describe('records edited by maintainers', () => {
  let site: Built
  beforeAll(async () => {
    site = await build(tempContent(join(fixtures, 'maintained', 'content')), { pageSize: 1 })
  })
  afterAll(() => site?.remove())

  it('orders the home page by the date a maintainer set, newest first, in pages', () => {
    expect(site.result.ok).toBe(true)
    const titles = ['index.html', 'page/2/index.html', 'page/3/index.html'].map((page) => toText(one(site.page(page), '.stories h2')))
    expect(titles).toEqual(['A Newer Story', 'Ask Slashdot: What Editor Do You Use?', 'An Older Story'])
    const pager = all(site.page('page/2/index.html'), '.pager a')
    expect(pager.map((a) => [a.properties.href, toText(a)])).toEqual([
      ['/', 'Newest'],
      ['/', 'Newer'],
      ['/', '1'],
      ['/page/3/', '3'],
      ['/page/3/', 'Older'],
      ['/page/3/', 'Oldest']
    ])
  })

  it('groups a source whatever its case, one page per source, paginated', () => {
    expect(toText(one(site.page('sources/example-com/index.html'), '.stories h2'))).toBe('A Newer Story')
    expect(toText(one(site.page('sources/example-com/page/2/index.html'), '.stories h2'))).toBe('An Older Story')
    expect(all(site.page('sources/index.html'), '.sources li')).toHaveLength(1)
  })

  it('shows a hidden comment as a placeholder that keeps its id and its replies', () => {
    const page = site.page('stories/ask/index.html')
    const hidden = one(page, '#cldx2as7y3j')
    expect(toText(one(hidden, '.hid'))).toMatch(/hidden/)
    expect(toText(hidden)).not.toContain('Buy cheap watches')
    expect(one(hidden, ':scope > article.c').properties.id).toBe('cu3ruhhmcud')
    expect(site.read('stories/ask/index.html')).not.toContain('cheap watches')
    // Counts leave it out.
    expect(toText(one(page, 'label[for="t-1"]'))).toBe('-1 (3)')
    expect(toText(one(page, '.counts'))).toContain('1 hidden')
  })

  it('shows authors, and the original address only when it is http(s)', () => {
    expect(toText(one(site.page('stories/ask/index.html'), '#cw35sv6mdgm .au'))).toBe('by vimfan')
    expect(all(site.page('stories/older/index.html'), '.story .meta a').map((a) => a.properties.href)).toContain('https://example.com/older')
    expect(site.read('stories/newer/index.html')).not.toContain('javascript:')
  })

  it('shows a story without a source and without comments', () => {
    const ask = site.page('stories/ask/index.html')
    expect(toText(one(ask, '.story .meta'))).not.toContain('sources')
    const newer = site.page('stories/newer/index.html')
    expect(toText(one(newer, '.story .meta'))).toContain('0 of 0 comments archived')
    expect(all(newer, 'article.c, .controls, svg')).toEqual([])
    expect(toText(one(newer, '.discussion'))).toContain('No comment was on the captured page')
  })
})

describe('invalid records', () => {
  it('stop the build with each problem placed in its file, and nothing written', async () => {
    const site = await build(tempContent(join(fixtures, 'invalid-record', 'content')))
    try {
      expect(site.result.ok).toBe(false)
      const problems = site.result.problems.map((p) => [p.file.split('/').pop(), p.message.line, p.message.column, p.message.code])
      expect(problems).toEqual([
        ['broken.md', 18, 12, 'RECORD_SCHEMA'],
        ['undated.md', 9, 7, 'BAD_DATE']
      ])
    } finally {
      site.remove()
    }
  })

  /** Eleventy run on its own with the project's `.eleventy.ts`, told its folders by the environment: its pages, or what it threw. */
  async function plainEleventy(dir: string): Promise<{ pages: { url: string | false; content: string }[] | null; error: unknown }> {
    const configPath = join(root, '.eleventy.ts')
    const Eleventy = await loadEleventy(configPath)
    process.env.SCROLLBACK_CONTENT = join(dir, 'content')
    process.env.SCROLLBACK_CACHE = join(dir, 'cache')
    try {
      const eleventy = new Eleventy(templatesDir, join(dir, 'out'), { configPath, quietMode: true })
      eleventy.logger.overrideLogger(false)
      return await eleventy.toJSON().then(
        (pages) => ({ pages, error: null }),
        (error: unknown) => ({ pages: null, error })
      )
    } finally {
      delete process.env.SCROLLBACK_CONTENT
      delete process.env.SCROLLBACK_CACHE
    }
  }

  it('render with Eleventy run on its own, every page from the records', async () => {
    const { pages, error } = await plainEleventy(tempContent(join(fixtures, 'maintained', 'content')))
    expect(error).toBeNull()
    const urls = pages!.map((page) => page.url)
    expect(urls).toEqual(expect.arrayContaining(['/', '/search/', '/assets/filters.css', '/stories/newer/', '/stories/older/', '/stories/ask/']))
    expect(pages!.find((page) => page.url === '/stories/newer/')!.content).toContain('A Newer Story')
  })

  it('fail a plain Eleventy API build with file:line:column: message [CODE]', async () => {
    const { error } = await plainEleventy(tempContent(join(fixtures, 'invalid-record', 'content')))
    let text = ''
    for (let current = error as { message?: string; originalError?: unknown; cause?: unknown } | undefined; current; current = (current.originalError ?? current.cause) as typeof current) {
      text += `${current.message}\n`
    }
    expect(text).toMatch(/broken\.md:18:12: .* \[RECORD_SCHEMA\]/)
    expect(text).toMatch(/undated\.md:9:7: .* \[BAD_DATE\]/)
  })
})
