/**
 * Debian's Chromium, headless, as the benchmark and the browser tests start it.
 * Nothing is downloaded: the browser comes from `apt-get install chromium`.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Where Chromium is (`CHROMIUM_PATH` overrides). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * The features playwright-core (1.65) turns off, in its own `--disable-features`.
 * Chromium keeps only the last `--disable-features` it is given, so the one
 * added here repeats them; `test/browser/story.slow.test.ts` checks that the last
 * one holds every name of the others, should Playwright's list change.
 */
const playwrightDisabled = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'ThirdPartyStoragePartitioning',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion'
]

/**
 * The address bar's pop-up, which Chromium (156) makes as a page of its own
 * (`chrome://omnibox-popup.top-chrome`) in a renderer process of its own for
 * every browser context, headless too: 0.9–1.6 s of CPU a context, for a
 * window nobody sees. Turning these off halved Chromium's CPU for a context
 * that opens a story and a search (5 contexts: 10.9 s against 20.4 s).
 */
const unseenDisabled = ['WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup']

/** Chromium's switches: a closed network, a root user, and nothing started that no test looks at. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  `--disable-features=${[...playwrightDisabled, ...unseenDisabled].join(',')}`
]

/**
 * Start Chromium headless, with {@link chromiumArgs}.
 *
 * @returns The browser.
 * @throws When Chromium is not installed, saying how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install it with \`apt-get install chromium\` (or set CHROMIUM_PATH); browser downloads are not used`)
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}
