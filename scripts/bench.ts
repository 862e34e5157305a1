/**
 * The pipeline benchmark: in a fresh temporary folder, generate N dumps,
 * ingest, build the site and its search index, rebuild with nothing to do,
 * then add one story and rebuild; search phrases in Chromium. With `--hugo`,
 * Hugo and Pagefind on the same text too (see `hugo-floor.ts`). Prints a
 * table; with --json the last line is one JSON object.
 *
 * Usage: npm run bench -- --stories N [--phrases P] [--phrase-seed S] [--text english|words] [--json] [--seed S] [--keep] [--hugo] [--write docs/performance.md]
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { cpus, tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { parseDump } from '../src/parse/parse-dump.ts'
import { folderSize } from '../src/io/folder-size.ts'
import { childrenCpuSeconds } from './cpu-time.ts'
import { generateDump, writeCorpus } from './gen-corpus.ts'
import { hugoFloor, hugoPath, type HugoFloor } from './hugo-floor.ts'
import { measurePhrases, measureQuery, openQuerySession, type PhraseFigures } from './query-bytes.ts'
import { phraseRules, type PhraseRule } from './phrases.ts'

/** Every figure the benchmark reports. */
export interface BenchResult {
  stories: number
  comments: number
  inputBytes: number
  parseMBps: number
  ingestSeconds: number
  siteSeconds: number
  indexSeconds: number
  totalSeconds: number
  /** CPU seconds of the ingest and the build, Pagefind's included: the work, apart from how busy the machine was. */
  cpuSeconds: number
  commentsPerSecond: number
  peakRssMB: number
  outputBytes: number
  outputFiles: number
  indexFiles: number
  indexBytes: number
  rebuildOneSeconds: number
  /** The search index's share of that rebuild (Pagefind and the routing). */
  rebuildOneIndexSeconds: number
  /** Index files the rebuild after adding one story wrote (changed or new), and their bytes: what a deploy uploads of the index. */
  rebuildIndexFiles: number
  rebuildIndexBytes: number
  queryBytes: number | null
  /** Of 20 five-word phrases from comments of stories spread over the archive (the `any` rule), how many find their comment as the first result. */
  phrasesFound: number | null
  phrases: number | null
  /** Index bytes those phrases fetched: the median and the largest. */
  phraseMedianBytes: number | null
  phraseMaxBytes: number | null
  /** The same for each way of picking phrases (see `phrases.ts`): any five words, only common words, across punctuation. */
  phraseRules: { rule: PhraseRule; found: number; phrases: number; medianBytes: number; maxBytes: number; medianFirstMs: number; maxFirstMs: number }[]
  /** Milliseconds from opening the search page to its first results shown, over those phrases (the `any` rule): the median and the largest. */
  phraseMedianFirstMs: number | null
  phraseMaxFirstMs: number | null
  /** The whole site as a maintainer uploads it: files and bytes, and per story. */
  siteFiles: number
  siteBytes: number
  /** With `--hugo`: what Hugo and Pagefind wrote for the same text. */
  hugoFiles: number | null
  hugoBytes: number | null
  /** With `--hugo`: Hugo rendering the same text as flat pages, and Pagefind indexing them (see `hugo-floor.ts`); `null` without. */
  hugoSeconds: number | null
  hugoPagefindSeconds: number | null
  /** Scrollback's end-to-end time over the sum of the two. */
  hugoRatio: number | null
  /** CPU seconds of Hugo and Pagefind on the same text. */
  hugoCpuSeconds: number | null
  /** With `--hugo`: Eleventy rendering the same flat pages (the project's own stack's floor, with Pagefind's time on Hugo's pages, which hold the same text). */
  eleventySeconds: number | null
  eleventyCpuSeconds: number | null
  /** Scrollback's end-to-end time over Eleventy's plus Pagefind's. */
  eleventyRatio: number | null
  /** A rebuild with nothing to do. */
  noopSeconds: number
}

const bin = join(import.meta.dirname, '..', 'src', 'cli', 'scrollback.js')
/** The node flags the executable's `#!` line gives it (a heap cap), so that it runs here as it runs installed. */
const binFlags = (await readFile(bin, 'utf8')).split('\n', 1)[0]!.replace(/^#!\S*env -S node/, '').trim().split(/\s+/).filter(Boolean)

/** Counted steps on a terminal, nothing in a CI log. */
function progress(enabled: boolean): (step: string) => void {
  const started = performance.now()
  return (step) => {
    if (enabled) process.stderr.write(`[${((performance.now() - started) / 1000).toFixed(1).padStart(6)} s] ${step}\n`)
  }
}

/**
 * Run `scrollback` as a child process, sampling the peak memory of it and
 * its children (Pagefind runs as one) from /proc.
 */
async function run(args: string[], cwd: string): Promise<{ seconds: number; cpuSeconds: number; peakRssMB: number }> {
  const start = performance.now()
  const cpuStart = childrenCpuSeconds()
  const child = spawn(process.execPath, [...binFlags, bin, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  let peak = 0
  const sample = async (): Promise<void> => {
    for (const pid of await processTree(child.pid!)) peak = Math.max(peak, await peakRss(pid))
  }
  const timer = setInterval(() => void sample(), 250)
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
  clearInterval(timer)
  if (code !== 0) throw new Error(`scrollback ${args.join(' ')} failed (exit ${code}):\n${stderr.slice(-4000)}`)
  return { seconds: (performance.now() - start) / 1000, cpuSeconds: childrenCpuSeconds() - cpuStart, peakRssMB: Math.round(peak / 1024) }
}

/** A process and its descendants, from each process's `children` lists (cheap: no scan of /proc). */
async function processTree(root: number): Promise<number[]> {
  const pids = [root]
  for (let i = 0; i < pids.length; i++) {
    const pid = pids[i]!
    const tasks = await readdir(`/proc/${pid}/task`).catch(() => [] as string[])
    for (const task of tasks) {
      const children = await readFile(`/proc/${pid}/task/${task}/children`, 'utf8').catch(() => '')
      for (const child of children.split(' ')) if (child.trim() !== '') pids.push(Number(child))
    }
  }
  return pids
}

/** A process's peak resident memory so far, in KiB (VmHWM). */
async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
  const match = /^VmHWM:\s+(\d+) kB/m.exec(status)
  return match ? Number(match[1]) : 0
}

/**
 * Run the benchmark.
 *
 * @param stories How many stories.
 * @param options Seed, whether to keep the folder, whether to show progress.
 */
export async function bench(
  stories: number,
  options: { seed?: number; keep?: boolean; progress?: boolean; phrases?: number; hugo?: boolean; text?: 'words' | 'english'; phraseSeed?: number } = {}
): Promise<BenchResult> {
  const step = progress(options.progress ?? false)
  const root = await mkdtemp(join(tmpdir(), 'scrollback-bench-'))
  const content = join(root, 'content')
  const out = join(root, '_site')
  try {
    step(`generating ${stories} dumps in ${root}`)
    const inputBytes = await writeCorpus(join(content, 'dumps'), stories, { seed: options.seed ?? 1, text: options.text ?? 'words' })

    step('parsing (in this process, to measure the parser alone)')
    const dumpsDir = join(content, 'dumps')
    let comments = 0
    let parseMs = 0
    for (const name of await readdir(dumpsDir)) {
      const text = await readFile(join(dumpsDir, name), 'utf8')
      const start = performance.now()
      comments += parseDump(text).story?.comments.length ?? 0
      parseMs += performance.now() - start
    }

    step('ingesting')
    const ingest = await run(['ingest', '--content', content], root)
    step('building the site and its search index')
    const statsFile = join(root, 'stats.json')
    const build = await run(['build', '--content', content, '--out', out, '--cache', join(root, '.cache'), '--stats', statsFile], root)
    const timings = (JSON.parse(await readFile(statsFile, 'utf8')) as { timings: { site: number; index: number } }).timings
    const pagefind = join(out, 'pagefind')
    const site = await folderSize(out, pagefind)
    const index = await folderSize(pagefind).catch(() => ({ files: 0, bytes: 0 }))

    const whole = await folderSize(out)

    step('rebuilding with nothing to do')
    const noop = await run(['build', '--content', content, '--out', out, '--cache', join(root, '.cache')], root)
    let floor: HugoFloor | null = null
    if (options.hugo) {
      step('rendering the same text with Hugo, and indexing it with Pagefind')
      floor = await hugoFloor(dumpsDir)
      if (floor === null) throw new Error(`--hugo: Hugo is not at ${hugoPath} (apt-get install hugo, or set HUGO_PATH)`)
    }
    step('adding one story and rebuilding')
    const extra = generateDump(stories, { seed: options.seed ?? 1, text: options.text ?? 'words' })
    await writeFile(join(dumpsDir, extra.name), extra.text)
    const rebuildStart = Date.now()
    const rebuildStats = join(root, 'rebuild-stats.json')
    const rebuild = await run(['build', '--content', content, '--out', out, '--cache', join(root, '.cache'), '--stats', rebuildStats], root)
    const rebuildTimings = (JSON.parse(await readFile(rebuildStats, 'utf8')) as { timings: { index: number } }).timings
    const changed = await changedSince(pagefind, rebuildStart)

    step('measuring what a query fetches, in Chromium')
    const session = index.files > 0 ? await openQuerySession(out) : null
    let queryBytes: number | null = null
    let phrases: PhraseFigures | null = null
    const byRule: BenchResult['phraseRules'] = []
    try {
      if (session) queryBytes = await measureQuery(out, session)
      for (const rule of phraseRules) {
        step(`searching ${options.phrases ?? 20} phrases (${rule}) from over the whole archive, in Chromium`)
        const figures = session ? await measurePhrases(out, dumpsDir, options.phrases ?? 20, session, { rule, seed: options.phraseSeed ?? 1 }) : null
        if (!figures) continue
        if (rule === 'any') phrases = figures
        byRule.push({ rule, found: figures.found, phrases: figures.phrases, medianBytes: figures.medianBytes, maxBytes: figures.maxBytes, medianFirstMs: figures.medianFirstMs, maxFirstMs: figures.maxFirstMs })
      }
    } finally {
      await session?.close()
    }

    const totalSeconds = ingest.seconds + build.seconds
    return {
      stories,
      comments,
      inputBytes,
      parseMBps: round(inputBytes / 1e6 / (parseMs / 1000), 1),
      ingestSeconds: round(ingest.seconds, 2),
      siteSeconds: round(timings.site / 1000, 2),
      indexSeconds: round(timings.index / 1000, 2),
      totalSeconds: round(totalSeconds, 2),
      cpuSeconds: round(ingest.cpuSeconds + build.cpuSeconds, 1),
      commentsPerSecond: Math.round(comments / totalSeconds),
      peakRssMB: Math.max(ingest.peakRssMB, build.peakRssMB, rebuild.peakRssMB),
      outputBytes: site.bytes,
      outputFiles: site.files + index.files,
      indexFiles: index.files,
      indexBytes: index.bytes,
      rebuildOneSeconds: round(rebuild.seconds, 2),
      rebuildOneIndexSeconds: round(rebuildTimings.index / 1000, 2),
      rebuildIndexFiles: changed.files,
      rebuildIndexBytes: changed.bytes,
      queryBytes,
      phrasesFound: phrases?.found ?? null,
      phrases: phrases?.phrases ?? null,
      phraseMedianBytes: phrases?.medianBytes ?? null,
      phraseMaxBytes: phrases?.maxBytes ?? null,
      phraseRules: byRule,
      phraseMedianFirstMs: phrases?.medianFirstMs ?? null,
      phraseMaxFirstMs: phrases?.maxFirstMs ?? null,
      siteFiles: whole.files,
      siteBytes: whole.bytes,
      hugoFiles: floor && floor.files,
      hugoBytes: floor && floor.bytes,
      hugoSeconds: floor && round(floor.hugoSeconds, 2),
      hugoPagefindSeconds: floor && round(floor.pagefindSeconds, 2),
      hugoRatio: floor && round(totalSeconds / (floor.hugoSeconds + floor.pagefindSeconds), 2),
      hugoCpuSeconds: floor && round(floor.cpuSeconds, 1),
      eleventySeconds: floor && round(floor.eleventySeconds, 2),
      eleventyCpuSeconds: floor && round(floor.eleventyCpuSeconds, 1),
      eleventyRatio: floor && round(totalSeconds / (floor.eleventySeconds + floor.pagefindSeconds), 2),
      noopSeconds: round(noop.seconds, 2)
    }
  } finally {
    if (!options.keep) await rm(root, { recursive: true, force: true })
  }
}

/** Files in a folder modified since a time (ms), and their bytes. */
async function changedSince(folder: string, since: number): Promise<{ files: number; bytes: number }> {
  let files = 0
  let bytes = 0
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true }).catch(() => [])) {
    if (!entry.isFile()) continue
    const info = await stat(join(entry.parentPath, entry.name))
    if (info.mtimeMs >= since) {
      files++
      bytes += info.size
    }
  }
  return { files, bytes }
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits
  return Math.round(value * scale) / scale
}

/** The table for people. */
export function table(result: BenchResult): string {
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
  const rows: [string, string][] = [
    ['stories / comments', `${result.stories} / ${result.comments}`],
    ['dumps', mb(result.inputBytes)],
    ['parse', `${result.parseMBps} MB/s`],
    ['ingest', `${result.ingestSeconds} s`],
    ['site (Eleventy)', `${result.siteSeconds} s`],
    ['search index (Pagefind)', `${result.indexSeconds} s`],
    ['total, end to end', `${result.totalSeconds} s (${result.commentsPerSecond} comments/s)`],
    ['  CPU time', `${result.cpuSeconds} s (${(result.cpuSeconds / result.totalSeconds).toFixed(2)} cores busy on average)`],
    ['rebuild, nothing to do', `${result.noopSeconds} s`],
    ['add one story, rebuild', `${result.rebuildOneSeconds} s (${((100 * result.rebuildOneSeconds) / result.totalSeconds).toFixed(1)}% of a full build)`],
    ['  of it the search index', `${result.rebuildOneIndexSeconds} s (${((100 * result.rebuildOneIndexSeconds) / result.indexSeconds).toFixed(1)}% of a full index)`],
    ['peak memory (largest process)', `${result.peakRssMB} MB`],
    ['site without the index', `${mb(result.outputBytes)} (${(result.outputBytes / result.inputBytes).toFixed(2)}× the dumps)`],
    ['files written', `${result.outputFiles} (${result.indexFiles} of them the index, ${mb(result.indexBytes)})`],
    ['index files the rebuild wrote', `${result.rebuildIndexFiles} (${mb(result.rebuildIndexBytes)})`],
    ['index data for one query', result.queryBytes === null ? 'no index' : `${(result.queryBytes / 1024).toFixed(1)} KB`],
    ...result.phraseRules.map(
      (figure): [string, string] => [
        `phrases found first (${figure.rule})`,
        `${figure.found} of ${figure.phrases}; index data median ${(figure.medianBytes / 1024).toFixed(1)} KB, largest ${(figure.maxBytes / 1024).toFixed(1)} KB`
      ]
    ),
    ...result.phraseRules.map((figure): [string, string] => [`  time to first results (${figure.rule})`, `median ${figure.medianFirstMs} ms, largest ${figure.maxFirstMs} ms`]),
    ['site, as uploaded', `${result.siteFiles} files (${(result.siteFiles / result.stories).toFixed(2)} a story), ${mb(result.siteBytes)} (${(result.siteBytes / result.inputBytes).toFixed(2)}× the dumps)`]
  ]
  if (result.hugoFiles !== null && result.hugoBytes !== null) {
    rows.push([
      'Hugo + Pagefind, as uploaded',
      `${result.hugoFiles} files (${(result.hugoFiles / result.stories).toFixed(2)} a story), ${mb(result.hugoBytes)}; Scrollback has ${(result.siteFiles / result.hugoFiles).toFixed(2)}× the files, ${(result.siteBytes / result.hugoBytes).toFixed(2)}× the bytes`
    ])
  }
  if (result.hugoSeconds !== null) {
    rows.push(['Hugo + Pagefind, same text', `${result.hugoSeconds} + ${result.hugoPagefindSeconds} s; Scrollback end to end is ${result.hugoRatio}× that`])
    rows.push(['  CPU time', `${result.hugoCpuSeconds} s; Scrollback's is ${(result.cpuSeconds / result.hugoCpuSeconds!).toFixed(2)}× that`])
    rows.push(['  as comments a second', `${Math.round(result.comments / (result.hugoSeconds + result.hugoPagefindSeconds!))}; Pagefind alone ${Math.round(result.comments / result.hugoPagefindSeconds!)}`])
    const eleventyFloor = result.eleventySeconds! + result.hugoPagefindSeconds!
    rows.push(['Eleventy + Pagefind, same pages', `${result.eleventySeconds} + ${result.hugoPagefindSeconds} s (${(eleventyFloor / (result.hugoSeconds + result.hugoPagefindSeconds!)).toFixed(2)}× Hugo + Pagefind); Scrollback is ${result.eleventyRatio}× that`])
    rows.push(['  Eleventy alone', `${result.eleventySeconds} s, CPU ${result.eleventyCpuSeconds} s (Pagefind's time is its time on Hugo's pages: the same text)`])
  }
  const width = Math.max(...rows.map(([name]) => name.length))
  return rows.map(([name, value]) => `${name.padEnd(width)}  ${value}`).join('\n')
}

const isMain = process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])
if (isMain) {
  const { values } = parseArgs({
    options: {
      stories: { type: 'string', default: '100' },
      json: { type: 'boolean' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean' },
      phrases: { type: 'string', default: '20' },
      'phrase-seed': { type: 'string', default: '1' },
      text: { type: 'string', default: 'english' },
      hugo: { type: 'boolean' },
      write: { type: 'string' }
    }
  })
  const stories = Number(values.stories)
  const phrases = Number(values.phrases)
  for (const [name, value] of [['stories', stories], ['phrases', phrases]] as const) {
    if (!Number.isInteger(value) || value < 1) {
      process.stderr.write(`bench: --${name} takes a whole number of at least 1, not \`${values[name]}\`\n`)
      process.exit(2)
    }
  }
  if (values.text !== 'english' && values.text !== 'words') {
    process.stderr.write(`bench: --text takes english or words, not \`${values.text}\`\n`)
    process.exit(2)
  }
  const result = await bench(stories, {
    seed: Number(values.seed),
    keep: values.keep === true,
    progress: process.stderr.isTTY === true,
    phrases,
    hugo: values.hugo === true,
    text: values.text,
    phraseSeed: Number(values['phrase-seed'])
  })
  process.stdout.write(table(result) + '\n')
  // The figures page: this run's table under its size, the other sizes' as they were.
  if (values.write !== undefined) await writePerformance(values.write, result, values.text)
  if (values.json) process.stdout.write(JSON.stringify(result) + '\n')
}

/**
 * Put a run's table into the figures page (`docs/performance.md`): one
 * section per archive size, replaced by the next run at that size, so the
 * page holds the current figures and no history.
 *
 * @param file The page.
 * @param result The run.
 * @param text The corpus's text (`english` or `words`).
 */
async function writePerformance(file: string, result: BenchResult, text: string): Promise<void> {
  const head =
    '# Performance\n\nThe current figures, written by `npm run bench -- --stories N --hugo --write docs/performance.md` ' +
    '(see CONTRIBUTING.md): one section per archive size, each replaced by the next run at that size. ' +
    'Figures move by a quarter from hour to hour on a shared 2-core machine; each section says when and where it ran. ' +
    '"Index data" is every file under `pagefind/` a query fetches but Pagefind\'s script and WebAssembly: the list of shards, ' +
    'the routing, each shard\'s entry, meta, packs and phrase index, and their volumes (`isIndexData` in `scripts/query-bytes.ts`).\n'
  const before = await readFile(file, 'utf8').catch(() => head)
  const sections = new Map<number, string>()
  for (const match of before.matchAll(/^## (\d[\d,]*) stories\n[\s\S]*?(?=^## |(?![\s\S]))/gm)) sections.set(Number(match[1]!.replace(/,/g, '')), match[0].trimEnd())
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ')
  sections.set(
    result.stories,
    `## ${result.stories.toLocaleString('en-US')} stories\n\n${when} UTC, ${cpus().length} cores, Node ${process.versions.node}, corpus \`--text ${text}\`, seed as run.\n\n\`\`\`\n${table(result)}\n\`\`\``
  )
  const body = [...sections].sort(([a], [b]) => a - b).map(([, section]) => section).join('\n\n')
  await writeFile(file, `${head}\n${body}\n`)
}
