import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync, copyFileSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { scrollback } from '../helpers/cli.ts'
import { testDir } from '../helpers/fixtures.ts'

const sample = join(testDir, 'fixtures', 'sample', 'input.txt')
const noStack = /^\s+at /m

describe('scrollback parse', () => {
  it('prints the sample as JSON: 74 comments with their exact text', () => {
    const run = scrollback(['parse', sample, '--json'])
    expect(run.status).toBe(0)
    const story = JSON.parse(run.stdout)
    expect(story.commentCount).toBe(86)
    expect(story.comments).toHaveLength(74)
    const dumpLines = new Set(readFileSync(sample, 'utf8').split('\n').map((line) => line.trimEnd()))
    for (const comment of story.comments) {
      for (const line of comment.text.split('\n').filter(Boolean)) expect(dumpLines.has(line)).toBe(true)
    }
    expect(story.messages.map((m: { code: string }) => m.code)).toEqual(['REPEATED_STORY'])
    // The tree follows the quotes: the reply quoting "Rust (or any tool…" answers the comment that said it.
    const quoting = story.comments.find((c: { text: string }) => c.text.startsWith('Rust (or any tool for that matter)'))
    const quoted = story.comments.find((c: { text: string }) => c.text.startsWith('It may be slightly worse'))
    expect(quoting.parent).toBe(quoted.id)
    expect(quoting.parentBy).toBe('quote')
  })

  it('prints an outline without --json', () => {
    const run = scrollback(['parse', sample])
    expect(run.status).toBe(0)
    expect(run.stdout).toContain('74 of 86 comments archived')
  })

  it('reports a bad dump as file:line:column: message [CODE], without a stack trace', () => {
    const run = scrollback(['parse', join(testDir, 'fixtures-invalid', 'missing-count', 'input.txt')])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/fixtures-invalid\/missing-count\/input\.txt:1:38: .* \[MISSING_COUNT\]/)
    expect(run.stderr).not.toMatch(noStack)
  })

  it('reports a missing file and wrong usage clearly', () => {
    const missing = scrollback(['parse', 'no/such/dump.txt'])
    expect(missing.status).toBe(1)
    expect(missing.stderr).toContain('no/such/dump.txt:1:1: cannot read the dump: no such file (ENOENT) [UNREADABLE]')
    expect(missing.stderr).not.toMatch(noStack)
    const usage = scrollback(['parse', sample, '--jsno'])
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain("Unknown option '--jsno'")
    expect(scrollback(['frobnicate']).status).toBe(2)
  })

  it('has --help for each command', () => {
    for (const command of ['parse', 'ingest', 'check']) {
      const run = scrollback([command, '--help'])
      expect(run.status).toBe(0)
      expect(run.stdout).toContain(`Usage: scrollback ${command}`)
    }
    expect(scrollback(['--help']).stdout).toContain('Commands:')
  })
})

describe('scrollback ingest and check', () => {
  let content: string
  const good = 'A Good Story (example.com) 2\nStory text.\nTop (Score:2)\nHello.\nRe:Top (Score:1)\nHello back.\n'
  const record = (): string => join(content, 'stories', 'good.md')

  beforeEach(() => {
    content = join(mkdtempSync(join(tmpdir(), 'scrollback-')), 'content')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    writeFileSync(join(content, 'dumps', 'good.txt'), good)
    copyFileSync(join(testDir, 'fixtures-invalid', 'no-header', 'input.txt'), join(content, 'dumps', 'bad.txt'))
  })

  it('lands the good dumps of a batch, reports the bad one, exits non-zero', () => {
    const run = scrollback(['ingest', '--content', content])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/bad\.txt:1:1: .* \[NO_HEADER\]/)
    expect(readdirSync(join(content, 'stories'))).toEqual(['good.md'])
  })

  it('changes nothing when ingesting an unchanged dump again', () => {
    scrollback(['ingest', '--content', content, join(content, 'dumps', 'good.txt')])
    const before = { text: readFileSync(record(), 'utf8'), mtime: statSync(record()).mtimeMs }
    const again = scrollback(['ingest', '--content', content, join(content, 'dumps', 'good.txt')])
    expect(again.status).toBe(0)
    expect(again.stderr).toContain('0 written, 1 unchanged')
    expect(readFileSync(record(), 'utf8')).toBe(before.text)
    expect(statSync(record()).mtimeMs).toBe(before.mtime)
  })

  it('never overwrites a hand edit unless --force', () => {
    const dump = join(content, 'dumps', 'good.txt')
    scrollback(['ingest', '--content', content, dump])
    const edited = readFileSync(record(), 'utf8').replace('Hello back.', 'Hello back, fixed by hand.')
    writeFileSync(record(), edited)
    // Unchanged dump: the edit stands, quietly.
    expect(scrollback(['ingest', '--content', content, dump]).status).toBe(0)
    expect(readFileSync(record(), 'utf8')).toBe(edited)
    // Changed dump: the edit still stands, and the command says so.
    writeFileSync(dump, good + 'Another (Score:3)\nNew comment.\n')
    const run = scrollback(['ingest', '--content', content, dump])
    expect(run.status).toBe(1)
    expect(run.stderr).toMatch(/good\.md:1:1: record was edited by hand .*--force.* \[RECORD_EDITED\]/)
    expect(readFileSync(record(), 'utf8')).toBe(edited)
    // --force replaces it.
    expect(scrollback(['ingest', '--content', content, '--force', dump]).status).toBe(0)
    expect(readFileSync(record(), 'utf8')).toContain('New comment.')
    expect(readFileSync(record(), 'utf8')).not.toContain('fixed by hand')
  })

  it('keeps the first ingest date, and a maintainer date, when a dump is re-captured', () => {
    const dump = join(content, 'dumps', 'good.txt')
    scrollback(['ingest', '--content', content, dump])
    const ingested = /^ingested: (.*)$/m.exec(readFileSync(record(), 'utf8'))![1]
    writeFileSync(dump, good.replace('(Score:2)', '(Score:4, Funny)'))
    expect(scrollback(['ingest', '--content', content, dump]).status).toBe(0)
    const text = readFileSync(record(), 'utf8')
    expect(/^ingested: (.*)$/m.exec(text)![1]).toBe(ingested)
    expect(text).toContain('label: Funny')
  })

  it('check passes valid records and places problems in broken ones', () => {
    scrollback(['ingest', '--content', content, join(content, 'dumps', 'good.txt')])
    expect(scrollback(['check', '--content', content]).status).toBe(0)
    const text = readFileSync(record(), 'utf8')
    const parentLine = text.split('\n').findIndex((line) => line.startsWith('    parent: c')) + 1
    writeFileSync(record(), text.replace(/^ {4}parent: c\w+$/m, '    parent: cmissing'))
    const run = scrollback(['check', '--content', content])
    expect(run.status).toBe(1)
    expect(run.stderr).toContain(`good.md:${parentLine}:13: comment`)
    expect(run.stderr).toContain('[MISSING_PARENT]')
    expect(run.stderr).not.toMatch(noStack)
  })
})
