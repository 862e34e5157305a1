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

/**
 * Every comment of every capture is in the merged story exactly once, with its lines (or, cut short in a capture, as
 * the beginning of a merged comment's longer text); the tree is well formed.
 */
function expectUnion(parts: readonly Story[], merged: Story): void {
  const byId = new Map(merged.comments.map((comment) => [comment.id, comment]))
  expect(byId.size).toBe(merged.comments.length)
  const text = (comment: { lines: readonly string[] }): string => comment.lines.join('\n')
  let cut = 0
  for (const part of parts) {
    for (const comment of part.comments) {
      const same = byId.get(comment.id)
      if (same && text(same) === text(comment)) continue
      cut++
      expect(text(comment)).not.toBe('')
      expect(merged.comments.some((other) => text(other).startsWith(text(comment).replace(/(?:\.\.\.|…)$/, '')))).toBe(true)
    }
  }
  const ids = new Set(parts.flatMap((part) => part.comments.map((comment) => comment.id)))
  expect(merged.comments.length).toBeLessThanOrEqual(ids.size)
  if (cut === 0) expect(merged.comments.length).toBe(ids.size)
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
    const merged = mergeCaptures([first!, second!])
    expect(withoutSeen(merged)).toEqual(first)
    // Each comment as each capture that has it showed it.
    for (const comment of merged.comments) {
      const shown = [first!, second!].flatMap((capture, index) => capture.comments.filter((other) => other.id === comment.id).map((other) => ({ capture: index, score: other.score, label: other.label })))
      expect(comment.seen).toEqual(shown)
    }
  })

  it('changes nothing when merged again: merging is idempotent', () => {
    const parts = captures(join(import.meta.dirname, '..', 'fixtures-captures', 'later-capture'))
    const once = mergeCaptures(parts)
    expect(withoutSeen(mergeCaptures([once, ...parts]))).toEqual(withoutSeen(once))
  })

  it('keeps each comment\'s score and label in every capture that has it, oldest first', () => {
    const first = parseDump('Seen (example.org) 3\nText.\nTop (Score:2, Insightful)\nTop text.\nGone (Score:1)\nLater under the threshold.\n').story!
    const second = parseDump('Seen (example.org) 3\nText.\nTop (Score:4, Funny)\nTop text.\nNew (Score:3)\nAdded later.\n').story!
    const merged = mergeCaptures([first, second])
    expect(merged.comments.map((comment) => [comment.lines[0], comment.score, comment.label, comment.seen])).toEqual([
      ['Top text.', 4, 'Funny', [{ capture: 0, score: 2, label: 'Insightful' }, { capture: 1, score: 4, label: 'Funny' }]],
      ['Later under the threshold.', 1, null, [{ capture: 0, score: 1, label: null }]],
      ['Added later.', 3, null, [{ capture: 1, score: 3, label: null }]]
    ])
    // One capture: nothing to compare, no history.
    expect(mergeCaptures([first]).comments.every((comment) => comment.seen === undefined)).toBe(true)
  })

  it('takes a comment cut short in one capture and whole in another for one comment, known by its first id, with the longer text', () => {
    const head = 'Cut (example.org) 3\nText.\nTop (Score:2)\nTop text here.\n'
    const whole = 'I think that the long answer to this question is more involved than it looks, and here is why.'
    const short = parseDump(`${head}Re:Top (Score:3)\nI think that the long answer to this question is more involved than it\nOther (Score:1)\nAnother thread.\n`).story!
    const full = parseDump(`${head}Re:Top (Score:4)\n${whole}\nRe: (Score:1)\n> ${whole}\nAgreed.\nOther (Score:1)\nAnother thread.\n`).story!
    for (const [first, second] of [[short, full], [full, short]] as const) {
      const merged = mergeCaptures([first, second])
      expect(merged.comments.map((comment) => [comment.id, comment.depth, comment.lines.at(-1)])).toEqual([
        [first.comments[0]!.id, 0, 'Top text here.'],
        [first.comments[1]!.id, 1, whole],
        [full.comments[2]!.id, 2, 'Agreed.'],
        [first.comments.at(-1)!.id, 0, 'Another thread.']
      ])
      expect(merged.comments[1]!.score).toBe(second.comments[1]!.score)
      expect(merged.comments[2]!.parent).toBe(first.comments[1]!.id)
    }
    // Not a copy: the beginning of the text as a reply elsewhere in the thread, or a text that only shares a beginning.
    const apart = parseDump(`${head}Re:Top (Score:3)\nI think so too.\nOther (Score:1)\nAnother thread.\nRe:Other (Score:1)\nI think that\n`).story!
    expect(mergeCaptures([apart, full]).comments.map((comment) => comment.lines.at(-1))).toEqual(['Top text here.', 'I think so too.', whole, 'Agreed.', 'Another thread.', 'I think that'])
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

/** A story without what each capture showed of its comments. */
function withoutSeen(story: Story): Story {
  return { ...story, comments: story.comments.map(({ seen: _seen, ...comment }) => comment) }
}
