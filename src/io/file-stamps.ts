/**
 * Whether a file still holds what it held when it was last read, told by
 * its stat alone: its size, modification time, change time and inode (a
 * file's "stamp"), as git tells a clean file. Used to skip reading records
 * (`src/site/scan.ts`) and dumps (`DumpHashes`) that did not change.
 */
import { statfsSync, statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
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
 * "racily clean" files). Two seconds covers the coarsest clocks (FAT's two
 * seconds; ext3's and HFS+'s one): the window for a file whose times are
 * whole milliseconds.
 */
export const RACY_MS = 2000

/**
 * The same window for a file whose times hold fractions of a millisecond, on
 * a file system that stamps them with this machine's clock (see
 * {@link ownClock}): a kernel clock that ticks every 1 to 10 ms. A build scans
 * its records right after ingest writes them; with {@link RACY_MS} for every
 * file, the next build read and hashed each record written in the last two
 * seconds again.
 */
export const FINE_RACY_MS = 100

/**
 * How long after its last change a file's stamp can be trusted.
 *
 * @param stamp The file's stamp.
 * @param ownClock Whether its file system stamps times with this machine's clock (see {@link ownClock}).
 * @returns {@link FINE_RACY_MS} on such a file system when both its times hold fractions of a millisecond, else {@link RACY_MS}.
 */
export function racyWindowMs(stamp: FileStamp, ownClock: boolean): number {
  return !ownClock || Number.isInteger(stamp.mtimeMs) || Number.isInteger(stamp.ctimeMs) ? RACY_MS : FINE_RACY_MS
}

/**
 * Linux file systems on this machine's own disks and memory, by their
 * `statfs` type: ext2/3/4, XFS, Btrfs, tmpfs, overlayfs, ZFS, F2FS, bcachefs.
 */
const OWN_CLOCK_TYPES = new Set([0xef53, 0x58465342, 0x9123683e, 0x01021994, 0x794c7630, 0x2fc12fc1, 0xf2f52010, 0xca451a4e])
const ownClockByFolder = new Map<string, boolean>()

/**
 * Whether the files of a folder get their times from this machine's clock,
 * the clock a scan's time is read from. A network or shared file system (NFS,
 * SMB, 9p, FUSE, virtiofs) stamps them with another machine's clock, which may
 * be apart from this one by more than {@link FINE_RACY_MS}: its files keep
 * {@link RACY_MS}, as do those of any system but Linux.
 *
 * @param folder The folder (asked once per folder and process).
 * @returns `true` for a local Linux file system of {@link OWN_CLOCK_TYPES}.
 */
export function ownClock(folder: string): boolean {
  let own = ownClockByFolder.get(folder)
  if (own === undefined) {
    try {
      own = process.platform === 'linux' && OWN_CLOCK_TYPES.has(statfsSync(folder).type)
    } catch {
      own = false
    }
    ownClockByFolder.set(folder, own)
  }
  return own
}

/**
 * Take a file's stamp, with the time just before (so that a change during or
 * after the read that follows is never taken for the content read).
 *
 * @param path The file.
 * @returns Its stamp.
 */
export async function takeStamp(path: string): Promise<SeenStamp> {
  const scannedMs = Date.now()
  // Synchronous: a build with nothing to do takes tens of thousands of stamps, and the promise API cost this
  // thread more for each (about 20 µs) than the stat itself, answered from the kernel's cache.
  const { size, mtimeMs, ctimeMs, ino } = statSync(path)
  return { size, mtimeMs, ctimeMs, ino, scannedMs }
}

/**
 * Compare a file's stamp now with the one it had when last read.
 *
 * @param before The stamp when it was read (none: never read).
 * @param now Its stamp now.
 * @param own Whether its file system stamps times with this machine's clock ({@link ownClock}).
 * @returns `same` (the content is what it was), `racy` (the stat cannot tell: compare the content) or `changed`.
 */
export function compareStamps(before: SeenStamp | undefined, now: FileStamp, own: boolean): 'same' | 'racy' | 'changed' {
  if (!before || before.size !== now.size || before.mtimeMs !== now.mtimeMs || before.ctimeMs !== now.ctimeMs || before.ino !== now.ino) return 'changed'
  return before.scannedMs - Math.max(now.mtimeMs, now.ctimeMs) < racyWindowMs(now, own) ? 'racy' : 'same'
}

/** A value learnt of a file, and the stamp of the file it was learnt from. */
interface StampedEntry<T> extends SeenStamp {
  value: T
}

/**
 * What was learnt of each file when it was last read, kept in the build
 * cache under the file's stamp: a file whose stamp is as it was gives back
 * what was learnt without being read again. Files this run did not ask
 * about are kept as they were (an ingest of one named dump keeps the
 * others'), unless the run says it asked about every file there is; a file
 * asked about and found gone is forgotten.
 */
export class StampedValues<T> {
  readonly #path: string | null
  readonly #before: Map<string, StampedEntry<T>>
  readonly #after = new Map<string, StampedEntry<T>>()
  readonly #gone = new Set<string>()

  private constructor(path: string | null, before: Map<string, StampedEntry<T>>) {
    this.#path = path
    this.#before = before
  }

  /**
   * Read what was kept.
   *
   * @param path The cache file (`null`: keep nothing, every file is read).
   * @returns The values.
   */
  static async open<T>(path: string | null): Promise<StampedValues<T>> {
    return new StampedValues<T>(path, path === null ? new Map() : await readCachedPairs<StampedEntry<T>>(path, 'files'))
  }

  /**
   * What was learnt of a file, when its stamp says it did not change since.
   *
   * @param path The file.
   * @returns The value, or `null` when the file must be read (new, changed, gone, or too recently changed to tell).
   */
  async known(path: string): Promise<T | null> {
    const key = resolve(path)
    const entry = this.#before.get(key)
    if (!entry) return null
    const now = await takeStamp(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') this.#gone.add(key)
      return null
    })
    if (now === null || compareStamps(entry, now, ownClock(dirname(key))) !== 'same') return null
    this.#after.set(key, entry)
    return entry.value
  }

  /**
   * Remember what was learnt of a file, read under a stamp taken before the read.
   *
   * @param path The file.
   * @param stamp Its stamp, taken before it was read.
   * @param value What was learnt.
   */
  remember(path: string, stamp: SeenStamp, value: T): void {
    this.#after.set(resolve(path), { ...stamp, value })
  }

  /**
   * Save what was kept with what this run learnt (nothing is written when nothing changed).
   *
   * @param everyFile This run asked about every file there is (a whole folder listed): what it did not ask about is gone, and forgotten.
   */
  async save(everyFile = false): Promise<void> {
    const files = new Map(everyFile ? this.#after : [...this.#before, ...this.#after])
    for (const key of this.#gone) files.delete(key)
    if (this.#path === null || (files.size === this.#before.size && [...files].every(([key, entry]) => this.#before.get(key) === entry))) return
    await writeCacheFile(this.#path, { files: [...files] })
  }
}

/**
 * The SHA-256 of each dump as last read, by path, kept in
 * `<cache>/dumps-v2/<hash of the content folder>.json`: ingest skips a dump
 * whose stamp is as it was and whose hash is the one its record names,
 * without reading it.
 */
export type DumpHashes = StampedValues<string>

/** {@link DumpHashes}: `DumpHashes.open(cache, content)`. */
export const DumpHashes = {
  /**
   * Read the hashes kept for a content folder.
   *
   * @param cache The cache folder (`null`: keep nothing, every dump is read).
   * @param content The content folder.
   * @returns The hashes.
   */
  open: (cache: string | null, content: string): Promise<DumpHashes> => StampedValues.open<string>(cache === null ? null : cacheFileFor(cache, 'dumps-v2', content))
}

/**
 * What a build notes of a file it wrote, to trust it later without reading
 * it: its size and modification time, as `[size, mtimeMs]` (JSON keeps both
 * exactly). A file emptied, cut short, replaced or touched since no longer
 * matches, and is written again.
 */
export type WrittenStamp = [size: number, mtimeMs: number]

/**
 * The stamp of a file as written now.
 *
 * @param path The file.
 * @returns `[size, mtimeMs]`, or `null` when it is not a file.
 */
export function writtenStamp(path: string): WrittenStamp | null {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat?.isFile() ? [stat.size, stat.mtimeMs] : null
}

/**
 * Whether a file is still as a build wrote it, by its stamp (synchronous: a
 * build with nothing to do asks it of every page).
 *
 * @param path The file.
 * @param noted The stamp noted when it was written ({@link writtenStamp}; anything else: not known, so not as written).
 * @returns `true` when the file is there with that size and time.
 */
export function isAsWritten(path: string, noted: unknown): boolean {
  if (!Array.isArray(noted) || noted.length !== 2) return false
  const now = writtenStamp(path)
  return now !== null && now[0] === noted[0] && now[1] === noted[1]
}
