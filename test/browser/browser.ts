/**
 * The built sample in Debian's Chromium: build once per test file, serve it
 * on a free loopback port, and open pages. No browser is downloaded: a
 * missing Chromium fails the tests with what to install.
 */
import { readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core'
import { launchChromium } from '../../scripts/chromium.ts'
import { resultsShown } from '../../scripts/query-bytes.ts'
import { serveSite, type RunningServer } from '../../src/site/serve.ts'
import { join } from 'node:path'
import { build, sampleDump, tempContent, type Built } from '../site/build-fixture.ts'
import type { BuildOptions } from '../../src/site/build.ts'


const require = createRequire(import.meta.url)
/** axe-core's script, injected into pages. */
export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The sample story's path on the site. */
export const storyPath = 'stories/rust-in-linux-no-longer-experimental/'

/** A built and served sample, and a browser. */
export interface Session {
  site: Built
  server: RunningServer
  browser: Browser
  /**
   * Open a page of the site; every request it makes is recorded. Pages share
   * one browser context (a new context starts a renderer process, half a
   * second or more), given their colour scheme and viewport; other options
   * (JavaScript off) get a context of their own, closed with the page. Close
   * the page when done.
   */
  open(path: string, options?: BrowserContextOptions): Promise<{ page: Page; requests: string[] }>
  close(): Promise<void>
}

/**
 * Build the sample (or another content folder), serve it and start Chromium.
 *
 * @param prepare Fills the temporary content folder instead of the sample (default: the sample).
 * @param options More build options (default: `{}`; the search index is built).
 * @returns The session.
 */
export async function startSession(prepare?: (content: string) => void | Promise<void>, options: BuildOptions = {}): Promise<Session> {
  const dir = tempContent(prepare ? [] : [sampleDump])
  await prepare?.(join(dir, 'content'))
  // With the search index: every page's header box leads to search.
  const site = await build(dir, { index: true, ...options })
  if (!site.result.ok) throw new Error('the site did not build')
  const server = await serveSite({ dir: site.out, port: 0, host: '127.0.0.1' })
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.close()
    throw error
  })
  let shared: BrowserContext | undefined
  return {
    site,
    server,
    browser,
    async open(path, options = {}) {
      const { colorScheme, viewport, ...other } = options
      const own = Object.keys(other).length > 0
      const context = own ? await browser.newContext(options) : (shared ??= await browser.newContext())
      const page = await context.newPage()
      if (own) page.on('close', () => void context.close())
      else {
        if (colorScheme !== undefined) await page.emulateMedia({ colorScheme })
        if (viewport) await page.setViewportSize(viewport)
      }
      const requests: string[] = []
      page.on('request', (request) => requests.push(request.url()))
      await page.goto(server.url + path)
      return { page, requests }
    },
    async close() {
      await browser.close()
      await server.close()
      rmSync(site.dir, { recursive: true, force: true })
    }
  }
}

/** The axe-core rules a colour scheme can change the outcome of: a page in its second scheme is checked for these. */
export const colourRules = ['color-contrast', 'link-in-text-block'] as const

/**
 * Run axe-core on a page.
 *
 * @param page The page, loaded.
 * @param rules Only these rules (default: every rule).
 * @returns Each violation as `rule: target (summary)`.
 */
export async function axeViolations(page: Page, rules?: readonly string[]): Promise<string[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline script, rightly.
  // Once per document: compiling axe-core takes most of a second.
  if (!(await page.evaluate('typeof axe === "object"'))) await page.evaluate(axeSource)
  // A string, evaluated in the page: the tests are compiled without DOM types.
  // Every rule runs; only violations are collected in full (axe's `resultTypes`: passes are counted, not listed).
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations']${rules ? `, runOnly: { type: 'rule', values: ${JSON.stringify(rules)} }` : ''} }).then((result) =>
    result.violations.flatMap((violation) =>
      violation.nodes.map((node) => violation.id + ': ' + node.target.join(' ') + ' (' + (node.failureSummary || '') + ')')))`)) as string[]
  return violations
}

/** True in the page once its results are in (see `resultsShown`). */
export const shownPredicate = resultsShown

/**
 * Check a page's document, as it is now (scripts run), against html-validate's standard preset.
 *
 * @param page The page, loaded.
 * @returns Each problem as `rule: message`.
 */
export async function htmlProblems(page: Page): Promise<string[]> {
  const { HtmlValidate } = await import('html-validate')
  const report = await new HtmlValidate({ extends: ['html-validate:standard'] }).validateString(await page.content())
  return report.results.flatMap((result) => result.messages.map((message) => `${message.ruleId}: ${message.message}`))
}
