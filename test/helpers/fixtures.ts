/**
 * Fixture folders: one case a folder, `input.txt` and the expected output beside it.
 * `UPDATE=1 npm test` rewrites the expected files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'

/** The repository's test folder. */
export const testDir = join(import.meta.dirname, '..')

/** Case folders under `test/<folder>`, by name. */
export function cases(folder: string): { name: string; dir: string }[] {
  const root = join(testDir, folder)
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({ name: entry.name, dir: join(root, entry.name) }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * Compare a value with `expected.json` (or another file) in a case folder;
 * with `UPDATE=1`, write it instead.
 */
export function expectFile(dir: string, name: string, actual: unknown): void {
  const path = join(dir, name)
  const text = typeof actual === 'string' ? actual : JSON.stringify(actual, null, 2) + '\n'
  if (process.env.UPDATE === '1' || !existsSync(path)) {
    writeFileSync(path, text)
    return
  }
  expect(text).toBe(readFileSync(path, 'utf8'))
}
