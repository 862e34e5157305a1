import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeFileAtomic } from '../../src/records/atomic.ts'

describe('atomic writes', () => {
  it('a reader never sees half a file while it is being replaced', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-atomic-'))
    const path = join(dir, 'record.md')
    const size = 8 * 1024 * 1024
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
})
