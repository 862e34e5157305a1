/**
 * A 5,000-deep reply chain renders without overflowing the stack, every
 * comment on the page, nesting capped so that HTML parsers keep the tree.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Element } from 'hast'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MAX_NESTING } from '../../src/site/story-view.ts'
import { all, build, tempContent, type Built } from './build-fixture.ts'

const DEPTH = 5000
let site: Built
beforeAll(async () => {
  const dir = tempContent([])
  mkdirSync(join(dir, 'content', 'dumps'), { recursive: true })
  const lines = [`Deep chain (example.com) ${DEPTH + 1}`, 'Story.', 'Top (Score:1)', 'Start of the chain.']
  for (let i = 0; i < DEPTH; i++) lines.push('Re: (Score:1)', `Reply number ${i} in a very deep chain.`)
  writeFileSync(join(dir, 'content', 'dumps', 'deep.txt'), lines.join('\n') + '\n')
  site = await build(dir)
})
afterAll(() => site?.remove())

describe('a 5,000-deep thread', () => {
  it('builds, with every comment on the page', () => {
    expect(site.result.ok).toBe(true)
    const articles = all(site.page('stories/deep/index.html'), 'article.c')
    expect(articles).toHaveLength(DEPTH + 1)
  })

  it('nests replies up to the cap, then keeps them in order at that depth', () => {
    const page = site.page('stories/deep/index.html')
    // Depth of each comment element: how many comment elements contain it.
    let deepest = 0
    const walk = (node: Element, depth: number): void => {
      const isComment = node.tagName === 'article' && String(node.properties.className ?? '').includes('c')
      const here = depth + (isComment ? 1 : 0)
      deepest = Math.max(deepest, here)
      for (const child of node.children) if (child.type === 'element') walk(child, here)
    }
    const stack: Element[] = page.children.filter((child): child is Element => child.type === 'element')
    for (const element of stack) walk(element, 0)
    expect(deepest).toBe(MAX_NESTING)
    const text = site.read('stories/deep/index.html')
    expect(text.indexOf('Reply number 4998 in')).toBeLessThan(text.indexOf('Reply number 4999 in'))
  })
})
