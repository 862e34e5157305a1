/**
 * Give a folder's files a second name in another folder: hard links, not
 * copies. For folders whose files are never changed in place (each is
 * written whole under a new name, then renamed), so that both names may
 * share one inode.
 */
import { copyFileSync, linkSync, mkdirSync, readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Make `to` hold what `from` holds, every file linked: whatever was at `to`
 * (a killed run's leftovers) goes first, as a copy would overwrite it. A
 * file that cannot be linked (a file system without hard links, or `to` on
 * another device) is copied. Synchronous: a routing folder holds thousands
 * of small files, and a round trip through the thread pool for each cost
 * more than the link itself (`fs.cp`, which copies each with `lstat`,
 * `copyFile` and `chmod`, took 0.6 s for 1,152 files).
 *
 * @param from The folder to link from.
 * @param to The folder to make.
 * @throws ENOENT when `from` does not exist (`to` is left as it was); what linking or copying threw otherwise.
 */
export function linkTree(from: string, to: string): void {
  const entries = readdirSync(from, { withFileTypes: true })
  rmSync(to, { recursive: true, force: true })
  mkdirSync(to, { recursive: true })
  for (const entry of entries) {
    const source = join(from, entry.name)
    const target = join(to, entry.name)
    if (entry.isDirectory()) linkTree(source, target)
    else if (entry.isFile()) {
      try {
        linkSync(source, target)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EMLINK') throw error
        copyFileSync(source, target)
      }
    }
  }
}
