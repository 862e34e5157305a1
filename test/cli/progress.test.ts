/**
 * The progress line: what it says, how often it is written, and that only a
 * terminal gets it.
 */
import { describe, expect, it } from 'vitest'
import { ProgressDisplay, progressLine } from '../../src/cli/progress.ts'

describe('progressLine', () => {
  it('names the stage, what is done of the total, and the time left at the pace so far', () => {
    expect(progressLine('build', { stage: 'render', done: 300, total: 1000 }, 12_000)).toBe('build: rendering 300 of 1000 story pages (30%), about 28 s left')
    expect(progressLine('build', { stage: 'index', done: 1, total: 3 }, 90_000)).toBe('build: indexing 1 of 3 search shards (33%), about 3 min 0 s left')
    expect(progressLine('ingest', { stage: 'ingest', done: 1, total: 1 }, 10)).toBe('ingest: ingesting 1 of 1 record (100%)')
  })

  it('counts the pace from what was done since the stage began to show', () => {
    // 18 of 20 shards were written while the pages rendered; 1 more in the 10 s since: 1 left, about 10 s.
    expect(progressLine('build', { stage: 'index', done: 19, total: 20 }, 10_000, 18)).toBe('build: indexing 19 of 20 search shards (95%), about 10 s left')
    expect(progressLine('build', { stage: 'index', done: 18, total: 20 }, 10_000, 18)).toBe('build: indexing 18 of 20 search shards (90%)')
  })

  it('tells no time left before the pace can be known', () => {
    // Nothing done yet, or a first small step after a moment.
    expect(progressLine('build', { stage: 'render', done: 0, total: 500 }, 5_000)).toBe('build: rendering 0 of 500 story pages (0%)')
    expect(progressLine('build', { stage: 'render', done: 2, total: 500 }, 300)).toBe('build: rendering 2 of 500 story pages (0%)')
    expect(progressLine('build', { stage: 'render', done: 0, total: 0 }, 0)).toBe('build: rendering 0 of 0 story pages (100%)')
  })
})

describe('ProgressDisplay', () => {
  /** A stream that records what is written, and a clock the test moves. */
  function terminal(isTTY: boolean) {
    const writes: string[] = []
    let now = 0
    const stream = { isTTY, columns: 60, write: (text: string) => writes.push(text) }
    return { writes, stream, tick: (ms: number) => (now += ms), clock: () => now }
  }

  it('rewrites one line in place, at most every 100 ms but always a stage’s first and last step, and clears it', () => {
    const t = terminal(true)
    const display = new ProgressDisplay('build', t.stream, t.clock)
    display.update({ stage: 'render', done: 0, total: 3 })
    t.tick(10)
    display.update({ stage: 'render', done: 1, total: 3 }) // too soon: not written
    t.tick(200)
    display.update({ stage: 'render', done: 2, total: 3 })
    t.tick(1)
    display.update({ stage: 'render', done: 3, total: 3 }) // the last step: written
    display.update({ stage: 'index', done: 0, total: 1 }) // a new stage: written
    display.clear()
    display.clear() // once is enough
    expect(t.writes).toEqual([
      '\r\x1b[2Kbuild: rendering 0 of 3 story pages (0%)',
      '\r\x1b[2Kbuild: rendering 2 of 3 story pages (66%), about 1 s left',
      '\r\x1b[2Kbuild: rendering 3 of 3 story pages (100%)',
      '\r\x1b[2Kbuild: indexing 0 of 1 search shard (0%)',
      '\r\x1b[2K'
    ])
  })

  it('cuts the line to the terminal’s width', () => {
    const t = terminal(true)
    t.stream.columns = 20
    new ProgressDisplay('build', t.stream, t.clock).update({ stage: 'render', done: 1, total: 1000 })
    expect(t.writes).toEqual(['\r\x1b[2Kbuild: rendering 1 '])
  })

  it('writes nothing to what is not a terminal', () => {
    const t = terminal(false)
    const display = new ProgressDisplay('build', t.stream, t.clock)
    display.update({ stage: 'render', done: 1, total: 2 })
    display.clear()
    expect(display.enabled).toBe(false)
    expect(t.writes).toEqual([])
  })
})
