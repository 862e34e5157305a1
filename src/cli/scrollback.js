#!/usr/bin/env -S node --max-old-space-size=1280
// The `scrollback` executable: it runs the compiled code in `dist/`, which
// `npm run compile` makes of the sources (run by `npm install`, `npm ci` and
// `npm test`). `npm run dev -- <args>` runs the sources instead, through tsx.
// Its heap is capped (the line above; npm scripts pass the same flag) so that
// V8 collects garbage before the process grows past what a build needs: a
// build renders the site in parts and keeps well under the cap.
import { existsSync } from 'node:fs'
import module from 'node:module'
import { fileURLToPath } from 'node:url'

const compiled = new URL('../../dist/cli/main.js', import.meta.url)
if (!existsSync(compiled)) {
  process.stderr.write(`scrollback: no compiled code (${fileURLToPath(compiled)} is missing): run \`npm run compile\`, or \`npm run dev -- <command>\` to run the sources\n`)
  process.exit(1)
}
// Node 22.1 and later keep the compiled bytecode of modules between runs (a folder under the system's temporary one); Node 20 has no such cache.
module.enableCompileCache?.()
const { runProcess } = await import(compiled)
await runProcess(process.argv.slice(2))
