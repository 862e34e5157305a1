/**
 * The bundled sample, built through Eleventy's API: every comment is on the
 * story page, nested under its parent, addressable, with the dump's text.
 */
import { readFileSync, statSync } from 'node:fs'
import type { Element } from 'hast'
import { toText } from 'hast-util-to-text'
import { HtmlValidate } from 'html-validate'
import { endsCutShort } from '../../src/parse/cut-short.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { decodeDump } from '../../src/parse/decode.ts'
import { parseDump } from '../../src/parse/parse-dump.ts'
import type { Story } from '../../src/parse/types.ts'
import { all, build, COMMENT_TEXT, commentText, one, paragraphs, sampleDump, tempContent, type Built } from './build-fixture.ts'

const storyPath = 'stories/rust-in-linux-no-longer-experimental/index.html'
let site: Built
let dump: Story

beforeAll(async () => {
  site = await build(tempContent([sampleDump]))
  dump = parseDump(decodeDump(readFileSync(sampleDump)).text!).story!
})
afterAll(() => site?.remove())

/** The closest enclosing comment element of an element, found through the page tree. */
function parentsById(root: Element | import('hast').Root): Map<string, string | null> {
  const parents = new Map<string, string | null>()
  const walk = (node: Element | import('hast').Root, comment: string | null): void => {
    for (const child of node.children) {
      if (child.type !== 'element') continue
      const classes = (child.properties.className as string[] | undefined) ?? []
      if (child.tagName === 'article' && classes.includes('c')) {
        parents.set(String(child.properties.id), comment)
        walk(child, String(child.properties.id))
      } else walk(child, comment)
    }
  }
  walk(root, null)
  return parents
}

describe('the story page of the sample', () => {
  it('builds without problems', () => {
    expect(site.result.ok).toBe(true)
    expect(site.result.problems).toEqual([])
    expect(site.result.stats).toMatchObject({ stories: 1, comments: 74 })
  })

  it('shows the title, the source, the counts (archived of stated) and the lead-in', () => {
    const page = site.page(storyPath)
    expect(toText(one(page, 'h1'))).toBe(dump.title)
    const meta = toText(one(page, '.story .meta'))
    expect(meta).toContain('thenewstack.io')
    expect(meta).toContain('74 of 86 comments archived')
    expect(toText(one(page, '.byline'))).toBe(dump.byline)
    expect(paragraphs(one(page, '.story .text'))).toEqual(dump.paragraphs)
  })

  it('has an element per comment whose id is the comment id, nested inside its parent', () => {
    const page = site.page(storyPath)
    const parents = parentsById(page)
    expect(parents.size).toBe(74)
    for (const comment of dump.comments) {
      expect(parents.has(comment.id), comment.id).toBe(true)
      expect(parents.get(comment.id), comment.id).toBe(comment.parent)
    }
    const ids = all(page, '[id]').map((element) => element.properties.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it("shows each comment's text exactly as the dump has it, quotes as quotes", () => {
    const page = site.page(storyPath)
    for (const comment of dump.comments) {
      const body = commentText(page, comment.id)
      if (comment.lines.length === 0) {
        expect(toText(body)).toMatch(/^Empty/)
        continue
      }
      // A text that stops mid-sentence is followed by the note that the capture cut it short (`endsCutShort`), and only such a text.
      const cut = endsCutShort(comment.lines.join('\n'))
      expect(paragraphs(body), comment.id).toEqual(cut ? [...comment.lines, 'Cut short in this capture'] : comment.lines)
      const quoted = all(body, 'blockquote p').map((p) => toText(p, { whitespace: 'pre' }))
      expect(quoted).toEqual(comment.lines.filter((_, index) => comment.quoted[index]))
    }
  })

  it('shows subject, score, label, a permalink and a link to the parent saying how it was found', () => {
    const page = site.page(storyPath)
    const css = readFileSync(`${site.out}/assets/site.css`, 'utf8')
    const evidence = new Map([...css.matchAll(/^\.cm\.(\w+) \{\n  --ev: "([^"]*)";\n\}/gm)].map(([, name, words]) => [name!, words!]))
    expect(evidence.size).toBe(4)
    expect(css).toMatch(/\.cm a \+ a::after \{\n  content: var\(--ev\);/)
    expect(css).toContain('.cm[data-l]::before {\n    content: "Level " attr(data-l) " · ";')
    for (const comment of dump.comments) {
      const summary = toText(one(page, `#${comment.id} > details > summary`))
      expect(summary).toContain(`(Score:${comment.score}${comment.label ? `, ${comment.label}` : ''})`)
      const links = all(page, `#${comment.id} > details > .cm a`).map((a) => a.properties.href)
      expect(links[0]).toBe(`#${comment.id}`)
      if (comment.parent === null) expect(links).toHaveLength(1)
      else {
        expect(links[1]).toBe(`#${comment.parent}`)
        // The line's classes, worded by the stylesheet (the browser test reads the words as a reader gets them).
        const line = one(page, `#${comment.id} > details > .cm`)
        const how = ((line.properties.className as string[]) ?? []).map((name) => evidence.get(name) ?? '').join('')
        if (comment.parentBy === 'order') expect(how).toBe(' (guessed from page order)')
        else if (comment.parentBy === 'subject') expect(how).toBe(' (its subject names the parent)')
        else expect(how).toMatch(/^ \(it quotes (the|a phrase of the) parent\)$/)
        expect(line.properties.dataL).toBe(String(comment.depth))
      }
    }
  })

  it('shows a bare Re: as the subject it stands for, marked as derived', () => {
    const page = site.page(storyPath)
    expect(readFileSync(`${site.out}/assets/site.css`, 'utf8')).toContain('.cm.d::after {\n  content: " · subject derived from a bare “Re:”";')
    const bare = dump.comments.filter((comment) => comment.subject === 'Re:')
    expect(bare.length).toBeGreaterThan(0)
    const byId = new Map(dump.comments.map((comment) => [comment.id, comment]))
    for (const comment of bare) {
      const subject = one(page, `#${comment.id} > details > summary > .sj`)
      expect((subject.properties.className as string[]).includes('dv')).toBe(true)
      expect((one(page, `#${comment.id} > details > .cm`).properties.className as string[]).includes('d')).toBe(true)
      // The default subject: Re: and the parent's subject without its Re:.
      let parent = byId.get(comment.parent!)!
      while (parent.subject === 'Re:') parent = byId.get(parent.parent!)!
      expect(toText(subject)).toBe('Re:' + parent.subject.replace(/^Re:/, ''))
    }
  })

  it('turns [domain] into a badge and never links a cut address', () => {
    const page = site.page(storyPath)
    const text = `article.c > details > ${COMMENT_TEXT}`
    const badges = all(page, `${text} .domain`).map((badge) => toText(badge))
    expect(badges).toContain('[substack.com]')
    expect(badges).toContain('[wikipedia.org]')
    expect(all(page, `${text} a`)).toEqual([])
    const cuts = all(page, `${text} .cut`).map((cut) => toText(cut))
    expect(cuts).toContain('https://en.wikipedia.org/wiki/...')
  })

  it('offers the threshold with the count at or above each score, and the labels present', () => {
    const page = site.page(storyPath)
    const steps = all(page, 'input[name="threshold"]').map((input) => Number(input.properties.value))
    expect(steps).toEqual([-1, 0, 1, 2, 3, 4, 5])
    for (const step of steps) {
      const expected = dump.comments.filter((comment) => Math.max(-1, Math.min(5, comment.score)) >= step).length
      expect(toText(one(page, `label[for="t${step}"]`))).toBe(`${step} (${expected})`)
    }
    const labels = all(page, 'input[name="label"]').map((input) => String(input.properties.value))
    expect(new Set(labels)).toEqual(new Set(['', ...dump.comments.flatMap((comment) => (comment.label ? [comment.label] : []))]))
    // Each comment's classes say its score and its label's filter index.
    for (const input of all(page, 'input[name="label"]').slice(1)) {
      const index = String(input.properties.id).slice(2)
      const marked = all(page, `article.l${index}`).map((element) => element.properties.id)
      expect(marked).toEqual(dump.comments.filter((comment) => comment.label === input.properties.value).map((comment) => comment.id))
    }
  })

  it('collapses with details/summary, open by default', () => {
    const page = site.page(storyPath)
    const details = all(page, 'article.c > details')
    expect(details).toHaveLength(74)
    for (const element of details) expect(element.properties.open).toBe(true)
  })

  it('draws the score distribution and thread shape as inline SVG', () => {
    const page = site.page(storyPath)
    const [scores, threads] = all(page, 'svg.shape')
    for (const svg of [scores!, threads!]) expect(svg.properties.role).toBe('img')
    expect(toText(one(scores!, 'desc'))).toContain('Scores')
    expect(toText(one(threads!, 'desc'))).toContain('threads')
    // A bar per score and per thread's depth: closed rectangles of the paths, one path per colour.
    expect(all(threads!, 'path').flatMap((path) => String(path.properties.d).match(/M[^z]*z/g) ?? []).length).toBeGreaterThan(7)
  })

  it('is at most 2.3 times the size of its dump', () => {
    expect(statSync(`${site.out}/${storyPath}`).size).toBeLessThanOrEqual(2.3 * statSync(sampleDump).size)
  })

  it('loads nothing from another host and runs no inline script', () => {
    for (const path of [storyPath, 'index.html', 'sources/index.html', 'sources/thenewstack-io/index.html', '404.html']) {
      const page = site.page(path)
      for (const element of all(page, '[src], link[href]')) {
        const url = String(element.properties.src ?? element.properties.href)
        expect(url, path).toMatch(/^\/(?!\/)/)
      }
      for (const script of all(page, 'script')) expect(script.properties.src, path).toBeTruthy()
      expect(all(page, '[style], style'), path).toEqual([])
      const html = site.read(path)
      expect(html, path).not.toMatch(/\son[a-z]+=/i)
    }
  })
})

describe('the rest of the sample site', () => {
  it('lists the story on the home page, newest first, with its counts', () => {
    const page = site.page('index.html')
    const items = all(page, '.stories > li')
    expect(items).toHaveLength(1)
    expect(one(items[0]!, 'h2 a').properties.href).toBe('/stories/rust-in-linux-no-longer-experimental/')
    expect(toText(items[0]!)).toContain('74 of 86 comments archived')
    // The lede: the story's first paragraph, cut at 300 characters.
    const lede = toText(one(items[0]!, '.lede'))
    expect(lede).toBe(dump.paragraphs[0]!.slice(0, 299).trimEnd() + '…')
    expect(site.read('feed.xml')).toContain(lede.slice(0, 60))
  })

  it('has a page per source domain and a list of sources', () => {
    const page = site.page('sources/thenewstack-io/index.html')
    expect(toText(one(page, 'h1'))).toBe('Stories from thenewstack.io')
    expect(all(page, '.stories > li')).toHaveLength(1)
    expect(all(site.page('sources/index.html'), '.sources a').map((a) => a.properties.href)).toEqual(['/sources/thenewstack-io/'])
  })

  it('has an Atom feed, a sitemap, robots.txt and a 404 page, with absolute addresses', () => {
    const feed = site.read('feed.xml')
    expect(feed).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/)
    expect(feed).toContain('<id>https://archive.example/stories/rust-in-linux-no-longer-experimental/</id>')
    expect(feed).toContain('<title>Rust in Linux&#39;s Kernel &#39;is No Longer Experimental&#39;</title>')
    const sitemap = site.read('sitemap.xml')
    expect(sitemap).toContain('<loc>https://archive.example/stories/rust-in-linux-no-longer-experimental/</loc>')
    expect(sitemap).toContain('<loc>https://archive.example/</loc>')
    expect(site.read('robots.txt')).toContain('Sitemap: https://archive.example/sitemap.xml')
    expect(toText(one(site.page('404.html'), 'h1'))).toBe('Not found')
  })

  it('is valid HTML by html-validate’s standard preset, with lang, landmarks and headings in order', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] })
    for (const path of [storyPath, 'index.html', 'sources/index.html', 'sources/thenewstack-io/index.html', '404.html']) {
      const report = await validator.validateString(site.read(path), path)
      expect(report.results.flatMap((result) => result.messages.map((m) => `${path}:${m.line}:${m.column}: ${m.message} [${m.ruleId}]`))).toEqual([])
      const page = site.page(path)
      expect(one(page, 'html').properties.lang).toBe('en')
      for (const landmark of ['header.top', 'nav', 'main#main', 'footer.bottom']) expect(all(page, landmark), `${path} ${landmark}`).toHaveLength(1)
      const levels = all(page, 'h1, h2, h3, h4, h5, h6').map((heading) => Number(heading.tagName[1]))
      expect(levels[0], path).toBe(1)
      for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!, path).toBeLessThanOrEqual(1)
    }
  })
})
