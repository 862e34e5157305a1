/**
 * Eleventy's configuration of the archive site. Templates live in
 * `templates/`; the records are read as data by the plugin (see
 * `src/site/plugin.ts`), one page per story through pagination.
 *
 * Run through `scrollback build` (or Eleventy's API with `configPath`); on
 * its own, Eleventy needs tsx: `node --import tsx node_modules/.bin/eleventy --config=.eleventy.ts`.
 */
import type { EleventyConfig } from './src/site/eleventy-api.ts'
import { siteOptionsOf, templatesDir } from './src/site/options.ts'

export default async function (eleventyConfig: EleventyConfig): Promise<void> {
  const options = siteOptionsOf(eleventyConfig)
  // `scrollback build` hands over its own plugin (compiled, or the sources); Eleventy run on its own loads it here.
  const plugin = options.plugin ?? (await import('./src/site/plugin.ts')).scrollbackPlugin
  eleventyConfig.addPlugin(plugin, options)
}

export const config = {
  // Absolute, so that the site builds from any working folder.
  dir: { input: templatesDir, includes: '_includes', layouts: '_includes', data: '_data' },
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk'
}
