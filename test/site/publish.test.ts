/**
 * #6: pages reach the site by rename only, so a reader (or a kill) never
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
})
