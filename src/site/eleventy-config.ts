/**
 * Eleventy's configuration of the archive site for Eleventy run on its own
 * (`.eleventy.ts` re-exports it): `SCROLLBACK_CONTENT=content node --import
 * tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts`. Before
 * each of Eleventy's builds it scans and plans the records
 * (`SCROLLBACK_CONTENT`, default `content`; `SCROLLBACK_CACHE`, default
 * `.cache`) and hands the whole archive to the plugin. `scrollback build`
 * does not use it: it names `eleventy-base.ts` and adds the plugin itself,
 * part by part.
 */
import { StoryViews, type ArchiveData } from './archive.ts'
import { config } from './eleventy-base.ts'
import type { EleventyConfig } from './eleventy-api.ts'
import { resolveOptions } from './options.ts'
import { scrollbackPlugin } from './plugin.ts'
import { RecordProblemsError } from './problems.ts'
import { planStage } from './stages/plan.ts'
import { scanStage } from './stages/scan.ts'

export { config }

/** Read the records before each build, and add the plugin. */
export default function (eleventyConfig: EleventyConfig): void {
  const site = resolveOptions({
    ...(process.env.SCROLLBACK_CONTENT ? { content: process.env.SCROLLBACK_CONTENT } : {}),
    ...(process.env.SCROLLBACK_CACHE ? { cache: process.env.SCROLLBACK_CACHE } : {})
  })
  let data: ArchiveData | null = null
  eleventyConfig.on('eleventy.before', async () => {
    const scanned = await scanStage({ site })
    // Eleventy knows only exceptions: at this boundary the problems are thrown, one `file:line:column: message [CODE]` a line.
    if (!scanned.ok) throw new RecordProblemsError(scanned.problems)
    // Every page, in one run.
    const plan = await planStage({ site, out: null, records: scanned.records, pagesPerRun: Infinity })
    data = (await StoryViews.open(site.cache, plan.records)).pages(plan.data)
  })
  eleventyConfig.addPlugin(scrollbackPlugin, {
    site,
    data: () => {
      if (!data) throw new Error('the archive is read in `eleventy.before`, which has not run')
      return data
    },
    lists: true,
    publishTo: null
  })
}
