/**
 * Record problems that stop a build, as text. `buildSite` gets them as data
 * (see `scanStage`, `src/site/stages/scan.ts`); only Eleventy run on its own, which knows nothing
 * but exceptions, gets them thrown (see `eleventy-config.ts`).
 */
import { relative } from 'node:path'
import { plural } from './plural.ts'
import type { Problem } from './scan.ts'

/** An error carrying the problems of the records that stopped a build. */
export class RecordProblemsError extends Error {
  override readonly name = 'RecordProblemsError'
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
