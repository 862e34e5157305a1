/**
 * Parsing takes time in proportion to the dump: long reply chains, long
 * header lines and long texts quoted many times. Times are CPU times, the
 * best of a few runs, with bounds far above what a busy machine needs and
 * far below what the quadratic parser took (a 40,000-deep chain: 350 s).
 */
import { describe, expect, it } from 'vitest'
import { parseDump } from '../../src/parse/parse-dump.ts'
import { quoteSource } from '../../src/parse/quote.ts'
import { OUTLINE_INDENT_LEVELS, outline } from '../../src/cli/parse-command.ts'

/** A story whose comments are one chain: `Top`, then `depth` replies, each answering the one above. */
function chain(depth: number, line: (i: number) => string): string {
  const parts = ['Deep (example.com) 1\nStory.\nTop (Score:1)\nThe top of the chain.\n']
  for (let i = 0; i < depth; i++) parts.push(`Re: (Score:1)\n${line(i)}\n`)
  return parts.join('')
}

/** Least CPU milliseconds of some runs of a task. */
function cpuMs(task: () => void, runs: number): number {
  let best = Infinity
  for (let run = 0; run < runs; run++) {
    const before = process.cpuUsage()
    task()
    const used = process.cpuUsage(before)
    best = Math.min(best, (used.user + used.system) / 1000)
  }
  return best
}

describe('parsing time', () => {
  it('grows in proportion to a reply chain’s length', () => {
    for (const line of [(i: number) => `r${i}`, (i: number) => `this is a reply line number ${i}`]) {
      const short = chain(10_000, line)
      const long = chain(40_000, line)
      const deepest = parseDump(long).story!.comments.at(-1)!
      expect(deepest.depth).toBe(40_000)
      const ratio = cpuMs(() => parseDump(long), 2) / cpuMs(() => parseDump(short), 3)
      // Linear is 4; the quadratic parser made it over 200.
      expect(ratio).toBeLessThan(12)
    }
  }, 120_000)

  it('parses a 4 MiB reply chain in seconds (time grows with length alone, above: 16 MiB in four times as long)', () => {
    const text = chain(90_000, (i) => `this is a reply line number ${i}`)
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024 - 512 * 1024)
    const ms = cpuMs(() => expect(parseDump(text).story!.comments).toHaveLength(90_001), 1)
    expect(ms).toBeLessThan(30_000)
  }, 180_000)

  it('makes an outline (`scrollback parse` without --json) that grows with the chain alone', () => {
    const story = parseDump(chain(40_000, (i) => `r${i}`)).story!
    const text = outline(story)
    const lines = text.split('\n')
    // A line a comment, after the title, the counts and a blank line; no line longer than the indentation's cap allows.
    expect(lines).toHaveLength(3 + 40_001)
    expect(Math.max(...lines.map((line) => line.length))).toBeLessThan(2 * OUTLINE_INDENT_LEVELS + 120)
    expect(lines.at(-1)).toMatch(new RegExp(`^ {${2 * OUTLINE_INDENT_LEVELS}}\\(level 40000\\) c`))
    expect(lines[3 + OUTLINE_INDENT_LEVELS]).toMatch(new RegExp(`^ {${2 * OUTLINE_INDENT_LEVELS}}c`))
  })

  it('reads header lines in time linear in their length', () => {
    const spaces = ' '.repeat(4 * 1024 * 1024)
    const ms = cpuMs(() => {
      expect(parseDump(`Title${spaces}1x\nStory.\n`).messages.map((message) => message.code)).toEqual(['MISSING_COUNT'])
      expect(parseDump(`Title${spaces}(example.com) 3\nStory.\n`).story).toMatchObject({ title: 'Title', source: 'example.com', commentCount: 3 })
      const story = parseDump(`Title 1\nStory.\nA (Score:1, a${spaces}x )\nText.\nB (Score:2${spaces})\nText.\n`).story!
      expect(story.comments.map((comment) => [comment.subject, comment.score, comment.label?.length])).toEqual([
        ['A', 1, spaces.length + 2],
        ['B', 2, undefined]
      ])
    }, 1)
    expect(ms).toBeLessThan(10_000)
  }, 60_000)

  it('looks up quotes in a long text as `includes` does, and in time linear in the look-ups', () => {
    let seed = 7
    const random = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n
    // Prose: sentences of words from a vocabulary of a few hundred.
    const vocabulary = Array.from({ length: 400 }, () => Array.from({ length: 2 + random(8) }, () => 'etaoinshrdlucmfwypvbgkjqxz'[random(26)]).join(''))
    const sentences = Array.from({ length: 1500 }, () => Array.from({ length: 6 + random(12) }, () => vocabulary[random(vocabulary.length)]).join(' ') + '.')
    const text = quoteSource(sentences)
    expect(text.joined.length).toBeGreaterThan(40_000)
    for (let i = 0; i < 2000; i++) {
      const start = random(text.joined.length - 70)
      const phrase = text.joined.slice(start, start + 12 + random(50))
      if (phrase.includes('\n')) continue
      expect(text.contains(phrase), phrase).toBe(true)
      const changed = phrase.slice(0, -1) + (phrase.endsWith('#') ? '%' : '#')
      expect(text.contains(changed), changed).toBe(text.joined.includes(changed))
    }
    // A text that repeats itself is looked up in bounded time.
    const repetitive = quoteSource(['a'.repeat(4 * 1024 * 1024)])
    const ms = cpuMs(() => {
      for (let i = 0; i < 2000; i++) expect(repetitive.contains(`${'a'.repeat(24)}b${i}`)).toBe(false)
    }, 1)
    expect(ms).toBeLessThan(10_000)
  }, 60_000)
})
