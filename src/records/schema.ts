/**
 * The schema of a record's front matter, checked whenever a record is read.
 */
import * as z from 'zod'
import { COMMENT_ID } from '../parse/ids.ts'

const parentBy = z.enum(['root', 'quote', 'subject', 'inline-quote', 'order'])

/** One comment in a record. Maintainers may add `author`, `date` and `hidden`. `seen`: its score and label in each capture that has it (a record of several captures). */
export const commentSchema = z.strictObject({
  id: z.string().regex(COMMENT_ID, 'a comment id is `c` and ten characters a–z or 2–7, maybe with `-2`, `-3`… (as ingest makes them): another id could clash with an id of the page itself'),
  parent: z.string().nullable(),
  parentBy,
  depth: z.number().int().min(0),
  subject: z.string(),
  score: z.number().int(),
  label: z.string().nullable(),
  body: z.string(),
  author: z.string().optional(),
  date: z.union([z.string(), z.date()]).optional(),
  hidden: z.boolean().optional(),
  seen: z.array(z.strictObject({ capture: z.number().int().min(0), score: z.number().int(), label: z.string().nullable() })).optional()
})

/** A record's front matter. Maintainers may add `date`, `url` and `author`. */
export const recordSchema = z.strictObject({
  title: z.string().min(1),
  source: z.string().nullable(),
  commentCount: z.number().int().min(0),
  byline: z.string().nullable(),
  date: z.union([z.string(), z.date()]).optional(),
  url: z.string().optional(),
  author: z.string().optional(),
  dump: z.string(),
  dumpSha256: z.string(),
  captures: z.array(z.strictObject({ dump: z.string(), dumpSha256: z.string(), joined: z.string().optional() })).optional(),
  parser: z.number().int(),
  ingested: z.string(),
  comments: z.array(commentSchema),
  checksum: z.string().optional()
})

/** A record's front matter, checked. */
export type RecordData = z.infer<typeof recordSchema>
/** One comment of a record, checked. */
export type RecordComment = z.infer<typeof commentSchema>
