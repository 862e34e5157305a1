/**
 * The hosts' limits: a site over one is named with the limit and its own figure.
 */
import { describe, expect, it } from 'vitest'
import { hostLimits, overLimits, sizeText } from '../../src/site/hosts.ts'

describe('host limits', () => {
  it('names Cloudflare’s free plan for 20,001 files, and GitHub Pages past a gigabyte', () => {
    const size = { files: 20_001, bytes: 1_200_000_000, largest: { path: 'pagefind/s0000/pack-512-400.bin', bytes: 30 * 1024 * 1024 } }
    const over = overLimits(size, hostLimits)
    expect(over).toContain('GitHub Pages takes at most 1000.0 MB: the site is 1200.0 MB')
    expect(over.find((line) => line.startsWith('Cloudflare Pages (free plan)'))).toBe(
      'Cloudflare Pages (free plan) takes at most 20,000 files: the site has 20,001; files of at most 26.2 MB: pagefind/s0000/pack-512-400.bin is 31.5 MB'
    )
    expect(over.find((line) => line.startsWith('Cloudflare Pages (paid plans)'))).toMatch(/files of at most/)
    expect(over.find((line) => line.startsWith('GitLab Pages'))).toBe('GitLab Pages takes at most 1000.0 MB: the site is 1200.0 MB')
  })

  it('says nothing of a site that fits', () => {
    expect(overLimits({ files: 19_999, bytes: 999_000_000, largest: { path: 'a', bytes: 1 } })).toEqual([])
    expect(sizeText({ files: 12_345, bytes: 678_900_000, largest: null })).toBe('12,345 files, 678.9 MB')
  })
})
