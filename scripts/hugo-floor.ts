/**
 * The floor a static site generator sets for the same text: Hugo (Debian's
 * package, `apt-get install hugo`; never a dependency of the project)
 * renders each dump's story and comments as one flat page, then Pagefind's
 * program indexes those pages with its defaults. `npm run bench -- --hugo`
 * puts Scrollback's end-to-end time beside the sum of the two.
 *
 * Then Eleventy, the project's own, renders the same markdown pages with
 * one Nunjucks layout (markdown-it, no template language run over the
 * markdown, one run of its command line): Eleventy's time plus Pagefind's
 * on the same text is the floor of the project's own stack, with no dump
 * parsed, no record written and nothing but the text on a page.
 *
 * Usage: tsx scripts/hugo-floor.ts DUMPS   (prints the three times)
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseDump } from '../src/parse/parse-dump.ts'
import { linesToMarkdown } from '../src/records/markdown.ts'
import { folderSize } from '../src/io/folder-size.ts'
import { pagefindProgram } from '../src/search/index-task.ts'
import { childrenCpuSeconds } from './cpu-time.ts'

/** Where Hugo is (`HUGO_PATH` overrides). */
export const hugoPath = process.env.HUGO_PATH ?? '/usr/bin/hugo'

/** Seconds each tool took on the same text. */
export interface HugoFloor {
  pages: number
  hugoSeconds: number
  pagefindSeconds: number
  /** CPU seconds of the two, user and system. */
  cpuSeconds: number
  /** Eleventy rendering the same pages (see {@link eleventyFloor}). */
  eleventySeconds: number
  eleventyCpuSeconds: number
  /** What Hugo and Pagefind wrote (`public/`, index included): what a maintainer would upload. */
  files: number
  bytes: number
}

/** Eleventy's command line, as the package installs it. */
const eleventyCommand = join(import.meta.dirname, '..', 'node_modules', '@11ty', 'eleventy', 'cmd.cjs')

/** A minimal Hugo site: one flat page per story, its title, its text, and every comment's subject and text. */
const layouts: Record<string, string> = {
  '_default/baseof.html': '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n',
  '_default/single.html': '{{ define "main" }}<main data-pagefind-body><h1>{{ .Title }}</h1>{{ .Content }}</main>{{ end }}\n',
  '_default/list.html': '{{ define "main" }}<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
}

/**
 * The page Hugo gets for a dump: its story and comments as plain paragraphs.
 *
 * @param text The dump.
 * @returns Markdown with YAML front matter, or `null` for a dump that does not parse.
 */
export function hugoPage(text: string): string | null {
  const story = parseDump(text).story
  if (!story) return null
  // The text as markdown, escaped as records are (see `src/records/markdown.ts`).
  const parts = [linesToMarkdown(story.paragraphs)]
  for (const comment of story.comments) parts.push(linesToMarkdown([`${comment.subject} (Score:${comment.score})`]), linesToMarkdown(comment.lines, comment.quoted))
  return `---\ntitle: ${JSON.stringify(story.title)}\n---\n\n${parts.join('\n\n')}\n`
}

/**
 * Render a folder of dumps with Hugo and index the result with Pagefind, timing each.
 *
 * @param dumps The dumps' folder.
 * @returns The times, or `null` when Hugo is not installed.
 */
export async function hugoFloor(dumps: string): Promise<HugoFloor | null> {
  if (!existsSync(hugoPath)) return null
  const site = await mkdtemp(join(tmpdir(), 'scrollback-hugo-'))
  try {
    await writeFile(join(site, 'hugo.toml'), 'baseURL = "https://archive.example/"\ntitle = "Hugo floor"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT"]\n')
    for (const [name, text] of Object.entries(layouts)) {
      await mkdir(join(site, 'layouts', name, '..'), { recursive: true })
      await writeFile(join(site, 'layouts', name), text)
    }
    await mkdir(join(site, 'content', 'stories'), { recursive: true })
    let pages = 0
    let firstStory = ''
    for (const name of await readdir(dumps)) {
      const page = hugoPage(await readFile(join(dumps, name), 'utf8'))
      if (page === null) continue
      const story = name.replace(/\.txt$/, '')
      await writeFile(join(site, 'content', 'stories', `${story}.md`), page)
      firstStory ||= story
      pages++
    }
    const cpuStart = childrenCpuSeconds()
    const hugoSeconds = await timed(hugoPath, ['--quiet', '--source', site, '--destination', join(site, 'public')], site)
    const pagefindSeconds = await timed(pagefindProgram(), ['--site', join(site, 'public'), '--silent'], site)
    const cpuSeconds = childrenCpuSeconds() - cpuStart
    const output = await folderSize(join(site, 'public'))
    const eleventy = await eleventyFloor(site, firstStory)
    return { pages, hugoSeconds, pagefindSeconds, cpuSeconds, eleventySeconds: eleventy.seconds, eleventyCpuSeconds: eleventy.cpuSeconds, ...output }
  } finally {
    await rm(site, { recursive: true, force: true })
  }
}

/**
 * Render the Hugo site's pages with Eleventy instead: the same markdown
 * files, a layout of the same markup, written to `<site>/eleventy/`.
 *
 * @param site The folder {@link hugoFloor} made (its `content/stories/`).
 * @param firstStory A page's name, checked for the layout once Eleventy is done.
 * @returns Eleventy's wall and CPU seconds.
 */
async function eleventyFloor(site: string, firstStory: string): Promise<{ seconds: number; cpuSeconds: number }> {
  const input = join(site, 'content')
  await mkdir(join(input, '_includes'), { recursive: true })
  await writeFile(join(input, '_includes', 'page.njk'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title></head><body><main data-pagefind-body><h1>{{ title }}</h1>{{ content | safe }}</main></body></html>\n')
  await writeFile(join(input, 'stories', 'stories.json'), JSON.stringify({ layout: 'page.njk', templateEngineOverride: 'md' }))
  const cpuStart = childrenCpuSeconds()
  // Paths relative to the site's folder, where Eleventy runs: given an absolute input folder, Eleventy 3 reads no
  // folder data file (11ty/eleventy#1100), and the pages would get no layout and go through Liquid.
  const seconds = await timed(process.execPath, [eleventyCommand, '--input=content', '--output=eleventy', '--quiet'], site)
  const cpuSeconds = childrenCpuSeconds() - cpuStart
  const sample = await readFile(join(site, 'eleventy', 'stories', firstStory, 'index.html'), 'utf8')
  if (!sample.includes('data-pagefind-body')) throw new Error(`Eleventy did not lay out ${firstStory} with the floor's layout`)
  return { seconds, cpuSeconds }
}

/** Run a program to its end; its wall time in seconds. */
async function timed(program: string, args: string[], cwd: string): Promise<number> {
  const start = performance.now()
  const child = spawn(program, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-2000)))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  if (code !== 0) throw new Error(`${program} exited with ${code}: ${stderr.trim()}`)
  return (performance.now() - start) / 1000
}

const isMain = process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])
if (isMain) {
  const dumps = process.argv[2]
  if (!dumps) {
    process.stderr.write('usage: tsx scripts/hugo-floor.ts DUMPS\n')
    process.exit(2)
  }
  const floor = await hugoFloor(dumps)
  if (floor === null) process.stdout.write(`Hugo is not at ${hugoPath}: apt-get install hugo (or set HUGO_PATH)\n`)
  else
    process.stdout.write(
      `${floor.pages} pages: Hugo ${floor.hugoSeconds.toFixed(2)} s, Pagefind ${floor.pagefindSeconds.toFixed(2)} s, together ${(floor.hugoSeconds + floor.pagefindSeconds).toFixed(2)} s (CPU ${floor.cpuSeconds.toFixed(1)} s); Eleventy ${floor.eleventySeconds.toFixed(2)} s (CPU ${floor.eleventyCpuSeconds.toFixed(1)} s); Hugo + Pagefind wrote ${floor.files} files, ${(floor.bytes / 1e6).toFixed(1)} MB\n`
    )
}
