/**
 * The layers of `src/` (see "Layers" in docs/ARCHITECTURE.md): every import
 * goes to its own folder or one below, io, workers → parse → records →
 * render → search → site → cli, and no folders import each other in a
 * circle. dependency-cruiser checks the imports against the rules of
 * `.dependency-cruiser.cjs`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import { describe, expect, it } from 'vitest'
import { tempFolders } from './helpers/temp.ts'

const root = join(import.meta.dirname, '..')
const tempDir = tempFolders('scrollback-layers-')

/**
 * Every import of a folder's `src/` against the rules, one line each.
 *
 * @param baseDir The folder whose `src/` is checked.
 * @returns `rule: from → to` (for a circle of folders, each folder on the way).
 */
async function violations(baseDir: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(join(root, '.dependency-cruiser.cjs'))
  const { output } = await cruise(['src'], { ...options, baseDir })
  return [...new Set((output as ICruiseResult).summary.violations.map(line))]
}

/** A violation as a line; a circle starts at its first folder by name, so that each circle is one line. */
function line(violation: IViolation): string {
  if (!violation.cycle) return `${violation.rule.name}: ${violation.from} → ${violation.to}`
  const circle = [violation.from, ...violation.cycle.map((step) => step.name).slice(0, -1)]
  const start = circle.indexOf([...circle].sort()[0]!)
  const path = [...circle.slice(start), ...circle.slice(0, start)]
  return `${violation.rule.name}: ${[...path, path[0]].join(' → ')}`
}

/** Write a source tree under a new folder. */
function sources(files: Record<string, string>): string {
  const dir = tempDir()
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
  return dir
}

describe('the layers of src/', () => {
  it('have no import against the direction, and no circle of folders', async () => {
    // Each line is an import to move (see the rule's comment in `.dependency-cruiser.cjs`).
    expect(await violations(root)).toEqual([])
  })

  it('are checked: an import from a floor above, a type or a dynamic import too, fails with its rule', async () => {
    const found = await violations(
      sources({
        'src/io/files.ts': 'export const files = 1\n',
        'src/parse/parse.ts': "import { files } from '../io/files.ts'\nexport const parse = files\n",
        'src/records/record.ts': "import { parse } from '../parse/parse.ts'\nimport type { Page } from '../render/page.ts'\nexport const record = parse\nexport type Kept = Page\n",
        'src/render/page.ts': "import { record } from '../records/record.ts'\nexport type Page = typeof record\n",
        'src/search/index.ts': "export const paths = () => import('../site/paths.ts')\n",
        'src/site/paths.ts': "import { paths } from '../search/index.ts'\nexport const site = paths\n",
        'src/cli/main.ts': "import { site } from '../site/paths.ts'\nexport const main = site\n"
      })
    )
    expect(found).toEqual([
      'layer-records: src/records/record.ts → src/render/page.ts',
      'layer-search: src/search/index.ts → src/site/paths.ts',
      'no-folder-cycle: src/records → src/render → src/records',
      'no-folder-cycle: src/search → src/site → src/search'
    ])
  })
})
