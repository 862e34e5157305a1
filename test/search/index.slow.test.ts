/**
 * The search index of the sample and a two-story fixture, built by
 * `buildSite` and read back: one Pagefind page per story, every comment an
 * anchor that carries its score, label and subject, quotes and repeated
 * subjects left out, per-story filters, a search page and a box on every page.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { toText } from 'hast-util-to-text'
import { HtmlValidate } from 'html-validate'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anchorSubjects, readAnchorTitle, type AnchorComment } from '../../src/search/anchors.ts'
import { indexSite } from '../../src/search/index-site.ts'
import { storyFile } from '../../src/site/paths.ts'
import { all, build, one, root, tempContent, type Built } from '../site/build-fixture.ts'
import { archiveDumps, readFragments, regions, searchDumps, shardFiles, type Fragment } from './pagefind-files.ts'

/** The search page's own reader of anchor titles (plain JavaScript, for the browser). */
interface Core {
  readAnchorTitle(title: unknown): AnchorComment | null
  anchorSubjects(comments: { id: string; subject: AnchorComment['subject'] }[]): string[]
}
const coreUrl = pathToFileURL(join(root, 'templates', 'assets', 'search-core.js')).href

const stories = {
  sample: '/stories/rust-in-linux-no-longer-experimental/',
  penguins: '/stories/penguins-occupy-research-station/',
  volcano: '/stories/volcano-livestream-record/'
}
const quoted = 'The penguins have unionised and now demand a herring allowance and a telescope of their own.'

let site: Built
let fragments: Map<string, Fragment>
beforeAll(async () => {
  site = await build(tempContent(searchDumps), { index: true })
  fragments = readFragments(site.out)
})
afterAll(() => site?.remove())

/** Words only, lower case: Pagefind's text and the page's differ in spacing and added stops. */
function words(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
}

function fragment(url: string): Fragment {
  const found = fragments.get(url)
  if (!found) throw new Error(`no fragment for ${url}; have ${[...fragments.keys()].join(', ')}`)
  return found
}

function occurrences(text: string, part: string): number {
  return text.split(part).length - 1
}

describe('the search index', () => {
  it('is built after the pages, one Pagefind page per story and none for the lists', () => {
    expect(site.result.ok).toBe(true)
    expect(site.result.index).toMatchObject({ ok: true, pages: 3, problems: [] })
    expect(site.result.timings.index).toBeGreaterThan(0)
    expect(site.result.index).toMatchObject({ shards: 1, written: 1 })
    expect(readdirSync(join(site.out, 'pagefind')).sort()).toEqual(['route.bin', 's0000', 'shards.json'])
    // Pagefind's program, its entry and meta, and its many small files as one pack; nothing of Pagefind's the page never loads.
    const bundle = readdirSync(join(site.out, 'pagefind', 's0000')).sort()
    expect(bundle.filter((name) => !/^pagefind\.en_\w+\.pf_meta$/.test(name) && !/^(pack-\d+-\d+|phrases-\d+-\d+)\.bin$/.test(name))).toEqual(['pagefind-entry.json', 'pagefind.js', 'signature.txt', 'wasm.en.pagefind', 'written.json'])
    expect(bundle.filter((name) => /^phrases-\d+-\d+\.bin$/.test(name))).toHaveLength(1)
    expect(bundle.filter((name) => /^pack-\d+-\d+\.bin$/.test(name))).toHaveLength(1)
    expect([...shardFiles(site.out, 's0000').keys()].filter((name) => name.startsWith('fragment/'))).toHaveLength(3)
    expect([...fragments.keys()].sort()).toEqual(Object.values(stories).sort())
    expect(fragment(stories.penguins).meta).toEqual({ title: 'Penguins Occupy Antarctic Research Station', source: 'example.org' })
  })

  it('gives every shown comment an anchor whose title is its score, label and subject as the page shows them', async () => {
    const core = (await import(coreUrl)) as Core
    let checked = 0
    for (const url of Object.values(stories)) {
      const page = site.page(`${url.slice(1)}index.html`)
      const anchors = new Map(fragment(url).anchors.filter((anchor) => anchor.title).map((anchor) => [anchor.id, anchor.title!]))
      const comments = all(page, 'article.c').filter((element) => all(element, ':scope > .hid').length === 0)
      expect(anchors.size, url).toBe(comments.length)
      const read: (AnchorComment & { id: string })[] = []
      for (const element of comments) {
        const id = String(element.properties.id)
        const title = anchors.get(id)
        expect(title, id).toBeDefined()
        const comment = readAnchorTitle(title!)
        expect(core.readAnchorTitle(title), 'the browser reads it alike').toEqual(comment)
        expect(`(Score:${comment!.score}${comment!.label ? `, ${comment!.label}` : ''})`).toBe(toText(one(element, ':scope > details > summary > .sc')))
        read.push({ ...comment!, id })
        checked++
      }
      // Subjects written as the parent's are rebuilt, by the browser alike, to the subjects the page shows.
      const subjects = comments.map((element) => toText(one(element, ':scope > details > summary > .sj')))
      expect(anchorSubjects(read), url).toEqual(subjects)
      expect(core.anchorSubjects(read), url).toEqual(subjects)
      if (url === stories.sample) expect(read.filter((comment) => typeof comment.subject !== 'string').length).toBeGreaterThan(40)
    }
    expect(checked).toBe(74 + 5 + 3)
  })

  it('leaves quoted text out: quoted words are indexed once, in the comment that wrote them', () => {
    const penguins = fragment(stories.penguins)
    const byId = regions(penguins)
    expect(occurrences(penguins.content, quoted)).toBe(1)
    const [original, reply] = ['Best headline this week', 'Re:Best headline this week'].map((subject) => {
      const page = site.page('stories/penguins-occupy-research-station/index.html')
      return String(all(page, 'article.c').find((element) => toText(one(element, ':scope > details > summary > .sj')) === subject)!.properties.id)
    })
    expect(byId.get(original!)).toContain(quoted)
    expect(byId.get(reply!)).not.toContain('herring')
    expect(byId.get(reply!)).toContain('Next they will want dental coverage for the whole colony.')

    // Every quote of the sample: its words are not in the quoting comment's region.
    const sample = fragment(stories.sample)
    const sampleRegions = regions(sample)
    const page = site.page('stories/rust-in-linux-no-longer-experimental/index.html')
    let quotes = 0
    for (const element of all(page, 'article.c')) {
      for (const blockquote of all(element, ':scope > details > blockquote')) {
        const start = words(toText(blockquote)).split(' ').slice(0, 6).join(' ')
        expect(words(sampleRegions.get(String(element.properties.id))!), `${element.properties.id} quotes “${start}”`).not.toContain(start)
        quotes++
      }
    }
    expect(quotes).toBeGreaterThanOrEqual(10)
  })

  it('leaves out what repeats or is not text: Re: subjects, scores and labels, links, counts', () => {
    for (const { content } of fragments.values()) {
      for (const left of ['(Score:', 'Permalink', 'comments archived', 'guessed from page order', 'Re:Best headline', 'Re:Lava cam']) expect(content).not.toContain(left)
    }
    expect(fragment(stories.penguins).content).toContain('Best headline this week')
    expect(fragment(stories.volcano).content).toContain('Lava cam is hypnotic')
  })

  it('files each story under its slug, source, and the labels and scores of its comments', () => {
    expect(fragment(stories.penguins).filters).toEqual({
      story: ['penguins-occupy-research-station'],
      source: ['example.org'],
      label: ['Funny', 'Insightful', 'Troll'],
      score: ['5', '4', '2', '1', '-1']
    })
    expect(fragment(stories.volcano).filters).toMatchObject({ label: ['Funny', 'Interesting', 'Redundant'], source: ['news.example.com'] })
    expect(fragment(stories.volcano).filters.score).toEqual(['5', '3', '0'])
  })

  it('has a search page: a plain form that keeps working without JavaScript, saying search needs it', async () => {
    const page = site.page('search/index.html')
    const form = one(page, 'form#search')
    expect(form.properties).toMatchObject({ action: '/search/', method: 'get' })
    expect(one(form, 'input[name="q"]').properties.type).toBe('search')
    expect(all(form, 'select[name="label"] option').map((option) => option.properties.value)).toEqual(['', 'Insightful', 'Interesting', 'Funny', 'Informative', 'Flamebait', 'Redundant', 'Troll'])
    expect(all(form, 'select[name="source"] option').map((option) => option.properties.value).sort()).toEqual(['', 'example.org', 'news.example.com', 'thenewstack.io'])
    expect(toText(one(page, 'noscript'))).toContain('needs JavaScript')
    expect(one(page, 'script').properties).toMatchObject({ type: 'module', src: '/assets/search.js' })
    const validator = new HtmlValidate({ extends: ['html-validate:standard'] })
    const report = await validator.validateString(site.read('search/index.html'), 'search/index.html')
    expect(report.results.flatMap((result) => result.messages.map((m) => `${m.line}:${m.column}: ${m.message} [${m.ruleId}]`))).toEqual([])
  })

  it('puts a search box in every page’s header: a GET form to /search/ with `q`', () => {
    const pages = readdirSync(site.out, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    expect(pages.length).toBeGreaterThan(6)
    for (const entry of pages) {
      const path = join(entry.parentPath, entry.name)
      const form = one(site.page(path.slice(site.out.length + 1)), 'header.top form[role="search"]')
      expect(form.properties, path).toMatchObject({ action: '/search/', method: 'get' })
      expect(all(form, 'input[name="q"]'), path).toHaveLength(1)
    }
  })

  it('writes a changed shard again whole on a rebuild: no file of the last one stays behind', async () => {
    const fragmentsOf = () => [...shardFiles(site.out, 's0000').keys()].filter((name) => name.startsWith('fragment/'))
    const before = fragmentsOf()
    // Another story (a new title: the same title and source would be a capture of the same story).
    const volcano = readFileSync(join(archiveDumps, 'volcano-livestream-record.txt'), 'utf8')
    writeFileSync(join(site.content, 'dumps', 'volcano-again.txt'), 'Again: ' + volcano)
    const again = await build(site.dir, { index: true })
    expect(again.result.index).toMatchObject({ ok: true, pages: 4, shards: 1, written: 1 })
    const after = fragmentsOf()
    expect(after).toHaveLength(4)
    expect(after.filter((name) => !before.includes(name))).toHaveLength(1)
    expect(readdirSync(join(site.out, 'pagefind', 's0000')).filter((name) => name.endsWith('.pf_meta') || name.endsWith('.bin'))).toHaveLength(3)
    expect(readdirSync(site.out).filter((name) => name.startsWith('.'))).toEqual([])
    expect(readFileSync(join(site.out, 'search', 'index.html'), 'utf8')).toContain('\u2068news.example.com\u2069 (2)')
  })

  it('indexes an empty archive too, whose search page says there is nothing to search', async () => {
    const empty = await build(tempContent([]), { index: true })
    try {
      expect(empty.result.index).toMatchObject({ ok: true, pages: 0 })
      const page = empty.page('search/index.html')
      expect(toText(one(page, '.intro'))).toBe('No stories are archived yet, so there is nothing to search.')
      expect(one(page, 'form#search').properties.dataStories).toBe('0')
    } finally {
      empty.remove()
    }
  })

  it('says so, as data, when there is no site to index', async () => {
    const result = await indexSite({ site: join(site.dir, 'no-such-folder'), pages: new Map(), storyFile })
    expect(result).toMatchObject({ ok: false, problems: [{ code: 'NO_SITE' }] })
  })
})
