/**
 * `npm run compile` (run by `npm install`, `npm ci` and `npm test`): the
 * TypeScript sources → `dist/`, the JavaScript the `scrollback` executable
 * runs (`src/cli/scrollback.js`).
 *
 * The sources and the packages they import (about 960 files) are bundled
 * by esbuild into a few dozen: on Node 20, which keeps no compiled code
 * between runs, each module costs its loader about a millisecond. Eleventy is bundled too, in chunks loaded
 * when a page is to be rendered (see `eleventyUrls`); Pagefind (a program of
 * its own), tsx (for the sources only) and Eleventy's development server
 * and file watcher (which `scrollback` never starts) stay packages. Code
 * loaded on demand stays on demand, in chunks of its own.
 *
 * Entry points are the command line and the modules loaded by their file
 * (`ownModule` in `src/io/own-module.ts`: the worker threads' tasks, the
 * configuration file Eleventy imports), each at `dist/<folder>/<name>.js`;
 * the chunks go to `dist/chunks/`. Every file is one folder below `dist/`, as
 * every source is one below `src/`: a path a module makes from its own file
 * (`../../templates/`, `../records/make-record`) names the same file from
 * either. The build fails if a file lands elsewhere.
 */
import { rmSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'

const root = join(import.meta.dirname, '..')
const dist = join(root, 'dist')

/** The command line, and every module `ownModule` names. */
const entryPoints = ['cli/main', 'records/make-record', 'render/fill-task', 'site/eleventy-base', 'site/ingest-task', 'site/scan-task'].map((path) => join(root, 'src', `${path}.ts`))

/**
 * Eleventy finds its own files from its modules' `import.meta.url`: its
 * `package.json` (read for its version check) and its module resolver. Once
 * bundled, each of those URLs becomes that module's file in the package,
 * reached from the output file, which is one folder below `dist/` as every
 * output is. Only Eleventy's sources are rewritten, where the phrase is code.
 */
const eleventyUrls: Plugin = {
  name: 'eleventy-urls',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]@11ty[\\/]eleventy[\\/]src[\\/].*\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8')
      if (!text.includes('import.meta.url')) return undefined
      const fromOutput = `../../${relative(root, args.path).split(sep).join('/')}`
      return { contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromOutput)}, import.meta.url).href`), loader: 'js' }
    })
  }
}

/**
 * js-yaml 3 (gray-matter's) loads esprima, when it is installed, for a
 * `!!js/function` type that only its unsafe loader reads; gray-matter reads
 * with the safe one. Bundled, the load is left to run time, and costs every
 * command that reads a record about 14 ms for 280 KB never used: here it
 * fails as it does where esprima is not installed, which js-yaml allows for.
 */
const noEsprima: Plugin = {
  name: 'no-esprima',
  setup(build) {
    build.onLoad({ filter: /[\\/]js-yaml[\\/]lib[\\/]js-yaml[\\/]type[\\/]js[\\/]function\.js$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8')
      const load = "_require('esprima')"
      if (!text.includes(load)) throw new Error(`compile: ${args.path} no longer loads esprima as ${load}: look again at the no-esprima plugin`)
      return { contents: text.replace(load, "(() => { throw new Error('esprima is left out of the bundle') })()"), loader: 'js' }
    })
  }
}

rmSync(dist, { recursive: true, force: true })
const result = await build({
  entryPoints,
  // The metafile's paths are relative to this folder: the check below holds from any working folder.
  absWorkingDir: root,
  outbase: join(root, 'src'),
  outdir: dist,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  metafile: true,
  logLevel: 'warning',
  external: ['pagefind', 'tsx', '@11ty/eleventy-dev-server', 'chokidar'],
  plugins: [eleventyUrls, noEsprima],
  // Bundled CommonJS packages call `require` for Node's own modules: ES modules have none unless one is made.
  banner: { js: "import { createRequire as __scrollbackRequire } from 'node:module'; const require = __scrollbackRequire(import.meta.url);" }
})
const misplaced = Object.keys(result.metafile.outputs).filter((file) => relative(dist, join(root, file)).split(sep).length !== 2)
if (misplaced.length > 0) {
  console.error(`compile: every file must be one folder below dist/ (see src/io/own-module.ts), not ${misplaced.join(', ')}`)
  process.exit(1)
}
