/**
 * The benchmark keeps working: a small run of its script, as `npm run bench` runs it (without compiling again).
 * Figures are printed, not asserted against targets: no test fails on a slow machine.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '..', '..')

describe('npm run bench', () => {
  it('runs end to end on 4 stories and ends with one JSON line of every figure', () => {
    // The benchmark's script itself, not `npm run bench`, whose `prebench` compiles `dist/` again: other test files run
    // the compiled executable meanwhile, and would load it half-written (`npm test` compiled it already).
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'scripts', 'bench.ts'), '--stories', '4', '--phrases', '1', '--json'], { cwd: root, encoding: 'utf8', timeout: 300_000 })
    expect(run.status, run.stderr).toBe(0)
    const lines = run.stdout.trim().split('\n')
    expect(lines.some((line) => line.startsWith('total, end to end'))).toBe(true)
    const result = JSON.parse(lines[lines.length - 1]!) as Record<string, number | null>
    for (const key of ['stories', 'comments', 'inputBytes', 'parseMBps', 'ingestSeconds', 'siteSeconds', 'indexSeconds', 'totalSeconds', 'cpuSeconds', 'commentsPerSecond', 'peakRssMB', 'outputBytes', 'outputFiles', 'rebuildOneSeconds', 'rebuildOneIndexSeconds', 'noopSeconds', 'queryBytes', 'phrases', 'phraseMedianBytes', 'phraseMaxBytes', 'siteFiles', 'siteBytes']) {
      expect(typeof result[key], key).toBe('number')
      expect(result[key]!, key).toBeGreaterThan(0)
    }
    expect(result.stories).toBe(4)
    // On four stories the one phrase is found, and the judge reads it in the story's record.
    expect(result.phrasesFound).toBe(result.phrases)
    // Every way of picking phrases is measured, and the site's files and bytes are reported a story.
    expect((result.phraseRules as unknown as { rule: string }[]).map((figure) => figure.rule)).toEqual(['any', 'common', 'comma'])
    expect(lines.some((line) => /^site, as uploaded +\d+ files \([\d.]+ a story\)/.test(line))).toBe(true)
    // Quiet in a log: progress goes to a terminal only.
    expect(run.stderr).not.toMatch(/\[\s*\d+\.\d s\]/)
  }, 300_000)
})
