/**
 * The render task of a worker thread (a {@link WorkerPool} task module).
 */
import { renderMarkdown } from './markdown.ts'

/**
 * Render one body.
 *
 * @param markdown The body.
 * @returns Its sanitized HTML.
 */
export function handle(markdown: string): string {
  return renderMarkdown(markdown)
}
