/**
 * Link annotations: what is left of a link in a dump.
 *
 * A dump keeps a link as its words followed by the domain in brackets
 * (`…outage showed. [substack.com]`), and long addresses cut with `...`
 * (`https://en.wikipedia.org/wiki/... [wikipedia.org]`). This rehype step
 * marks the domain as a badge and a cut address as cut. Neither becomes a
 * link: the full address is lost, and a cut one would be broken. The text is
 * left exactly as it was (brackets included), only wrapped.
 */
import type { Element, ElementContent, Root, RootContent, Text } from 'hast'

/** Class of a `[domain]` badge. */
export const DOMAIN_CLASS = 'domain'
/** Class of the brackets inside a badge (kept in the text, hidden on screen). */
export const BRACKET_CLASS = 'bk'
/** Class of an address cut with `...`. */
export const CUT_CLASS = 'cut'

/**
 * `[domain]` after a space (or at the start), before a space, punctuation or
 * the end; or an http(s) address that ends in `...`.
 */
const annotation =
  /(?<=^|\s)\[((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})\](?=$|[\s.,;:!?)])|(?<=^|[\s(])(https?:\/\/\S*?\.\.\.)(?=$|\s)/gi

/**
 * Split one text into text and annotation elements.
 *
 * @param value The text.
 * @returns The nodes that replace it (the same text node's value when nothing matches).
 */
export function splitAnnotations(value: string): ElementContent[] {
  const nodes: ElementContent[] = []
  let last = 0
  for (const match of value.matchAll(annotation)) {
    const start = match.index
    if (start > last) nodes.push(text(value.slice(last, start)))
    const domain = match[1]
    if (domain !== undefined) {
      nodes.push({
        type: 'element',
        tagName: 'span',
        properties: { className: [DOMAIN_CLASS], title: `The link went to ${domain.toLowerCase()}; its address is not archived` },
        children: [bracket('['), text(domain), bracket(']')]
      })
    } else {
      nodes.push({
        type: 'element',
        tagName: 'span',
        properties: { className: [CUT_CLASS], title: 'Address cut short in the dump: not a working link' },
        children: [text(match[2]!)]
      })
    }
    last = start + match[0].length
  }
  if (last === 0) return [text(value)]
  if (last < value.length) nodes.push(text(value.slice(last)))
  return nodes
}

/**
 * Rehype plugin: wrap link annotations in every text node (outside links and code).
 *
 * @returns The transform.
 */
export function rehypeLinkAnnotations(): (tree: Root) => void {
  return (tree) => {
    walk(tree)
  }
}

/** Replace annotated text nodes among a parent's children, recursively. */
function walk(parent: Root | Element): void {
  const children: RootContent[] = []
  let changed = false
  for (const child of parent.children) {
    if (child.type === 'text') {
      const parts = splitAnnotations(child.value)
      if (parts.length !== 1 || parts[0]!.type !== 'text') changed = true
      children.push(...parts)
    } else {
      if (child.type === 'element' && !['a', 'code', 'pre'].includes(child.tagName)) walk(child)
      children.push(child)
    }
  }
  if (changed) parent.children = children as typeof parent.children
}

function text(value: string): Text {
  return { type: 'text', value }
}

function bracket(value: string): Element {
  return { type: 'element', tagName: 'span', properties: { className: [BRACKET_CLASS] }, children: [text(value)] }
}
