/**
 * Read a dump's bytes, refusing what cannot be one story page.
 */
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import type { Message } from '../parse/types.ts'

/** Largest dump read, in bytes: a story page is tens of kilobytes; this leaves room for the largest. */
export const MAX_DUMP_BYTES = 16 * 1024 * 1024

/** A dump's bytes, or why they could not be read. */
export type DumpBytes = { bytes: Buffer; message?: undefined } | { bytes?: undefined; message: Message<'UNREADABLE' | 'TOO_LARGE'> }

/**
 * Read a dump. Only a regular file is read: a FIFO, a socket or a device
 * (`/dev/zero`) is refused before a byte is read, and the file is opened
 * without waiting for a writer. No more than {@link MAX_DUMP_BYTES} are read,
 * even from a file that grows meanwhile.
 *
 * @param path The dump's path.
 * @returns Its bytes, or a fatal message placed at 1:1 (`UNREADABLE`, `TOO_LARGE`).
 */
export async function readDump(path: string): Promise<DumpBytes> {
  const fail = (code: 'UNREADABLE' | 'TOO_LARGE', message: string): DumpBytes => ({ message: { code, severity: 'fatal', line: 1, column: 1, message } })
  const tooLarge = (size: string): DumpBytes =>
    fail('TOO_LARGE', `dump is ${size} MiB; one story page is at most ${MAX_DUMP_BYTES / 1024 / 1024} MiB: is it several dumps, or not a dump?`)
  let handle
  try {
    // O_NONBLOCK: opening a FIFO would otherwise wait for a writer.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
    const stats = await handle.stat()
    if (stats.isDirectory()) return fail('UNREADABLE', 'cannot read the dump: is a folder, not a dump (EISDIR)')
    if (!stats.isFile()) return fail('UNREADABLE', `cannot read the dump: is ${kindOf(stats)}, not a regular file`)
    if (stats.size > MAX_DUMP_BYTES) return tooLarge((stats.size / 1024 / 1024).toFixed(1))
    // Read to the end, growing the buffer if the file grew since `stat`, never past the limit.
    let buffer = Buffer.allocUnsafe(stats.size + 1)
    let length = 0
    for (;;) {
      if (length === buffer.length) {
        if (length > MAX_DUMP_BYTES) return tooLarge(`over ${MAX_DUMP_BYTES / 1024 / 1024}`)
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_DUMP_BYTES + 1))
        buffer.copy(grown)
        buffer = grown
      }
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length)
      if (bytesRead === 0) break
      length += bytesRead
    }
    return { bytes: buffer.subarray(0, length) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a dump' : (error as Error).message
    return fail('UNREADABLE', `cannot read the dump: ${reason} (${code})`)
  } finally {
    await handle?.close()
  }
}

/** What a file that is not a regular file is, in words. */
function kindOf(stats: { isFIFO(): boolean; isSocket(): boolean; isCharacterDevice(): boolean; isBlockDevice(): boolean }): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)'
  if (stats.isSocket()) return 'a socket'
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device'
  return 'not a file'
}
