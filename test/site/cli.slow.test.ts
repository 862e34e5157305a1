/**
 * `scrollback build` and `scrollback serve`, run through the command line's
 * entry point with a recording output.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { Io } from '../../src/cli/command.ts'
import { main } from '../../src/cli/main.ts'
import { formatMessage } from '../../src/cli/report.ts'
import { serveSite } from '../../src/site/serve.ts'
import { fixtures, sampleDump, tempContent } from './build-fixture.ts'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { buildAndReport } from '../../src/cli/build-command.ts'
import type { HostLimit } from '../../src/site/hosts.ts'
import { rebuiltNote } from '../../src/cli/serve-command.ts'

/** An output that records what a command prints. */
function recorder(): Io & { stdout: string[]; stderr: string[] } {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    stdout,
    stderr,
    out: (text) => stdout.push(text),
    note: (text) => stderr.push(text),
    error: (file, message, source) => stderr.push(formatMessage(file, message, source)),
    usage: (problem) => {
      stderr.push(problem)
      return 2
    }
  }
}

const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('scrollback build', () => {
  it('ingests new dumps, builds, and says what it did', async () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    const io = recorder()
    const args = ['build', '--content', join(dir, 'content'), '--out', join(dir, 'out'), '--cache', join(dir, 'cache')]
    expect(await main(args, io)).toBe(0)
    expect(io.stderr.join('\n')).toMatch(/wrote .*rust-in-linux-no-longer-experimental\.md/)
    expect(io.stderr.at(-2)).toMatch(
      /^build: 1 story, 74 comments → .* s: 69 of 69 distinct bodies and 1 of 1 story pages rendered \(the rest unchanged\); search index of 1 page in 1 shard \(1 written\) in \d+\.\d\d s$/
    )
    expect(io.stderr.at(-1)).toMatch(/^build: the site is [\d,]+ files, \d+\.\d MB: within the limits of every host checked/)
    // Again: nothing to ingest, nothing to render; the index is built again, whole.
    const again = recorder()
    expect(await main(args, again)).toBe(0)
    expect(again.stderr.at(-2)).toMatch(/: 0 of 0 distinct bodies and 0 of 1 story pages rendered \(the rest unchanged\); search index of 1 page in 1 shard \(0 written\) in /)

    const server = await serveSite({ dir: join(dir, 'out'), port: 0, host: '127.0.0.1' })
    try {
      const story = await fetch(`${server.url}stories/rust-in-linux-no-longer-experimental/`)
      expect(story.status).toBe(200)
      expect(story.headers.get('content-type')).toMatch(/^text\/html/)
      const missing = await fetch(`${server.url}no/such/page`)
      expect(missing.status).toBe(404)
      expect(await missing.text()).toContain('Not found')
      expect((await fetch(`${server.url}assets/site.css`)).headers.get('content-type')).toMatch(/^text\/css/)
      // The search index is served with the site: its list of shards, and each shard's bundle.
      expect(await (await fetch(`${server.url}pagefind/shards.json`)).json()).toMatchObject({ shards: [{ name: 's0000', stories: 1 }] })
      expect((await fetch(`${server.url}pagefind/s0000/pagefind.js`)).headers.get('content-type')).toMatch(/javascript/)
      expect((await fetch(`${server.url}pagefind/s0000/wasm.en.pagefind`)).status).toBe(200)
    } finally {
      await server.close()
    }
  })

  it('reports bad records as file:line:column: message [CODE], with the line, and fails', async () => {
    const dir = tempContent(join(fixtures, 'invalid-record', 'content'))
    dirs.push(dir)
    const io = recorder()
    expect(await main(['build', '--content', join(dir, 'content'), '--out', join(dir, 'out'), '--cache', join(dir, 'cache')], io)).toBe(1)
    const text = io.stderr.join('\n')
    expect(text).toMatch(/broken\.md:18:12: front matter at `comments\.0\.score`: .* \[RECORD_SCHEMA\]\n {2}    score: high\n {2}\s+\^/)
    expect(text).toMatch(/undated\.md:9:7: .* \[BAD_DATE\]/)
    expect(text).toMatch(/nothing written/)
    expect(text).not.toMatch(/^\s+at /m)
  })

  it('shows its progress on one updating line of a terminal, and prints nothing of it elsewhere', async () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    const args = ['build', '--content', join(dir, 'content'), '--out', join(dir, 'out'), '--cache', join(dir, 'cache')]
    const writes: string[] = []
    const io = { ...recorder(), terminal: { isTTY: true, columns: 120, write: (text: string) => writes.push(text) } }
    expect(await main(args, io)).toBe(0)
    // Each stage, in order, on one line rewritten in place, taken away before the summary.
    const lines = writes.map((text) => text.replace(/^\r\x1b\[2K/, ''))
    expect(writes.every((text) => text.startsWith('\r\x1b[2K'))).toBe(true)
    expect(lines).toEqual(expect.arrayContaining(['build: ingesting 1 of 1 record (100%)', 'build: rendering 1 of 1 story page (100%)', 'build: indexing 1 of 1 search shard (100%)']))
    expect(lines.findIndex((line) => line.includes('ingesting'))).toBeLessThan(lines.findIndex((line) => line.includes('rendering')))
    expect(lines.findIndex((line) => line.includes('rendering'))).toBeLessThan(lines.findIndex((line) => line.includes('indexing')))
    expect(lines.at(-1)).toBe('')
    expect(io.stderr.join('\n')).not.toMatch(/ingesting|rendering \d|indexing/)
    // Without a terminal: nothing of it (the recorder above has none).
    const plain = recorder()
    expect(await main([...args], plain)).toBe(0)
    expect(plain.stderr.join('\n')).not.toMatch(/ingesting|rendering \d|indexing|\r/)
  })

  it('refuses a --url that is not an address', async () => {
    const io = recorder()
    expect(await main(['build', '--url', 'example'], io)).toBe(2)
  })
})

describe('scrollback serve', () => {
  it('says so when there is no built site', async () => {
    const dir = tempContent([])
    dirs.push(dir)
    const io = recorder()
    expect(await main(['serve', '--out', join(dir, 'nothing'), '--port', '0'], io)).toBe(1)
    expect(io.stderr.join('\n')).toMatch(/holds no built site .* run `scrollback build` first/)
  })

  it('after a rebuild that wrote pages but could not ingest a dump, says the site changed, not that it is served as it was', async () => {
    const dir = tempContent([])
    dirs.push(dir)
    writeFileSync(join(dir, 'content', 'dumps', 'good.txt'), 'Good (example.org) 1\nText.\nA (Score:1)\nA comment.\n')
    writeFileSync(join(dir, 'content', 'dumps', 'bad.txt'), Buffer.from('Bad (example.org) 1\nText.\nA (Score:1)\nbad \xff byte.\n', 'latin1'))
    const report = await buildAndReport({ out: join(dir, 'out'), content: join(dir, 'content'), cache: join(dir, 'cache') }, recorder())
    expect(report).toMatchObject({ status: 1, pages: true })
    expect(existsSync(join(dir, 'out', 'stories', 'good', 'index.html'))).toBe(true)
    expect(rebuiltNote(report)).not.toMatch(/served as it was/)
    expect(rebuiltNote(report)).toMatch(/reload the page/)
    expect(rebuiltNote({ status: 1, pages: false })).toMatch(/served as it was/)
  })

  it('says what the site holds, and names each host whose limits it is over', async () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    const build = (limits?: HostLimit[]) => {
      const io = recorder()
      return buildAndReport({ out: join(dir, 'out'), content: join(dir, 'content'), cache: join(dir, 'cache'), limits }, io).then((report) => ({ report, said: io.stderr.join('\n') }))
    }
    const fits = await build()
    expect(fits.report.status).toBe(0)
    expect(fits.said).toMatch(/build: the site is [\d,]+ files, \d+\.\d MB: within the limits of every host checked/)
    const tight = await build([
      { host: 'Tiny Pages', files: 10 },
      { host: 'Small Pages', bytes: 1000, fileBytes: 100 },
      { host: 'Roomy Pages', files: 1e9, bytes: 1e12 }
    ])
    expect(tight.report.status).toBe(0)
    expect(tight.said).toMatch(/too large for Tiny Pages takes at most 10 files: the site has [\d,]+/)
    expect(tight.said).toMatch(/too large for Small Pages takes at most 0\.0 MB: the site is [\d.]+ MB; files of at most 0\.0 MB: \S+ is [\d.]+ MB/)
    expect(tight.said).not.toMatch(/Roomy/)
  })

  it('refuses a port that is not a number', async () => {
    const io = recorder()
    expect(await main(['serve', '--port', 'http'], io)).toBe(2)
  })
})

describe('the public address', () => {
  it('is read from the content folder\'s site.json, --url overrides it, and a build without one says the feed points to localhost', async () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    const args = ['build', '--content', join(dir, 'content'), '--out', join(dir, 'out'), '--cache', join(dir, 'cache')]
    const feed = () => readFileSync(join(dir, 'out', 'feed.xml'), 'utf8')
    const none = recorder()
    expect(await main(args, none)).toBe(0)
    expect(none.stderr.join('\n')).toMatch(/site\.json: no "url" set: the feed and sitemap point to http:\/\/localhost:8080\//)
    expect(feed()).toContain('http://localhost:8080/stories/')
    writeFileSync(join(dir, 'content', 'site.json'), '{"url": "https://archive.example/"}\n')
    const set = recorder()
    expect(await main(args, set)).toBe(0)
    expect(set.stderr.join('\n')).not.toMatch(/localhost/)
    expect(feed()).toContain('https://archive.example/stories/')
    expect(await main([...args, '--url', 'https://other.example/'], recorder())).toBe(0)
    expect(feed()).toContain('https://other.example/stories/')
  })
})
