import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { all, build, one, sampleDump, tempContent, type Built } from './build-fixture.ts'

let site: Built

beforeAll(async () => {
  site = await build(tempContent([sampleDump]))
}, 60_000)
afterAll(() => site?.remove())

describe('sample', () => {
  it('builds', () => {
    expect(site.result.ok).toBe(true)
    const page = site.page('stories/rust-in-linux-no-longer-experimental/index.html')
    expect(all(page, 'article.c')).toHaveLength(74)
  })
})
