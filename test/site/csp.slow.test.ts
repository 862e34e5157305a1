/**
 * Every page carries a Content-Security-Policy that forbids inline
 * script, and no template uses inline script, style or event handlers.
 * The scripts the pages name are in the site, the search page's as one
 * file (src/site/page-script.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Element } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { selectAll } from 'hast-util-select'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { build, sampleDump, tempContent, type Built } from './build-fixture.ts'

let site: Built
beforeAll(async () => {
  site = await build(tempContent([sampleDump]))
})
afterAll(() => site?.remove())

describe('content security', () => {
  it('every page has the policy, and nothing inline for it to allow', () => {
    const pages = readdirSync(site.out, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
      .map((entry) => join(entry.parentPath, entry.name))
    expect(pages.length).toBeGreaterThan(4)
    for (const path of pages) {
      const tree = fromHtml(readFileSync(path, 'utf8'))
      const policy = selectAll('meta[http-equiv="Content-Security-Policy"]', tree)
      expect(policy, path).toHaveLength(1)
      const content = String(policy[0]!.properties.content)
      expect(content).toMatch(/script-src 'self'/)
      expect(content).not.toMatch(/unsafe-inline|\*/)
      for (const script of selectAll('script', tree)) expect(script.properties.src, `${path}: inline script`).toBeTruthy()
      expect(selectAll('style, [style]', tree), `${path}: inline style`).toEqual([])
      const handlers = selectAll('*', tree).flatMap((element: Element) => Object.keys(element.properties).filter((name) => /^on/i.test(name)))
      expect(handlers, path).toEqual([])
    }
  })
})

describe('the pages’ scripts', () => {
  it('are in the site, and the search page’s is one file that imports nothing', () => {
    const named = new Set<string>()
    for (const entry of readdirSync(site.out, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.html')) continue
      const tree = fromHtml(readFileSync(join(entry.parentPath, entry.name), 'utf8'))
      for (const script of selectAll('script[src]', tree)) named.add(String(script.properties.src))
      for (const link of selectAll('link[rel~=modulepreload]', tree)) named.add(String(link.properties.href))
    }
    expect([...named].sort()).toEqual(['/assets/controls.js', '/assets/search.js'])
    for (const path of named) expect(existsSync(join(site.out, path)), path).toBe(true)
    const search = readFileSync(join(site.out, 'assets', 'search.js'), 'utf8')
    // No static import or export left: the page's own modules and fflate's inflater are in it.
    expect(search).not.toMatch(/^\s*(import|export)\b[^(]/m)
    expect(search).toMatch(/function gunzipSync\b/)
    expect(search).toMatch(/fflate.*MIT License/)
    expect(readdirSync(join(site.out, 'assets')).filter((name) => name.endsWith('.js')).sort()).toEqual(['controls.js', 'search.js'])
  })
})
