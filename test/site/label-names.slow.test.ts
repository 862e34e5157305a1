/**
 * Labels are counted in maps, never on plain objects: a label named like an
 * object's property (`constructor`, `__proto__`, `toString`) is counted like
 * any other, on the story page and on the search page, in a first build and
 * from the record cache.
 */
import { join } from 'node:path'
import { toText } from 'hast-util-to-text'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { all, build, fixtures, tempContent, type Built } from './build-fixture.ts'

let first: Built
let again: Built
beforeAll(async () => {
  const dir = tempContent(join(fixtures, 'label-names', 'content'))
  first = await build(dir, { index: false })
  again = await build(dir, { index: false })
}, 60_000)
afterAll(() => first?.remove())

const expected = ['constructor (2)', '__proto__ (1)', 'hasOwnProperty (1)', 'toString (1)']

describe('labels named like object properties', () => {
  it('are counted on the search page', () => {
    for (const built of [first, again]) {
      expect(built.result.ok).toBe(true)
      const options = all(built.page('search/index.html'), '#f-label option').map((option) => toText(option).trim())
      expect(options.slice(1).sort()).toEqual([...expected].sort())
    }
    expect(again.result.stats).toMatchObject({ read: 0 })
  })

  it('are counted in the story page’s label filter', () => {
    const labels = all(first.page('stories/labels/index.html'), '.lf label').map((label) => toText(label).replace(/\s+/g, ' ').trim())
    expect(labels.slice(1).sort()).toEqual([...expected].sort())
  })
})
