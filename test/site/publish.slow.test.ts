/**
 * Pages reach the site by rename only, so a reader (or a kill) never
 * meets half a page.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { publish, stagingFor } from '../../src/site/publish.ts'

describe('publishing a build', () => {
  it('replaces each page whole while a reader watches', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-publish-'))
    const site = join(dir, '_site')
    const size = 4 * 1024 * 1024
    const page = (char: string): string => `<html>${char.repeat(size)}</html>`
    mkdirSync(join(site, 'stories', 'a'), { recursive: true })
    writeFileSync(join(site, 'stories', 'a', 'index.html'), page('a'))
    let watching = true
    const seen = new Set<string>()
    const reader = (async () => {
      while (watching) {
        const text = readFileSync(join(site, 'stories', 'a', 'index.html'), 'utf8')
        seen.add(text.length === size + 13 && text.endsWith('</html>') ? 'whole' : `torn at ${text.length}`)
        await new Promise((resolve) => setImmediate(resolve))
      }
    })()
    for (let round = 0; round < 6; round++) {
      const staging = stagingFor(site)
      mkdirSync(join(staging, 'stories', 'a'), { recursive: true })
      writeFileSync(join(staging, 'stories', 'a', 'index.html'), page(round % 2 ? 'a' : 'b'))
      writeFileSync(join(staging, 'index.html'), `<html>home ${round}</html>`)
      expect(await publish(staging, site)).toBe(2)
      expect(existsSync(staging)).toBe(false)
    }
    watching = false
    await reader
    expect([...seen]).toEqual(['whole'])
    expect(readdirSync(site).sort()).toEqual(['index.html', 'stories'])
  })

  it('copies across file systems when the site is a mount point, each file still whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-publish-'))
    const site = join(dir, '_site')
    const staging = stagingFor(site)
    mkdirSync(join(site, 'stories', 'a'), { recursive: true })
    writeFileSync(join(site, 'stories', 'a', 'index.html'), 'old')
    mkdirSync(join(staging, 'stories', 'a'), { recursive: true })
    writeFileSync(join(staging, 'stories', 'a', 'index.html'), 'new')
    writeFileSync(join(staging, 'index.html'), 'home')
    // A rename from the staging folder into the site crosses devices; one inside the site does not.
    const renames: string[] = []
    const rename = async (from: string, to: string): Promise<void> => {
      renames.push(`${from.startsWith(staging) ? 'staging' : 'site'} → ${to.startsWith(site + '/') ? 'site' : 'elsewhere'}`)
      if (from.startsWith(staging)) throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' })
      const { rename: real } = await import('node:fs/promises')
      await real(from, to)
    }
    expect(await publish(staging, site, { rename })).toBe(2)
    expect(readFileSync(join(site, 'stories', 'a', 'index.html'), 'utf8')).toBe('new')
    expect(readFileSync(join(site, 'index.html'), 'utf8')).toBe('home')
    expect(renames).toEqual(['staging → site', 'site → site', 'staging → site', 'site → site'])
    expect(existsSync(staging)).toBe(false)
    expect(readdirSync(site, { recursive: true }).sort()).toEqual(['index.html', 'stories', 'stories/a', 'stories/a/index.html'])
  })
})
