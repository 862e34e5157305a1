import { describe, expect, it } from 'vitest'
import { archivedCount, plural, readableNumber } from '../../src/site/plural.ts'

describe('numbers for readers', () => {
  it('groups thousands with commas', () => {
    expect([0, 74, 999, 1000, 9991, 665941, 1234567, -1].map(readableNumber)).toEqual(['0', '74', '999', '1,000', '9,991', '665,941', '1,234,567', '-1'])
  })

  it('writes counted nouns for readers when asked, as messages say them otherwise', () => {
    expect(plural(9991, 'story', 'stories', true)).toBe('9,991 stories')
    expect(plural(9991, 'story', 'stories')).toBe('9991 stories')
    expect(plural(1, 'story', 'stories', true)).toBe('1 story')
  })

  it('says archived counts for readers', () => {
    expect(archivedCount(1074, 1086)).toBe('1,074 of 1,086 comments archived')
    expect(archivedCount(4000, 2000)).toBe('4,000 comments archived; the page stated 2,000')
  })
})
