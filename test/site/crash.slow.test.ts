/**
 * `scrollback build` killed with kill -9 in any of its stages (ingesting,
 * rendering, publishing, indexing) leaves the previous site usable: every
 * page whole, every story's page there; the next build finishes the job.
 */
import { spawn } from 'node:child_process'
import { closeSync, type Dirent, existsSync, fstatSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, watch, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCorpus } from '../../scripts/gen-corpus.ts'
import { bin, scrollback } from '../helpers/cli.ts'

const STORIES = 12
/** Between two looks at the site: often enough to see a build's stages, seldom enough to leave the build the processor. */
const POLL_MS = 5

/**
 * Every HTML file under the site, and whether each is whole. A build may
 * replace or remove a folder while it is listed, so a folder or file that
 * vanishes between listing and reading is skipped, as a reader's request
 * would miss it. The search index's folder holds no page and most of the
 * site's files: it is not listed, so that a look every few milliseconds
 * leaves the build its processor.
 */
function pages(out: string, top = true): { path: string; whole: boolean }[] {
  let entries: Dirent[]
  try {
    entries = readdirSync(out, { withFileTypes: true })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return entries.flatMap((entry) => {
    const path = join(out, entry.name)
    if (entry.isDirectory()) return top && entry.name === 'pagefind' ? [] : pages(path, false)
    if (!entry.isFile() || !entry.name.endsWith('.html')) return []
    let end: string
    try {
      end = tail(path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [] // replaced between listing and reading
      throw error
    }
    return [{ path, whole: end.trimEnd().endsWith('</html>') }]
  })
}

/**
 * A file's last bytes, as they are when it is opened: a page written in place
 * would show a cut end while it is written. Reading only the end lets the
 * reader look often without taking a core from the build it watches.
 */
function tail(path: string): string {
  const fd = openSync(path, 'r')
  try {
    const { size } = fstatSync(fd)
    const bytes = Buffer.alloc(Math.min(size, 64))
    readSync(fd, bytes, 0, bytes.length, size - bytes.length)
    return bytes.toString('latin1')
  } finally {
    closeSync(fd)
  }
}

/** The site is usable: home, every story page, all whole. */
function expectUsable(out: string): void {
  const all = pages(out)
  expect(all.filter((page) => !page.whole).map((page) => page.path)).toEqual([])
  expect(existsSync(join(out, 'index.html'))).toBe(true)
  expect(readdirSync(join(out, 'stories'))).toHaveLength(STORIES)
}

describe('a killed build', () => {
  it('leaves the previous site usable, and the next build finishes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-build-kill-'))
    const content = join(dir, 'content')
    const out = join(dir, '_site')
    const cache = join(dir, '.cache')
    await writeCorpus(join(content, 'dumps'), STORIES, { seed: 11 })
    const args = ['build', '--content', content, '--out', out, '--cache', cache]
    expect(scrollback(args).status).toBe(0)
    expectUsable(out)

    // While a build rewrites every page, a reader never finds one half written.
    for (const name of readdirSync(join(content, 'dumps'))) {
      const path = join(content, 'dumps', name)
      writeFileSync(path, readFileSync(path, 'utf8') + 'Watched (Score:1)\nA comment added while a reader watches.\n')
    }
    const watched = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' })
    let running = true
    const done = new Promise<number | null>((resolve) => watched.on('exit', (code) => {
      running = false
      resolve(code)
    }))
    const torn = new Set<string>()
    let reads = 0
    while (running) {
      for (const page of pages(out)) {
        reads++
        if (!page.whole) torn.add(page.path)
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS))
    }
    expect(await done).toBe(0)
    expect(reads).toBeGreaterThan(STORIES)
    expect([...torn]).toEqual([])

    // A kill in each stage of a build, each when that stage is seen under way (not after a guessed time).
    const record = join(content, 'stories', readdirSync(join(content, 'stories')).find((name) => name.endsWith('.md'))!)
    const page = join(out, 'stories', readdirSync(join(out, 'stories'))[0]!, 'index.html')
    const holds = (path: string, text: string): boolean => {
      try {
        return readFileSync(path, 'utf8').includes(text)
      } catch {
        return false
      }
    }
    // The staging folder and a shard's next index live for a fraction of a second with 12 stories: a look every few
    // milliseconds can miss them on a busy machine, the file system's notice of their making cannot.
    let stagingMade = false
    let nextMade = false
    const watchers = [
      watch(dir, (_event, name) => {
        if (name === basename(`${out}.staging`)) stagingMade = true
      }),
      watch(join(out, 'pagefind'), (_event, name) => {
        if (name?.endsWith('-next')) nextMade = true
      })
    ]
    const stages: [string, (marker: string) => boolean][] = [
      ['ingesting', (marker) => holds(record, marker)],
      ['rendering', () => stagingMade || existsSync(`${out}.staging`)],
      ['publishing', (marker) => holds(page, marker)],
      ['indexing', () => nextMade || readdirSync(join(out, 'pagefind')).some((name) => name.endsWith('-next'))]
    ]
    let last = ''
    for (const [stage, under] of stages) {
      // Every story changes, so that the build rewrites every page and its index.
      last = `A comment added before the kill while ${stage}.`
      for (const name of readdirSync(join(content, 'dumps'))) {
        const path = join(content, 'dumps', name)
        writeFileSync(path, readFileSync(path, 'utf8') + `Killed while ${stage} (Score:1)\n${last}\n`)
      }
      stagingMade = nextMade = false
      const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' })
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
      while (child.exitCode === null && !under(last)) await new Promise((resolve) => setTimeout(resolve, POLL_MS))
      expect(child.exitCode, `the build ended before it was seen ${stage}`).toBeNull()
      expect(child.kill('SIGKILL')).toBe(true)
      await exited
      expectUsable(out)
    }
    for (const watcher of watchers) watcher.close()
    const final = scrollback(args)
    expect(final.status).toBe(0)
    expectUsable(out)
    const story = readFileSync(join(out, 'stories', readdirSync(join(out, 'stories'))[0]!, 'index.html'), 'utf8')
    expect(story).toContain(last)
  })
})

describe('two builds at once', () => {
  it('take turns, and both succeed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-build-twice-'))
    const content = join(dir, 'content')
    await writeCorpus(join(content, 'dumps'), 6, { seed: 12 })
    const args = ['build', '--content', content, '--out', join(dir, '_site'), '--cache', join(dir, '.cache')]
    const runs = [0, 1].map(() => {
      const child = spawn(process.execPath, [bin, ...args], { stdio: 'ignore' })
      return new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    })
    expect(await Promise.all(runs)).toEqual([0, 0])
    expectSite(join(dir, '_site'), 6)
  })
})

/** Every page whole and one page per story. */
function expectSite(out: string, stories: number): void {
  expect(pages(out).filter((page) => !page.whole)).toEqual([])
  expect(readdirSync(join(out, 'stories'))).toHaveLength(stories)
  expect(existsSync(`${out}.staging`)).toBe(false)
  expect(existsSync(`${out}.staging.lock`)).toBe(false)
}
