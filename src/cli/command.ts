/**
 * What a sub-command of `scrollback` is.
 */
import type { ParseArgsConfig } from 'node:util'
import type { Message } from '../parse/types.ts'
import type { ProgressStream } from './progress.ts'

/** Output of a command: what it prints, and how it reports problems. */
export interface Io {
  /** Print a line on standard output. */
  out(text: string): void
  /** Print a note on standard error. */
  note(text: string): void
  /** Report a problem in a file as `file:line:column: message [CODE]`. */
  error(file: string, message: Message<string>, source?: string): void
  /** Report wrong usage; returns the exit status for it. */
  usage(problem: string): number
  /** Where a long command shows its progress line (standard error; only a terminal shows it, see `ProgressDisplay`). */
  terminal?: ProgressStream
}

/** A sub-command. */
export interface Command {
  name: string
  usage: string
  summary: string
  help: string
  options: NonNullable<ParseArgsConfig['options']>
  /** Run with parsed arguments; resolves to the exit status. */
  run(args: { values: Record<string, string | boolean | undefined>; positionals: string[] }, io: Io): Promise<number>
}
