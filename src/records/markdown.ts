/**
 * Plain text ⇄ markdown, without a hand-written escaper: text becomes an mdast
 * of text nodes that mdast-util-to-markdown serialises, and markdown becomes
 * text again through mdast-util-from-markdown.
 */
import type { Blockquote, Paragraph, Root, RootContent } from 'mdast'
import { fromMarkdown } from 'mdast-util-from-markdown'
import { toMarkdown, type Options as ToMarkdownOptions } from 'mdast-util-to-markdown'
import { toString } from 'mdast-util-to-string'

/** Lines with their quote marks, as a comment holds them. */
export interface QuotedLines {
  lines: string[]
  quoted: boolean[]
}

/**
 * Serialise lines of plain text as markdown: one paragraph a line, runs of
 * quoted lines in one blockquote. Every character reaches the reader literally.
 *
 * @param lines Plain-text lines (none empty).
 * @param quoted For each line, whether it goes in a blockquote (default: none).
 * @returns Markdown, ending in a newline; `''` for no lines.
 */
export function linesToMarkdown(lines: readonly string[], quoted: readonly boolean[] = []): string {
  if (lines.length === 0) return ''
  return toMarkdown(linesToMdast(lines, quoted), options)
}

/**
 * The tree that {@link linesToMarkdown} serialises: one paragraph of one
 * text node a line, runs of quoted lines in one blockquote. Rendered as it
 * is (`renderTree`), it gives the HTML its markdown renders to.
 *
 * @param lines Plain-text lines (none empty).
 * @param quoted For each line, whether it goes in a blockquote (default: none).
 * @returns The tree (a root without children for no lines).
 */
export function linesToMdast(lines: readonly string[], quoted: readonly boolean[] = []): Root {
  const children: RootContent[] = []
  let quote: Blockquote | null = null
  for (let i = 0; i < lines.length; i++) {
    const paragraph: Paragraph = { type: 'paragraph', children: [{ type: 'text', value: lines[i]! }] }
    if (quoted[i]) {
      if (!quote) {
        quote = { type: 'blockquote', children: [] }
        children.push(quote)
      }
      quote.children.push(paragraph)
    } else {
      quote = null
      children.push(paragraph)
    }
  }
  return { type: 'root', children }
}

/**
 * Serialiser options. mdast-util-to-markdown escapes `<` only before a letter,
 * `!`, `/` or `?`; an email autolink can start with other characters
 * (`<#@0>`), so every `<` in text is escaped. Every `]` is escaped too: it
 * would be literal text anyway, but micromark looks back over the paragraph
 * for a link's opening at each unescaped `]`, and a line of `x]\(` repeated
 * took time in the square of its length to render (200 KB: 24 s). A byte-order
 * mark that starts a line becomes a character reference: markdown drops one
 * at the start of a document.
 */
const options: ToMarkdownOptions = {
  unsafe: [
    { character: '<', inConstruct: 'phrasing' },
    { character: ']', inConstruct: 'phrasing' },
    { character: '\ufeff', atBreak: true }
  ]
}

/**
 * Read markdown back into lines of plain text: a paragraph (or any other
 * block) is a line, each paragraph of a blockquote is a quoted line.
 *
 * @param markdown Markdown made by {@link linesToMarkdown}, or edited by hand.
 * @returns The lines and their quote marks.
 */
export function markdownToLines(markdown: string): QuotedLines {
  const result: QuotedLines = { lines: [], quoted: [] }
  if (markdown.trim() === '') return result
  const push = (node: RootContent, quoted: boolean): void => {
    for (const line of toString(node).split('\n')) {
      const text = line.trimEnd()
      if (text.trim() === '') continue
      result.lines.push(text)
      result.quoted.push(quoted)
    }
  }
  for (const node of fromMarkdown(markdown).children) {
    if (node.type === 'blockquote') for (const child of node.children) push(child, true)
    else push(node, false)
  }
  return result
}
