import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDump } from '../../src/parse/index.ts'
import { isPristine, readRecord, recordText } from '../../src/records/record.ts'
import { cases, expectFile } from '../helpers/fixtures.ts'

describe('invalid records: every problem placed in the file', () => {
  for (const { name, dir } of cases('records/invalid')) {
    it(`${name}: reports expected.json`, () => {
      const result = readRecord(readFileSync(join(dir, 'record.md'), 'utf8'))
      expect(result.record).toBeNull()
      expect(result.messages.length).toBeGreaterThan(0)
      expectFile(dir, 'expected.json', result.messages.map(({ code, line, column }) => ({ code, line, column })))
    })
  }

  it('never runs `---js` front matter', () => {
    const text = readFileSync(join(import.meta.dirname, 'invalid/javascript-front-matter/record.md'), 'utf8')
    readRecord(text)
    readRecord(text)
    expect((globalThis as { PWNED?: boolean }).PWNED).toBeUndefined()
  })
})

describe('hand edits', () => {
  const story = parseDump('A Story (example.com) 2\nText.\nTop (Score:2)\nHello.\n').story!
  const text = recordText(story, { dump: 'dumps/a.txt', dumpSha256: 'x', parser: 1, ingested: '2026-01-01T00:00:00.000Z' })

  it('a record as written is pristine', () => {
    expect(isPristine(text)).toBe(true)
    expect(readRecord(text).record!.edited).toBe(false)
  })

  it('any change to a record shows as an edit', () => {
    const edited = text.replace('Hello.', 'Hello, edited.')
    expect(isPristine(edited)).toBe(false)
    expect(readRecord(edited).record!.edited).toBe(true)
    expect(readRecord(edited).record!.story.comments[0]!.lines).toEqual(['Hello, edited.'])
  })

  it('maintainer fields are accepted and kept', () => {
    const edited = text.replace('byline: null\n', 'byline: null\ndate: 2024-05-01\nurl: https://example.com/story\n').replace('    label: null\n', '    label: null\n    author: someone\n    hidden: true\n')
    const read = readRecord(edited)
    expect(read.messages).toEqual([])
    expect(read.record!.data.url).toBe('https://example.com/story')
    expect(read.record!.data.comments[0]!.hidden).toBe(true)
  })
})
