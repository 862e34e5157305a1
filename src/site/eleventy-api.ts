/**
 * The part of Eleventy's API that Scrollback uses, typed (Eleventy ships
 * JavaScript without declarations), and where its configuration file is.
 */
import { fileURLToPath } from 'node:url'
import type { PluginInput } from './plugin.ts'

/** Eleventy's config object (`eleventyConfig`), as far as Scrollback uses it. */
export interface EleventyConfig {
  addPlugin<T>(plugin: (eleventyConfig: EleventyConfig, options: T) => void, options: T): void
  addGlobalData(name: string, data: unknown): void
  addFilter(name: string, filter: (...args: never[]) => unknown): void
  addPassthroughCopy(paths: string | Record<string, string>): void
  setNunjucksEnvironmentOptions(options: Record<string, unknown>): void
  setQuietMode(quiet: boolean): void
  addWatchTarget(path: string): void
  on(event: string, callback: (...args: never[]) => unknown): void
  /** A template language, or (with the `key` of one) what Eleventy does with one of its own. */
  addExtension(extension: string, options: { key: string; compileOptions?: { cache?: boolean; permalink?: boolean }; compile?: (content: string, inputPath: string) => ((data: object) => Promise<string>) | Promise<(data: object) => Promise<string>> }): void
  /** Input paths (globs, relative to the working folder) Eleventy leaves out. */
  ignores: { add(glob: string): void }
  /**
   * Scrollback's own: the part a build renders, set by the build's `config` callback (see `renderStage`), which
   * Eleventy calls before the configuration file's function; `.eleventy.ts` hands it to the plugin (none: Eleventy
   * runs on its own, and the whole archive is read).
   */
  scrollbackPart?: PluginInput
}

/** What `new Eleventy(…)` takes, as far as Scrollback uses it. */
export interface EleventyOptions {
  configPath?: string
  quietMode?: boolean
  config?: (eleventyConfig: object) => void | Promise<void>
}

/** An Eleventy instance, as far as Scrollback uses it. */
export interface EleventyInstance {
  /** Eleventy's logger: `overrideLogger` swaps the console it writes to. */
  readonly logger: { overrideLogger(logger: Console | Pick<Console, 'log' | 'info' | 'warn' | 'error'> | false): void }
  write(): Promise<unknown>
  toJSON(): Promise<{ url: string | false; inputPath: string; outputPath: string | false; content: string }[]>
}

/** Eleventy's class. */
export type EleventyClass = new (input: string, output: string, options: EleventyOptions) => EleventyInstance

/** Whether this is compiled code (`dist/`), not the TypeScript sources. */
const compiled = import.meta.url.endsWith('.js')

/**
 * The configuration file Eleventy is to import: `.eleventy.ts`, or its
 * compiled form `dist/site/eleventy.js` (an entry point of
 * `scripts/compile.ts`; every compiled file is one folder below `dist/`).
 */
export const eleventyConfigPath = fileURLToPath(new URL(compiled ? '../site/eleventy.js' : '../../.eleventy.ts', import.meta.url))

let loader: Promise<unknown> | null = null

/**
 * Load Eleventy's class. Eleventy imports its configuration file itself,
 * outside whatever loaded this module: a TypeScript one needs tsx's loader,
 * registered here; compiled JavaScript does not, and is spared the loader
 * (in Node 20 every later import would pass through its thread).
 *
 * @param configPath The configuration file Eleventy is to import.
 * @returns The class exported by `@11ty/eleventy`.
 */
export async function loadEleventy(configPath: string): Promise<EleventyClass> {
  // On Node 20, Eleventy registers a module resolver that runs in a thread of its own, through which every later
  // import then passes, to reload a configuration file edited while `eleventy --serve` runs. Builds here start a new
  // Eleventy for each part and never edit their configuration: Eleventy's documented switch leaves the resolver out.
  process.env.ELEVENTY_SKIP_ESM_RESOLVER ??= '1'
  // Eleventy's own modules first, without the loader in their way.
  const module = (await import('@11ty/eleventy' as string)) as { default: EleventyClass }
  if (configPath.endsWith('.ts')) {
    loader ??= import('tsx/esm/api').then(({ register }) => register())
    await loader
  }
  return module.default
}
