/**
 * A lock file, so that two writers never work on one content folder at once.
 */
import { open, readFile, rm } from 'node:fs/promises'
import { setTimeout as sleep } from 'node:timers/promises'

/** Configuration for {@link withLock}. */
export interface Options {
  /** How long to wait for another holder, in milliseconds (default: `30000`). */
  wait?: number
}

/** Thrown when the lock stays taken longer than the wait. */
export class LockBusyError extends Error {
  readonly code = 'LOCKED'
  constructor(
    readonly path: string,
    readonly holder: number | null
  ) {
    super(`another scrollback process${holder ? ` (pid ${holder})` : ''} is working on this content folder; try again when it is done, or remove the lock file if it is not running`)
  }
}

/**
 * Run a task holding a lock file (created exclusively, holding the pid). A
 * lock whose process is gone (killed, crashed) is taken over.
 *
 * @param path The lock file.
 * @param task What to do while holding it.
 * @param options Configuration (default: `{}`).
 * @returns What the task returns.
 */
export async function withLock<T>(path: string, task: () => Promise<T>, options: Options = {}): Promise<T> {
  const deadline = Date.now() + (options.wait ?? 30_000)
  for (;;) {
    try {
      const handle = await open(path, 'wx')
      await handle.writeFile(String(process.pid))
      await handle.close()
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const holder = await lockHolder(path)
      if (holder !== null && !isAlive(holder)) {
        await rm(path, { force: true })
        continue
      }
      if (Date.now() >= deadline) throw new LockBusyError(path, holder)
      await sleep(100)
    }
  }
  try {
    return await task()
  } finally {
    await rm(path, { force: true })
  }
}

/** The pid written in a lock file, or `null` when it cannot be read (being written, or gone). */
async function lockHolder(path: string): Promise<number | null> {
  try {
    const pid = Number.parseInt(await readFile(path, 'utf8'), 10)
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** Whether a process exists. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
