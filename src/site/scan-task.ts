/**
 * Read one record whole for the scan (`src/site/scan.ts`): check it, sum it
 * up, count its labels and hash its text. The scan runs it on its own thread
 * for a few records, and in worker threads for many (a `WorkerPool` task:
 * `handle`).
 */
import { readFileSync } from 'node:fs'
import type { Message } from '../parse/types.ts'
import { readRecord, type ReadResult } from '../records/record.ts'
import { recordHash } from '../records/record-hash.ts'
import { storyDate, summarize, type StorySummary } from './summary.ts'

/** A record to read, and the slug its story takes. */
export interface ScanInput {
  file: string
  slug: string
}

/** What the site keeps of a record that reads well, with the problems found on the way. */
export interface ScanOutput {
  /** `null` when the record does not read as one (its problems say why). */
  read: { sha256: string; summary: StorySummary; labels: [label: string, count: number][] } | null
  messages: Message<string>[]
}

/**
 * Read a record.
 *
 * @param input The record's file and its story's slug.
 * @returns What the site keeps of it, and its problems.
 */
export function handle({ file, slug }: ScanInput): ScanOutput {
  return scanText(readFileSync(file, 'utf8'), slug)
}

/**
 * What the scan keeps of a record's text. Pure. Ingest, which reads each
 * record it writes for the render cache, gives the scan this too (see
 * `make-record.ts`), so that the scan need not read that record again.
 *
 * @param text The record file's text.
 * @param slug Its story's slug.
 * @param result The text read as a record, when it was already (default: read now).
 * @returns What the site keeps of it, and its problems.
 */
export function scanText(text: string, slug: string, result: ReadResult = readRecord(text)): ScanOutput {
  if (!result.record) return { read: null, messages: result.messages }
  // A Map, not an object: a label may be named `constructor` or `__proto__`.
  const labels = new Map<string, number>()
  for (const comment of result.record.data.comments) {
    if (comment.hidden !== true && comment.label !== null) labels.set(comment.label, (labels.get(comment.label) ?? 0) + 1)
  }
  const sha256 = recordHash(text)
  // Copied flat: the strings the YAML reader cut from the text (a title, a label) would keep the whole text alive
  // for as long as the scan's result is kept (200 records of 56 KB: 22.5 MB held, 1.4 MB copied).
  return structuredClone({ read: { sha256, summary: summarize(slug, result.record, storyDate(result.record)), labels: [...labels] }, messages: result.messages })
}
