/**
 * The search routing's keys, hashes and Bloom filters, for the build: the
 * page's own modules (`templates/assets/search-route.js`, `search-pack.js`,
 * `search-phrases.js`), imported with the types their JSDoc declares
 * (checked by `npm run typecheck`, `tsconfig.assets.json`). One home for the
 * rules: the build writes with the code the page reads with. The compiled
 * code loads them from `templates/assets/` too (`scripts/compile.ts`).
 */
import * as packRules from '../../templates/assets/search-pack.js'
import * as phraseRules from '../../templates/assets/search-phrases.js'
import * as route from '../../templates/assets/search-route.js'

/** The page's routing module. */
export { route }

/** The page's pack reader's rules: the build lays packs out by them. */
export { packRules }

/** The page's phrase index rules: the build writes the index by them. */
export { phraseRules }
