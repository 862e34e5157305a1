import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/io/atomic.ts'
import { WorkerPool } from '../../src/workers/pool.ts'

describe('atomic writes', () => {
  it('a reader never sees half a file while it is being replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-atomic-'))
    const path = join(dir, 'record.md')
    const size = 2 * 1024 * 1024
    const versions = ['a', 'b'].map((char) => char.repeat(size))
    writeFileSync(path, versions[0]!)
    let writing = true
    const seen: string[] = []
    const reader = (async () => {
      while (writing) {
        const text = readFileSync(path, 'utf8')
        seen.push(text.length === size && (text === versions[0] || text === versions[1]) ? 'whole' : `partial (${text.length} bytes)`)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    for (let i = 1; i <= 8; i++) await writeFileAtomic(path, versions[i % 2]!)
    writing = false
    await reader
    expect(seen.length).toBeGreaterThan(8)
    expect(seen.filter((state) => state !== 'whole')).toEqual([])
    expect(readdirSync(dir)).toEqual(['record.md'])
  })

  it('two threads of one process replacing one file at once each use a temporary file of their own', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-replace-'))
    const path = join(dir, 'story.json')
    const pool = new WorkerPool<{ path: string; text: string; times: number }, number>(new URL('./replace-task.ts', import.meta.url), { workers: 2, batch: 1 })
    try {
      const texts = ['{"from":"one"}', '{"from":"two"}']
      expect(await pool.map(texts.map((text) => ({ path, text, times: 2000 })))).toEqual([2000, 2000])
      expect(texts).toContain(readFileSync(path, 'utf8'))
      expect(readdirSync(dir)).toEqual(['story.json'])
    } finally {
      await pool.close()
    }
  })
})
