/**
 * Rebuilding: records are read only when they changed, story pages whose
 * inputs did not change are left as they are, a new story costs its own
 * page, and a page made again takes its bodies from the render cache. The
 * pages come out the same when Eleventy renders them in parts.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { build, fixtures, sampleDump, tempContent } from './build-fixture.ts'

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('rebuilding', () => {
  it('renders only what changed', async () => {
    const dir = tempContent(join(fixtures, 'maintained', 'content'))
    dirs.push(dir)
    const first = await build(dir)
    expect(first.result.stats).toMatchObject({ stories: 3, pages: 3, kept: 0, read: 3 })
    const older = join(first.out, 'stories/older/index.html')
    const before = statSync(older).mtimeMs

    // Nothing changed: no body rendered, no page written, not even the lists.
    const home = statSync(join(first.out, 'index.html')).mtimeMs
    const again = await build(dir)
    expect(again.result.stats).toMatchObject({ rendered: 0, pages: 0, kept: 3, read: 0 })
    expect(again.result.written).toBe(0)
    expect(statSync(older).mtimeMs).toBe(before)
    expect(statSync(join(first.out, 'index.html')).mtimeMs).toBe(home)

    // A list's file deleted from the output folder: the lists are written again, the story pages left alone.
    rmSync(join(first.out, 'feed.xml'))
    const lists = await build(dir)
    expect(lists.result.stats).toMatchObject({ pages: 0, kept: 3 })
    expect(lists.result.written).toBeGreaterThan(0)
    expect(existsSync(join(first.out, 'feed.xml'))).toBe(true)
    expect(statSync(older).mtimeMs).toBe(before)

    // One story more: its bodies and its page.
    mkdirSync(join(dir, 'content', 'dumps'), { recursive: true })
    copyFileSync(sampleDump, join(dir, 'content', 'dumps', 'sample.txt'))
    const added = await build(dir)
    expect(added.result.stats).toMatchObject({ stories: 4, pages: 1, kept: 3, rendered: 69, read: 1 })
    expect(added.read('stories/sample/index.html')).toContain('74 of 86 comments archived')
    expect(added.read('index.html')).toContain('/stories/sample/')

    // A hand edit re-renders that story's page only.
    const record = join(dir, 'content', 'stories', 'ask.md')
    writeFileSync(record, readFileSync(record, 'utf8').replace('    hidden: true\n', ''))
    const edited = await build(dir)
    expect(edited.result.stats).toMatchObject({ pages: 1, kept: 3, read: 1 })
    expect(edited.read('stories/ask/index.html')).toContain('Buy cheap watches')

    // A story removed takes its page with it.
    rmSync(join(dir, 'content', 'stories', 'older.md'))
    const removed = await build(dir)
    expect(removed.result.stats).toMatchObject({ stories: 3, pages: 0, kept: 3 })
    expect(existsSync(older)).toBe(false)
    expect(removed.read('index.html')).not.toContain('/stories/older/')

    // A page deleted from the output folder is written again.
    rmSync(join(first.out, 'stories/ask/index.html'))
    const restored = await build(dir)
    expect(restored.result.stats).toMatchObject({ pages: 1, kept: 2 })
    expect(existsSync(join(first.out, 'stories/ask/index.html'))).toBe(true)

    // Every page made again (the site's name is in each), its bodies read from the render cache.
    const renamed = await build(dir, { title: 'Another name' })
    expect(renamed.result.stats).toMatchObject({ pages: 3, kept: 0, rendered: 0, read: 0 })
    expect(renamed.result.stats!.bodies).toBeGreaterThan(60)
    expect(renamed.read('stories/sample/index.html')).toContain('Another name')
  })

  it('sees an edit that keeps the record’s size and modification time', async () => {
    const dir = tempContent(join(fixtures, 'maintained', 'content'))
    dirs.push(dir)
    // A whole-second time, as tar, rsync or an editor that keeps times would leave it.
    const record = join(dir, 'content', 'stories', 'ask.md')
    const time = new Date('2025-01-02T03:04:05Z')
    utimesSync(record, time, time)
    const first = await build(dir, { index: false })
    expect(first.read('stories/ask/index.html')).not.toContain('Quite so!!')
    const text = readFileSync(record, 'utf8')
    expect(text).toContain('Same here.')
    // Same length, same modification time: only the change time and the content tell.
    writeFileSync(record, text.replace('Same here.', 'Quite so!!'))
    utimesSync(record, time, time)
    expect(statSync(record).mtimeMs).toBe(time.getTime())
    expect(statSync(record).size).toBe(Buffer.byteLength(text))
    const again = await build(dir, { index: false })
    expect(again.result.stats).toMatchObject({ read: 1, pages: 1 })
    expect(again.read('stories/ask/index.html')).toContain('Quite so!!')
  }, 60_000)

  it('renders the same site in parts of a few story pages as in one run, the lists once', async () => {
    const dir = tempContent(join(fixtures, 'maintained', 'content'))
    dirs.push(dir)
    mkdirSync(join(dir, 'content', 'dumps'), { recursive: true })
    copyFileSync(sampleDump, join(dir, 'content', 'dumps', 'sample.txt'))
    const whole = await build(dir, { out: join(dir, 'whole'), cache: join(dir, 'cache-whole') })
    const parts = await build(dir, { out: join(dir, 'parts'), cache: join(dir, 'cache-parts'), pagesPerRun: 1 })
    expect(parts.result.stats).toMatchObject({ stories: 4, pages: 4 })
    const files = (site: string) => (readdirSync(site, { recursive: true }) as string[]).filter((name) => statSync(join(site, name)).isFile() && !name.startsWith('pagefind')).sort()
    expect(files(join(dir, 'parts'))).toEqual(files(join(dir, 'whole')))
    for (const name of files(join(dir, 'whole'))) expect(readFileSync(join(dir, 'parts', name), 'utf8'), name).toBe(readFileSync(join(dir, 'whole', name), 'utf8'))
    expect(parts.result.written).toBe(whole.result.written)
  })
})
