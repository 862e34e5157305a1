/**
 * Eleventy's configuration of the archive site, for Eleventy run on its own:
 * `SCROLLBACK_CONTENT=content node --import tsx node_modules/@11ty/eleventy/cmd.cjs --config=.eleventy.ts`.
 * The configuration itself lives in `src/site/eleventy-config.ts`;
 * `scrollback build` does not read this file (see `src/site/eleventy-base.ts`).
 */
export { default, config } from './src/site/eleventy-config.ts'
