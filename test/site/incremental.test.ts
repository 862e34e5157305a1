/**
 * Rebuilding: rendered bodies come from the cache, and story pages whose
 * inputs did not change are left as they are; a new story costs its own page.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
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
    expect(first.result.stats).toMatchObject({ stories: 3, pages: 3, kept: 0 })
    const older = join(first.out, 'stories/older/index.html')
    const before = statSync(older).mtimeMs

    // Nothing changed: no body rendered, no story page rendered; the lists are.
    const again = await build(dir)
    expect(again.result.stats).toMatchObject({ rendered: 0, pages: 0, kept: 3 })
    expect(statSync(older).mtimeMs).toBe(before)

    // One story more: its bodies and its page.
    mkdirSync(join(dir, 'content', 'dumps'), { recursive: true })
    copyFileSync(sampleDump, join(dir, 'content', 'dumps', 'sample.txt'))
    const added = await build(dir)
    expect(added.result.stats).toMatchObject({ stories: 4, pages: 1, kept: 3, rendered: 69 })
    expect(added.read('stories/sample/index.html')).toContain('74 of 86 comments archived')
    expect(added.read('index.html')).toContain('/stories/sample/')

    // A hand edit re-renders that story's page only.
    const record = join(dir, 'content', 'stories', 'ask.md')
    writeFileSync(record, readFileSync(record, 'utf8').replace('    hidden: true\n', ''))
    const edited = await build(dir)
    expect(edited.result.stats).toMatchObject({ pages: 1, kept: 3 })
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
  }, 60_000)
})
