import { mkdtempSync, readdirSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCorpus } from '../../scripts/gen-corpus.ts'
import { ingest } from '../../src/records/ingest.ts'

describe('ingest in worker threads', () => {
  it('writes exactly the records this thread writes', async () => {
    const now = new Date('2026-01-01T00:00:00Z')
    const folders = await Promise.all(
      [false, true].map(async (workers) => {
        const content = join(mkdtempSync(join(tmpdir(), 'scrollback-workers-')), 'content')
        await writeCorpus(join(content, 'dumps'), 40, { seed: 3 })
        const outcomes = await ingest({ content, workers, now })
        expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(40).fill('written'))
        return join(content, 'stories')
      })
    )
    const [inline, parallel] = folders as [string, string]
    expect(readdirSync(parallel)).toEqual(readdirSync(inline))
    for (const name of readdirSync(inline)) expect(readFileSync(join(parallel, name), 'utf8')).toBe(readFileSync(join(inline, name), 'utf8'))
  })
})
