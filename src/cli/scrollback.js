#!/usr/bin/env node
// The `scrollback` executable: loads the TypeScript sources through tsx.
import { register } from 'tsx/esm/api'

// A reader that stops early (`scrollback parse … | head`) is not an error.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  throw error
})
register()
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
