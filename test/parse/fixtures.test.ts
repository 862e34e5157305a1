import { readFileSync } from 'node:fs'
import { isDeepStrictEqual } from 'node:util'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { decodeDump, parseBytes, parseDump } from '../../src/parse/index.ts'
import { storyToJson } from '../../src/records/json.ts'
import { readRecord, recordText } from '../../src/records/record.ts'
import { cases, expectFile } from '../helpers/fixtures.ts'

const meta = { dump: 'dumps/case.txt', dumpSha256: '0'.repeat(64), parser: 1, ingested: '2026-01-01T00:00:00.000Z' }

describe('fixtures: dump → story', () => {
  for (const { name, dir } of cases('fixtures')) {
    const decoded = decodeDump(readFileSync(join(dir, 'input.txt')))

    it(`${name}: parses as expected.json`, () => {
      expect(decoded.messages).toEqual([])
      const result = parseDump(decoded.text!)
      expect(result.story).not.toBeNull()
      expectFile(dir, 'expected.json', { ...storyToJson(result.story!), messages: result.messages })
    })

    it(`${name}: the record reads back as the same story`, () => {
      const story = parseDump(decoded.text!).story!
      const text = recordText(story, meta)
      const read = readRecord(text)
      expect(read.messages).toEqual([])
      expect(read.record!.edited).toBe(false)
      expect(isDeepStrictEqual(read.record!.story, story)).toBe(true)
      expect(read.record!.story).toEqual(story)
    })

    it(`${name}: the record is as expected.md`, () => {
      expectFile(dir, 'expected.md', recordText(parseDump(decoded.text!).story!, meta))
    })
  }
})

describe('invalid fixtures: fatal problems, placed', () => {
  for (const { name, dir } of cases('fixtures-invalid')) {
    it(`${name}: reports expected.json`, () => {
      const result = parseBytes(readFileSync(join(dir, 'input.txt')))
      expect(result.story).toBeNull()
      expect(result.messages.every((message) => message.severity === 'fatal')).toBe(true)
      expectFile(
        dir,
        'expected.json',
        result.messages.map(({ code, line, column }) => ({ code, line, column }))
      )
    })
  }
})
