#!/usr/bin/env -S node --max-old-space-size=1280
// The `scrollback` executable. It runs the JavaScript that `npm run compile`
// (run by `npm install` and `npm test`) bundles of the sources in `dist/`, and
// the TypeScript sources through tsx when that is missing or older than a
// source or the lock file (a source edited, or a package installed, since):
// never stale code, and no transpiling when the compiled code is current.
// Its heap is capped (the line above; npm scripts pass the same flag) so that
// V8 collects garbage before the process grows past what a build needs: a
// build renders the site in parts and keeps well under the cap.
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

// A reader that stops early (`scrollback parse … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})

const sources = join(import.meta.dirname, '..')
const compiled = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'main.js')
const lockFile = join(import.meta.dirname, '..', '..', 'package-lock.json')

/**
 * Whether `dist/` is at least as new as every TypeScript source and the lock
 * file: `dist/` holds the packages it bundles, and `npm install <package>`
 * (which does not compile) rewrites the lock file.
 */
function compiledIsCurrent() {
  let built
  try {
    built = statSync(compiled).mtimeMs
  } catch {
    return false
  }
  if ((statSync(lockFile, { throwIfNoEntry: false })?.mtimeMs ?? 0) > built) return false
  return readdirSync(sources, { recursive: true, withFileTypes: true }).every(
    (entry) => !entry.isFile() || !entry.name.endsWith('.ts') || statSync(join(entry.parentPath, entry.name)).mtimeMs <= built
  )
}

let main
if (compiledIsCurrent()) ({ main } = await import(compiled))
else {
  const { register } = await import('tsx/esm/api')
  register()
  ;({ main } = await import('./main.ts'))
}
process.exitCode = await main(process.argv.slice(2))
