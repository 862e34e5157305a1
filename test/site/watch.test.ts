/**
 * What the watching preview counts as a change to the content.
 */
import { describe, expect, it } from 'vitest'
import { isContentChange } from '../../src/site/watch.ts'

describe('isContentChange', () => {
  it('is a file in dumps/ or stories/', () => {
    expect(isContentChange('dumps/story.txt')).toBe(true)
    expect(isContentChange('stories/story.md')).toBe(true)
  })

  it('is not the lock, a temporary file of an atomic write, another folder, the folders themselves, or a folder within them', () => {
    expect(isContentChange('.scrollback.lock')).toBe(false)
    expect(isContentChange('stories/.story.md.123-0.ab12cd34.tmp')).toBe(false)
    expect(isContentChange('notes/todo.txt')).toBe(false)
    expect(isContentChange('stories')).toBe(false)
    expect(isContentChange('dumps')).toBe(false)
    expect(isContentChange('stories/')).toBe(false)
    expect(isContentChange('dumps/2026/story.txt')).toBe(false)
  })
})
