/**
 * The layers of `src/`, checked in the quick tests by `test/layers.test.ts`
 * (`npx depcruise src` prints the same report).
 *
 * An import goes to its own folder or to a folder on a floor below:
 *
 *   io, workers → parse → records → render → search → site → cli
 *
 * `io/` (file chores) and `workers/` (the thread pool) are the bottom floor,
 * under everything; `site/` is the build pipeline (with the Eleventy plugin,
 * serve and watch), which hands `search/` what it needs as data. `scripts/`
 * and `test/` are outside the rule. Type-only imports and `import()` count:
 * a type from a floor above ties the code to it as surely as a value does.
 *
 * See "Layers" in docs/ARCHITECTURE.md. dependency-cruiser is held at 17
 * (18 needs Node 22; this project runs on 20), with `@swc/core` to parse.
 */

/** The floors, bottom first; the folders of one floor may import each other. */
const floors = [['io', 'workers'], ['parse'], ['records'], ['render'], ['search'], ['site'], ['cli']]

/** A regular expression that matches a module in one of these folders of `src/`. */
const inFolders = (folders) => `^src/(${folders.join('|')})/`

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    // One rule a floor below the top: `layer-records` is an import from records/ to render/, search/, site/ or cli/.
    ...floors.slice(0, -1).map((floor, index) => {
      const below = floors.slice(0, index + 1).flat()
      const above = floors.slice(index + 1).flat()
      return {
        name: `layer-${floor.join('-')}`,
        comment: `${floor.join('/ and ')}/ may import only from ${below.join('/, ')}/: ${above.join('/, ')}/ are above it (see "Layers" in docs/ARCHITECTURE.md)`,
        severity: 'error',
        from: { path: inFolders(floor) },
        to: { path: inFolders(above) }
      }
    }),
    {
      name: 'no-folder-cycle',
      comment: 'folders of src/ import each other in a circle: one of the imports goes against the direction',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src/[^/]+$' },
      to: { path: '^src/[^/]+$', circular: true }
    }
  ],
  options: {
    // TypeScript 7's package has no compiler API to parse with; swc (`@swc/core`) parses TypeScript, type-only imports too.
    parser: 'swc',
    tsPreCompilationDeps: true,
    // Builtins (`node:fs`) and packages are on no floor.
    includeOnly: '^src/',
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'node', 'default'], extensions: ['.ts', '.js'] }
  }
}
