/**
 * Build a site for a test: copy a content folder to a temporary one, build it
 * with `buildSite` (Eleventy's programmatic API, configured by
 * `.eleventy.ts` with each part the build hands it) into a temporary output,
 * and read pages back as hast trees.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Element, Root } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { selectAll } from 'hast-util-select'
import { toText } from 'hast-util-to-text'
import { buildSite, type BuildOptions, type BuildResult } from '../../src/site/build.ts'

/** The repository's root. */
export const root = join(import.meta.dirname, '..', '..')
/** This folder's fixtures: `fixtures/<case>/content/…`. */
export const fixtures = join(import.meta.dirname, 'fixtures')
/** The bundled sample dump. */
export const sampleDump = join(root, 'content', 'dumps', 'rust-in-linux-no-longer-experimental.txt')

/** A built fixture. */
export interface Built {
  /** The temporary folder holding `content/`, `out/` and `cache/`. */
  dir: string
  content: string
  out: string
  cache: string
  result: BuildResult
  /** A file of the built site, as text. */
  read(path: string): string
  /** A page of the built site, parsed. */
  page(path: string): Root
  /** Remove the temporary folder. */
  remove(): void
}

/**
 * Make a temporary content folder.
 *
 * @param from A fixture's content folder to copy, or dump files to put in `dumps/`.
 * @returns The temporary folder (its `content/` is ready).
 */
export function tempContent(from: string | string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'scrollback-site-'))
  const content = join(dir, 'content')
  if (typeof from === 'string') cpSync(from, content, { recursive: true })
  else {
    mkdirSync(join(content, 'dumps'), { recursive: true })
    for (const dump of from) cpSync(dump, join(content, 'dumps', dump.split('/').pop()!))
  }
  return dir
}

/**
 * Build a temporary content folder. The search index is built only when
 * asked for (`{index: true}`): the tests that read it, or search in a browser.
 *
 * @param dir A folder from {@link tempContent}.
 * @param options More build options (default: `{index: false}`).
 * @returns The build.
 */
export async function build(dir: string, options: BuildOptions = {}): Promise<Built> {
  const content = join(dir, 'content')
  const out = join(dir, 'out')
  const cache = join(dir, 'cache')
  const result = await buildSite({ content, out, cache, url: 'https://archive.example/', index: false, ...options })
  return {
    dir,
    content,
    out,
    cache,
    result,
    read: (path) => readFileSync(join(out, path), 'utf8'),
    page: (path) => fromHtml(readFileSync(join(out, path), 'utf8')),
    remove: () => rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Elements matching a CSS selector.
 *
 * @param tree A page.
 * @param selector The selector.
 * @returns The elements.
 */
export function all(tree: Root | Element, selector: string): Element[] {
  return selectAll(selector, tree)
}

/**
 * The one element matching a selector (fails the test otherwise).
 *
 * @param tree A page.
 * @param selector The selector.
 * @returns The element.
 */
export function one(tree: Root | Element, selector: string): Element {
  const found = selectAll(selector, tree)
  if (found.length !== 1) throw new Error(`expected one \`${selector}\`, found ${found.length}`)
  return found[0]!
}

/**
 * The text of an element's paragraphs, one per paragraph, as a reader sees them.
 *
 * @param element A body.
 * @returns The paragraphs' text.
 */
export function paragraphs(element: Element): string[] {
  return all(element, 'p').map((p) => toText(p, { whitespace: 'pre' }))
}

/** A comment's text on its page: what its `details` holds besides the summary, the line of links and the replies (see `templates/_includes/comment.njk`). */
export const COMMENT_TEXT = ':not(summary, .cm, .c)'

/**
 * A comment's text, as one element holding the elements of it.
 *
 * @param tree The page, or a comment element (then `id` is its own).
 * @param id The comment's id.
 * @returns An element (not on the page) whose children are the comment's text.
 */
export function commentText(tree: Root | Element, id: string): Element {
  const details = one(tree, `#${id} > details`)
  const children = all(details, `:scope > ${COMMENT_TEXT}`)
  return { type: 'element', tagName: 'div', properties: {}, children }
}
