/**
 * What the watching preview counts as a change to the content.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { isContentChange, watchContent } from '../../src/site/watch.ts'

describe('isContentChange', () => {
  it('is a file in dumps/ or stories/', () => {
    expect(isContentChange('dumps/story.txt')).toBe(true)
    expect(isContentChange('stories/story.md')).toBe(true)
  })

  it('is not the lock, a temporary file of an atomic write, another folder, the folders themselves, or a folder within them', () => {
    expect(isContentChange('.scrollback.lock')).toBe(false)
    expect(isContentChange('stories/.story.md.123-0.ab12cd34.tmp')).toBe(false)
    expect(isContentChange('notes/todo.txt')).toBe(false)
    expect(isContentChange('stories')).toBe(false)
    expect(isContentChange('dumps')).toBe(false)
    expect(isContentChange('stories/')).toBe(false)
    expect(isContentChange('dumps/2026/story.txt')).toBe(false)
  })
})

describe('watchContent', () => {
  it('hears changes after its folders are replaced: moved away and made again, or removed and restored', async () => {
    const content = mkdtempSync(join(tmpdir(), 'scrollback-watch-'))
    let builds = 0
    const watcher = await watchContent({ content, quietMs: 20, onError: (error) => { throw error }, rebuild: async () => (builds++, []) })
    try {
      const builtOnce = async (change: () => void): Promise<void> => {
        const before = builds
        change()
        await vi.waitFor(() => expect(builds).toBeGreaterThan(before), { timeout: 10_000, interval: 20 })
      }
      await builtOnce(() => writeFileSync(join(content, 'dumps', 'a.txt'), 'a'))
      // As `mv dumps old && mkdir dumps && cp old/* dumps/` does.
      renameSync(join(content, 'dumps'), join(content, 'old'))
      mkdirSync(join(content, 'dumps'))
      cpSync(join(content, 'old', 'a.txt'), join(content, 'dumps', 'a.txt'))
      // Wait for the build the replacing itself starts; then a change inside the new folder must start another.
      await vi.waitFor(() => expect(builds).toBeGreaterThan(1), { timeout: 10_000, interval: 20 })
      await builtOnce(() => writeFileSync(join(content, 'dumps', 'b.txt'), 'b'))
      // As a checkout does: stories/ removed, then restored.
      const restoring = builds
      rmSync(join(content, 'stories'), { recursive: true })
      mkdirSync(join(content, 'stories'))
      await vi.waitFor(() => expect(builds).toBeGreaterThan(restoring), { timeout: 10_000, interval: 20 })
      await builtOnce(() => writeFileSync(join(content, 'stories', 'c.md'), 'c'))
    } finally {
      await watcher.close()
      rmSync(content, { recursive: true, force: true })
    }
  })
})
