/**
 * Captures of one story merge into one: fixture folders under
 * `test/fixtures-captures/<case>/` (`capture-1.txt`, `capture-2.txt`… oldest
 * first, the merged story in `expected.json`), and properties over generated captures.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { mergeCaptures, storyIdentity } from '../../src/parse/captures.ts'
import { parseDump } from '../../src/parse/index.ts'
import type { Story } from '../../src/parse/types.ts'
import { storyToJson } from '../../src/records/json.ts'
import { dump } from '../helpers/arbitraries.ts'
import { cases, expectFile } from '../helpers/fixtures.ts'

/** A case's captures, parsed, oldest first. */
function captures(dir: string): Story[] {
  return readdirSync(dir)
    .filter((name) => /^capture-\d+\.txt$/.test(name))
    .sort((a, b) => Number(/\d+/.exec(a)![0]) - Number(/\d+/.exec(b)![0]))
    .map((name) => parseDump(readFileSync(join(dir, name), 'utf8')).story!)
}

/** Every comment of every capture is in the merged story exactly once, with its lines; the tree is well formed. */
function expectUnion(parts: readonly Story[], merged: Story): void {
  const byId = new Map(merged.comments.map((comment) => [comment.id, comment]))
  expect(byId.size).toBe(merged.comments.length)
  for (const part of parts) for (const comment of part.comments) expect(byId.get(comment.id)?.lines).toEqual(comment.lines)
  expect(merged.comments.length).toBe(new Set(parts.flatMap((part) => part.comments.map((comment) => comment.id))).size)
  // Each paragraph as often as the capture that has it most often: none lost, none doubled, none made up.
  const tally = (paragraphs: readonly string[]): Map<string, number> => {
    const counts = new Map<string, number>()
    for (const paragraph of paragraphs) counts.set(paragraph, (counts.get(paragraph) ?? 0) + 1)
    return counts
  }
  const most = new Map<string, number>()
  for (const part of parts) for (const [paragraph, count] of tally(part.paragraphs)) most.set(paragraph, Math.max(most.get(paragraph) ?? 0, count))
  expect(tally(merged.paragraphs)).toEqual(most)
  const depth = new Map<string, number>()
  for (const comment of merged.comments) {
    expect(comment.parent === null ? 0 : depth.get(comment.parent)! + 1).toBe(comment.depth)
    depth.set(comment.id, comment.depth)
  }
}

describe('fixtures: captures → one story', () => {
  for (const { name, dir } of cases('fixtures-captures')) {
    it(`${name}: merges as expected.json`, () => {
      const parts = captures(dir)
      expect(new Set(parts.map(storyIdentity)).size).toBe(1)
      const merged = mergeCaptures(parts)
      expectUnion(parts, merged)
      expectFile(dir, 'expected.json', storyToJson(merged))
    })
  }

  it('adds nothing with a capture that holds nothing new: the merged story is the first', () => {
    const [first, second] = captures(join(import.meta.dirname, '..', 'fixtures-captures', 'adds-nothing'))
    expect(mergeCaptures([first!, second!])).toEqual(first)
  })

  it('changes nothing when merged again: merging is idempotent', () => {
    const parts = captures(join(import.meta.dirname, '..', 'fixtures-captures', 'later-capture'))
    const once = mergeCaptures(parts)
    expect(mergeCaptures([once, ...parts])).toEqual(once)
  })

  it('takes titles that differ only in Unicode form for one story, and folds the merged title', () => {
    const composed = parseDump('Caf\u00e9 Talk (example.org) 2\nText.\nOne (Score:1)\nfirst.\n').story!
    const decomposed = parseDump('Cafe\u0301  Talk  (example.org) 2\nText.\nTwo (Score:1)\nsecond.\n').story!
    expect(storyIdentity(decomposed)).toBe(storyIdentity(composed))
    // The newest header's doubled space and decomposed letter do not reach the merged title.
    expect(mergeCaptures([composed, decomposed]).title).toBe('Caf\u00e9 Talk')
    expect(mergeCaptures([decomposed, composed]).title).toBe('Caf\u00e9 Talk')
  })

  it('keeps two stories of one title apart when their sources differ', () => {
    expect(storyIdentity({ title: 'Ask Slashdot: Tape?', source: null })).not.toBe(storyIdentity({ title: 'Ask Slashdot: Tape?', source: 'example.com' }))
    expect(storyIdentity({ title: 'Tape  is dead ', source: 'a.com' })).toBe(storyIdentity({ title: 'Tape is dead', source: 'a.com' }))
  })
})

describe('captures of generated dumps', () => {
  /** A later capture: some comment blocks of a dump gone, others added at the end. */
  const laterCapture = fc.tuple(dump, fc.array(fc.boolean(), { maxLength: 40 }), dump).map(([text, keep, extra]) => {
    const lines = text.split(/\r?\n/)
    const blocks: string[][] = []
    for (const line of lines.slice(1)) {
      if (/\(Score:[^)]*\)\s*$/.test(line) || blocks.length === 0) blocks.push([line])
      else blocks[blocks.length - 1]!.push(line)
    }
    const kept = blocks.filter((_, index) => index === 0 || keep[index] !== false).flat()
    return [text, [lines[0]!, ...kept, ...extra.split(/\r?\n/).slice(1)].join('\n')] as const
  })

  it('put every comment and paragraph of every capture in exactly one place of the merged story', () => {
    fc.assert(
      fc.property(laterCapture, ([one, two]) => {
        const parts = [parseDump(one).story, parseDump(two).story]
        if (!parts[0] || !parts[1]) return
        expectUnion(parts as Story[], mergeCaptures(parts as Story[]))
      }),
      { numRuns: 2000 }
    )
  })
})
