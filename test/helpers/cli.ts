/**
 * Run the real `scrollback` executable, as a user would: the compiled code in
 * `dist/`, which `npm test` makes first (`pretest`); after editing a source,
 * `npm run compile` before running a test file of these alone.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'

/** The executable's path. */
export const bin = join(import.meta.dirname, '..', '..', 'src', 'cli', 'scrollback.js')

/** What a run printed and how it ended. */
export interface Run {
  status: number | null
  stdout: string
  stderr: string
}

/**
 * Run `scrollback` with arguments in a folder.
 *
 * @param args Arguments after the program name.
 * @param cwd Working folder (default: the repository).
 */
export function scrollback(args: readonly string[], cwd?: string): Run {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', timeout: 300_000 })
  return { status: result.status, stdout: result.stdout, stderr: result.stderr }
}
