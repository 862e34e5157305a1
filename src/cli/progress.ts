/**
 * What a long run is doing, on one line of a terminal that updates in
 * place: the stage, how much of it is done, and the time it has left. On
 * anything but a terminal (a log, a pipe) nothing of the kind is written;
 * nor in CI (see `processIo`).
 */
import type { BuildProgress } from '../site/build.ts'
import { plural } from '../site/plural.ts'

/** Where a run is (`ingest`: records made or checked; `render`: story pages; `index`: search shards). */
export type Progress = BuildProgress

/** What each stage counts, one and many. */
const UNITS: Record<Progress['stage'], [string, string, string]> = {
  ingest: ['ingesting', 'record', 'records'],
  render: ['rendering', 'story page', 'story pages'],
  index: ['indexing', 'search shard', 'search shards']
}

/**
 * The line for a stage.
 *
 * @param command The command (`build`).
 * @param progress Where it is.
 * @param elapsedMs Milliseconds since the stage began to be shown.
 * @param doneAtStart What was done already when it began to be shown (the index writes shards while pages render): the pace counts only what was done since.
 * @returns `build: rendering 300 of 1000 story pages (30%), about 12 s left`; the time left once a
 *   tenth of the stage (or a second of it) has gone, when it can be told from the pace so far.
 */
export function progressLine(command: string, progress: Progress, elapsedMs: number, doneAtStart = 0): string {
  const [verb, one, many] = UNITS[progress.stage]
  const total = Math.max(progress.total, progress.done)
  const percent = total === 0 ? 100 : Math.floor((progress.done / total) * 100)
  let line = `${command}: ${verb} ${progress.done} of ${plural(total, one, many)} (${percent}%)`
  const since = progress.done - doneAtStart
  if (since > 0 && progress.done < total && (since >= total / 10 || elapsedMs >= 1000)) {
    line += `, about ${duration(((total - progress.done) * elapsedMs) / since)} left`
  }
  return line
}

/** `3 s`, `2 min 5 s`. */
function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000))
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`
}

/** A stream the progress line is written to. */
export interface ProgressStream {
  isTTY?: boolean
  columns?: number
  write(text: string): unknown
}

/** Updates shown at most this often, in milliseconds. */
const EVERY_MS = 100

/**
 * One updating line on a terminal.
 */
export class ProgressDisplay {
  readonly #stream: ProgressStream
  readonly #command: string
  readonly #now: () => number
  /** Whether anything is written: only to a terminal. */
  readonly enabled: boolean
  #stage: Progress['stage'] | null = null
  #stageStart = 0
  #doneAtStart = 0
  #lastWrite = -Infinity
  #shown = false

  /**
   * @param command The command the line names.
   * @param stream Where to write (standard error); nothing is written unless it is a terminal (`isTTY`), nor when there is none.
   * @param now The clock (default: `performance.now`).
   */
  constructor(command: string, stream: ProgressStream | undefined, now: () => number = () => performance.now()) {
    this.#stream = stream ?? { write: () => true }
    this.#command = command
    this.#now = now
    this.enabled = stream?.isTTY === true
  }

  /**
   * Show where the run is (at most every {@link EVERY_MS} ms, and always a stage's first and last step).
   *
   * @param progress Where it is.
   */
  update(progress: Progress): void {
    if (!this.enabled) return
    const now = this.#now()
    if (progress.stage !== this.#stage) {
      this.#stage = progress.stage
      this.#stageStart = now
      this.#doneAtStart = progress.done
    } else if (now - this.#lastWrite < EVERY_MS && progress.done < progress.total) return
    this.#lastWrite = now
    let line = progressLine(this.#command, progress, now - this.#stageStart, this.#doneAtStart)
    const width = this.#stream.columns || 80
    if (line.length >= width) line = line.slice(0, Math.max(0, width - 1))
    // Back to the line's start, clear it, write.
    this.#stream.write(`\r\x1b[2K${line}`)
    this.#shown = true
  }

  /** Take the line away, so that what is printed next starts on a clean line. */
  clear(): void {
    if (!this.#shown) return
    this.#stream.write('\r\x1b[2K')
    this.#shown = false
  }
}
