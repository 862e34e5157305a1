/**
 * Atomic file writes: a crash never leaves half a file.
 */
import { randomBytes } from 'node:crypto'
import { renameSync, rmSync, writeFileSync } from 'node:fs'
import { open, rename, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { threadId } from 'node:worker_threads'

/** A temporary name beside a file, unique to this process, thread and call. */
function temporaryFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${threadId}.${randomBytes(4).toString('hex')}.tmp`)
}

/**
 * Write a file atomically: the text goes to a temporary file beside it, is
 * flushed to disk, and then renamed over the target.
 *
 * @param path The file to write.
 * @param text Its new content (text as UTF-8, or bytes).
 */
export async function writeFileAtomic(path: string, text: string | Uint8Array): Promise<void> {
  const temporary = temporaryFor(path)
  const handle = await open(temporary, 'wx')
  try {
    await (typeof text === 'string' ? handle.writeFile(text, 'utf8') : handle.writeFile(text))
    await handle.sync()
  } catch (error) {
    await handle.close()
    await rm(temporary, { force: true })
    throw error
  }
  await handle.close()
  try {
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Replace a file whole, as {@link replaceFileSync} does, without blocking: for
 * many small files that a crash may leave as they were (the search routing).
 *
 * @param path The file to write.
 * @param text Its new content.
 */
export async function replaceFile(path: string, text: string): Promise<void> {
  const temporary = temporaryFor(path)
  try {
    await writeFile(temporary, text, { flag: 'wx' })
    await rename(temporary, path)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * Replace a file whole, synchronously: readers see the old file or the new
 * one, never a part. Not flushed to disk: for caches, which a crash may lose
 * but never leave half written. Threads of one process writing one file at
 * once each write a temporary file of their own; the last rename wins.
 *
 * @param path The file to write.
 * @param text Its new content.
 */
export function replaceFileSync(path: string, text: string): void {
  const temporary = temporaryFor(path)
  try {
    writeFileSync(temporary, text, { flag: 'wx' })
    renameSync(temporary, path)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
