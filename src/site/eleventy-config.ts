/**
 * Eleventy's configuration of the archive site. Templates live in
 * `templates/`; the records are read as data by the plugin (see
 * `plugin.ts`), one page per story through pagination.
 *
 * `.eleventy.ts` at the project's root re-exports it, for Eleventy run on
 * its own; `scrollback build` names this module to Eleventy directly, so
 * that compiled code (`dist/`) loads compiled configuration and needs no
 * TypeScript loader (see `eleventyConfigPath`).
 */
import { fileURLToPath } from 'node:url'
import type { EleventyConfig } from './eleventy-api.ts'
import { siteOptionsOf, templatesDir } from './options.ts'

/** Add the archive's plugin, with the options the build handed over (or none). */
export default async function (eleventyConfig: EleventyConfig): Promise<void> {
  const options = siteOptionsOf(eleventyConfig)
  // `scrollback build` hands over its own plugin; Eleventy run on its own loads it here.
  const plugin = options.plugin ?? (await import('./plugin.ts')).scrollbackPlugin
  eleventyConfig.addPlugin(plugin, options)
}

/** Eleventy's folders and template formats. */
export const config = {
  // Absolute, so that the site builds from any working folder.
  dir: { input: templatesDir, includes: '_includes', layouts: '_includes', data: '_data' },
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk'
}

/**
 * The configuration file Eleventy is to import: this module itself. Compiled,
 * it is JavaScript that Node loads as it is; as TypeScript sources (tests,
 * tsx) Eleventy needs tsx's loader for it (see `loadEleventy`).
 */
export const eleventyConfigPath = fileURLToPath(import.meta.url)
