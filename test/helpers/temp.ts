/**
 * Temporary folders of a test file, removed once its tests are done.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll } from 'vitest'

/**
 * Make temporary folders for the calling test file; every one is removed after its tests.
 *
 * @param prefix The start of each folder's name (`scrollback-render-`).
 * @returns A function that makes a new, empty folder and gives its path.
 */
export function tempFolders(prefix: string): () => string {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })
  return () => {
    const dir = mkdtempSync(join(tmpdir(), prefix))
    dirs.push(dir)
    return dir
  }
}
