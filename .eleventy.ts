/**
 * Eleventy's configuration of the archive site, for Eleventy run on its own:
 * `node --import tsx node_modules/.bin/eleventy --config=.eleventy.ts`.
 * The configuration itself lives in `src/site/eleventy-config.ts`, which
 * `scrollback build` names to Eleventy directly.
 */
export { default, config } from './src/site/eleventy-config.ts'
