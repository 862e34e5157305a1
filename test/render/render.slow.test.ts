/**
 * Markdown → HTML: the one processor, link annotations, the render cache and
 * the worker that renders ahead.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { linesToMarkdown } from '../../src/records/markdown.ts'
import { splitAnnotations } from '../../src/render/annotations.ts'
import { processor, renderMarkdown, RENDER_VERSION } from '../../src/render/markdown.ts'
import { Prefill } from '../../src/render/prefill.ts'
import { StoryRenderCache } from '../../src/render/story-cache.ts'
import { storyBodies } from '../../src/render/story-page.ts'
import { readRecord } from '../../src/records/record.ts'
import { ingestForBuild } from '../../src/site/stages/ingest.ts'
import { cases, testDir } from '../helpers/fixtures.ts'
import { tempFolders } from '../helpers/temp.ts'
import { root } from '../site/build-fixture.ts'

const tempDir = tempFolders('scrollback-render-')

describe('renderMarkdown', () => {
  it('renders plain-text markdown back to exactly its text, escaped', () => {
    const lines = ['<b>bold</b> & <script>x</script>', '*a* _b_ `c` [d](e) ![f](g)', '# h', '2. i', '| j | k |', '&amp; \\*']
    const html = renderMarkdown(linesToMarkdown(lines))
    expect(html).toBe(lines.map((line) => `<p>${line.replace(/&/g, '&#x26;').replace(/</g, '&#x3C;')}</p>`).join('\n'))
  })

  it('drops raw HTML, images, scripts and unsafe links that a hand edit may add', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script>\n\npara <b onclick="x">b</b> <img src="http://x/i.png">\n\n![i](http://x/i.png) [j](javascript:alert(1)) [k](https://example.com/)\n\n# Heading'
    )
    expect(html).not.toMatch(/<(script|img|b|h1)\b|onclick|javascript:|alert/)
    expect(html).toContain('<a href="https://example.com/">k</a>')
    expect(html).toContain('Heading')
  })

  it('is one frozen processor', () => {
    expect(() => processor.use(() => undefined)).toThrow(/frozen/)
  })
})

describe('link annotations', () => {
  it('wraps [domain] after a space, keeping the brackets in the text', () => {
    const html = renderMarkdown(linesToMarkdown(['showed. [substack.com]', '[Example.CO.uk], and', 'x [not a domain] [a.b/c] a[b.com]']))
    expect(html).toBe(
      '<p>showed. <span class="domain" title="Where a link went; its address is not archived"><span class="bk">[</span>substack.com<span class="bk">]</span></span></p>\n' +
        '<p><span class="domain" title="Where a link went; its address is not archived"><span class="bk">[</span>Example.CO.uk<span class="bk">]</span></span>, and</p>\n' +
        '<p>x [not a domain] [a.b/c] a[b.com]</p>'
    )
  })

  it('marks an address cut with ... and never makes a link of it', () => {
    const nodes = splitAnnotations('see https://en.wikipedia.org/wiki/... [wikipedia.org] and https://example.com/whole')
    expect(nodes.map((node) => (node.type === 'element' ? `<${(node.properties.className as string[])[0]}>` : node.type === 'text' ? node.value : ''))).toEqual([
      'see ',
      '<cut>',
      ' ',
      '<domain>',
      ' and https://example.com/whole'
    ])
  })
})

/** A record file in a temporary folder. */
function record(text: string): { file: string; sha256: string } {
  const file = join(tempDir(), 'story.md')
  writeFileSync(file, text)
  return { file, sha256: createHash('sha256').update(text).digest('hex') }
}

const sampleRecord = () => readFileSync(join(root, 'content', 'stories', 'rust-in-linux-no-longer-experimental.md'), 'utf8')

describe('the render cache', () => {
  it('keeps a story’s bodies in a file of its own, and renders them again when the record changed', async () => {
    const dir = tempDir()
    let cache = await StoryRenderCache.open(dir, 'abc')
    expect(cache.html('s', 'hash-1', ['one\n', 'two\n', 'one\n'])).toEqual(new Map([['one\n', '<p>one</p>'], ['two\n', '<p>two</p>']]))
    expect(cache.rendered).toBe(2)
    expect(readdirSync(cache.folder)).toEqual(['s.json'])
    cache = await StoryRenderCache.open(dir, 'abc')
    expect(cache.html('s', 'hash-1', ['two\n']).get('two\n')).toBe('<p>two</p>')
    expect(cache.rendered).toBe(0)
    // Another record: rendered again, whatever the file says.
    writeFileSync(join(cache.folder, 's.json'), JSON.stringify({ sha256: 'hash-1', html: { 'two\n': '<p>stale</p>' } }))
    expect(cache.html('s', 'hash-2', ['two\n']).get('two\n')).toBe('<p>two</p>')
    expect(cache.rendered).toBe(1)
    cache.forget(['s'])
    expect(readdirSync(cache.folder)).toEqual([])
  })

  it('renders again from a torn or foreign file, and drops folders of other render versions', async () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'render-v0'))
    writeFileSync(join(dir, 'render-v0', 's.json'), '{}')
    const cache = await StoryRenderCache.open(dir, 'abc')
    expect(existsSync(join(dir, 'render-v0'))).toBe(false)
    mkdirSync(cache.folder, { recursive: true })
    writeFileSync(join(cache.folder, 's.json'), '{"sha256":"h","html":{"x\\n":"<p>to')
    expect(cache.html('s', 'h', ['x\n']).get('x\n')).toBe('<p>x</p>')
    writeFileSync(join(cache.folder, 't.json'), JSON.stringify({ sha256: 'h', html: { 'x\n': 7 } }))
    expect(cache.html('t', 'h', ['x\n', 'constructor']).get('x\n')).toBe('<p>x</p>')
    expect(cache.html('t', 'h', ['constructor']).get('constructor')).toBe('<p>constructor</p>')
  })

  it('fills a story from its record file, and leaves alone a record that changed since it was scanned', async () => {
    const { file, sha256 } = record(sampleRecord())
    const cache = await StoryRenderCache.open(tempDir(), 'abc')
    expect(cache.fill({ slug: 's', file, sha256: 'not-its-hash' })).toBe(0)
    // The story's text and its 69 distinct shown comments.
    expect(cache.fill({ slug: 's', file, sha256 })).toBe(69)
    expect(cache.fill({ slug: 's', file, sha256 })).toBe(0)
  })

  it('keeps what a page needs of the record with its bodies, so that a page made from the cache reads no YAML', async () => {
    const text = sampleRecord()
    const { file, sha256 } = record(text)
    const cache = await StoryRenderCache.open(tempDir(), 'abc')
    const first = cache.story({ slug: 's', file, sha256 })!
    expect(cache.rendered).toBe(69)
    const read = readRecord(text).record!
    expect(first.record).toEqual({ data: read.data, content: read.content })
    // The record file is not read again: a page made now is made from the cache alone.
    writeFileSync(file, 'not a record')
    const again = cache.story({ slug: 's', file, sha256 })!
    expect(cache.rendered).toBe(69)
    expect(again.record).toEqual(first.record)
    expect([...again.html]).toEqual([...first.html])
    // A file of an earlier build holds bodies but no record: the record is read, nothing rendered, and kept from then on.
    const older = await StoryRenderCache.open(tempDir(), 'abc')
    writeFileSync(file, text)
    older.html('t', sha256, storyBodies(read))
    const before = older.rendered
    expect(older.story({ slug: 't', file, sha256 })!.record).toEqual(first.record)
    expect(older.rendered).toBe(before)
    writeFileSync(file, 'not a record')
    expect(older.story({ slug: 't', file, sha256 })!.record).toEqual(first.record)
    // A record kept by another version of the record reader is read again.
    const kept = join(older.folder, 't.json')
    writeFileSync(kept, readFileSync(kept, 'utf8').replace(/"read":\d+/, '"read":0'))
    expect(older.story({ slug: 't', file, sha256 })).toBeNull()
    // A record that no longer reads, and no cache for it: nothing to show.
    expect(older.story({ slug: 'u', file, sha256 })).toBeNull()
  })
})

describe('the stories ingest writes', () => {
  it('are kept in the render cache as their pages would render them, on this thread and in workers', async () => {
    for (const workers of [false, true]) {
      const content = join(tempDir(), 'content')
      const cacheDir = tempDir()
      mkdirSync(join(content, 'dumps'), { recursive: true })
      for (const { name, dir } of cases('fixtures')) writeFileSync(join(content, 'dumps', `${name}.txt`), readFileSync(join(dir, 'input.txt')))
      for (const capture of ['capture-1.txt', 'capture-2.txt']) {
        writeFileSync(join(content, 'dumps', `later-${capture}`), readFileSync(join(testDir, 'fixtures-captures', 'later-capture', capture)))
      }
      const outcomes = await ingestForBuild({ content, cache: cacheDir, workers })
      const written = [...new Set(outcomes.filter((outcome) => outcome.status === 'written').map((outcome) => outcome.record))]
      expect(written.length).toBeGreaterThan(15)
      const cache = await StoryRenderCache.open(cacheDir)
      let bodies = 0
      for (const file of written) {
        const text = readFileSync(file, 'utf8')
        const sha256 = createHash('sha256').update(text).digest('hex')
        const slug = basename(file, '.md')
        expect(cache.has(slug, sha256)).toBe(true)
        // Made from the cache alone: nothing rendered, the record as the reader reads it, each body as its markdown renders.
        const page = cache.story({ slug, file: join(tempDir(), 'none.md'), sha256 })!
        const read = readRecord(text).record!
        expect(page.record).toEqual(JSON.parse(JSON.stringify({ data: read.data, content: read.content })))
        for (const body of storyBodies(read)) {
          expect(page.html.get(body)).toBe(renderMarkdown(body))
          bodies++
        }
      }
      expect(cache.rendered).toBe(0)
      expect(bodies).toBeGreaterThan(150)
    }
  })

  it('are not kept without a cache folder', async () => {
    const content = join(tempDir(), 'content')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    writeFileSync(join(content, 'dumps', 'story.txt'), 'Story (example.org) 1\nStory.\nC (Score:1)\nText.\n')
    const outcomes = await ingestForBuild({ content })
    expect(outcomes.map((outcome) => [outcome.status, outcome.made])).toEqual([['written', undefined]])
    expect(readdirSync(join(content, '..'))).toEqual(['content'])
  })

  it('are not kept for a record not named as its slug (renamed by hand): the build renders it', async () => {
    const content = join(tempDir(), 'content')
    const cacheDir = tempDir()
    mkdirSync(join(content, 'dumps'), { recursive: true })
    writeFileSync(join(content, 'dumps', 'story.txt'), 'Story (example.org) 1\nStory.\nC (Score:1)\nText.\n')
    expect((await ingestForBuild({ content, cache: cacheDir })).map((outcome) => outcome.made?.rendered)).toEqual([2])
    renameSync(join(content, 'stories', 'story.md'), join(content, 'stories', 'My Story.md'))
    writeFileSync(join(content, 'dumps', 'story.txt'), 'Story (example.org) 1\nStory, again.\nC (Score:1)\nText.\n')
    const again = await ingestForBuild({ content, cache: cacheDir })
    expect(again.map((outcome) => [outcome.status, outcome.record.endsWith('My Story.md'), outcome.made])).toEqual([['written', true, undefined]])
    expect(readdirSync((await StoryRenderCache.open(cacheDir)).folder)).toEqual(['story.json'])
  })
})

describe('rendering ahead', () => {
  it('renders the parts’ bodies in a worker, each part from its last story back, skipping what the cache has', async () => {
    const { file, sha256 } = record(sampleRecord())
    const cache = await StoryRenderCache.open(tempDir(), 'abc')
    const story = (slug: string) => ({ slug, file, sha256 })
    // The main thread has made the page of the first story of the second part already.
    cache.story(story('b1'))
    expect(cache.has('b1', sha256)).toBe(true)
    expect(cache.has('b1', '0'.repeat(64))).toBe(false)
    expect(cache.has('b2', sha256)).toBe(false)
    // A file of bodies alone (an earlier build's) is filled with its record, nothing rendered.
    cache.html('a', sha256, storyBodies(readRecord(sampleRecord()).record!))
    expect(cache.has('a', sha256)).toBe(false)
    const prefill = new Prefill(cache.folder, [[story('a')], [story('b1'), story('b2')], [story('c')]])
    // A worker loaded through tsx on a busy machine: the limit only ends a hung test.
    await vi.waitFor(() => expect(cache.has('a', sha256) && existsSync(join(cache.folder, 'c.json'))).toBe(true), { timeout: 120_000, interval: 50 })
    await prefill.stop()
    // b2 and c, 69 bodies each; b1 was in the cache whole, a's bodies were.
    expect(prefill.rendered).toBe(138)
    expect(cache.has('a', sha256)).toBe(true)
    expect(readdirSync(cache.folder).sort()).toEqual(['a.json', 'b1.json', 'b2.json', 'c.json'])
    // Every body is in the cache: the page renders none.
    const before = cache.rendered
    expect(cache.html('b2', sha256, storyBodies(readRecord(sampleRecord()).record!)).size).toBe(69)
    expect(cache.rendered).toBe(before)
  })

  it('stops at once when told to stop before the worker has started listening', async () => {
    const { file, sha256 } = record(sampleRecord())
    const cache = await StoryRenderCache.open(tempDir(), 'abc')
    const stories = Array.from({ length: 200 }, (_, i) => ({ slug: `s${i}`, file, sha256 }))
    const prefill = new Prefill(cache.folder, [stories])
    await prefill.stop()
    // 200 stories of 69 bodies would take seconds; told to stop, the worker renders a handful at most.
    expect(prefill.rendered).toBeLessThan(69 * 100)
  })

  it('reports a worker that fails, and leaves the rendering to the main thread', async () => {
    const cache = await StoryRenderCache.open(tempDir(), 'abc')
    const gone = { slug: 'gone', file: join(tempDir(), 'no-such-record.md'), sha256: '0'.repeat(64) }
    const prefill = new Prefill(cache.folder, [[gone], [gone]])
    await vi.waitFor(() => expect(prefill.failure).toMatch(/ENOENT/), { timeout: 120_000, interval: 50 })
    await prefill.stop()
    expect(prefill.rendered).toBe(0)
  })
})
