/**
 * Markdown → HTML: the one processor, link annotations, the render cache and
 * the worker pool.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { linesToMarkdown } from '../../src/records/markdown.ts'
import { splitAnnotations } from '../../src/render/annotations.ts'
import { cacheKey, RenderCache } from '../../src/render/cache.ts'
import { fillCache } from '../../src/render/fill-cache.ts'
import { processor, renderMarkdown, RENDER_VERSION } from '../../src/render/markdown.ts'
import { renderAll } from '../../src/render/render-all.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scrollback-render-'))
  dirs.push(dir)
  return dir
}

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
      '<p>showed. <span class="domain" title="The link went to substack.com; its address is not archived"><span class="bk">[</span>substack.com<span class="bk">]</span></span></p>\n' +
        '<p><span class="domain" title="The link went to example.co.uk; its address is not archived"><span class="bk">[</span>Example.CO.uk<span class="bk">]</span></span>, and</p>\n' +
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

describe('the render cache', () => {
  it('renders each distinct body once, and keeps them between builds in sixteen files', async () => {
    const dir = tempDir()
    const bodies = ['one\n', 'two\n', 'one\n', '']
    let cache = await RenderCache.open(dir)
    expect(await fillCache(cache, bodies)).toEqual({ distinct: 3, rendered: 3 })
    await cache.save()
    cache = await RenderCache.open(dir)
    expect(cache.loaded).toBe(3)
    expect(await fillCache(cache, [...bodies, 'three\n'])).toEqual({ distinct: 4, rendered: 1 })
    expect(cache.get(cacheKey('three\n'))).toBe('<p>three</p>')
    await cache.save()
    const files = readdirSync(cache.folder)
    expect(cache.folder).toMatch(new RegExp(`render-v${RENDER_VERSION}-[0-9a-f]{8}$`))
    expect(files.every((name) => /^[0-9a-f]\.ndjson$/.test(name))).toBe(true)
    expect((await RenderCache.open(dir)).loaded).toBe(4)
  })

  it('drops bodies no build uses any more, and folders of other render versions', async () => {
    const dir = tempDir()
    let cache = await RenderCache.open(dir)
    await fillCache(cache, Array.from({ length: 40 }, (_, i) => `old ${i}\n`))
    await cache.save()
    mkdirSync(join(dir, 'render-v0'))
    writeFileSync(join(dir, 'render-v0', '0.ndjson'), '["k","<p>old version</p>"]\n')
    cache = await RenderCache.open(dir)
    await fillCache(cache, ['new\n'])
    const stats = await cache.save()
    expect(stats.compacted).toBeGreaterThan(0)
    const reopened = await RenderCache.open(dir)
    expect(reopened.loaded).toBeLessThan(40)
    expect(reopened.get(cacheKey('new\n'))).toBe('<p>new</p>')
    expect(existsSync(join(dir, 'render-v0'))).toBe(false)
  })

  it('skips a torn line (a build stopped mid-write) and renders that body again', async () => {
    const dir = tempDir()
    const cache = await RenderCache.open(dir)
    await fillCache(cache, ['kept\n'])
    await cache.save()
    const key = cacheKey('kept\n')
    const shard = join(cache.folder, `${key[0]}.ndjson`)
    appendFileSync(shard, '["abc", "<p>tor')
    const reopened = await RenderCache.open(dir)
    expect(reopened.loaded).toBe(1)
    // A body that lands in the same shard starts on a line of its own.
    let other = 0
    while (cacheKey(`other ${other}\n`)[0] !== key[0]) other++
    await fillCache(reopened, ['kept\n', `other ${other}\n`])
    await reopened.save()
    expect((await RenderCache.open(dir)).loaded).toBe(2)
    expect(readFileSync(shard, 'utf8')).toContain(key)
  })
})

describe('renderAll', () => {
  it('renders in worker threads exactly what this thread renders, in order', async () => {
    const bodies = Array.from({ length: 600 }, (_, i) => linesToMarkdown([`comment ${i} <b>x</b> [example.com]`, `> quoted ${i}`], [false, true]))
    const inWorkers = await renderAll(bodies, { workers: 2, minParallel: 0, batch: 50 })
    expect(inWorkers).toEqual(bodies.map(renderMarkdown))
  }, 30_000)
})
