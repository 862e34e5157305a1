/**
 * The search page's script as the site serves it: `templates/assets/search.js`
 * and the modules it imports (its own, which the build shares, and fflate's
 * inflater) bundled by esbuild into one file, `assets/search.js`. A page
 * that fetches one script instead of five starts its search sooner (each
 * request costs a browser a few milliseconds of its own work, more on a
 * busy machine), and a module of a package (`fflate`) reaches the browser
 * at all: it has no `node_modules/`. Not minified: a reader can read it.
 */
import { rm } from 'node:fs/promises'
import { basename, join, resolve } from 'node:path'
import { build } from 'esbuild'

/** What the bundles say of the package in them. */
const FFLATE_NOTICE = '// Bundled in: fflate (https://github.com/101arrowz/fflate), MIT License, Copyright (c) Arjun Barrett.'

/** The page scripts bundled with what they import: each is written in place of its copy, and the modules it took in are not kept beside it. */
export const BUNDLED_SCRIPTS = ['search.js'] as const

/**
 * Bundle each of {@link BUNDLED_SCRIPTS} from the templates' assets into the
 * site's, over the copy there, and remove the copies of the assets' own
 * modules that went into a bundle (no page loads them).
 *
 * @param assets The templates' assets folder (`templates/assets`).
 * @param out The site's assets folder, the assets copied into it already.
 * @returns The files written, relative to `out`.
 */
export async function bundlePageScripts(assets: string, out: string): Promise<string[]> {
  const from = resolve(assets)
  const to = resolve(out)
  const bundledModules = new Set<string>()
  for (const name of BUNDLED_SCRIPTS) {
    const result = await build({
      entryPoints: [join(from, name)],
      outfile: join(to, name),
      allowOverwrite: true,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      // Pagefind's script is imported by its address at run time, a shard at a time.
      logLevel: 'error',
      metafile: true,
      write: true,
      absWorkingDir: from,
      // The MIT license asks for its notice with every copy of the code.
      banner: { js: FFLATE_NOTICE }
    })
    for (const input of Object.keys(result.metafile.inputs)) {
      const file = resolve(from, input)
      if (file.startsWith(from + '/') && !file.slice(from.length + 1).includes('/') && basename(file) !== name) bundledModules.add(basename(file))
    }
  }
  for (const module of bundledModules) if (!(BUNDLED_SCRIPTS as readonly string[]).includes(module)) await rm(join(to, module), { force: true })
  return [...BUNDLED_SCRIPTS]
}
