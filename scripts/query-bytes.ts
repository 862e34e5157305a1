/**
 * What a browser fetches of the search index for one query: the built site is
 * served on loopback, `/search/?q=…` is opened in Debian's Chromium (a fresh
 * profile per query, so nothing comes from a cache) and the bytes of the index
 * files it fetches are added up: `shards.json`, and each shard's `pf_meta`,
 * `pf_index`, `pf_filter`, `pf_fragment`, read from the shard's pack by byte range. Pagefind's program files (`pagefind.js`, its worker, its
 * WebAssembly) are the same for every archive and are not counted; the
 * routing files (`route/…`) are index data and are.
 *
 * Usage: tsx scripts/query-bytes.ts SITE [QUERY…] [--latency MS]
 *        tsx scripts/query-bytes.ts SITE --phrases CONTENT [--rule any|common|comma] [--seed S] [--latency MS]
 *   (20 phrases from CONTENT/dumps, and whether each finds its comment first; `--latency` adds that many
 *   milliseconds to every request, as a host across a network would)
 */
import { existsSync } from 'node:fs'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { serveSite } from '../src/site/serve.ts'
import type { Browser, Response } from 'playwright-core'
import { launchChromium } from './chromium.ts'
import { phraseRules, samplePhrases, saysPhrase, type PhraseRule } from './phrases.ts'

/** Typical queries: a common word of the generated corpus, and two words. */
export const typicalQueries: readonly string[] = ['kernel', 'memory safety']

/**
 * Whether a file under `/pagefind/` is index data: everything there but
 * Pagefind's program (its script and WebAssembly). The list of shards, the
 * routing, each shard's entry, meta and packs, the phrase index, and every
 * pack's volumes.
 */
export function isIndexData(path: string): boolean {
  return path.startsWith('/pagefind/') && !/\.js$/.test(path) && !/\/wasm\.[^/]+\.pagefind$/.test(path)
}

/**
 * True in the page once the list holds the results of the search the
 * address names (see `templates/assets/search.js`). A function, run with
 * `page.waitForFunction`: the page's policy forbids evaluating strings.
 */
export function resultsShown(): boolean {
  // Typed by hand: scripts are compiled without DOM types.
  const page = globalThis as unknown as {
    document: { getElementById(id: string): { dataset: Record<string, string | undefined>; hasAttribute(name: string): boolean } | null }
    location: { search: string }
  }
  const list = page.document.getElementById('search-hits')
  return list !== null && list.dataset.shown === page.location.search && !list.hasAttribute('aria-busy')
}

/** Bytes of index data each query fetched. */
export interface QueryBytes {
  query: string
  bytes: number
  /** Index files fetched. */
  files: number
  /** Bytes by kind of file: `route`, `shards`, `meta`, `index` (chunks), `filter`, `fragment`. */
  byKind: Record<string, number>
  /** Shards whose files were fetched. */
  shards: string[]
  /** The address of the first result shown (`null` for none). */
  first: string | null
  /** Milliseconds from the navigation to the first results shown (the page's `scrollback:results` mark). */
  firstMs: number
}

/**
 * Milliseconds from the page's navigation to its first results shown: the
 * mark `templates/assets/search.js` sets each time results are in. A
 * function, run with `page.evaluate`.
 */
export function firstResultsMs(): number {
  const page = globalThis as unknown as { performance: { getEntriesByName(name: string): { startTime: number }[] } }
  return page.performance.getEntriesByName('scrollback:results')[0]?.startTime ?? Number.NaN
}

/** The kind of an index file, by its path. */
function kindOf(path: string): string {
  if (/\/route(-\d+-\d+)?(\.\d+)?\.bin$/.test(path)) return 'route'
  if (/\/pack-\d+-\d+(\.\d+)?\.bin$/.test(path)) return 'pack'
  if (/\/phrases-\d+(-\d+)?(\.\d+)?\.bin$/.test(path)) return 'phrases'
  if (path.endsWith('/shards.json')) return 'shards'
  if (path.endsWith('/pagefind-entry.json')) return 'entry'
  return /\.pf_(\w+)$/.exec(path)?.[1] ?? 'other'
}

/** The bytes of a response's body as received (a range's, for a range); a conditional request answered 304 has none. */
async function bodySize(response: Response): Promise<number> {
  if (response.status() === 304) return 0
  const sizes = await response.request().sizes().catch(() => null)
  return sizes?.responseBodySize ?? Number(response.headers()['content-length'] ?? 0)
}

/** A built site served on loopback, and Chromium to search it. */
export interface QuerySession {
  /** Search one query in a fresh browser context: what it fetched once its results are shown. */
  measure(query: string): Promise<QueryBytes>
  close(): Promise<void>
}

/**
 * Serve a site and start Chromium, to measure queries one after another.
 *
 * @param site The built site.
 * @param running A browser to use (default: Chromium started for the session, and closed with it).
 * @param options Configuration (default: `{}`): `latency`, milliseconds Chromium adds to every request (default: none: loopback as it is).
 * @returns The session, or `null` when the site has no index.
 */
export async function openQuerySession(site: string, running?: Browser, options: { latency?: number } = {}): Promise<QuerySession | null> {
  if (!existsSync(join(site, 'pagefind', 'shards.json'))) return null
  const browser = running ?? (await launchChromium())
  const server = await serveSite({ dir: site, port: 0, host: '127.0.0.1' }).catch(async (error: unknown) => {
    if (!running) await browser.close()
    throw error
  })
  return {
    async measure(query) {
      const context = await browser.newContext()
      try {
        // Each response's body: a pack is read by byte range, many times over.
        const fetched: Promise<{ path: string; size: number }>[] = []
        // Requests under way: the query is measured once its results are shown and none is left (on the context: Pagefind fetches from its Web Worker).
        const pending = new Set<unknown>()
        let settled: (() => void) | null = null
        const end = (request: unknown): void => {
          pending.delete(request)
          if (pending.size === 0) settled?.()
        }
        context.on('request', (request) => pending.add(request))
        context.on('requestfailed', end)
        context.on('requestfinished', end)
        context.on('response', (response) => {
          const path = decodeURIComponent(new URL(response.url()).pathname)
          if (response.ok() && isIndexData(path)) fetched.push(bodySize(response).then((size) => ({ path, size })))
        })
        const page = await context.newPage()
        if (options.latency) {
          const cdp = await context.newCDPSession(page)
          await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: options.latency, downloadThroughput: -1, uploadThroughput: -1 })
        }
        await page.goto(`${server.url}search/?q=${encodeURIComponent(query)}`)
        await page.waitForFunction(resultsShown)
        if (pending.size > 0) await new Promise<void>((resolve) => (settled = resolve))
        const first = await page.$eval('#search-hits .hit-t a', (link) => link.getAttribute('href')).catch(() => null)
        const firstMs = Math.round(await page.evaluate(firstResultsMs))
        let bytes = 0
        const byKind: Record<string, number> = {}
        // The server sends files and ranges as they are (compressed already, or small): a body's size is what crossed the wire.
        const bodies = await Promise.all(fetched)
        for (const { path, size } of bodies) {
          bytes += size
          byKind[kindOf(path)] = (byKind[kindOf(path)] ?? 0) + size
        }
        const shards = [...new Set(bodies.map(({ path }) => path.split('/')[2]!).filter((name) => /^s\d+$/.test(name)))].sort()
        return { query, bytes, files: bodies.length, byKind, shards, first, firstMs }
      } finally {
        await context.close()
      }
    },
    async close() {
      if (!running) await browser.close()
      await server.close()
    }
  }
}

/**
 * Bytes of index data a browser fetches for each query, showing its first results.
 *
 * @param site The built site.
 * @param queries What to search for (default: {@link typicalQueries}).
 * @param session A session to use (default: one of its own, closed at the end).
 * @returns One figure per query, or `null` when the site has no index.
 */
export async function measureQueries(site: string, queries: readonly string[] = typicalQueries, session?: QuerySession): Promise<QueryBytes[] | null> {
  const own = session ? null : await openQuerySession(site)
  const using = session ?? own
  if (!using) return null
  try {
    const figures: QueryBytes[] = []
    for (const query of queries) figures.push(await using.measure(query))
    return figures
  } finally {
    await own?.close()
  }
}

/** What a search does for phrases a reader remembers. */
export interface PhraseFigures {
  phrases: number
  /** Phrases whose comment is the first result. */
  found: number
  /** Index bytes a phrase fetched: the median and the largest. */
  medianBytes: number
  maxBytes: number
  /** Milliseconds from navigation to the first results shown: the median and the largest. */
  medianFirstMs: number
  maxFirstMs: number
  /** Each phrase's figures, and whether it found its comment first. */
  each: (QueryBytes & { url: string; found: boolean })[]
}

/**
 * Search a site for phrases from its comments, spread over the whole archive
 * (see `phrases.ts`): how many find their comment as the first result, and
 * the index bytes each fetches.
 *
 * @param site The built site.
 * @param dumps The archive's dumps (`content/dumps`).
 * @param count How many phrases (default: `20`).
 * @param session A session to use (default: one of its own).
 * @param pick The phrases' seed and rule (default: seed 1, `any`; see `phrases.ts`).
 * @returns The figures, or `null` when the site has no index.
 */
export async function measurePhrases(site: string, dumps: string, count = 20, session?: QuerySession, pick: { seed?: number; rule?: PhraseRule } = {}): Promise<PhraseFigures | null> {
  const phrases = await samplePhrases(dumps, count, pick.seed ?? 1, pick.rule ?? 'any')
  const figures = await measureQueries(
    site,
    phrases.map((phrase) => phrase.query),
    session
  )
  if (figures === null) return null
  const each: PhraseFigures['each'] = []
  for (const [i, figure] of figures.entries()) {
    const phrase = phrases[i]!
    // Its own comment, or another that says the same words (a phrase of common words can be said twice in an archive).
    const found = figure.first === phrase.url || (figure.first !== null && (await saysPhrase(dumps, figure.first, phrase.query)))
    each.push({ ...figure, url: phrase.url, found })
  }
  const bytes = each.map((figure) => figure.bytes)
  const times = each.map((figure) => figure.firstMs)
  return { phrases: each.length, found: each.filter((figure) => figure.found).length, medianBytes: median(bytes), maxBytes: Math.max(0, ...bytes), medianFirstMs: median(times), maxFirstMs: Math.max(0, ...times), each }
}

/** The median of some figures, rounded (`0` for none). */
function median(figures: readonly number[]): number {
  const sorted = [...figures].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length === 0 ? 0 : sorted.length % 2 === 1 ? sorted[middle]! : Math.round((sorted[middle - 1]! + sorted[middle]!) / 2)
}

/**
 * Bytes of index data a browser fetches for a typical query: the larger of
 * {@link typicalQueries}' figures.
 *
 * @param site The built site.
 * @param session A session to use (default: one of its own).
 * @returns The bytes, or `null` when the site has no index.
 */
export async function measureQuery(site: string, session?: QuerySession): Promise<number | null> {
  const figures = await measureQueries(site, typicalQueries, session)
  return figures === null ? null : Math.max(...figures.map((figure) => figure.bytes))
}

const isMain = process.argv[1] && import.meta.filename === (await import('node:fs')).realpathSync(process.argv[1])
if (isMain) {
  const usage = 'usage: tsx scripts/query-bytes.ts SITE [QUERY…] [--latency MS]\n       tsx scripts/query-bytes.ts SITE --phrases CONTENT [--rule any|common|comma] [--seed S] [--latency MS]\n'
  let parsed
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { phrases: { type: 'string' }, rule: { type: 'string', default: 'any' }, seed: { type: 'string', default: '1' }, latency: { type: 'string', default: '0' } }
    })
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${usage}`)
    process.exit(2)
  }
  const { values, positionals } = parsed
  const [site, ...queries] = positionals
  const latency = Number(values.latency)
  const rule = values.rule as PhraseRule
  if (!site || !Number.isFinite(latency) || latency < 0 || !phraseRules.includes(rule) || !Number.isInteger(Number(values.seed))) {
    process.stderr.write(usage)
    process.exit(2)
  }
  const session = await openQuerySession(site, undefined, { latency })
  if (session === null) {
    process.stdout.write(`${site} has no search index\n`)
    process.exit(0)
  }
  try {
    if (values.phrases) {
      const figures = (await measurePhrases(site, join(values.phrases, 'dumps'), 20, session, { rule, seed: Number(values.seed) }))!
      const kb = (bytes: number): string => (bytes / 1024).toFixed(1)
      for (const figure of figures.each) {
        const kinds = Object.entries(figure.byKind).map(([kind, bytes]) => `${kind} ${kb(bytes)}`).join(', ')
        process.stdout.write(`${figure.found ? 'first' : 'MISSED'} ${kb(figure.bytes).padStart(6)} KB ${String(figure.firstMs).padStart(5)} ms ${figure.files} files (${kinds}; shards ${figure.shards.join(' ')})  ${JSON.stringify(figure.query)} → ${figure.url}${figure.found ? '' : ` (first: ${figure.first})`}\n`)
      }
      process.stdout.write(`${figures.found} of ${figures.phrases} found first; median ${(figures.medianBytes / 1024).toFixed(1)} KB, largest ${(figures.maxBytes / 1024).toFixed(1)} KB; first results in ${figures.medianFirstMs} ms median, ${figures.maxFirstMs} ms largest\n`)
    } else {
      const figures = (await measureQueries(site, queries.length > 0 ? queries : typicalQueries, session))!
      for (const { query, bytes, files, firstMs } of figures) process.stdout.write(`${JSON.stringify(query)}: ${(bytes / 1024).toFixed(1)} KB in ${files} index files, first results in ${firstMs} ms\n`)
    }
  } finally {
    await session.close()
  }
}
