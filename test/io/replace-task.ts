/** A pool task module: replace one file many times, as the render cache does from two threads. */
import { replaceFileSync } from '../../src/io/atomic.ts'

/** Write `text` to `path` `times` times; how many writes were made. */
export function handle(input: { path: string; text: string; times: number }): number {
  for (let i = 0; i < input.times; i++) replaceFileSync(input.path, input.text)
  return input.times
}
