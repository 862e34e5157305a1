/**
 * The build's second stage: scan every record before anything is written
 * (`scanRecords`, `src/site/scan.ts`). Unchanged records are known by their
 * file's stamp, those ingest wrote by their hash against what ingest read;
 * the others are read and checked. A bad record stops the build with
 * nothing written: its problems come back as data.
 */
import type { SiteOptions } from '../options.ts'
import { scanRecords, type Problem, type ScannedRecord } from '../scan.ts'
import type { ScanOutput } from '../scan-task.ts'

/** What {@link scanStage} takes. */
export interface ScanInput {
  /** The build's configuration (`content`, `cache`, `workers`). */
  site: SiteOptions
  /** What ingest made of the records it wrote, by absolute path: taken instead of reading them again. */
  given?: ReadonlyMap<string, ScanOutput>
  /** Told, before they are read, that records changed since the last build (their pages are to be rendered). */
  onRead?: (records: number) => void
}

/** What {@link scanStage} found: every record, or the records' problems. */
export type ScanResult = { ok: true; records: ScannedRecord[]; read: number; ms: number } | { ok: false; problems: Problem[] }

/**
 * Scan and check every record.
 *
 * @param input What to scan.
 * @returns The records (`read`: how many were read, the others unchanged; `ms`: the time it took), or the problems, each placed in its file.
 */
export async function scanStage(input: ScanInput): Promise<ScanResult> {
  const start = performance.now()
  const { site, given, onRead } = input
  const { records, problems, read } = await scanRecords(site.content, site.cache, { workers: site.workers, onRead, given })
  if (problems.length > 0) return { ok: false, problems }
  return { ok: true, records, read, ms: Math.round(performance.now() - start) }
}
