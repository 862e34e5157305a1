/**
 * Publish a build: move every file Eleventy wrote into a staging folder over
 * its place in the site, one atomic rename each. A build killed at any
 * moment leaves every page of the site whole: the old one or the new one.
 */
import { randomBytes } from 'node:crypto'
import { copyFile, mkdir, readdir, rename as renameFile, rm } from 'node:fs/promises'
import { basename, dirname, join, relative } from 'node:path'

/** Configuration for {@link publish}. */
export interface Options {
  /** How a file is renamed (default: `fs.promises.rename`); a seam for tests of other file systems. */
  rename?: (from: string, to: string) => Promise<void>
}

/**
 * Move a staging folder's files into the site folder, replacing files of the
 * same name, then remove the staging folder. When the site is on another
 * file system than the staging folder (it is a mount point), a rename cannot
 * cross: the file is copied beside its place and renamed there, still whole.
 *
 * @param staging The folder Eleventy wrote to.
 * @param site The site's folder.
 * @param options Configuration (default: `{}`).
 * @returns How many files were moved.
 */
export async function publish(staging: string, site: string, options: Options = {}): Promise<number> {
  const rename = options.rename ?? renameFile
  let moved = 0
  const made = new Set<string>()
  for (const entry of await readdir(staging, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const from = join(entry.parentPath, entry.name)
    const to = join(site, relative(staging, from))
    const folder = dirname(to)
    if (!made.has(folder)) {
      await mkdir(folder, { recursive: true })
      made.add(folder)
    }
    try {
      await rename(from, to)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
      await copyInto(from, to, rename)
    }
    moved++
  }
  await rm(staging, { recursive: true, force: true })
  return moved
}

/** Copy a file to a temporary name beside its place (same file system), then rename it over the place. */
async function copyInto(from: string, to: string, rename: (from: string, to: string) => Promise<void>): Promise<void> {
  const temporary = join(dirname(to), `.${basename(to)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
  try {
    await copyFile(from, temporary)
    await rename(temporary, to)
  } catch (error) {
    await rm(temporary, { force: true })
    throw error
  }
}

/**
 * The staging folder of a build of a site: beside it, so that renames stay
 * on one file system (when the site is not a mount point; see {@link publish}).
 *
 * @param site The site's folder.
 */
export function stagingFor(site: string): string {
  return `${site.replace(/[\\/]+$/, '')}.staging`
}
