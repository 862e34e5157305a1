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
 * `[domain]` at the start of a word (after a space, or at the start), before
 * the word's end or punctuation, as in `(?<=^|\s)\[(domain)\](?=$|[\s.,;:!?)])`.
 */
const domainAtStart = /^\[((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})\](?=$|[.,;:!?)])/i

/** A cut address begins `http://` or `https://`. */
const addressStart = /^https?:\/\//i

/** Whether a word from a place is `http(s)://`, anything, then `...` (the word ends with `...`). */
function isAddress(word: string, at: number): boolean {
  const prefix = addressStart.exec(word.slice(at, at + 8))
  return prefix !== null && word.length - at >= prefix[0].length + 3
}

/** An annotation found in a text. */
export interface AnnotationMatch {
  /** Where it starts in the text. */
  index: number
  /** What it covers. */
  text: string
  /** The domain of a `[domain]` badge, or `undefined` for a cut address. */
  domain?: string
}

/**
 * Find the annotations of a text, left to right: a `[domain]` at the start of
 * a word (after a space or at the start) and before the word's end or
 * punctuation; an http(s) address, at the start of a word or after `(`, that
 * ends the word with `...`. Word by word, in time linear in the text (the
 * single regular expression this replaces, with a lazy `\S*?` tried after
 * every `(`, took time in the square of a word's length).
 *
 * @param value The text.
 * @returns The annotations, in order, none overlapping.
 */
export function* findAnnotations(value: string): Generator<AnnotationMatch> {
  for (const word of value.matchAll(/\S+/g)) {
    const token = word[0]
    let from = 0
    const domain = token.startsWith('[') ? domainAtStart.exec(token) : null
    if (domain) {
      yield { index: word.index, text: domain[0], domain: domain[1]! }
      from = domain[0].length
    }
    if (!token.endsWith('...')) continue
    // The address starts at the word's start, or right after a `(`: the first such place.
    let found = from === 0 && isAddress(token, 0) ? 0 : -1
    for (let open = token.indexOf('('); found === -1 && open !== -1; open = token.indexOf('(', open + 1)) {
      if (open + 1 >= from && isAddress(token, open + 1)) found = open + 1
    }
    if (found !== -1) yield { index: word.index + found, text: token.slice(found) }
  }
}

/**
 * Split one text into text and annotation elements.
 *
 * @param value The text.
 * @returns The nodes that replace it (the same text node's value when nothing matches).
 */
export function splitAnnotations(value: string): ElementContent[] {
  const nodes: ElementContent[] = []
  let last = 0
  for (const match of findAnnotations(value)) {
    const start = match.index
    if (start > last) nodes.push(text(value.slice(last, start)))
    const domain = match.domain
    if (domain !== undefined) {
      nodes.push({
        type: 'element',
        tagName: 'span',
        properties: { className: [DOMAIN_CLASS], title: 'Where a link went; its address is not archived' },
        children: [bracket('['), text(domain), bracket(']')]
      })
    } else {
      nodes.push({
        type: 'element',
        tagName: 'span',
        properties: { className: [CUT_CLASS], title: 'Address cut short in the dump: not a working link' },
        children: [text(match.text)]
      })
    }
    last = start + match.text.length
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
