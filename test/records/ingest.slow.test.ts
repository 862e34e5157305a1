/**
 * Ingesting again: a record is found by the dump it was made from and left
 * alone when up to date, however long its front matter's fields.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingest } from '../../src/records/ingest.ts'
import { readRecord } from '../../src/records/record.ts'

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

  it('with --force, keeps what a maintainer added to the story and to its comments', async () => {
    const content = contentWith('story.txt', 'Story (example.org) 2\nStory.\nSpam (Score:-1)\nBuy pills.\nGood (Score:3)\nA good comment.\n')
    await ingest({ content })
    const record = join(content, 'stories', 'story.md')
    const text = readFileSync(record, 'utf8')
    const spam = readRecord(text).record!.data.comments[0]!.id
    const edited = text
      .replace('\ndump:', '\ndate: 2024-05-01\ndump:')
      .replace('      Buy pills.\n', '      Buy pills.\n    hidden: true\n    author: spammer\n    date: 2024-05-02\n')
    writeFileSync(record, edited)
    // The dump changes (a later capture): the record is made again, the maintainer's fields kept.
    writeFileSync(join(content, 'dumps', 'story.txt'), 'Story (example.org) 3\nStory.\nSpam (Score:-1)\nBuy pills.\nGood (Score:4)\nA good comment.\nNew (Score:1)\nA new one.\n')
    expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['kept-edit'])
    expect((await ingest({ content, force: true })).map((outcome) => outcome.status)).toEqual(['written'])
    const data = readRecord(readFileSync(record, 'utf8')).record!.data
    expect(data.date).toBe('2024-05-01')
    expect(data.comments.map((comment) => [comment.score, comment.hidden, comment.author, comment.date])).toEqual([
      [-1, true, 'spammer', '2024-05-02'],
      [4, undefined, undefined, undefined],
      [1, undefined, undefined, undefined]
    ])
    expect(data.comments[0]!.id).toBe(spam)
  })
})
