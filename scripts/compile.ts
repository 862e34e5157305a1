/**
 * `npm run compile` (run by `npm install`, `npm ci` and `npm test`): the
 * TypeScript sources → `dist/`, the JavaScript the `scrollback` executable
 * runs (`src/cli/scrollback.js`; `npm run dev` runs the sources instead).
 *
 * The sources and the packages they import are bundled by esbuild into a few
 * dozen files: on Node 20, which keeps no compiled code between runs, each
 * module costs its loader about a millisecond. No package's source is
 * rewritten: a package that works only from its own folder stays a package
 * (`external`): Eleventy (it finds its own files from `import.meta.url`) with
 * the Nunjucks it renders with, Pagefind (a program of its own) and tsx (for
 * the sources only). What a bundled package loads by a name made at run time
 * is loaded from `node_modules/` then: esprima, which js-yaml 3 (gray-matter's)
 * loads for a type that only its unsafe loader reads, costs each process
 * about 15 ms.
 *
 * The page's own modules (`templates/assets/`, which the build shares with
 * the search page) are loaded from there too: one copy, the one the page gets.
 *
 * Entry points are the command line, the modules loaded by their file
 * (`OWN_MODULES` in `src/io/own-module.ts`: the worker threads' tasks), each
 * at `dist/<folder>/<name>.js`, and Eleventy's configuration file
 * (`.eleventy.ts` → `dist/site/eleventy.js`);
 * the chunks go to `dist/chunks/`. Every file is one folder below `dist/`, as
 * every source is one below `src/`: a path a module makes from its own file
 * (`../../templates/`, `../records/make-record`) names the same file from
 * either. The build fails if a file lands elsewhere, or if a source names a
 * module to load by its file that is not an entry point.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { OWN_MODULES } from '../src/io/own-module.ts'

const root = join(import.meta.dirname, '..')
const src = join(root, 'src')
const dist = join(root, 'dist')

/**
 * The modules the sources name to load by their file, as `ownModule('…')`
 * or a task's `module: '…'`, that `OWN_MODULES` lacks: the type of
 * `ownModule` catches them in `npm run typecheck`, this when compiling.
 */
function unlistedModules(): string[] {
  const named = /\bownModule\(\s*'([^']+)'|\bmodule:\s*'([^']+)'/g
  const unlisted: string[] = []
  for (const entry of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue
    const file = join(entry.parentPath, entry.name)
    for (const match of readFileSync(file, 'utf8').matchAll(named)) {
      const name = match[1] ?? match[2]!
      if (!(OWN_MODULES as readonly string[]).includes(name)) unlisted.push(`${relative(root, file)}: '${name}'`)
    }
  }
  return unlisted
}

const unlisted = unlistedModules()
if (unlisted.length > 0) {
  console.error(`compile: a module loaded by its file must be an entry point; add it to OWN_MODULES in src/io/own-module.ts:\n  ${unlisted.join('\n  ')}`)
  process.exit(1)
}

/** The command line, every module `ownModule` may name, and Eleventy's configuration file (see `eleventyConfigPath`). */
const entryPoints = [...['cli/main', ...OWN_MODULES].map((path) => join(src, `${path}.ts`)), { in: join(root, '.eleventy.ts'), out: 'site/eleventy' }]

/**
 * The page's modules (`templates/assets/*.js`) stay files: an import of one
 * is kept as written, a path from the importing file, which is one folder
 * below `dist/` as its source is below `src/`.
 */
const pageModules: Plugin = {
  name: 'page-modules',
  setup(build) {
    build.onResolve({ filter: /[\\/]templates[\\/]assets[\\/][^\\/]+\.js$/ }, (args) => ({ path: args.path, external: true }))
  }
}

rmSync(dist, { recursive: true, force: true })
const result = await build({
  entryPoints,
  // The metafile's paths are relative to this folder: the check below holds from any working folder.
  absWorkingDir: root,
  outbase: src,
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
  external: ['@11ty/*', 'esbuild', 'nunjucks', 'pagefind', 'tsx'],
  plugins: [pageModules],
  // Bundled CommonJS packages call `require` for Node's own modules: ES modules have none unless one is made.
  banner: { js: "import { createRequire as __scrollbackRequire } from 'node:module'; const require = __scrollbackRequire(import.meta.url);" }
})
const misplaced = Object.keys(result.metafile.outputs).filter((file) => relative(dist, join(root, file)).split(sep).length !== 2)
if (misplaced.length > 0) {
  console.error(`compile: every file must be one folder below dist/ (see src/io/own-module.ts), not ${misplaced.join(', ')}`)
  process.exit(1)
}
