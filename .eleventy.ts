/**
 * Eleventy's configuration of the archive site: the one file that
 * configures Eleventy. Its folders and template formats are `config`; the
 * default export adds the site's plugin (`src/site/plugin.ts`: data,
 * filters, assets, template options).
 *
 * `scrollback build` runs Eleventy with this file (compiled:
 * `dist/site/eleventy.js`), once a part, and hands each run the part it
 * renders as plain data (`scrollbackPart`, set by the build's `config`
 * callback, which Eleventy calls before this file's function). Run on its
 * own, Eleventy renders the whole archive, read before each of its builds:
 *
 *     SCROLLBACK_CONTENT=content node --import tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts
 *
 * (`SCROLLBACK_CONTENT`, default `content`; `SCROLLBACK_CACHE`, default
 * `.cache`).
 */
import type { ArchiveData } from './src/site/archive.ts'
import type { EleventyConfig } from './src/site/eleventy-api.ts'
import { resolveOptions, templatesDir } from './src/site/options.ts'
import { scrollbackPlugin, type PluginInput } from './src/site/plugin.ts'

/** Eleventy's folders and template formats: absolute, so that the site builds from any working folder. */
export const config = {
  dir: { input: templatesDir, includes: '_includes', layouts: '_includes', data: '_data' },
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk'
}

/**
 * Add the site's plugin, with the part the build hands in, else with the
 * whole archive.
 *
 * @param eleventyConfig Eleventy's config object.
 */
export default function (eleventyConfig: EleventyConfig): void {
  eleventyConfig.addPlugin(scrollbackPlugin, eleventyConfig.scrollbackPart ?? wholeArchive(eleventyConfig))
}

/**
 * The plugin's input for Eleventy run on its own: every record, scanned
 * and planned before each of Eleventy's builds, every page rendered.
 *
 * @param eleventyConfig Eleventy's config object.
 * @returns The input.
 */
function wholeArchive(eleventyConfig: EleventyConfig): PluginInput {
  const site = resolveOptions({
    ...(process.env.SCROLLBACK_CONTENT ? { content: process.env.SCROLLBACK_CONTENT } : {}),
    ...(process.env.SCROLLBACK_CACHE ? { cache: process.env.SCROLLBACK_CACHE } : {})
  })
  let data: ArchiveData | null = null
  eleventyConfig.on('eleventy.before', async () => {
    // Loaded here: a build, which hands its part in, never loads them through this file.
    const [{ scanStage }, { planStage }, { StoryViews }, { RecordProblemsError }] = await Promise.all([
      import('./src/site/stages/scan.ts'),
      import('./src/site/stages/plan.ts'),
      import('./src/site/archive.ts'),
      import('./src/site/problems.ts')
    ])
    const scanned = await scanStage({ site })
    // Eleventy knows only exceptions: at this boundary the problems are thrown, one `file:line:column: message [CODE]` a line.
    if (!scanned.ok) throw new RecordProblemsError(scanned.problems)
    // Every page, in one run.
    const plan = await planStage({ site, out: null, records: scanned.records, pagesPerRun: Infinity })
    data = (await StoryViews.open(site.cache, plan.records)).pages(plan.data)
  })
  return {
    site,
    data: () => {
      if (!data) throw new Error('the archive is read in `eleventy.before`, which has not run')
      return data
    },
    lists: true,
    publishTo: null
  }
}
