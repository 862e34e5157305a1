/**
 * A render worker: receives batches of markdown, answers with their HTML.
 * Started by {@link renderAll} through `worker.js`.
 */
import { parentPort } from 'node:worker_threads'
import { renderMarkdown } from './markdown.ts'

/** A batch to render. */
export interface Request {
  id: number
  markdown: string[]
}

/** A rendered batch, or why it failed. */
export interface Response {
  id: number
  html?: string[]
  error?: string
}

parentPort?.on('message', (request: Request) => {
  let response: Response
  try {
    response = { id: request.id, html: request.markdown.map(renderMarkdown) }
  } catch (error) {
    response = { id: request.id, error: (error as Error).stack ?? String(error) }
  }
  parentPort?.postMessage(response)
})
