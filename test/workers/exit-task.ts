/** A pool task module whose task ends its worker thread without answering. */
export function handle(input: number): number {
  if (input < 0) process.exit(3)
  return input * 2
}
