/**
 * Read a dump's bytes, refusing what cannot be one story page.
 */
import { readFile, stat } from 'node:fs/promises'
import type { Message } from '../parse/types.ts'

/** Largest dump read, in bytes: a story page is tens of kilobytes; this leaves room for the largest. */
export const MAX_DUMP_BYTES = 16 * 1024 * 1024

/** A dump's bytes, or why they could not be read. */
export type DumpBytes = { bytes: Buffer; message?: undefined } | { bytes?: undefined; message: Message<'UNREADABLE' | 'TOO_LARGE'> }

/**
 * Read a dump.
 *
 * @param path The dump's path.
 * @returns Its bytes, or a fatal message placed at 1:1 (`UNREADABLE`, `TOO_LARGE`).
 */
export async function readDump(path: string): Promise<DumpBytes> {
  const fail = (code: 'UNREADABLE' | 'TOO_LARGE', message: string): DumpBytes => ({ message: { code, severity: 'fatal', line: 1, column: 1, message } })
  try {
    const size = (await stat(path)).size
    if (size > MAX_DUMP_BYTES) {
      return fail('TOO_LARGE', `dump is ${(size / 1024 / 1024).toFixed(1)} MiB; one story page is at most ${MAX_DUMP_BYTES / 1024 / 1024} MiB: is it several dumps, or not a dump?`)
    }
    return { bytes: await readFile(path) }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO'
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a dump' : (error as Error).message
    return fail('UNREADABLE', `cannot read the dump: ${reason} (${code})`)
  }
}
