import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CUT_MIN_LENGTH, endsCutShort } from '../../src/parse/cut-short.ts'
import { readRecord } from '../../src/records/record.ts'

/** A long enough text ending as given. */
const long = (end: string) => `${'word '.repeat(CUT_MIN_LENGTH / 5)}${end}`

describe('endsCutShort', () => {
  it('reads a long text that stops mid-word or mid-sentence as cut short', () => {
    for (const end of ['but here are c', 'Because he HAD to have', 'version 2', 'and then,', 'kernel re-']) expect(endsCutShort(long(end)), end).toBe(true)
  })

  it('reads a sentence that ends, a quote, a bracket, an ellipsis or a link as whole', () => {
    for (const end of ['the end.', 'really?', 'wow!', '"Ooo Rust".', 'Rustscript! (ducks)', 'decisions ...', 'see \\[youtube.com\\]', 'erors"', ':-)']) expect(endsCutShort(long(end)), end).toBe(false)
  })

  it('reads a short text as whole, punctuated or not', () => {
    expect(endsCutShort('Thanks')).toBe(false)
    expect(endsCutShort('')).toBe(false)
  })

  it('finds the 17 comments of the sample that end cut short', () => {
    const text = readFileSync(join(import.meta.dirname, '..', '..', 'content', 'stories', 'rust-in-linux-no-longer-experimental.md'), 'utf8')
    const comments = readRecord(text).record!.data.comments
    expect(comments).toHaveLength(74)
    expect(comments.filter((comment) => endsCutShort(comment.body))).toHaveLength(17)
  })
})
