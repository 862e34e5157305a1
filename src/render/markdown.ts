/**
 * Record markdown → safe HTML, through one frozen unified processor:
 * remark-parse → remark-rehype → link annotations → rehype-sanitize → rehype-stringify.
 *
 * CommonMark only (no GFM): `| a |` lines and bare addresses stay text. Raw
 * HTML in markdown is dropped by remark-rehype and, were it not, by sanitize.
 */
import type { Root } from 'mdast'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { unified } from 'unified'
import { rehypeLinkAnnotations } from './annotations.ts'
import { schema } from './schema.ts'

/**
 * Version of the rendering: part of every cache key, so that changing the
 * processor (or its schema) re-renders every body. Bump it with any change
 * to what a body renders to.
 */
export const RENDER_VERSION = 2

/** The processor: frozen, shared by every render. */
export const processor = unified()
  .use(remarkParse)
  .use(remarkRehype)
  .use(rehypeLinkAnnotations)
  .use(rehypeSanitize, schema)
  .use(rehypeStringify)
  .freeze()

/**
 * Render record markdown (a story or a comment body) to HTML.
 *
 * @param markdown The markdown.
 * @returns Sanitized HTML (`''` for an empty body).
 */
export function renderMarkdown(markdown: string): string {
  if (markdown.trim() === '') return ''
  return String(processor.processSync(markdown))
}

/**
 * Render a tree made by `linesToMdast` (`src/records/markdown.ts`) to HTML
 * without its markdown: the processor's steps after parsing, so the HTML is
 * the same as {@link renderMarkdown} makes of `linesToMarkdown`'s text
 * (tested on every fixture, the naughty strings and generated lines), in a
 * fifth of the time. Ingest renders the bodies it writes this way.
 *
 * @param tree The tree (left as it is).
 * @returns Sanitized HTML (`''` for a tree without content).
 */
export function renderTree(tree: Root): string {
  if (tree.children.length === 0) return ''
  return processor.stringify(processor.runSync(tree))
}
