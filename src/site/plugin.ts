/**
 * The Eleventy plugin of the site: data, filters, assets and template options.
 * `.eleventy.ts` adds it; everything Eleventy needs from Scrollback is here.
 */
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { anchorTitle } from '../search/anchors.ts'
import { repeatsParentSubject } from '../search/exclusions.ts'
import { searchFacets } from '../search/facets.ts'
import { MAX_SCORE, MIN_SCORE, scoreRange } from '../parse/score.ts'
import type { ArchiveData } from './archive.ts'
import type { EleventyConfig } from './eleventy-api.ts'
import { filterCss } from './filter-css.ts'
import { archivedCount, plural, readableNumber } from './plural.ts'
import { templatesDir, type SiteOptions } from './options.ts'
import type { Environment } from 'nunjucks'
import { writeSiteAssets } from './page-script.ts'
import { publish } from './publish.ts'
import type { CommentView, StoryView } from './story-view.ts'
import { homePath, monthsPath, sourcePath } from './paths.ts'
import { pagerItems } from './listing.ts'

/** Templates of lists and single pages: every template but the story page's. */
const listTemplates = readdirSync(templatesDir).filter((name) => name.endsWith('.njk') && name !== 'story.njk')

const months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** What the plugin renders, as plain data. */
export interface PluginInput {
  /** The build's configuration. */
  site: SiteOptions
  /** The part of the archive this run renders (called when Eleventy asks for its data). */
  data: () => ArchiveData
  /** Whether this run renders the lists and copies the assets (see `batches`): a run of story pages only leaves them out. */
  lists: boolean
  /** Where the pages end up when Eleventy writes to a staging folder: moved there once written (`null`: Eleventy's output is the site). */
  publishTo: string | null
}

/**
 * Set up Eleventy for the archive.
 *
 * @param eleventyConfig Eleventy's config object.
 * @param input What to render and where.
 */
export function scrollbackPlugin(eleventyConfig: EleventyConfig, input: PluginInput): void {
  const options = input.site

  // Templates: dump text is escaped unless a template says otherwise (only
  // sanitized HTML and the build's own SVG are marked `| safe`).
  eleventyConfig.setNunjucksEnvironmentOptions({ autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true })

  // Data.
  eleventyConfig.addGlobalData('site', { title: options.title, url: options.url, lang: 'en' })
  // The score range, from its one home: the search page's minimum (every score above the lowest, highest first).
  eleventyConfig.addGlobalData('scores', {
    min: MIN_SCORE,
    max: MAX_SCORE,
    minimums: scoreRange()
      .filter((score) => score > MIN_SCORE)
      .reverse()
  })
  eleventyConfig.addGlobalData('filterCss', filterCss)
  eleventyConfig.addGlobalData('archive', input.data)
  eleventyConfig.addGlobalData('paths', { months: monthsPath() })
  // A run that renders story pages only leaves out the lists and the assets (the last run writes them).
  if (!input.lists) for (const name of listTemplates) eleventyConfig.ignores.add(relative(process.cwd(), join(templatesDir, name)))
  eleventyConfig.on('eleventy.after', async ({ directories, outputMode }: { directories: { output: string }; outputMode: string }) => {
    if (outputMode !== 'fs') return
    // The assets are copied here rather than by Eleventy's passthrough copy, whose failure (a full disk)
    // escapes as an unhandled rejection and ends the process; a failure here fails `write()`.
    if (input.lists) await writeSiteAssets(join(templatesDir, 'assets'), join(directories.output, 'assets'))
    if (input.publishTo !== null) await publish(directories.output, input.publishTo)
  })

  compileTemplatesOnce(eleventyConfig)

  // Filters.
  eleventyConfig.addFilter('absoluteUrl', (path: string) => new URL(path.replace(/^\/+/, ''), options.url).href)
  eleventyConfig.addFilter('day', (iso: string) => iso.slice(0, 10))
  eleventyConfig.addFilter('readableDate', (iso: string) => {
    const [year, month, day] = iso.slice(0, 10).split('-').map(Number)
    return `${day} ${months[(month ?? 1) - 1]} ${year}`
  })
  // XML 1.0 has no place for most control characters a dump may hold: they become U+FFFD.
  eleventyConfig.addFilter('xmlText', (text: string) => text.replace(/[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD'))
  // Where markup cannot isolate archived text (a page's `<title>`), the Unicode isolates do: FSI … PDI.
  eleventyConfig.addFilter('isolate', (text: string) => `\u2068${text}\u2069`)
  // Numbers shown to readers are written for reading: `9,991 stories`.
  eleventyConfig.addFilter('plural', (count: number, one: string, many: string) => plural(count, one, many, true))
  eleventyConfig.addFilter('num', readableNumber)
  eleventyConfig.addFilter('archivedCount', (story: { archived: number; stated: number }) => archivedCount(story.archived, story.stated))
  eleventyConfig.addFilter('sourcePath', (slug: string) => sourcePath(slug))
  eleventyConfig.addFilter('pagerItems', (current: number, pages: number) => pagerItems(current, pages))
  eleventyConfig.addFilter('listPath', (page: number, source: string | null) => (source ? sourcePath(source, page) : homePath(page)))

  // Search: what story pages tell Pagefind (see `src/search/`).
  // A subject that is the one its parent's derives is written as the parent's id. The title goes in a single-quoted attribute (its JSON is full of
  // double quotes, which would each cost `&quot;`): escaped here for that, and written as is.
  eleventyConfig.addFilter('searchTitle', (comment: CommentView) =>
    anchorTitle(comment.repeatsParent && comment.parent !== null ? { ...comment, subject: { re: comment.parent } } : comment)
      .replace(/&/g, '&amp;')
      .replace(/'/g, '&#39;')
  )
  eleventyConfig.addFilter('searchFacets', (view: StoryView) => searchFacets(view.steps.filter((step) => step.step === 'open').map((step) => step.c)))
  eleventyConfig.addFilter('repeatsSubject', (subject: string) => repeatsParentSubject(subject))
}

/**
 * Compile each Nunjucks template once a run. Eleventy compiles a Nunjucks
 * template (and a permalink) again for every page it renders from it: the
 * story template for every story page, 2.4 ms a page. This keeps Eleventy's
 * own Nunjucks environment (its filters, globals and loader) and hands
 * Eleventy a compiled template it may cache (`compileOptions.cache`): a page
 * renders as it did, byte for byte.
 *
 * @param eleventyConfig Eleventy's config object.
 */
function compileTemplatesOnce(eleventyConfig: EleventyConfig): void {
  let environment: Environment | null = null
  eleventyConfig.on('eleventy.engine.njk', ({ environment: made }: { environment: Environment }) => {
    environment = made
  })
  eleventyConfig.addExtension('njk', {
    key: 'njk',
    compileOptions: { cache: true, permalink: true },
    async compile(content, inputPath) {
      if (!environment) throw new Error('Eleventy made no Nunjucks environment before compiling a template')
      // Loaded here, as Eleventy loads its Nunjucks engine: a build with no page to render loads no Nunjucks (35–41 ms).
      const { Template } = (await import('nunjucks')).default
      const template = new Template(content, environment, inputPath, true)
      return (data) => new Promise((resolve, reject) => template.render(data, (error, result) => (error ? reject(error) : resolve(result ?? ''))))
    }
  })
}
