/**
 * Nothing lost — every non-empty line of generated dumps reaches its
 * story page, as text.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import type { Root, RootContent } from 'hast'
import { describe, expect, it } from 'vitest'
import { parseCommentHeader } from '../../src/parse/header.ts'
import { parseDump } from '../../src/parse/index.ts'
import { dump } from '../helpers/arbitraries.ts'
import { build, tempContent } from './build-fixture.ts'

describe('every line reaches the page', () => {
  it('for 40 generated dumps, built together', async () => {
    const dumps = fc.sample(dump, { numRuns: 200, seed: 42 }).filter((text) => parseDump(text).story !== null).slice(0, 40)
    expect(dumps).toHaveLength(40)
    const dir = tempContent([])
    mkdirSync(join(dir, 'content', 'dumps'), { recursive: true })
    // Each its own story: one title and source would make captures of one story.
    dumps.forEach((text, index) => writeFileSync(join(dir, 'content', 'dumps', `d${index}.txt`), text.replace(/^\ufeff?/, (bom) => `${bom}d${index} `)))
    const site = await build(dir, { index: false })
    expect(site.result.ok).toBe(true)
    const missing: string[] = []
    dumps.forEach((text, index) => {
      // The page's text nodes, white space folded (hast-util-to-text would drop format characters such as U+202E).
      const page = textOf(site.page(`stories/d${index}/index.html`)).replace(/\s+/g, ' ')
      const lines = text.replace(/^\ufeff/, '').split(/\r?\n/).slice(1)
      for (const line of lines) {
        if (line.trim() === '') continue
        const header = parseCommentHeader(line.trimEnd())
        const expected = header ? `(Score:${header.score}` : line
        const folded = expected.replace(/\s+/g, ' ').trim()
        if (!page.includes(folded)) missing.push(`d${index}: ${JSON.stringify(line)}`)
      }
    })
    expect(missing).toEqual([])
    site.remove()
  })
})

/** Every text node's value, in document order. */
function textOf(node: Root | RootContent): string {
  if (node.type === 'text') return node.value
  if ('children' in node) return node.children.map(textOf).join('')
  return ''
}
