/**
 * The benchmark's phrases come with the address of the comment that says
 * them: a dump that another story took in as a later capture has no page
 * of its own, so a phrase is never taken from it.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { generateDump } from '../../scripts/gen-corpus.ts'
import { samplePhrases } from '../../scripts/phrases.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A content folder of `count` generated dumps; records (stand-ins: the sampler reads their names) for those `paged` says. */
function content(count: number, paged: (index: number) => boolean): { dumps: string; names: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'scrollback-phrases-'))
  made.push(dir)
  const dumps = join(dir, 'dumps')
  mkdirSync(dumps)
  mkdirSync(join(dir, 'stories'))
  const names: string[] = []
  for (let i = 0; i < count; i++) {
    const dump = generateDump(i)
    writeFileSync(join(dumps, dump.name), dump.text)
    names.push(basename(dump.name, '.txt'))
    if (paged(i)) writeFileSync(join(dir, 'stories', `${basename(dump.name, '.txt')}.md`), '---\n---\n')
  }
  return { dumps, names }
}

describe('phrases for the benchmark', () => {
  it('come from dumps with a page of their own: one taken in by another story is passed over for the next', async () => {
    const all = content(6, () => true)
    const every = await samplePhrases(all.dumps, 3)
    const slugs = every.map((phrase) => /^\/stories\/([^/]+)\//.exec(phrase.url)![1]!)
    expect(new Set(slugs).size).toBe(3)
    // The same archive, the first story sampled now a capture of another: its next one is taken.
    const first = all.names.indexOf(slugs[0]!)
    const merged = content(6, (index) => index !== first)
    const now = (await samplePhrases(merged.dumps, 3)).map((phrase) => /^\/stories\/([^/]+)\//.exec(phrase.url)![1]!)
    expect(now).not.toContain(slugs[0])
    expect(now[0]).toBe(merged.names[first + 1])
    expect(now.slice(1)).toEqual(slugs.slice(1))
  })
})
