/**
 * The lock file of a content folder or a site: taken in turn, taken over when
 * its holder is gone or it names no holder.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { LockBusyError, withLock } from '../../src/io/lock.ts'

function folder(): string {
  return mkdtempSync(join(tmpdir(), 'scrollback-lock-'))
}

describe('the lock file', () => {
  it('holds the pid while the task runs, and is gone after', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    const seen = await withLock(lock, async () => readFileSync(lock, 'utf8'))
    expect(seen).toBe(String(process.pid))
    expect(readdirSync(dir)).toEqual([])
  })

  it('takes over an empty lock file left by a crash', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    writeFileSync(lock, '')
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    const start = Date.now()
    expect(await withLock(lock, async () => 'done', { wait: 10_000 })).toBe('done')
    expect(Date.now() - start).toBeLessThan(5_000)
    expect(existsSync(lock)).toBe(false)
  })

  it('takes over a lock file that names no process once it is a few seconds old', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    writeFileSync(lock, 'not a pid')
    expect(await withLock(lock, async () => 'done', { wait: 20_000 })).toBe('done')
  }, 30_000)

  it('takes over the lock of a process that is gone', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    // Pids are below 2^22 on Linux.
    writeFileSync(lock, String(2 ** 22 + 1))
    expect(await withLock(lock, async () => 'done', { wait: 1_000 })).toBe('done')
  })

  it('waits for a live holder, and says so when it waits too long', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    writeFileSync(lock, String(process.pid))
    await expect(withLock(lock, async () => 'done', { wait: 300 })).rejects.toBeInstanceOf(LockBusyError)
    expect(readFileSync(lock, 'utf8')).toBe(String(process.pid))
  })

  it('lets tasks take turns', async () => {
    const dir = folder()
    const lock = join(dir, '.scrollback.lock')
    let inside = 0
    let most = 0
    const task = async (): Promise<void> => {
      inside++
      most = Math.max(most, inside)
      await new Promise((resolve) => setImmediate(resolve))
      inside--
    }
    await Promise.all([withLock(lock, task), withLock(lock, task), withLock(lock, task)])
    expect(most).toBe(1)
  })
})
