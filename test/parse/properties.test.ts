import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseCommentHeader } from '../../src/parse/header.ts'
import { parseDump } from '../../src/parse/index.ts'
import type { Story } from '../../src/parse/types.ts'
import { dump } from '../helpers/arbitraries.ts'
import { readRecord, recordText } from '../../src/records/record.ts'

/**
 * Walk the dump's lines and find each non-empty one in the story: the header,
 * the lead-in, a story paragraph, a comment header, or the next comment line.
 * Returns the lines that were not found in their place.
 */
function unplaced(text: string, story: Story): string[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).map((l) => l.trimEnd())
  const missing: string[] = []
  const header = lines.findIndex((l) => l.trim() !== '')
  const storyText = story.paragraphs.join(' ')
  let comment = -1
  let next = 0
  for (let i = header + 1; i < lines.length; i++) {
    const text = lines[i]!
    if (text.trim() === '') continue
    const commentHeader = parseCommentHeader(text)
    if (commentHeader) {
      comment++
      next = 0
      const found = story.comments[comment]
      if (!found || found.subject !== commentHeader.subject || found.score !== commentHeader.score) missing.push(text)
    } else if (comment === -1) {
      if (!(story.byline === text.trim() || storyText.includes(text.trim()))) missing.push(text)
    } else {
      if (story.comments[comment]?.lines[next] !== text) missing.push(text)
      next++
    }
  }
  // Exactly one place: no comment holds a line the dump does not have.
  if (comment + 1 !== story.comments.length) missing.push(`(${story.comments.length} comments, ${comment + 1} headers)`)
  return missing
}

describe('parser properties', () => {
  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), (text) => {
        const result = parseDump(text)
        expect(result.story === null).toBe(result.messages.some((m) => m.severity === 'fatal'))
      }),
      { numRuns: 10_000 }
    )
  })

  it('puts every non-empty line of a dump in exactly one place of the story', () => {
    fc.assert(
      fc.property(dump, (text) => {
        const result = parseDump(text)
        if (!result.story) return
        expect(unplaced(text, result.story)).toEqual([])
      }),
      { numRuns: 10_000 }
    )
  })

  it('makes a tree: parents come first, depth follows, ids unique and URL-safe', () => {
    fc.assert(
      fc.property(dump, (text) => {
        const story = parseDump(text).story
        if (!story) return
        const depth = new Map<string, number>()
        for (const comment of story.comments) {
          expect(comment.id).toMatch(/^[a-z0-9-]+$/)
          expect(depth.has(comment.id)).toBe(false)
          if (comment.parent === null) expect(comment.depth).toBe(0)
          else expect(comment.depth).toBe(depth.get(comment.parent)! + 1)
          expect(comment.parentBy === 'root').toBe(comment.parent === null)
          depth.set(comment.id, comment.depth)
        }
      }),
      { numRuns: 1000 }
    )
  })
})

describe('records of generated dumps', () => {
  it('read back as the same story (10,000 cases)', () => {
    fc.assert(
      fc.property(dump, (text) => {
        const story = parseDump(text).story
        if (!story) return
        const read = readRecord(recordText(story, { dump: 'd', dumpSha256: 'x', parser: 1, ingested: '2026-01-01T00:00:00.000Z' }))
        expect(read.messages).toEqual([])
        expect(read.record!.story).toEqual(story)
      }),
      { numRuns: 10_000 }
    )
  })
})

describe('parser guards', () => {
  it('refuses text with a NUL character, placed', () => {
    expect(parseDump('Title 1\nab\0c\n').messages).toMatchObject([{ code: 'NOT_TEXT', line: 2, column: 3 }])
  })
})
