/**
 * `scrollback build [--content DIR] [--out DIR] [--url URL] [--cache DIR] [--stats FILE]`:
 * ingest new dumps, render the site with Eleventy, then index it with Pagefind.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { plural } from '../site/plural.ts'
import { folderSize } from '../io/folder-size.ts'
import { overLimits, sizeText, type HostLimit } from '../site/hosts.ts'
import type { Command, Io } from './command.ts'
import { reportIngest, shown } from './ingest-report.ts'
import { ProgressDisplay } from './progress.ts'

export const buildCommand: Command = {
  name: 'build',
  usage: 'scrollback build [--content DIR] [--out DIR] [--url URL] [--cache DIR] [--stats FILE]',
  summary: 'Ingest new dumps, build the static site from the records in DIR/stories, and its search index.',
  help: `Options:
  --content DIR  content folder (default: content)
  --out DIR      where the site goes (default: _site)
  --url URL      the site's public address, for the feed and sitemap (default: "url" in CONTENT/site.json, else http://localhost:8080/)
  --cache DIR    what builds keep between them: rendered comments, dump hashes, search counts (default: .cache)
  --stats FILE   write the build's counts and stage timings there as JSON (for benchmarks)
  -h, --help`,
  options: { content: { type: 'string' }, out: { type: 'string' }, url: { type: 'string' }, cache: { type: 'string' }, stats: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) return io.usage('build takes no arguments')
    const text = (name: string): string | undefined => optionText(values, name)
    const url = text('url')
    const wrongUrl = urlProblem(url)
    if (wrongUrl) return io.usage(wrongUrl)
    return (await buildAndReport({ out: text('out') ?? '_site', content: text('content'), url, cache: text('cache'), stats: text('stats') }, io)).status
  }
}

/**
 * An option's text as given on the command line.
 *
 * @param values The parsed options.
 * @param name The option's name.
 * @returns Its text, or `undefined` when it was not given.
 */
export function optionText(values: Record<string, unknown>, name: string): string | undefined {
  const value = values[name]
  return typeof value === 'string' ? value : undefined
}

/**
 * What is wrong with a `--url`, for `build` and `serve --watch`.
 *
 * @param url The option's text, if given.
 * @returns The usage message, or `null` when it is missing or an http(s) address.
 */
export function urlProblem(url: string | undefined): string | null {
  return url === undefined || /^https?:\/\/[^\s/]+/.test(url) ? null : `--url must be an http(s) address, not \`${url}\``
}

/** How a build reported by {@link buildAndReport} ended. */
export interface BuildReport {
  /** The exit status: 0 built, 1 a problem. */
  status: number
  /** The records ingest wrote. */
  records: string[]
  /** Whether the site's pages were written (with a problem too: a dump not ingested, the search index not written). */
  pages: boolean
}

/** What {@link buildAndReport} builds. */
export interface BuildRequest {
  out: string
  content?: string | undefined
  url?: string | undefined
  cache?: string | undefined
  /** A file for the build's counts and timings as JSON. */
  stats?: string | undefined
  /** The hosts' limits the site is checked against (default: `hostLimits`). */
  limits?: readonly HostLimit[] | undefined
}

/**
 * Build the site, with a progress line on a terminal, and report what
 * happened: the build's problems, then its summary line.
 *
 * @param request What to build.
 * @param io Where to report.
 * @returns The exit status (0 built, 1 a problem), the records ingest wrote, and whether the pages were written (a build can write them and still fail: a dump it could not ingest, an index it could not write).
 */
export async function buildAndReport(request: BuildRequest, io: Io): Promise<BuildReport> {
  const { out, url, content, cache } = request
  const { buildSite } = await import('../site/build.ts')
  const progress = new ProgressDisplay('build', io.terminal)
  const result = await buildSite({
    out,
    ...(content === undefined ? {} : { content }),
    ...(url === undefined ? {} : { url }),
    ...(cache === undefined ? {} : { cache }),
    onProgress: (where) => progress.update(where)
  }).finally(() => progress.clear())
  const records = result.ingested.filter((outcome) => outcome.status === 'written').map((outcome) => outcome.record)
  const ingested = await reportIngest(result.ingested, io)
  const failedDumps = ingested.failed + ingested['kept-edit']
  for (const line of result.log) io.note(line)
  for (const problem of result.problems) {
    io.error(shown(problem.file), problem.message, await readFile(problem.file, 'utf8').catch(() => undefined))
  }
  if (result.failure) {
    io.note(`${shown(out)}: cannot write the site: ${result.failure.message} [${result.failure.code}]`)
    io.note('build: the site is left as it was (each page the old one or the new one); fix the cause and build again')
    return { status: 1, records, pages: false }
  }
  for (const problem of result.index?.problems ?? []) io.note(`${shown(join(out, 'pagefind'))}: ${problem.message} [${problem.code}]`)
  if (!result.ok && result.problems.length === 0) {
    io.note('build: the pages are written, but not the search index (see above)')
    return { status: 1, records, pages: true }
  }
  if (!result.ok) {
    io.note(`build: ${plural(result.problems.length, 'problem', 'problems')} in the records: nothing written (fix them, or run \`scrollback check\`)`)
    return { status: 1, records, pages: false }
  }
  const stats = result.stats
  const statsFile = request.stats
  if (statsFile !== undefined) await writeFile(statsFile, JSON.stringify({ ms: result.ms, timings: result.timings, stats, written: result.written, index: result.index && { pages: result.index.pages, shards: result.index.shards, written: result.index.written } }) + '\n')
  io.note(
    `build: ${plural(stats?.stories ?? 0, 'story', 'stories')}, ${plural(stats?.comments ?? 0, 'comment', 'comments')} → ${out} in ${(result.ms / 1000).toFixed(2)} s` +
      (stats ? `: ${stats.rendered} of ${stats.bodies} distinct bodies and ${stats.pages} of ${stats.pages + stats.kept} story pages rendered (the rest unchanged)` : '') +
      (result.index ? `; search index of ${plural(result.index.pages, 'page', 'pages')} in ${plural(result.index.shards, 'shard', 'shards')} (${result.index.written} written) in ${(result.timings.index / 1000).toFixed(2)} s` : '')
  )
  // What a maintainer uploads, and where it would be refused: said now, not at deploy time.
  // (A report only: a folder that cannot be read now, another build at work in it, fails nothing.)
  const size = await folderSize(out).catch((error: unknown) => {
    io.note(`build: cannot count the site's files (${error instanceof Error ? error.message : String(error)})`)
    return null
  })
  if (size !== null) {
    const over = overLimits(size, request.limits)
    io.note(`build: the site is ${sizeText(size)}${over.length === 0 ? ': within the limits of every host checked (see docs/publishing.md)' : ''}`)
    for (const line of over) io.note(`build: too large for ${line} (see docs/publishing.md)`)
  }
  if (failedDumps > 0) {
    io.note(`build: ${plural(failedDumps, 'dump', 'dumps')} could not be ingested (see above); the site has the other stories`)
    return { status: 1, records, pages: true }
  }
  return { status: 0, records, pages: true }
}
