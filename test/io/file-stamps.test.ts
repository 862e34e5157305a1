/**
 * File stamps: a file is taken as unchanged from its stat alone only when
 * its size, times and inode are as they were, and it did not change within
 * the clock's tick before it was read; the dump hashes ingest keeps follow;
 * the cache files they and the build keep are read and written through one module.
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statfsSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cacheFileFor, readCachedPairs, writeCacheFile } from '../../src/io/cache-file.ts'
import { compareStamps, DumpHashes, FINE_RACY_MS, ownClock, RACY_MS, StampedValues, takeStamp } from '../../src/io/file-stamps.ts'
import { PARSER_VERSION } from '../../src/records/parser-version.ts'
import { ingest } from '../../src/records/ingest.ts'
import { sampleDump } from '../site/build-fixture.ts'

const stamp = { size: 10, mtimeMs: 1_000_000, ctimeMs: 1_000_000, ino: 7 }

describe('comparing stamps', () => {
  it('is `same` for the same stat, read well after the last change', () => {
    expect(compareStamps({ ...stamp, scannedMs: stamp.ctimeMs + RACY_MS }, stamp, true)).toBe('same')
  })
  it('is `racy` when the file changed within the clock’s tick before it was read', () => {
    expect(compareStamps({ ...stamp, scannedMs: stamp.ctimeMs + RACY_MS - 1 }, stamp, true)).toBe('racy')
  })
  it('waits out a shorter tick for a file whose times hold fractions of a millisecond, on a file system of this machine’s clock', () => {
    const fine = { ...stamp, mtimeMs: 1_000_000.123456, ctimeMs: 1_000_000.123456 }
    expect(compareStamps({ ...fine, scannedMs: fine.ctimeMs + FINE_RACY_MS }, fine, true)).toBe('same')
    expect(compareStamps({ ...fine, scannedMs: fine.ctimeMs + FINE_RACY_MS - 1 }, fine, true)).toBe('racy')
    // Another machine's clock (a network file system) may be apart from this one's: the long tick.
    expect(compareStamps({ ...fine, scannedMs: fine.ctimeMs + FINE_RACY_MS }, fine, false)).toBe('racy')
    // One whole-millisecond time is enough to take the file system's clock for a coarse one.
    const coarse = { ...fine, mtimeMs: 1_000_000 }
    expect(compareStamps({ ...coarse, scannedMs: coarse.ctimeMs + FINE_RACY_MS }, coarse, true)).toBe('racy')
  })
  it('is `changed` when any part of the stat differs, or the file was never read', () => {
    const seen = { ...stamp, scannedMs: stamp.ctimeMs + RACY_MS }
    for (const change of [{ size: 11 }, { mtimeMs: 1 }, { ctimeMs: 1 }, { ino: 8 }]) expect(compareStamps(seen, { ...stamp, ...change }, true)).toBe('changed')
    expect(compareStamps(undefined, stamp, true)).toBe('changed')
  })
  it('takes ext4 and tmpfs on Linux for file systems of this machine’s clock, and a virtual one or none for not', () => {
    const type = statfsSync(tmpdir()).type
    if (process.platform === 'linux' && (type === 0xef53 || type === 0x01021994)) expect(ownClock(tmpdir())).toBe(true)
    expect(ownClock('/proc')).toBe(false)
    expect(ownClock('/no-such-folder')).toBe(false)
  })
})

describe('dump hashes', () => {
  it('give a dump’s hash while its stamp is as it was, and forget it after any write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-stamps-'))
    const dump = join(dir, 'a.txt')
    writeFileSync(dump, 'Title (example.com) 1\nText.\n')
    const hashes = await DumpHashes.open(join(dir, 'cache'), dir)
    expect(await hashes.known(dump)).toBeNull()
    const seen = await takeStamp(dump)
    // Read as if well after its last change (a real scan would have to wait out the clock's tick).
    hashes.remember(dump, { ...seen, scannedMs: Math.max(seen.mtimeMs, seen.ctimeMs) + RACY_MS }, 'f'.repeat(64))
    await hashes.save()
    const reopened = await DumpHashes.open(join(dir, 'cache'), dir)
    expect(await reopened.known(dump)).toBe('f'.repeat(64))
    // The same size and modification time: the change time still tells.
    const { mtime } = statSync(dump)
    writeFileSync(dump, 'Title (example.com) 2\nText.\n')
    utimesSync(dump, mtime, mtime)
    expect(await reopened.known(dump)).toBeNull()
    appendFileSync(dump, 'More.\n')
    expect(await reopened.known(dump)).toBeNull()
  })

  it('never keep ingest from seeing a dump edited in place, even with its size and time kept', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-stamps-'))
    const content = join(dir, 'content')
    const dump = join(content, 'dumps', 'sample.txt')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    writeFileSync(dump, readFileSync(sampleDump))
    const cache = join(dir, 'cache')
    expect((await ingest({ content, cache })).map((outcome) => outcome.status)).toEqual(['written'])
    expect((await ingest({ content, cache })).map((outcome) => outcome.status)).toEqual(['unchanged'])
    const text = readFileSync(dump, 'utf8')
    const { mtime } = statSync(dump)
    writeFileSync(dump, text.replace('Rust', 'Rost'))
    utimesSync(dump, mtime, mtime)
    expect((await ingest({ content, cache })).map((outcome) => outcome.status)).toEqual(['written'])
    expect(readFileSync(join(content, 'stories', 'sample.md'), 'utf8')).toContain('Rost')
  })
})

describe('stamped values', () => {
  it('keep what this run did not ask about, unless it asked about every file, and forget a file found gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-stamps-'))
    const cacheFile = join(dir, 'cache', 'values.json')
    const [a, b] = [join(dir, 'a.txt'), join(dir, 'b.txt')]
    writeFileSync(a, 'a')
    writeFileSync(b, 'b')
    const values = await StampedValues.open<number>(cacheFile)
    for (const [file, value] of [[a, 1], [b, 2]] as const) {
      const seen = await takeStamp(file)
      values.remember(file, { ...seen, scannedMs: Math.max(seen.mtimeMs, seen.ctimeMs) + RACY_MS }, value)
    }
    await values.save()
    const asked = await StampedValues.open<number>(cacheFile)
    expect(await asked.known(a)).toBe(1)
    await asked.save()
    expect(await (await StampedValues.open<number>(cacheFile)).known(b)).toBe(2)
    rmSync(b)
    const gone = await StampedValues.open<number>(cacheFile)
    expect(await gone.known(b)).toBeNull()
    await gone.save()
    expect((await readCachedPairs(cacheFile, 'files')).size).toBe(1)
    // A run that asked about every file there is forgets what it did not ask about.
    writeFileSync(b, 'b')
    const again = await StampedValues.open<number>(cacheFile)
    again.remember(b, await takeStamp(b), 3)
    await again.save(true)
    expect([...(await readCachedPairs(cacheFile, 'files')).keys()]).toEqual([b])
  })
})

describe('record heads', () => {
  it('are what ingest goes by while a record’s stamp is as it was, and read again after a write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-stamps-'))
    const content = join(dir, 'content')
    const stories = join(content, 'stories')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    writeFileSync(join(content, 'dumps', 'sample.txt'), readFileSync(sampleDump))
    const cache = join(dir, 'cache')
    const statuses = async (): Promise<string[]> => (await ingest({ content, cache })).map((outcome) => outcome.status)
    expect(await statuses()).toEqual(['written'])
    expect(await statuses()).toEqual(['unchanged'])
    // The cache says the record was made by another parser, under the record's stamp as it is now, read well after its last change.
    const record = join(stories, 'sample.md')
    const headsFile = cacheFileFor(cache, 'heads-v1', stories)
    const kept = (await readCachedPairs<{ value: { parser: number } }>(headsFile, 'files')).get(record)!
    expect(kept.value.parser).toBe(PARSER_VERSION)
    const seen = await takeStamp(record)
    await writeCacheFile(headsFile, { files: [[record, { ...seen, scannedMs: Math.max(seen.mtimeMs, seen.ctimeMs) + RACY_MS, value: { ...kept.value, parser: 0 } }]] })
    expect(await statuses()).toEqual(['written'])
    // Written again, the record has another stamp: its head is read, and it is up to date.
    expect(await statuses()).toEqual(['unchanged'])
  })
})

describe('cache files', () => {
  it('are one a folder and kind, keep pairs whatever their keys, and read as empty when missing or broken', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'scrollback-cache-file-'))
    const path = cacheFileFor(cache, 'test-v1', '/some/folder')
    expect(path).toMatch(/\/test-v1\/[0-9a-f]{16}\.json$/)
    expect(cacheFileFor(cache, 'test-v1', '/some/folder/')).toBe(path)
    expect(cacheFileFor(cache, 'test-v1', '/other/folder')).not.toBe(path)
    expect((await readCachedPairs(path, 'pairs')).size).toBe(0)
    await writeCacheFile(path, { pairs: [['__proto__', 1], ['constructor', 2]] })
    expect([...(await readCachedPairs<number>(path, 'pairs'))]).toEqual([['__proto__', 1], ['constructor', 2]])
    writeFileSync(path, '{"pairs": [')
    expect((await readCachedPairs(path, 'pairs')).size).toBe(0)
  })
})
