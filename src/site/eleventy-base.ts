/**
 * Eleventy's folders and template formats for the archive site: the
 * configuration file `scrollback build` names to Eleventy. It adds nothing
 * else; the build adds the plugin itself, handing it the part to render as
 * plain data (see `buildSite`). Compiled, it is JavaScript that Node loads as
 * it is; as TypeScript sources (tests, tsx) Eleventy needs tsx's loader for
 * it (see `loadEleventy`).
 */
import { fileURLToPath } from 'node:url'
import { ownModule } from '../io/own-module.ts'
import { templatesDir } from './options.ts'

/** Nothing: the build adds the plugin through Eleventy's API. */
export default function (): void {}

/** Eleventy's folders and template formats. */
export const config = {
  // Absolute, so that the site builds from any working folder.
  dir: { input: templatesDir, includes: '_includes', layouts: '_includes', data: '_data' },
  templateFormats: ['njk'],
  htmlTemplateEngine: 'njk'
}

/** This module's file (compiled, the entry point `dist/site/eleventy-base.js`): the configuration file Eleventy is to import. */
export const eleventyBasePath = fileURLToPath(ownModule('site/eleventy-base'))
