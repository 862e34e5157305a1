/**
 * A build that fails part-way ends, says why with a code, lets go of its
 * lock, leaves no staging folder, and leaves the site it had: Pagefind dying
 * mid-index, a full disk, a site folder that is a mount point. The cases with
 * a real file system mount a small tmpfs in a mount namespace of their own
 * (`unshare -m`), where the machine allows it.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { bin } from '../helpers/cli.ts'
import { sampleDump, tempContent } from './build-fixture.ts'

const noStack = /^\s+at /m
const dirs: string[] = []
afterAll(() => {
  for (const dir of dirs) spawnSync('rm', ['-rf', dir])
})

/** Run `scrollback` with more environment variables; a run that never ends fails the test. */
function run(args: string[], env: Record<string, string> = {}): { status: number | null; stderr: string; ms: number } {
  const started = performance.now()
  const result = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env } })
  return { status: result.status, stderr: result.stderr, ms: performance.now() - started }
}

/** A program standing in for Pagefind's, which dies as Pagefind does on a full disk (a panic), or is killed. */
function fakePagefind(dir: string, how: 'panic' | 'killed'): string {
  const path = join(dir, `pagefind-${how}`)
  writeFileSync(
    path,
    how === 'panic'
      ? `#!/bin/sh\necho "thread 'main' panicked at pagefind/src/output/mod.rs:464:36:" >&2\necho 'called \`Result::unwrap()\` on an \`Err\` value: Os { code: 28, kind: StorageFull, message: "No space left on device" }' >&2\nexit 101\n`
      : '#!/bin/sh\nkill -9 $$\n'
  )
  chmodSync(path, 0o755)
  return path
}

describe('a build that fails part-way', () => {
  it('when Pagefind dies, ends with [PAGEFIND_FAILED], lets go of its lock and keeps the index it had', () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    const out = join(dir, 'out')
    const args = ['build', '--content', join(dir, 'content'), '--out', out, '--cache', join(dir, 'cache')]
    expect(run(args).status).toBe(0)
    const shards = readFileSync(join(out, 'pagefind', 'shards.json'), 'utf8')
    // A changed story: its page and its shard are written again.
    const record = join(dir, 'content', 'stories', 'rust-in-linux-no-longer-experimental.md')
    writeFileSync(record, readFileSync(record, 'utf8').replace(/^title: .*$/m, 'title: A changed title'))
    for (const how of ['panic', 'killed'] as const) {
      const failed = run(args, { PAGEFIND_BINARY_PATH: fakePagefind(dir, how) })
      expect(failed.status, failed.stderr).toBe(1)
      expect(failed.stderr).toMatch(how === 'panic' ? /out\/pagefind: Pagefind exited with status 101 .*No space left on device.* \[PAGEFIND_FAILED\]/ : /out\/pagefind: Pagefind was stopped by SIGKILL .*\[PAGEFIND_FAILED\]/)
      expect(failed.stderr).not.toMatch(noStack)
      expect(readdirSync(dir).filter((name) => !name.startsWith('pagefind-')).sort()).toEqual(['cache', 'content', 'out'])
      expect(readFileSync(join(out, 'pagefind', 'shards.json'), 'utf8')).toBe(shards)
      expect(readdirSync(join(out, 'pagefind')).sort()).toEqual(['route.bin', 's0000', 'shards.json'])
      expect(existsSync(join(out, 'pagefind', 's0000', 'pagefind.js'))).toBe(true)
      expect(readFileSync(join(out, 'stories', 'rust-in-linux-no-longer-experimental', 'index.html'), 'utf8')).toContain('A changed title')
    }
    const again = run(args)
    expect(again.status, again.stderr).toBe(0)
    expect(readFileSync(join(out, 'pagefind', 'shards.json'), 'utf8')).not.toBe(shards)
  }, 240_000)
})

/** Whether this machine lets a test mount a tmpfs in a mount namespace of its own. */
const canMount = spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { timeout: 10_000 }).status === 0

/**
 * Run a shell script in a mount namespace of its own (its mounts vanish when it ends), in a folder.
 *
 * @returns What it printed on standard output.
 */
function inNamespace(dir: string, script: string): string {
  const result = spawnSync('unshare', ['-m', 'sh', '-ec', script], { cwd: dir, encoding: 'utf8', timeout: 200_000, env: { ...process.env, SCROLLBACK: bin, NODE: process.execPath } })
  if (result.status !== 0) throw new Error(`the script failed (${result.status}):\n${result.stdout}\n${result.stderr}`)
  return result.stdout
}

describe.skipIf(!canMount)('a build on a real file system that fails (a tmpfs mounted for the test)', () => {
  it('on a full disk, ends with a code, no stack trace, no lock and no staging left, and the site as it was', () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    mkdirSync(join(dir, 'disk'))
    const stdout = inNamespace(
      dir,
      `
      build() { "$NODE" "$SCROLLBACK" build --content content --out disk/site --cache cache > "$1.out" 2> "$1.err" && echo "$1: 0" || echo "$1: $?"; }
      # Room for the pages and a little more, not for the search index as well.
      mount -t tmpfs -o size=500k tmpfs disk
      build index-full
      ls -A disk > index-full.files
      # Room for a lock file and no more: the pages cannot be written.
      umount disk && mount -t tmpfs -o size=1200k tmpfs disk
      build first
      cp disk/site/stories/rust-in-linux-no-longer-experimental/index.html before.html
      sed -i 's/^title: .*/title: A changed title/' content/stories/*.md
      avail=$(df -k --output=avail disk | tail -1)
      head -c $(( (avail - 12) * 1024 )) /dev/zero > disk/filler || true
      build pages-full
      ls -A disk > pages-full.files
      cp disk/site/stories/rust-in-linux-no-longer-experimental/index.html after.html
      `
    )
    expect(stdout).toContain('index-full: 1')
    const indexFull = readFileSync(join(dir, 'index-full.err'), 'utf8')
    expect(indexFull).toMatch(/disk\/site\/pagefind: Pagefind exited with status 101 .*No space left on device.* \[PAGEFIND_FAILED\]/)
    expect(indexFull).not.toMatch(noStack)
    expect(readFileSync(join(dir, 'index-full.files'), 'utf8').split('\n').filter(Boolean)).toEqual(['site'])

    expect(stdout).toContain('first: 0')
    expect(stdout).toContain('pages-full: 1')
    const pagesFull = readFileSync(join(dir, 'pages-full.err'), 'utf8')
    expect(pagesFull).toMatch(/disk\/site: cannot write the site: .*\n.*no space left on device.* \[SITE_FAILED\]/i)
    expect(pagesFull).not.toMatch(noStack)
    expect(readFileSync(join(dir, 'pages-full.files'), 'utf8').split('\n').filter(Boolean).sort()).toEqual(['filler', 'site'])
    expect(readFileSync(join(dir, 'after.html'), 'utf8')).toBe(readFileSync(join(dir, 'before.html'), 'utf8'))
  }, 240_000)

  it('builds into a site folder that is a mount point, and rebuilds', () => {
    const dir = tempContent([sampleDump])
    dirs.push(dir)
    mkdirSync(join(dir, 'site'))
    const stdout = inNamespace(
      dir,
      `
      build() { "$NODE" "$SCROLLBACK" build --content content --out site --cache cache > "$1.out" 2> "$1.err" && echo "$1: 0" || echo "$1: $?"; }
      mount -t tmpfs -o size=64m tmpfs site
      build first
      sed -i 's/^title: .*/title: A changed title/' content/stories/*.md
      build second
      ls -A . > top.files
      grep -c 'A changed title' site/stories/rust-in-linux-no-longer-experimental/index.html
      ls site/pagefind > pagefind.files
      `
    )
    expect(stdout, readFileSync(join(dir, 'first.err'), 'utf8')).toContain('first: 0')
    expect(stdout).toContain('second: 0')
    expect(stdout).toMatch(/^[1-9]\d*$/m)
    expect(readFileSync(join(dir, 'pagefind.files'), 'utf8').split('\n').filter(Boolean)).toEqual(['route.bin', 's0000', 'shards.json'])
    expect(readFileSync(join(dir, 'top.files'), 'utf8')).not.toMatch(/staging|\.lock/)
  }, 240_000)
})
