/**
 * The scan of records: many new records are read in worker threads, with
 * the same result, problems and order as on the scanning thread.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scanRecords } from '../../src/site/scan.ts'
import { ingestForBuild } from '../../src/site/stages/ingest.ts'
import type { ScanOutput } from '../../src/site/scan-task.ts'
import { cases } from '../helpers/fixtures.ts'
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

describe('the records ingest wrote', () => {
  it('are taken as ingest read them, the same as the scan reads them, unless their file changed since', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-scan-'))
    const content = join(dir, 'content')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    for (const { name, dir: folder } of cases('fixtures')) writeFileSync(join(content, 'dumps', `${name}.txt`), readFileSync(join(folder, 'input.txt')))
    const outcomes = await ingestForBuild({ content, cache: join(dir, 'cache') })
    const given = new Map(outcomes.flatMap((outcome) => (outcome.made ? [[resolve(outcome.record), outcome.made.scan] as const] : [])))
    expect(given.size).toBe(outcomes.filter((outcome) => outcome.status === 'written').length)
    expect(given.size).toBeGreaterThan(10)
    // What ingest gave is what reading the records gives.
    const read = await scanRecords(content, join(dir, 'cache-read'), { workers: 1 })
    const taken = await scanRecords(content, join(dir, 'cache-given'), { workers: 1, given })
    expect(taken).toEqual(read)
    // Taken, not read: a reading told apart from the file's is what the scan keeps, while the file has the hash given.
    const [first, output] = [...given][0]!
    const marked: ScanOutput = { ...output, read: { ...output.read!, summary: { ...output.read!.summary, title: 'given by ingest' } } }
    const once = await scanRecords(content, join(dir, 'cache-marked'), { workers: 1, given: new Map([[first, marked]]) })
    expect(once.records.find((record) => resolve(record.file) === first)!.summary.title).toBe('given by ingest')
    // A file changed since ingest wrote it is read.
    appendFileSync(first, '\nEdited.\n')
    const edited = await scanRecords(content, join(dir, 'cache-edited'), { workers: 1, given: new Map([[first, marked]]) })
    expect(edited.records.find((record) => resolve(record.file) === first)!.summary.title).not.toBe('given by ingest')
  })
})
