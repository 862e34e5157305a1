/**
 * The worker pool: outputs in input order, and a worker that stops without
 * answering fails the map instead of leaving it waiting.
 */
import { describe, expect, it } from 'vitest'
import { WorkerPool } from '../../src/workers/pool.ts'

const task = new URL('./exit-task.ts', import.meta.url)

describe('the worker pool', () => {
  it('maps inputs in order', async () => {
    const pool = new WorkerPool<number, number>(task, { workers: 2, batch: 2 })
    try {
      expect(await pool.map([1, 2, 3, 4, 5])).toEqual([2, 4, 6, 8, 10])
    } finally {
      await pool.close()
    }
  }, 60_000)

  it('fails a map whose worker stops without answering', async () => {
    const pool = new WorkerPool<number, number>(task, { workers: 1, batch: 1 })
    try {
      await expect(pool.map([1, -1])).rejects.toThrow(/stopped \(exit code 3\) before answering/)
    } finally {
      await pool.close()
    }
  }, 60_000)
})
