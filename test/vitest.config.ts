/**
 * The test suite in two projects, told apart by file name:
 *
 * - `quick`, every `*.test.ts` but the slow ones: pure code (parser,
 *   records, search page logic, views); `npm run test:quick` runs it while
 *   working.
 * - `slow`, every `*.slow.test.ts`: what builds sites with Eleventy and
 *   Pagefind, spawns the `scrollback` executable, kills processes or drives
 *   Chromium (and `test/parse/linear.slow.test.ts`, which parses 16 MiB
 *   dumps to show that time grows with size alone).
 *
 * `npm test` runs both. Time limits are sized for the work on a slow machine
 * with a busy core, with room to spare: a limit is there to end a hung test,
 * never to judge speed (the benchmark does that, `npm run bench`).
 */
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * The longest files, in the order they start: a file of builds beside one of
 * Chromium, which mostly waits. Vitest starts the longest files first when it
 * has their last durations, but a fresh clone (CI) has none and it starts the
 * largest: the crash test began at 105 s and the benchmark's test at 229 s,
 * alone at the end.
 */
const longest = [
  'test/site/crash.slow.test.ts',
  'test/browser/shards.slow.test.ts',
  'test/bench/bench.slow.test.ts',
  'test/browser/search.slow.test.ts',
  'test/site/failures.slow.test.ts',
  'test/browser/story.slow.test.ts',
  'test/cli/cli.slow.test.ts',
  'test/records/crash.slow.test.ts'
]

/** Vitest's order, with the {@link longest} files first, in theirs. */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification): number => {
      const index = longest.findIndex((path) => file.moduleId.endsWith(path))
      return index === -1 ? longest.length : index
    }
    // Stable: projects stay in vitest's order (\`quick\` first), and other files in theirs.
    return (await super.sort(files)).map((file, index) => ({ file, index })).sort((a, b) => (a.file.project.name === b.file.project.name ? rank(a.file) - rank(b.file) : 0) || a.index - b.index).map(({ file }) => file)
  }
}

/** A slow test file says so in its name: `<name>.slow.test.ts`. */
const slow = 'test/**/*.slow.test.ts'

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('..', import.meta.url)),
    // Three files at a time on two cores: a browser test spends much of its time waiting on Chromium (alone, the
    // story page's file keeps 0.7 of a core busy), so a third file fills the gaps. Measured on two cores: 230 s
    // against 265 s idle, 254 s against 265 s with one core kept busy; four files at a time took 324 s busy.
    maxWorkers: 3,
    // Each worker process runs file after file with its modules loaded once: a fresh process per file cost a
    // second or more of CPU each (vitest, tsx, Eleventy, unified), about 60 s of the suite's 250 s. No test
    // file changes state another reads: each builds in its own temporary folder.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    projects: [
      { extends: true, test: { name: 'quick', include: ['test/**/*.test.ts'], exclude: [slow], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: {
          name: 'slow',
          include: [slow],
          // A browser test opens pages and runs axe-core; a site test builds with Eleventy and Pagefind.
          testTimeout: 180_000,
          hookTimeout: 300_000
        }
      }
    ]
  }
})
