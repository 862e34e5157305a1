/**
 * A small pool of worker threads for CPU-bound work: each worker takes one
 * batch at a time, through a {@link limit} of as many batches as workers.
 */
import { Worker } from 'node:worker_threads'
import { limit, type Limit } from '../io/limit.ts'

/** Configuration for {@link WorkerPool}. */
export interface Options {
  /** Worker threads (default: `2`). */
  workers?: number
  /** Inputs per message (default: `8`). */
  batch?: number
  /** Each worker's heap, in MB (default: V8's): a worker collects its garbage sooner under a smaller one. */
  heapMB?: number
}

interface Reply<O> {
  id: number
  outputs?: O[]
  /** What the task threw (see `worker.js`). */
  error?: { message: string; stack?: string; code?: string; path?: string }
}

interface Job<O> {
  resolve: (outputs: O[]) => void
  reject: (error: Error) => void
}

/**
 * Worker threads running a task module's `handle(input)` export. Start it
 * once, map many batches through it, then close it.
 */
export class WorkerPool<I, O> {
  readonly #workers: Worker[]
  readonly #batch: number
  readonly #idle: Worker[] = []
  /** One batch a worker: a batch waits here until a worker is idle. */
  readonly #limit: Limit
  readonly #jobs = new Map<number, Job<O>>()
  #nextId = 0
  #failure: Error | null = null
  #closing = false

  /**
   * @param module URL of a module exporting `handle(input): output | Promise<output>`: one of this
   *   project's by `ownModule('records/make-record')`, compiled or not (a `.ts` one is loaded through tsx).
   * @param options Configuration (default: `{}`).
   */
  constructor(module: URL, options: Options = {}) {
    this.#batch = options.batch ?? 8
    const workers = Math.max(1, options.workers ?? 2)
    this.#limit = limit(workers)
    this.#workers = Array.from({ length: workers }, () => {
      // The bootstrap is JavaScript, kept in `src/` for the sources and compiled code alike.
      const worker = new Worker(new URL('../../src/workers/worker.js', import.meta.url), {
        workerData: { module: module.href },
        ...(options.heapMB === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: options.heapMB } })
      })
      worker.on('message', (reply: Reply<O>) => {
        const job = this.#jobs.get(reply.id)
        this.#jobs.delete(reply.id)
        if (reply.error !== undefined || !reply.outputs) job?.reject(thrown(reply.error))
        else job?.resolve(reply.outputs)
        this.#idle.push(worker)
      })
      worker.on('error', (error) => this.#fail(error))
      // A worker that ends by itself (process.exit in a task) would leave its job waiting for ever.
      worker.on('exit', (code) => {
        if (!this.#closing) this.#fail(new Error(`a worker thread stopped (exit code ${code}) before answering`))
      })
      this.#idle.push(worker)
      return worker
    })
  }

  /**
   * Map inputs through the workers.
   *
   * @param inputs Structured-cloneable inputs.
   * @returns The outputs, index for index.
   */
  async map(inputs: readonly I[]): Promise<O[]> {
    const parts: Promise<O[]>[] = []
    for (let start = 0; start < inputs.length; start += this.#batch) {
      const slice = inputs.slice(start, start + this.#batch)
      parts.push(this.#limit(() => this.#post(slice)))
    }
    return (await Promise.all(parts)).flat()
  }

  /** Stop the workers. */
  async close(): Promise<void> {
    this.#closing = true
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }

  /** Hand a batch to an idle worker (the limit leaves one idle for each batch it lets through). */
  #post(inputs: I[]): Promise<O[]> {
    return new Promise<O[]>((resolve, reject) => {
      if (this.#failure) return reject(this.#failure)
      const id = this.#nextId++
      this.#jobs.set(id, { resolve, reject })
      this.#idle.pop()!.postMessage({ id, inputs })
    })
  }

  #fail(error: Error): void {
    this.#failure = error
    for (const job of this.#jobs.values()) job.reject(error)
    this.#jobs.clear()
  }
}

/**
 * The error a task threw in a worker thread, as this thread would have it: its
 * message, and the code and path of a file system error (reported as such).
 */
function thrown(error: Reply<unknown>['error']): Error {
  const made: Error & { code?: string; path?: string } = new Error(error?.message ?? 'a worker thread answered without outputs')
  if (error?.stack !== undefined) made.stack = error.stack
  if (error?.code !== undefined) made.code = error.code
  if (error?.path !== undefined) made.path = error.path
  return made
}
