/**
 * The one way work runs at once: a limit of tasks pending, and `mapLimit`
 * on top of it.
 */
import { describe, expect, it } from 'vitest'
import { limit, mapLimit } from '../../src/io/limit.ts'

/** A promise settled from outside. */
const deferred = () => {
  let resolve!: () => void
  const promise = new Promise<void>((settle) => (resolve = settle))
  return { promise, resolve }
}

describe('limit', () => {
  it('runs at most so many tasks at once, the others in the order they came', async () => {
    const run = limit(2)
    const gates = [deferred(), deferred(), deferred(), deferred()]
    const begun: number[] = []
    const done = gates.map((gate, index) =>
      run(async () => {
        begun.push(index)
        await gate.promise
        return index
      })
    )
    await Promise.resolve()
    expect(begun).toEqual([0, 1])
    gates[1]!.resolve()
    await done[1]
    await Promise.resolve()
    expect(begun).toEqual([0, 1, 2])
    for (const gate of gates) gate.resolve()
    expect(await Promise.all(done)).toEqual([0, 1, 2, 3])
    expect(begun).toEqual([0, 1, 2, 3])
  })

  it('rejects with what a task threw, before or after its first await, and goes on with the others', async () => {
    const run = limit(1)
    const thrown = run(() => {
      throw new Error('at once')
    })
    const rejected = run(async () => {
      await Promise.resolve()
      throw new Error('later')
    })
    const after = run(async () => 'still runs')
    await expect(thrown).rejects.toThrow('at once')
    await expect(rejected).rejects.toThrow('later')
    expect(await after).toBe('still runs')
  })
})

describe('mapLimit', () => {
  it('maps in the order of the items, with at most so many pending', async () => {
    let pending = 0
    let most = 0
    const results = await mapLimit([5, 1, 4, 2, 3], 2, async (item, index) => {
      most = Math.max(most, ++pending)
      await new Promise((resolve) => setTimeout(resolve, item))
      pending--
      return `${index}:${item}`
    })
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3'])
    expect(most).toBe(2)
  })
})
