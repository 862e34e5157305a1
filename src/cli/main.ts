/**
 * The `scrollback` command line: dispatch to a sub-command; the only place
 * that prints, and that turns problems into exit statuses.
 */
import { parseArgs } from 'node:util'
import { buildCommand } from './build-command.ts'
import { checkCommand } from './check-command.ts'
import type { Command, Io } from './command.ts'
import { ingestCommand } from './ingest-command.ts'
import { parseCommand } from './parse-command.ts'
import { formatMessage } from './report.ts'
import { serveCommand } from './serve-command.ts'

/** Every sub-command, in the order `--help` lists them. */
export const commands: Command[] = [parseCommand, ingestCommand, checkCommand, buildCommand, serveCommand]

function overview(): string {
  const width = Math.max(...commands.map((command) => command.name.length))
  return [
    'Usage: scrollback <command> [options]',
    '',
    'Turn Slashdot-style story dumps into a threaded, searchable static archive.',
    '',
    'Commands:',
    ...commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`),
    '',
    'Run `scrollback <command> --help` for a command\'s options.'
  ].join('\n')
}

/**
 * Run the command line.
 *
 * @param argv Arguments after the program name.
 * @param io Where output goes (default: the process's standard streams).
 * @returns The exit status: 0 done, 1 problems in the input, 2 wrong usage.
 */
export async function main(argv: readonly string[], io: Io = processIo()): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview())
    return name === undefined ? 2 : 0
  }
  const command = commands.find((candidate) => candidate.name === name)
  if (!command) return io.usage(`unknown command \`${name}\`\n\n${overview()}`)
  let args
  try {
    args = parseArgs({
      args: [...rest],
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true
    })
  } catch (error) {
    return io.usage(`${(error as Error).message}\nUsage: ${command.usage}`)
  }
  if (args.values.help) {
    io.out(`Usage: ${command.usage}\n\n${command.summary}\n\n${command.help}`)
    return 0
  }
  try {
    return await command.run(args as { values: Record<string, string | boolean | undefined>; positionals: string[] }, io)
  } catch (error) {
    const err = error as NodeJS.ErrnoException
    if (err.code && err.path) {
      io.note(`scrollback ${name}: ${err.path}: ${describeSystemError(err)} [${err.code}]`)
      return 1
    }
    io.note(`scrollback ${name}: ${err.message ?? String(error)}${typeof err.code === 'string' ? ` [${err.code}]` : ''}`)
    return 1
  }
}

/**
 * Run the command line as this process: its arguments, its exit status. The
 * executable (`src/cli/scrollback.js`, compiled code) and `npm run dev` (the
 * sources, `src/cli/dev.ts`) both start here.
 *
 * @param argv Arguments after the program name.
 */
export async function runProcess(argv: readonly string[]): Promise<void> {
  // A reader that stops early (`scrollback parse … | head`) is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  process.exitCode = await main(argv)
}

/** A file-system error in words. */
function describeSystemError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file or folder'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'is a folder, not a file'
    default:
      return error.message
  }
}

/** Output to the process's standard streams. */
export function processIo(): Io {
  return {
    out: (text) => process.stdout.write(text + '\n'),
    note: (text) => process.stderr.write(text + '\n'),
    error: (file, message, source) => process.stderr.write(formatMessage(file, message, source) + '\n'),
    usage(problem) {
      process.stderr.write(`scrollback: ${problem}\n`)
      return 2
    },
    // A progress line is for a person at a terminal: not for CI's log, nor a terminal that cannot clear a line.
    ...(process.stderr.isTTY && !process.env.CI && process.env.TERM !== 'dumb' ? { terminal: process.stderr } : {})
  }
}
