import { describe, expect, it } from 'vitest'
import { parseSiteFile } from '../../src/site/site-file.ts'

describe('parseSiteFile', () => {
  it('reads the public address', () => {
    expect(parseSiteFile('{"url": "https://archive.example/"}')).toEqual({ ok: true, url: 'https://archive.example/' })
  })

  it('takes a file without an address as setting none', () => {
    expect(parseSiteFile('{}')).toEqual({ ok: true, url: null })
  })

  it('refuses what is not JSON, not an object, or not an http(s) address', () => {
    for (const text of ['{url: 1', '[]', '"x"', '{"url": "archive.example"}', '{"url": 3}']) expect(parseSiteFile(text).ok, text).toBe(false)
  })
})
