import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingest } from '../../src/records/ingest.ts'
import { slugify, uniqueSlug } from '../../src/records/slug.ts'

describe('slugs stay inside the content folder', () => {
  it.each([
    ['../../etc/passwd', 'etc-passwd'],
    ['..', 'story'],
    ['CON', 'con-story'],
    ['nul', 'nul-story'],
    ['🦀🦀🦀', 'story'],
    ['Ünïcödé Títlé', 'unicode-title'],
    ['C:\\Windows\\system32', 'c-windows-system32'],
    ['a'.repeat(500), 'a'.repeat(80)]
  ])('%s → %s', (name, slug) => {
    expect(slugify(name)).toBe(slug)
    expect(slugify(name)).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/)
  })

  it('gives two dumps that slug alike two records', async () => {
    const content = join(mkdtempSync(join(tmpdir(), 'scrollback-slug-')), 'content')
    mkdirSync(join(content, 'dumps'), { recursive: true })
    // Five stories (their titles differ: one title and source would make them captures of one story).
    for (const name of ['Same Title.txt', 'same-title.txt', 'same_title.txt', '🦀.txt', '🐙.txt']) {
      writeFileSync(join(content, 'dumps', name), `Story ${name} (example.com) 1\nStory.\nA (Score:1)\n${name}\n`)
    }
    const outcomes = await ingest({ content })
    expect(outcomes.map((outcome) => outcome.status)).toEqual(Array(5).fill('written'))
    expect(readdirSync(join(content, 'stories')).sort()).toEqual(['same-title-2.md', 'same-title-3.md', 'same-title.md', 'story-2.md', 'story.md'])
    // Ingesting again finds each dump's own record.
    expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(Array(5).fill('unchanged'))
  })
})

describe('uniqueSlug', () => {
  it('gives the slug, else the first free numbered one', () => {
    expect(uniqueSlug('a', new Set())).toBe('a')
    expect(uniqueSlug('a', new Set(['a']))).toBe('a-2')
    expect(uniqueSlug('a', new Set(['a', 'a-2', 'a-3']))).toBe('a-4')
    expect(uniqueSlug('a', new Set(['a-2']))).toBe('a')
  })
})
