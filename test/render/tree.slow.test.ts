/**
 * Ingest renders the bodies it writes from their trees (`renderTree`), not
 * from their markdown: the HTML must be what the markdown renders to, for
 * every line a dump can hold.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseDump } from '../../src/parse/index.ts'
import { linesToMarkdown, linesToMdast } from '../../src/records/markdown.ts'
import { renderMarkdown, renderTree } from '../../src/render/markdown.ts'
import { dump, recordLine } from '../helpers/arbitraries.ts'
import { cases, testDir } from '../helpers/fixtures.ts'

/** The HTML both ways, and the tree left as it was. */
function expectSame(lines: readonly string[], quoted: readonly boolean[] = []): void {
  const tree = linesToMdast(lines, quoted)
  const before = structuredClone(tree)
  expect(renderTree(tree)).toBe(renderMarkdown(linesToMarkdown(lines, quoted)))
  expect(tree).toEqual(before)
}

/** Every body of a parsed dump: the story's paragraphs and each comment's lines. */
function expectSameBodies(text: string): number {
  const story = parseDump(text).story
  if (!story) return 0
  expectSame(story.paragraphs)
  for (const comment of story.comments) expectSame(comment.lines, comment.quoted)
  return 1 + story.comments.length
}

describe('a body rendered from its tree', () => {
  it('is what its markdown renders to, in every fixture', () => {
    let bodies = 0
    for (const folder of ['fixtures', 'fixtures-captures']) {
      for (const { dir } of cases(folder)) {
        for (const name of ['input.txt', 'capture-1.txt', 'capture-2.txt']) {
          try {
            bodies += expectSameBodies(readFileSync(join(dir, name), 'utf8'))
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
          }
        }
      }
    }
    expect(bodies).toBeGreaterThan(100)
  })

  it('is what its markdown renders to, for every naughty string', () => {
    const blns = JSON.parse(readFileSync(join(testDir, 'data', 'blns.json'), 'utf8')) as string[]
    const lines = blns.map((text) => text.replace(/[\r\n\0]/g, ' ').trimEnd()).filter((text) => text.trim() !== '')
    for (const each of lines) expectSame([each])
    expectSame(lines, lines.map((_, index) => index % 3 === 0))
  })

  it('is what its markdown renders to, for generated lines and quotes (5,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(recordLine, fc.boolean()), { maxLength: 6 }), (pairs) => {
        expectSame(
          pairs.map(([text]) => text),
          pairs.map(([, quoted]) => quoted)
        )
      }),
      { numRuns: 5_000 }
    )
  })

  it('is what its markdown renders to, for the bodies of generated dumps (500 dumps)', () => {
    fc.assert(fc.property(dump, (text) => void expectSameBodies(text)), { numRuns: 500 })
  })

  it('keeps a byte-order mark that starts a body (markdown drops one at the start of a document)', () => {
    expectSame(['\ufeff/', '\ufeffx'])
    expectSame(['\ufeffquoted', 'not'], [true, false])
    expect(renderTree(linesToMdast(['\ufeff/']))).toBe('<p>\ufeff/</p>')
  })

  it('is empty for no lines', () => {
    expect(renderTree(linesToMdast([]))).toBe('')
  })
})
