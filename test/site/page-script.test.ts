/**
 * The search page's script bundled for the site: in place of its copy, the
 * modules it took in gone, and a module it imports that the list of bundled
 * modules does not name is a failed build, not a page that cannot load.
 */
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { BUNDLED, siteAssetFiles, writeSiteAssets } from '../../src/site/page-script.ts'
import { templatesDir } from '../../src/site/options.ts'

const made: string[] = []
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A copy of the templates' assets, and a site's assets folder that an earlier build left a bundled module in. */
function copies(): { assets: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'scrollback-script-'))
  made.push(dir)
  const assets = join(dir, 'assets')
  const out = join(dir, 'site-assets')
  cpSync(join(templatesDir, 'assets'), assets, { recursive: true })
  mkdirSync(out)
  writeFileSync(join(out, 'search-core.js'), '// left by an earlier build\n')
  // The packages the script imports, as the project's folder has them.
  symlinkSync(join(templatesDir, '..', 'node_modules'), join(dir, 'node_modules'))
  return { assets, out }
}

describe('the page script bundle', () => {
  it('writes the script as one file and leaves out the modules it took in: the site has what siteAssetFiles lists', async () => {
    const { assets, out } = copies()
    await writeSiteAssets(assets, out)
    expect(readdirSync(out).sort()).toEqual(siteAssetFiles(assets).sort())
    for (const [script, modules] of Object.entries(BUNDLED)) {
      const text = readFileSync(join(out, script), 'utf8')
      expect(text).not.toMatch(/^\s*import\s[^(]/m)
      for (const module of modules) expect(existsSync(join(out, module)), module).toBe(false)
    }
  })

  it('fails when the script imports a module of the assets the list does not name', async () => {
    const { assets, out } = copies()
    writeFileSync(join(assets, 'search-extra.js'), 'export const extra = 1\n')
    appendFileSync(join(assets, 'search.js'), "\nimport { extra } from './search-extra.js'\nconsole.log(extra)\n")
    await expect(writeSiteAssets(assets, out)).rejects.toThrow(/search\.js takes in .*search-extra\.js.*BUNDLED/)
  })
})
