/**
 * The scan of records: many new records are read in worker threads, with
 * the same result, problems and order as on the scanning thread.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanRecords } from '../../src/site/scan.ts'
import { fixtures } from './build-fixture.ts'

describe('scanning many records', () => {
  it('reads them in worker threads as this thread would, problems placed and in order', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-scan-'))
    const stories = join(dir, 'content', 'stories')
    mkdirSync(stories, { recursive: true })
    const maintained = join(fixtures, 'maintained', 'content', 'stories')
    const good = readdirSync(maintained)
    // Enough records for worker threads (more than 128), with two broken ones among them.
    for (let i = 0; i < 150; i++) copyFileSync(join(maintained, good[i % good.length]!), join(stories, `story-${String(i).padStart(3, '0')}.md`))
    copyFileSync(join(fixtures, 'invalid-record', 'content', 'stories', 'broken.md'), join(stories, 'story-050-broken.md'))
    copyFileSync(join(fixtures, 'invalid-record', 'content', 'stories', 'broken.md'), join(stories, '__proto__.md'))
    const here = await scanRecords(join(dir, 'content'), join(dir, 'cache-here'), { workers: 1 })
    let told = 0
    const workers = await scanRecords(join(dir, 'content'), join(dir, 'cache-workers'), { workers: 2, onRead: (records) => (told = records) })
    expect(here.read).toBe(152)
    expect(here.records).toHaveLength(150)
    expect(here.problems.map((problem) => problem.file)).toEqual(expect.arrayContaining([join(stories, '__proto__.md'), join(stories, 'story-050-broken.md')]))
    expect(workers).toEqual(here)
    expect(told).toBe(152)
    // The next scan reads none of them again, whichever way they were read.
    const again = await scanRecords(join(dir, 'content'), join(dir, 'cache-workers'), { workers: 2 })
    expect(again.records).toEqual(here.records)
    expect(again.read).toBe(2)
  })
})
