/**
 * The search page's script as the site serves it: `templates/assets/search.js`
 * and the modules it imports (its own, which the build shares, and fflate's
 * inflater) bundled by esbuild into one file, `assets/search.js`. A page
 * that fetches one script instead of five starts its search sooner (each
 * request costs a browser a few milliseconds of its own work, more on a
 * busy machine), and a module of a package (`fflate`) reaches the browser
 * at all: it has no `node_modules/`. Not minified: a reader can read it.
 */
import { readdirSync } from 'node:fs'
import { cp, mkdir, rm } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { build } from 'esbuild'

/**
 * Each page script that is bundled, and the assets' own modules it takes in:
 * the site has the bundle in place of the script, and not the modules (no
 * page loads them). {@link writeSiteAssets} fails when a script imports a
 * module of the assets this does not name.
 */
export const BUNDLED: Readonly<Record<string, readonly string[]>> = {
  'search.js': ['search-core.js', 'search-pack.js', 'search-phrases.js', 'search-route.js']
}

/** What the bundles say of the package in them. */
const FFLATE_NOTICE = '// Bundled in: fflate (https://github.com/101arrowz/fflate), MIT License, Copyright (c) Arjun Barrett.'

/**
 * The files of the site's `assets/` that come from the templates' assets:
 * each of them but the modules bundled into a script.
 *
 * @param assets The templates' assets folder (`templates/assets`).
 * @returns File names.
 */
export function siteAssetFiles(assets: string): string[] {
  const bundled = new Set(Object.values(BUNDLED).flat())
  return readdirSync(assets).filter((name) => !bundled.has(name))
}

/**
 * Write the site's assets: each of {@link siteAssetFiles} copied from the
 * templates' assets, but the scripts of {@link BUNDLED}, which are bundled
 * there instead. A copy of a bundled module left by an earlier build is
 * removed.
 *
 * @param assets The templates' assets folder (`templates/assets`).
 * @param out The site's assets folder.
 * @throws {Error} When a script imports a module of the assets that {@link BUNDLED} does not name for it.
 */
export async function writeSiteAssets(assets: string, out: string): Promise<void> {
  const from = resolve(assets)
  const to = resolve(out)
  await mkdir(to, { recursive: true })
  for (const name of siteAssetFiles(from)) if (!(name in BUNDLED)) await cp(join(from, name), join(to, name), { recursive: true })
  for (const [name, modules] of Object.entries(BUNDLED)) {
    const result = await build({
      entryPoints: [join(from, name)],
      outfile: join(to, name),
      allowOverwrite: true,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'error',
      metafile: true,
      absWorkingDir: from,
      // The MIT license asks for its notice with every copy of the code.
      banner: { js: FFLATE_NOTICE }
    })
    const taken = Object.keys(result.metafile.inputs)
      .map((input) => resolve(from, input))
      .filter((file) => dirname(file) === from && basename(file) !== name)
      .map((file) => basename(file))
      .sort()
    if (taken.join() !== [...modules].sort().join()) throw new Error(`${name} takes in ${taken.join(', ')}: BUNDLED in src/site/page-script.ts names ${modules.join(', ')}`)
    for (const module of modules) await rm(join(to, module), { force: true })
  }
}
