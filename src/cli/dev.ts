/**
 * `npm run dev -- <command> [options]`: the command line from the
 * TypeScript sources, through tsx, with nothing compiled. The `scrollback`
 * executable runs the compiled code (`dist/`, `npm run compile`).
 */
import { runProcess } from './main.ts'

await runProcess(process.argv.slice(2))
