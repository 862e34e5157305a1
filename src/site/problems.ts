/**
 * Record problems that stop a build: thrown out of Eleventy (which only
 * knows exceptions), caught as data again by `buildSite`.
 */
import { relative } from 'node:path'
import { plural } from './plural.ts'
import type { Problem } from './scan.ts'

const NAME = 'RecordProblemsError'

/** An error carrying the problems of the records that stopped a build. */
export class RecordProblemsError extends Error {
  override readonly name = NAME
  readonly problems: Problem[]

  /**
   * @param problems The problems, each placed in its file.
   */
  constructor(problems: Problem[]) {
    super(
      `${plural(problems.length, 'problem', 'problems')} in the records:\n` +
        problems.map((problem) => formatProblem(problem)).join('\n')
    )
    this.problems = problems
  }
}

/**
 * One line per problem: `file:line:column: message [CODE]`.
 *
 * @param problem The problem.
 * @returns The line.
 */
export function formatProblem(problem: Problem): string {
  const file = relative(process.cwd(), problem.file) || problem.file
  return `${file}:${problem.message.line}:${problem.message.column}: ${problem.message.message} [${problem.message.code}]`
}

/**
 * Find the record problems behind an error Eleventy threw, through the
 * errors it wraps them in (`originalError`, `cause`). Matched by name, not
 * class: the error may come from another copy of this module.
 *
 * @param error What was thrown.
 * @returns The problems, or `null` when the error is something else.
 */
export function recordProblemsIn(error: unknown): Problem[] | null {
  const seen = new Set<unknown>()
  let current: unknown = error
  while (current && typeof current === 'object' && !seen.has(current)) {
    seen.add(current)
    const candidate = current as { name?: unknown; problems?: unknown; originalError?: unknown; cause?: unknown }
    if (candidate.name === NAME && Array.isArray(candidate.problems)) return candidate.problems as Problem[]
    current = candidate.originalError ?? candidate.cause
  }
  return null
}
