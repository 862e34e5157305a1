import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, openSync, closeSync, ftruncateSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { scrollback } from '../helpers/cli.ts'

const noStack = /^\s+at /m

/** A content folder with one dump. */
function contentWith(name: string, text: string | Buffer): string {
  const content = join(mkdtempSync(join(tmpdir(), 'scrollback-hostile-')), 'content')
  mkdirSync(join(content, 'dumps'), { recursive: true })
  writeFileSync(join(content, 'dumps', name), text)
  return content
}

describe('hostile dumps get a clear message or work', () => {
  it('a 100 MB dump is refused at once, without reading it', () => {
    const content = contentWith('big.txt', '')
    const fd = openSync(join(content, 'dumps', 'big.txt'), 'r+')
    ftruncateSync(fd, 100 * 1024 * 1024)
    closeSync(fd)
    const started = performance.now()
    const run = scrollback(['ingest', '--content', content])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/big\.txt:1:1: dump is 100\.0 MiB.* \[TOO_LARGE\]/)
    expect(run.stderr).not.toMatch(noStack)
    expect(performance.now() - started).toBeLessThan(30_000)
  })

  it('a FIFO or a device named on the command line is refused at once, and the lock is let go', () => {
    const content = contentWith('good.txt', 'Good (example.com) 1\nStory.\nC (Score:1)\nText.\n')
    const fifo = join(content, 'pipe.txt')
    execFileSync('mkfifo', [fifo])
    for (const dump of [fifo, '/dev/zero']) {
      const started = performance.now()
      const parsed = scrollback(['parse', dump])
      expect(parsed.status, dump).toBe(1)
      expect(parsed.stderr).toMatch(/:1:1: cannot read the dump: is a (FIFO|device).* \[UNREADABLE\]/)
      expect(parsed.stderr).not.toMatch(noStack)
      const ingested = scrollback(['ingest', '--content', content, dump, join(content, 'dumps', 'good.txt')])
      expect(ingested.status, dump).toBe(1)
      expect(ingested.stderr).toMatch(/\[UNREADABLE\]/)
      expect(performance.now() - started).toBeLessThan(30_000)
      expect(existsSync(join(content, '.scrollback.lock'))).toBe(false)
    }
    expect(readdirSync(join(content, 'stories'))).toEqual(['good.md'])
  }, 60_000)

  it('a count or a score too large to keep is refused at ingest, placed, and the other dumps land', () => {
    const content = contentWith('count.txt', 'Huge Count (example.com) 1000000000000000000000000000000\nStory.\nC (Score:1)\nText.\n')
    writeFileSync(join(content, 'dumps', 'score.txt'), 'Huge Score (example.com) 1\nStory.\nC (Score:99999999999999999999)\nText.\n')
    writeFileSync(join(content, 'dumps', 'good.txt'), 'Good (example.com) 1\nStory.\nC (Score:1)\nText.\n')
    const run = scrollback(['ingest', '--content', content])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/count\.txt:1:26: .*\[NUMBER_TOO_LARGE\]/)
    expect(run.stderr).toMatch(/score\.txt:3:10: .*\[NUMBER_TOO_LARGE\]/)
    expect(readdirSync(join(content, 'stories'))).toEqual(['good.md'])
    expect(scrollback(['check', '--content', content]).status).toBe(0)
  }, 60_000)

  it('a binary file and a file that is not UTF-8 are placed at the bad byte', () => {
    const binary = scrollback(['parse', join(contentWith('x.bin', Buffer.from([0x54, 0x20, 0x31, 0x0a, 0x00, 0x01])), 'dumps', 'x.bin')])
    expect(binary.status).toBe(1)
    expect(binary.stderr).toMatch(/x\.bin:2:1: .*\[NOT_TEXT\]/)
    const latin1 = scrollback(['parse', join(contentWith('l.txt', Buffer.from('T 1\ncaf\xe9\n', 'latin1')), 'dumps', 'l.txt')])
    expect(latin1.status).toBe(1)
    expect(latin1.stderr).toMatch(/l\.txt:2:4: .*\[NOT_UTF8\]/)
  })

  it('a 1 MB single line, 10,000 comments and a 5,000-deep reply chain are ingested', () => {
    const long = 'word '.repeat(200_000).trim()
    const wide = ['Wide (example.com) 10000', 'Story.']
    for (let i = 0; i < 10_000; i++) wide.push(i % 10 === 0 ? `Topic ${i} (Score:2)` : 'Re: (Score:1)', `Comment ${i} about topic ${i % 7}.`)
    const deep = ['Deep (example.com) 5001', 'Story.', 'Top (Score:1)', 'Start of the chain.']
    for (let i = 0; i < 5000; i++) deep.push('Re: (Score:1)', `Reply number ${i} in a very deep chain.`)
    const content = contentWith('long.txt', `Long (example.com) 1\n${long}\nC (Score:1)\n${long}\n`)
    writeFileSync(join(content, 'dumps', 'wide.txt'), wide.join('\n'))
    writeFileSync(join(content, 'dumps', 'deep.txt'), deep.join('\n'))
    const run = scrollback(['ingest', '--content', content])
    expect(run.stderr).not.toMatch(noStack)
    expect(run.status).toBe(0)
    expect(readdirSync(join(content, 'stories')).sort()).toEqual(['deep.md', 'long.md', 'wide.md'])
    expect(scrollback(['check', '--content', content]).status).toBe(0)
  })
})
