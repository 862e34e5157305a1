/**
 * A record made by an older parser, read as this parser would have made it:
 * what a maintainer added to it is keyed by comment id, and ids it gave
 * differently must be renamed before those fields are matched.
 */
import { upgradedIds } from '../parse/ids.ts'
import type { RecordData } from './schema.ts'

/**
 * Rename the comment ids an older parser gave differently (see `upgradedIds`),
 * in each comment's `id` and `parent`.
 *
 * @param data A record's checked front matter.
 * @returns The same data when no id changed, else a copy with the ids renamed.
 */
export function upgradeRecordIds(data: RecordData): RecordData {
  const renamed = upgradedIds(data.comments.map((comment) => ({ id: comment.id, subject: comment.subject, empty: comment.body.trim() === '' })))
  if (renamed.size === 0) return data
  const rename = (id: string): string => renamed.get(id) ?? id
  return { ...data, comments: data.comments.map((comment) => ({ ...comment, id: rename(comment.id), parent: comment.parent === null ? null : rename(comment.parent) })) }
}
