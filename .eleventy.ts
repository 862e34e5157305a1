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
import { scrollbackPlugin } from './src/site/plugin.ts'

export default function (eleventyConfig: EleventyConfig): void {
  eleventyConfig.addPlugin(scrollbackPlugin, siteOptionsOf(eleventyConfig))
}

export const config = {
  // Absolute, so that the site builds from any working folder.
  dir: { input: templatesDir, includes: '_includes', layouts: '_includes', data: '_data' },
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk'
}
