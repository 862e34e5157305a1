/**
 * Where this project's modules are that are loaded by their file rather than
 * imported: a worker thread's task, the configuration file Eleventy imports.
 *
 * The sources are `src/<folder>/<name>.ts`. The compiled code
 * (`scripts/compile.ts`) has each such module at `dist/<folder>/<name>.js`, and
 * every other file it writes (the shared chunks) one folder below `dist/` too:
 * from any of them, as from any source, `../<folder>/<name>` is the module.
 */

/** Whether this is compiled code (`dist/`), not the TypeScript sources. */
const compiled = import.meta.url.endsWith('.js')

/**
 * The URL of one of this project's modules.
 *
 * @param path Its path under `src/`, without the extension (`'records/make-record'`).
 * @returns The compiled module's URL when this code is compiled, else the source's.
 */
export function ownModule(path: string): URL {
  return new URL(`../${path}${compiled ? '.js' : '.ts'}`, import.meta.url)
}
