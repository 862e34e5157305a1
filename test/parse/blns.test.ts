import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseDump } from '../../src/parse/index.ts'
import { readRecord, recordText } from '../../src/records/record.ts'
import { testDir } from '../helpers/fixtures.ts'

/** The Big List of Naughty Strings (MIT, test/data/blns.LICENSE). */
const blns = JSON.parse(readFileSync(join(testDir, 'data', 'blns.json'), 'utf8')) as string[]
/** What a dump line can hold: no line break, no trailing white space, not blank, no NUL. */
const lineOf = (text: string): string => text.replace(/[\r\n\0]/g, ' ').trimEnd()
const usable = blns.map(lineOf).filter((text) => text.trim() !== '')

describe('naughty strings survive as text', () => {
  it('as comment text, subject and title: parsed exactly and read back from the record unchanged', () => {
    for (const naughty of usable) {
      const dump = `${naughty} (example.com) 2\nStory.\n${naughty} (Score:1)\n${naughty}\nRe: (Score:0)\n> ${naughty}\n`
      const result = parseDump(dump)
      expect(result.story, naughty).not.toBeNull()
      const story = result.story!
      expect(story.title, naughty).toBe(naughty.trim())
      expect(story.comments[0]!.subject, naughty).toBe(naughty)
      expect(story.comments[0]!.lines, naughty).toEqual([naughty])
      expect(story.comments[1]!.lines, naughty).toEqual([`> ${naughty}`])
      const back = readRecord(recordText(story, { dump: 'd', dumpSha256: 'x', parser: 1, ingested: '2026-01-01T00:00:00.000Z' }))
      expect(back.messages, naughty).toEqual([])
      expect(back.record!.story, naughty).toEqual(story)
    }
  })
})
