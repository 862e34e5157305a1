import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { linesToMarkdown, markdownToLines } from '../../src/records/markdown.ts'
import { recordLine } from '../helpers/arbitraries.ts'

describe('plain text ⇄ markdown', () => {
  it('keeps look-alikes literal', () => {
    const lines = ['# not a heading', '2. not a list', '<b>x</b>', '[x](y)', '*a* _b_', '    code?', '> quote', '&amp;']
    const markdown = linesToMarkdown(lines)
    expect(markdown).not.toMatch(/^#/m)
    expect(markdownToLines(markdown).lines).toEqual(lines)
  })

  it('puts quoted lines in blockquotes, runs of them in one', () => {
    const markdown = linesToMarkdown(['a', 'b', 'c', 'd'], [true, true, false, true])
    expect(markdown).toBe('> a\n>\n> b\n\nc\n\n> d\n')
    expect(markdownToLines(markdown)).toEqual({ lines: ['a', 'b', 'c', 'd'], quoted: [true, true, false, true] })
  })

  it('round-trips any lines (10,000 cases)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(recordLine, fc.boolean()), { maxLength: 6 }), (pairs) => {
        const lines = pairs.map(([text]) => text)
        const quoted = pairs.map(([, q]) => q)
        expect(markdownToLines(linesToMarkdown(lines, quoted))).toEqual({ lines, quoted })
      }),
      { numRuns: 10_000 }
    )
  })
})

describe('regressions', () => {
  it('`<#@0>` stays text, not an email autolink', () => {
    expect(markdownToLines(linesToMarkdown(['<#@0>', 'mail <a+b@example.com> me'])).lines).toEqual(['<#@0>', 'mail <a+b@example.com> me'])
  })
})
