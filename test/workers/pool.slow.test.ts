/**
 * The worker pool: outputs in input order, a task's error as the task threw
 * it, and a worker that stops without answering fails the map instead of
 * leaving it waiting.
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

  it('fails a map with the error its task threw: a file system error keeps its code and path', async () => {
    const pool = new WorkerPool<number, number>(task, { workers: 1, batch: 1 })
    try {
      const error = await pool.map([1, 0]).then(() => null, (thrown: unknown) => thrown as NodeJS.ErrnoException)
      expect(error).toMatchObject({ code: 'ENOENT', path: '/no-such-folder/no-such-file' })
      expect(error?.message).toMatch(/^ENOENT: no such file or directory/)
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
