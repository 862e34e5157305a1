/**
 * Publish a build: move every file Eleventy wrote into a staging folder over
 * its place in the site, one atomic rename each. A build killed at any
 * moment leaves every page of the site whole: the old one or the new one.
 */
import { mkdir, readdir, rename, rm } from 'node:fs/promises'
import { dirname, join, relative } from 'node:path'

/**
 * Move a staging folder's files into the site folder, replacing files of the
 * same name, then remove the staging folder.
 *
 * @param staging The folder Eleventy wrote to.
 * @param site The site's folder.
 * @returns How many files were moved.
 */
export async function publish(staging: string, site: string): Promise<number> {
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
    await rename(from, to)
    moved++
  }
  await rm(staging, { recursive: true, force: true })
  return moved
}

/**
 * The staging folder of a build of a site: beside it, so that renames stay
 * on one file system.
 *
 * @param site The site's folder.
 */
export function stagingFor(site: string): string {
  return `${site.replace(/[\\/]+$/, '')}.staging`
}
