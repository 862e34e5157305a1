/**
 * How many files, and bytes, a folder holds.
 */
import { statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'

/**
 * Count the files under a folder and add up their sizes.
 *
 * @param dir The folder.
 * @param leaveOut A folder inside it not to count (default: none).
 * @returns Files, bytes, and the largest file (`null` in an empty folder).
 */
export async function folderSize(dir: string, leaveOut?: string): Promise<{ files: number; bytes: number; largest: { path: string; bytes: number } | null }> {
  let files = 0
  let bytes = 0
  let largest: { path: string; bytes: number } | null = null
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const path = join(entry.parentPath, entry.name)
    if (leaveOut && path.startsWith(leaveOut + '/')) continue
    // Synchronous: thousands of small stats, each quicker than a round trip through the thread pool. A file another
    // process removed since the folder was read is not there to count.
    const size = statSync(path, { throwIfNoEntry: false })?.size
    if (size === undefined) continue
    files++
    bytes += size
    if (largest === null || size > largest.bytes) largest = { path, bytes: size }
  }
  return { files, bytes, largest }
}
