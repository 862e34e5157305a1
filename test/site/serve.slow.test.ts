/**
 * The preview server, asked over real HTTP on 127.0.0.1: byte ranges as
 * RFC 9110 says, a folder that changes while it serves, loopback by default,
 * a content type and `nosniff` on every answer, nothing outside the site.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { request as httpRequest } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { serveSite, type RunningServer } from '../../src/site/serve.ts'
import { bin } from '../helpers/cli.ts'
import { sampleDump, tempContent } from './build-fixture.ts'

/** What a request got. */
interface Answer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: Buffer
}

/** One GET (or other method) with the headers given, exactly as written: no client rewrites a Range. */
function request(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} in 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

/** A request with a raw path, as `curl --path-as-is` sends it. */
function rawPath(server: RunningServer, path: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, timeout: 10_000 }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (chunk: Buffer) => chunks.push(chunk))
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer for ${path} in 10 s`)))
    req.on('error', reject)
    req.end()
  })
}

const robots = 'User-agent: *\nAllow: /\n'
let dir: string
let server: RunningServer
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'scrollback-serve-'))
  mkdirSync(join(dir, 'stories', 'old'), { recursive: true })
  mkdirSync(join(dir, 'pagefind', 's0000', 'fragment'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Home</title>')
  writeFileSync(join(dir, '404.html'), '<!doctype html><title>Not found</title><h1>Not found</h1>')
  writeFileSync(join(dir, 'robots.txt'), robots)
  writeFileSync(join(dir, 'stories', 'old', 'index.html'), '<!doctype html><title>Old</title>')
  writeFileSync(join(dir, 'pagefind', 's0000', 'fragment', 'en_1.pf_fragment'), Buffer.from([0x1f, 0x8b, 0, 1]))
  writeFileSync(join(dir, 'pagefind', 's0000', 'pagefind.en_1.pf_meta'), Buffer.from([0x1f, 0x8b, 0, 2]))
  writeFileSync(join(dir, '.secret'), 'no')
  server = await serveSite({ dir, port: 0 })
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

describe('the preview server', { timeout: 30_000 }, () => {
  it('listens on loopback unless told otherwise', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`)
  })

  it('takes a blank host for loopback, never for every interface', async () => {
    for (const host of ['', ' ']) {
      const blank = await serveSite({ dir, port: 0, host })
      try {
        expect(blank.url).toBe(`http://127.0.0.1:${blank.port}/`)
        expect(blank.address).toBe('127.0.0.1')
      } finally {
        await blank.close()
      }
    }
  })

  it('`scrollback serve --host ""` is refused as wrong usage', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--out', dir, '--port', '0', '--host', ''], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    // It ends, or it says it serves: whichever comes first.
    const ended = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      await vi.waitFor(() => expect(child.exitCode !== null || /Serving/.test(stdout)).toBe(true), { timeout: 30_000, interval: 50 })
      expect(stdout).not.toMatch(/Serving/)
      expect(await ended).toBe(2)
      expect(stderr).toMatch(/--host needs an address/)
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('answers an unsatisfiable range with 416 and stays up', async () => {
    const bad = await request(`${server.url}robots.txt`, { Range: 'bytes=10-1' })
    expect(bad.status).toBe(416)
    expect(bad.headers['content-range']).toBe(`bytes */${robots.length}`)
    const past = await request(`${server.url}robots.txt`, { Range: `bytes=${robots.length + 5}-` })
    expect(past.status).toBe(416)
    const after = await request(`${server.url}robots.txt`)
    expect([after.status, after.body.toString()]).toEqual([200, robots])
  })

  it('answers a suffix range with the last bytes, and a range with those bytes', async () => {
    const last = await request(`${server.url}robots.txt`, { Range: 'bytes=-5' })
    expect(last.status).toBe(206)
    expect(last.body.toString()).toBe(robots.slice(-5))
    expect(last.headers['content-range']).toBe(`bytes ${robots.length - 5}-${robots.length - 1}/${robots.length}`)
    const middle = await request(`${server.url}robots.txt`, { Range: 'bytes=2-5' })
    expect([middle.status, middle.body.toString()]).toEqual([206, robots.slice(2, 6)])
  })

  it('serves what a rebuild adds and answers 404 for what it removes, without a restart', async () => {
    expect((await request(`${server.url}stories/new/`)).status).toBe(404)
    mkdirSync(join(dir, 'stories', 'new'), { recursive: true })
    writeFileSync(join(dir, 'stories', 'new', 'index.html'), '<!doctype html><title>New</title>')
    const added = await request(`${server.url}stories/new/`)
    expect([added.status, added.body.toString()]).toEqual([200, '<!doctype html><title>New</title>'])
    rmSync(join(dir, 'pagefind', 's0000', 'fragment'), { recursive: true })
    const removed = await request(`${server.url}pagefind/s0000/fragment/en_1.pf_fragment`)
    expect(removed.status).toBe(404)
    rmSync(join(dir, 'stories', 'old'), { recursive: true })
    expect((await request(`${server.url}stories/old/`)).status).toBe(404)
    expect((await request(server.url)).status).toBe(200)
  })

  it('gives every answer a content type and nosniff, the 404 page included', async () => {
    const meta = await request(`${server.url}pagefind/s0000/pagefind.en_1.pf_meta`)
    expect(meta.status).toBe(200)
    expect(meta.headers['content-type']).toBe('application/octet-stream')
    expect(meta.headers['x-content-type-options']).toBe('nosniff')
    const missing = await request(`${server.url}no/such/page`)
    expect(missing.status).toBe(404)
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8')
    expect(missing.headers['x-content-type-options']).toBe('nosniff')
    expect(missing.body.toString()).toContain('<h1>Not found</h1>')
    const head = await request(`${server.url}no/such/page`, {}, 'HEAD')
    expect([head.status, head.body.length]).toEqual([404, 0])
    const page = await request(server.url)
    expect(page.headers['content-type']).toMatch(/^text\/html; charset=utf-8$/i)
    expect(page.headers['x-content-type-options']).toBe('nosniff')
  })

  it('serves nothing outside the site, and no hidden file', async () => {
    for (const path of ['/../../../etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/.secret', '/%00']) {
      const answer = await rawPath(server, path)
      expect([400, 403, 404], path).toContain(answer.status)
      expect(answer.body.toString(), path).not.toMatch(/root:|^no$/)
    }
    expect((await request(server.url)).status).toBe(200)
  })

  it('`scrollback serve` listens on 127.0.0.1 by default, and says where', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--out', dir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = ''
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString()
          if (out.includes('\n')) resolve(out)
        })
        child.on('exit', (code) => reject(new Error(`serve exited with ${code}`)))
      })
      const url = /at (http:\/\/\S+) /.exec(line)![1]!
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
      expect((await request(`${url}robots.txt`, { Range: 'bytes=10-1' })).status).toBe(416)
      expect((await request(url)).status).toBe(200)
    } finally {
      child.kill('SIGTERM')
    }
  }, 60_000)

  it('`scrollback serve --watch` builds, then rebuilds when a record is edited or a dump added, and stops on a signal', async () => {
    const work = tempContent([sampleDump])
    const content = join(work, 'content')
    const child = spawn(process.execPath, [bin, 'serve', '--watch', '--content', content, '--out', join(work, 'out'), '--cache', join(work, 'cache'), '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    try {
      // It builds first (the summary line on standard error), then serves and watches.
      // Two pipes, in no fixed order: each waited on.
      await vi.waitFor(() => expect(stdout).toMatch(/Watching .*: a change rebuilds the site/), { timeout: 120_000, interval: 100 })
      await vi.waitFor(() => expect(stderr).toMatch(/^build: 1 story, 74 comments/m), { timeout: 30_000, interval: 100 })
      const url = /at (http:\/\/\S+) /.exec(stdout)![1]!
      const story = `${url}stories/rust-in-linux-no-longer-experimental/`
      expect((await request(story)).body.toString()).toContain('Rust in Linux')

      // A maintainer edits the record's title: the page shows it once the rebuild is done.
      const record = join(content, 'stories', 'rust-in-linux-no-longer-experimental.md')
      // As an editor saves: another file renamed onto the record.
      const save = (text: string): void => {
        writeFileSync(`${record}.saving`, text)
        renameSync(`${record}.saving`, record)
      }
      save(readFileSync(record, 'utf8').replace(/^title: .*$/m, 'title: Edited While Served'))
      await vi.waitFor(async () => expect((await request(story)).body.toString()).toContain('Edited While Served'), { timeout: 120_000, interval: 200 })

      // A new dump: ingested, and its page served.
      writeFileSync(join(content, 'dumps', 'second.txt'), 'A Second Story (example.com) 1\nIts text.\nFirst (Score:2)\nA comment.\n')
      await vi.waitFor(async () => expect((await request(`${url}stories/second/`)).status).toBe(200), { timeout: 120_000, interval: 200 })
      // The same record edited again (ingest and editors replace a file by renaming another onto it): seen again.
      save(readFileSync(record, 'utf8').replace(/^title: .*$/m, 'title: Edited Twice'))
      await vi.waitFor(async () => expect((await request(story)).body.toString()).toContain('Edited Twice'), { timeout: 120_000, interval: 200 })
      // The note follows the pages it announces.
      await vi.waitFor(() => expect(stderr).toMatch(/serve: built; reload the page to see it/), { timeout: 30_000, interval: 100 })
    } finally {
      child.kill('SIGTERM')
      try {
        expect(await exited).toBe(0)
      } finally {
        rmSync(work, { recursive: true, force: true })
      }
    }
  }, 400_000)
})
