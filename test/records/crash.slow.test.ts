import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCorpus } from '../../scripts/gen-corpus.ts'
import { readRecord } from '../../src/records/record.ts'
import { bin, scrollback } from '../helpers/cli.ts'

/** Every record in the folder reads back valid; returns how many there are. */
function allValid(content: string): number {
  const dir = join(content, 'stories')
  if (!existsSync(dir)) return 0
  const names = readdirSync(dir)
  for (const name of names.filter((n) => n.endsWith('.md'))) {
    const result = readRecord(readFileSync(join(dir, name), 'utf8'))
    expect(result.messages, name).toEqual([])
    expect(result.record!.edited, name).toBe(false)
  }
  return names.filter((n) => n.endsWith('.md')).length
}

/** Start `scrollback ingest`; resolves when it exits. */
function start(content: string): { child: ReturnType<typeof spawn>; done: Promise<number | null> } {
  const child = spawn(process.execPath, [bin, 'ingest', '--content', content], { stdio: 'ignore' })
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve(code))) }
}

/** Stories of the corpus the kill test ingests. */
const STORIES = 200

describe('crashes and concurrent writers', () => {
  it('kill -9 at any moment leaves every record whole, and the next ingest finishes the job', async () => {
    const content = join(mkdtempSync(join(tmpdir(), 'scrollback-kill-')), 'content')
    // Many more stories than the last kill waits for: on a busy machine the ingest must not finish the rest between
    // the check that the target is reached and the kill (with 60, a busy CI run once found all 60 written when the kill came).
    await writeCorpus(join(content, 'dumps'), STORIES, { seed: 7 })
    const records = (): number => (existsSync(join(content, 'stories')) ? readdirSync(join(content, 'stories')).filter((n) => n.endsWith('.md')).length : 0)
    // Kill while records are being written: when 10, 25, then 40 of them exist.
    for (const target of [10, 25, 40]) {
      const run = start(content)
      while (records() < target) await new Promise((resolve) => setTimeout(resolve, 5))
      run.child.kill('SIGKILL')
      await run.done
      const count = allValid(content)
      expect(count).toBeGreaterThanOrEqual(target)
      expect(count).toBeLessThan(STORIES)
    }
    // Then while changed dumps rewrite existing records: killed once the first is rewritten.
    for (const name of readdirSync(join(content, 'dumps'))) {
      const path = join(content, 'dumps', name)
      writeFileSync(path, readFileSync(path, 'utf8') + 'Late comment (Score:1)\nAdded after the kill.\n')
    }
    const stories = join(content, 'stories')
    // A record is rewritten by renaming a whole new file over it: a file whose inode changed is read, the others are not
    // (reading them all every few milliseconds took a core from the ingest it watched).
    const inodes = new Map(readdirSync(stories).map((name) => [name, statSync(join(stories, name)).ino]))
    const rewritten = (): boolean =>
      readdirSync(stories).some((name) => {
        if (!name.endsWith('.md')) return false
        const path = join(stories, name)
        try {
          return statSync(path).ino !== inodes.get(name) && readFileSync(path, 'utf8').includes('Added after the kill.')
        } catch {
          return false // replaced between listing and looking
        }
      })
    const run = start(content)
    while (!rewritten()) await new Promise((resolve) => setTimeout(resolve, 5))
    run.child.kill('SIGKILL')
    await run.done
    allValid(content)
    const final = scrollback(['ingest', '--content', content])
    expect(final.status).toBe(0)
    expect(allValid(content)).toBe(STORIES)
    expect(readdirSync(join(content, 'stories')).filter((name) => !name.endsWith('.md'))).toEqual([])
  })

  it('two ingests at once take turns (a lock) and corrupt nothing', async () => {
    const content = join(mkdtempSync(join(tmpdir(), 'scrollback-lock-')), 'content')
    await writeCorpus(join(content, 'dumps'), 30, { seed: 8 })
    const [a, b] = [start(content), start(content)]
    expect(await a.done).toBe(0)
    expect(await b.done).toBe(0)
    expect(allValid(content)).toBe(30)
    expect(readdirSync(content)).not.toContain('.scrollback.lock')
  })
})
