/**
 * Link annotations are found word by word, as the one regular expression
 * they were first written as finds them, in time linear in the text.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findAnnotations } from '../../src/render/annotations.ts'

/** The definition: what the annotations are, as one regular expression (quadratic on `(http://(http://…`). */
const reference =
  /(?<=^|\s)\[((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62})\](?=$|[\s.,;:!?)])|(?<=^|[\s(])(https?:\/\/\S*?\.\.\.)(?=$|\s)/gi

const pieces = ['[', ']', '(', ')', '.', '...', ',', '!', 'a', 'b-c', 'x.org', 'HTTP://', 'http://', 'https://', 'http:/', ' ', '\n', '\t', '[a.com]', '(http://a.b/c...', 'é']

describe('link annotations', () => {
  it('are what the regular expression finds', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('')
        const expected = [...text.matchAll(reference)].map((match) => ({ index: match.index, text: match[0], domain: match[1] }))
        const found = [...findAnnotations(text)].map((match) => ({ index: match.index, text: match.text, domain: match.domain }))
        expect(found).toEqual(expected)
      }),
      { numRuns: 20_000 }
    )
  })

  it('are found in time linear in the text', () => {
    const started = performance.now()
    for (const unit of ['(http://', '[a.b', '(https://x...(']) expect([...findAnnotations(unit.repeat(200_000))].length).toBeLessThan(2)
    expect(performance.now() - started).toBeLessThan(10_000)
  }, 60_000)
})
