/**
 * A lock file, so that two writers never work on one content folder at once.
 */
import { randomBytes } from 'node:crypto'
import { link, open, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
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
 * A lock file that names no process (empty, or not a pid) this long after it
 * was last written is left over (a crash, a full disk, a `touch`): it is
 * taken over. Locks are written whole (see {@link createLock}), so only a
 * writer of another kind could be caught mid-write.
 */
const UNNAMED_GRACE_MS = 2000

/**
 * Run a task holding a lock file (created exclusively, holding the pid). A
 * lock whose process is gone (killed, crashed), or that names no process, is
 * taken over.
 *
 * @param path The lock file.
 * @param task What to do while holding it.
 * @param options Configuration (default: `{}`).
 * @returns What the task returns.
 */
export async function withLock<T>(path: string, task: () => Promise<T>, options: Options = {}): Promise<T> {
  const deadline = Date.now() + (options.wait ?? 30_000)
  for (;;) {
    if (await createLock(path)) break
    const holder = await lockHolder(path)
    if (holder === undefined) continue // gone meanwhile: try again at once
    if (holder === null ? await unnamedAndOld(path) : !isAlive(holder)) {
      await rm(path, { force: true })
      continue
    }
    if (Date.now() >= deadline) throw new LockBusyError(path, holder)
    await sleep(100)
  }
  try {
    return await task()
  } finally {
    await rm(path, { force: true })
  }
}

/**
 * Create the lock file holding this process's pid, whole: the pid is written
 * to a temporary file that is then linked to the lock's name, which fails when
 * the name exists. Where the file system has no hard links, the lock is
 * created exclusively and then written.
 *
 * @returns `false` when the lock exists.
 */
async function createLock(path: string): Promise<boolean> {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await writeFile(temporary, String(process.pid), { flag: 'wx' })
  } catch (error) {
    // A full disk: no lock, and no empty file left behind; the message names the lock.
    await rm(temporary, { force: true })
    throw Object.assign(error as Error, { path })
  }
  try {
    await link(temporary, path)
    return true
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'EEXIST') return false
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw error
  } finally {
    await rm(temporary, { force: true })
  }
  try {
    const handle = await open(path, 'wx')
    await handle.writeFile(String(process.pid))
    await handle.close()
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

/** The pid written in a lock file; `null` when it names none; `undefined` when the file is gone. */
async function lockHolder(path: string): Promise<number | null | undefined> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null
  }
  const pid = /^\s*(\d+)\s*$/.exec(text)?.[1]
  return pid !== undefined && Number(pid) > 0 && Number.isSafeInteger(Number(pid)) ? Number(pid) : null
}

/** Whether a lock that names no process was last written over {@link UNNAMED_GRACE_MS} ago. */
async function unnamedAndOld(path: string): Promise<boolean> {
  const stats = await stat(path).catch(() => null)
  return stats !== null && Date.now() - stats.mtimeMs > UNNAMED_GRACE_MS
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
