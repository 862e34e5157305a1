#!/usr/bin/env -S node --max-old-space-size=1536
// The `scrollback` executable: loads the TypeScript sources through tsx. Its
// heap is capped (the line above; npm scripts pass the same flag) so that V8
// collects garbage before the process grows past what a build needs: a
// build renders the site in parts and keeps well under the cap.
import { register } from 'tsx/esm/api'

// A reader that stops early (`scrollback parse … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})
register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
