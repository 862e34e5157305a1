/**
 * Where this project's modules are that are loaded by their file rather than
 * imported: a worker thread's task. (Eleventy's configuration file,
 * `.eleventy.ts`, is outside `src/`: see `eleventyConfigPath`.)
 *
 * The sources are `src/<folder>/<name>.ts`. The compiled code
 * (`scripts/compile.ts`) has each such module at `dist/<folder>/<name>.js`, and
 * every other file it writes (the shared chunks) one folder below `dist/` too:
 * from any of them, as from any source, `../<folder>/<name>` is the module.
 */

/**
 * Every module loaded by its file, by its path under `src/` without the
 * extension: `scripts/compile.ts` makes each an entry point of `dist/`, and
 * {@link ownModule} takes no other.
 */
export const OWN_MODULES = ['records/make-record', 'render/fill-task', 'site/ingest-task', 'site/scan-task'] as const

/** The path of a module loaded by its file (see {@link OWN_MODULES}). */
export type OwnModule = (typeof OWN_MODULES)[number]

/** Whether this is compiled code (`dist/`), not the TypeScript sources. */
const compiled = import.meta.url.endsWith('.js')

/**
 * The URL of one of this project's modules.
 *
 * @param path Its path under `src/`, without the extension (`'records/make-record'`).
 * @returns The compiled module's URL when this code is compiled, else the source's.
 */
export function ownModule(path: OwnModule): URL {
  return new URL(`../${path}${compiled ? '.js' : '.ts'}`, import.meta.url)
}
