/**
 * Debian's Chromium, headless, as the benchmark and the browser tests start it.
 * Nothing is downloaded: the browser comes from `apt-get install chromium`.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Where Chromium is (`CHROMIUM_PATH` overrides). */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Start Chromium headless, with the flags a closed network and a root user need.
 *
 * @returns The browser.
 * @throws When Chromium is not installed, saying how to install it.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`Chromium is not at ${chromiumPath}: install it with \`apt-get install chromium\` (or set CHROMIUM_PATH); browser downloads are not used`)
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run']
  })
}
