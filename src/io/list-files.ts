/**
 * The files of a content folder.
 */
import { readdir } from 'node:fs/promises'
import { resolve } from 'node:path'

/**
 * Visible regular files of a folder, sorted; none when the folder is missing.
 *
 * @param dir The folder.
 * @param extension How names end (`''` for any).
 */
export async function listFiles(dir: string, extension: string): Promise<string[]> {
  try {
    const entries = await readdir(resolve(dir), { withFileTypes: true })
    return entries
      .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && entry.name.endsWith(extension))
      .map((entry) => entry.name)
      .sort()
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
}
