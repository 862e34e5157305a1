/**
 * Report what ingesting did, for `ingest` and `build`.
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import type { IngestOutcome, IngestStatus } from '../records/ingest.ts'
import type { Io } from './command.ts'

/** Problems about the file as a whole: there is no line of it to show. */
const wholeFile = new Set(['TOO_LARGE', 'UNREADABLE', 'NOT_TEXT', 'RECORD_UNREADABLE'])

/**
 * Print each dump's problems (fatal ones with their line and a caret) and
 * each record written.
 *
 * @param outcomes What ingest did, dump by dump.
 * @param io Where to print.
 * @returns How many dumps ended in each status.
 */
export async function reportIngest(outcomes: readonly IngestOutcome<unknown>[], io: Io): Promise<Record<IngestStatus, number>> {
  const counts: Record<IngestStatus, number> = { written: 0, unchanged: 0, 'kept-edit': 0, failed: 0 }
  for (const outcome of outcomes) {
    counts[outcome.status]++
    for (const { file, message } of outcome.messages) {
      const showLine = message.severity === 'fatal' && !wholeFile.has(message.code)
      io.error(shown(file), message, showLine ? await readFile(file, 'utf8').catch(() => undefined) : undefined)
    }
    if (outcome.status === 'written') io.note(`wrote ${shown(outcome.record)}`)
  }
  return counts
}

/**
 * A path as the user should see it: relative to the working folder.
 *
 * @param path Any path.
 */
export function shown(path: string): string {
  return relative(process.cwd(), path) || path
}
