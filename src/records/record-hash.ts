/**
 * What a record is known by, from the scan to the render cache: the hex
 * SHA-256 of its file's text. A module of its own, so that a scan that only
 * compares hashes loads no record reader.
 */
import { createHash } from 'node:crypto'

/**
 * A record file's hash: a record whose text has this hash is the record as
 * it was read.
 *
 * @param text The record file's text.
 * @returns The hex SHA-256 of the text.
 */
export function recordHash(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
