/**
 * Ingesting again: a record is found by the dump it was made from and left
 * alone when up to date, however long its front matter's fields.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingest } from '../../src/records/ingest.ts'

/** A content folder with one dump. */
function contentWith(name: string, text: string): string {
  const content = join(mkdtempSync(join(tmpdir(), 'scrollback-ingest-')), 'content')
  mkdirSync(join(content, 'dumps'), { recursive: true })
  writeFileSync(join(content, 'dumps', name), text)
  return content
}

describe('ingesting again', () => {
  it('finds the record of a story whose title is longer than a disk block', async () => {
    const title = 'A very long title '.repeat(400).trim()
    const content = contentWith('longtitle.txt', `${title} (example.org) 1\nStory.\nC (Score:1)\nText.\n`)
    expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['written'])
    for (let i = 0; i < 2; i++) expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['unchanged'])
    expect(readdirSync(join(content, 'stories'))).toEqual(['longtitle.md'])
  })

  it('finds the record a maintainer gave a `url` longer than a disk block', async () => {
    const content = contentWith('story.txt', 'Story (example.org) 1\nStory.\nC (Score:1)\nText.\n')
    await ingest({ content })
    const record = join(content, 'stories', 'story.md')
    const url = `https://example.org/${'a'.repeat(5000)}`
    writeFileSync(record, readFileSync(record, 'utf8').replace('\ndump:', `\nurl: ${url}\ndump:`))
    for (let i = 0; i < 2; i++) expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['unchanged'])
    expect(readdirSync(join(content, 'stories'))).toEqual(['story.md'])
    expect(readFileSync(record, 'utf8')).toContain(url)
  })
})
