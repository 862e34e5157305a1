import { readFileSync } from 'node:fs'

/** A pool task module: doubles a number; ends its worker thread without answering on a negative one, and reads a missing file on zero. */
export function handle(input: number): number {
  if (input < 0) process.exit(3)
  if (input === 0) readFileSync('/no-such-folder/no-such-file')
  return input * 2
}
