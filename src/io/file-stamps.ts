/**
 * Whether a file still holds what it held when it was last read, told by
 * its stat alone: its size, modification time, change time and inode (a
 * file's "stamp"), as git tells a clean file. Used to skip reading records
 * (`src/site/scan.ts`) and dumps (`DumpHashes`) that did not change.
 */
import { stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { cacheFileFor, readCachedPairs, writeCacheFile } from './cache-file.ts'

/** What a file's stat says of its content. */
export interface FileStamp {
  size: number
  mtimeMs: number
  /** Change time: set by every write and by changing the modification time, never by hand. */
  ctimeMs: number
  ino: number
}

/** A stamp, and when it was taken (see {@link RACY_MS}). */
export interface SeenStamp extends FileStamp {
  scannedMs: number
}

/**
 * A file changed less than this long before it was scanned may change again
 * within the same tick of the file system's clock, keeping its times: such a
 * stamp is trusted only after the content's hash is checked (as git does with
 * "racily clean" files). Two seconds covers the coarsest clocks (FAT).
 */
export const RACY_MS = 2000

/**
 * Take a file's stamp, with the time just before (so that a change during or
 * after the read that follows is never taken for the content read).
 *
 * @param path The file.
 * @returns Its stamp.
 */
export async function takeStamp(path: string): Promise<SeenStamp> {
  const scannedMs = Date.now()
  const { size, mtimeMs, ctimeMs, ino } = await stat(path)
  return { size, mtimeMs, ctimeMs, ino, scannedMs }
}

/**
 * Compare a file's stamp now with the one it had when last read.
 *
 * @param before The stamp when it was read (none: never read).
 * @param now Its stamp now.
 * @returns `same` (the content is what it was), `racy` (the stat cannot tell: compare the content) or `changed`.
 */
export function compareStamps(before: SeenStamp | undefined, now: FileStamp): 'same' | 'racy' | 'changed' {
  if (!before || before.size !== now.size || before.mtimeMs !== now.mtimeMs || before.ctimeMs !== now.ctimeMs || before.ino !== now.ino) return 'changed'
  return before.scannedMs - Math.max(now.mtimeMs, now.ctimeMs) < RACY_MS ? 'racy' : 'same'
}

/** A dump's stamp and the SHA-256 of the bytes read under it. */
interface DumpEntry extends SeenStamp {
  sha256: string
}

/**
 * The SHA-256 of each dump as last read, by path, kept in
 * `<cache>/dumps-v1/<hash of the content folder>.json`: ingest skips a dump
 * whose stamp is as it was and whose hash is the one its record names,
 * without reading it.
 */
export class DumpHashes {
  readonly #path: string | null
  readonly #before: Map<string, DumpEntry>
  readonly #after = new Map<string, DumpEntry>()

  private constructor(path: string | null, before: Map<string, DumpEntry>) {
    this.#path = path
    this.#before = before
  }

  /**
   * Read the hashes kept for a content folder.
   *
   * @param cache The cache folder (`null`: keep nothing, every dump is read).
   * @param content The content folder.
   * @returns The hashes.
   */
  static async open(cache: string | null, content: string): Promise<DumpHashes> {
    if (cache === null) return new DumpHashes(null, new Map())
    const path = cacheFileFor(cache, 'dumps-v1', content)
    return new DumpHashes(path, await readCachedPairs<DumpEntry>(path, 'dumps'))
  }

  /**
   * A dump's hash when its stamp says it did not change since it was hashed.
   *
   * @param path The dump's path.
   * @returns Its hash, or `null` when it must be read (new, changed, or too recently changed to tell).
   */
  async known(path: string): Promise<string | null> {
    const key = resolve(path)
    const entry = this.#before.get(key)
    if (!entry) return null
    const now = await takeStamp(path).catch(() => null)
    if (now === null || compareStamps(entry, now) !== 'same') return null
    this.#after.set(key, entry)
    return entry.sha256
  }

  /**
   * Remember the hash of a dump's bytes, read under a stamp taken before the read.
   *
   * @param path The dump's path.
   * @param stamp Its stamp, taken before it was read.
   * @param sha256 The hash of what was read.
   */
  remember(path: string, stamp: SeenStamp, sha256: string): void {
    this.#after.set(resolve(path), { ...stamp, sha256 })
  }

  /** Save the hashes learnt by this ingest with those kept before (when nothing was learnt, nothing is written). */
  async save(): Promise<void> {
    if (this.#path === null || [...this.#after].every(([key, entry]) => this.#before.get(key) === entry)) return
    await writeCacheFile(this.#path, { dumps: [...new Map([...this.#before, ...this.#after])] })
  }
}
