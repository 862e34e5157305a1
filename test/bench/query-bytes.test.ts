/**
 * What the benchmark counts as the index data a query fetches: everything
 * under `/pagefind/` but Pagefind's program. A file it left out made every
 * figure of query bytes smaller than what the reader fetched.
 */
import { describe, expect, it } from 'vitest'
import { isIndexData } from '../../scripts/query-bytes.ts'

describe('index data a query fetches', () => {
  it('counts every index file: the list, the routing and its volumes, each shard’s entry, meta, packs and phrase index', () => {
    for (const path of [
      '/pagefind/shards.json',
      '/pagefind/route.bin',
      '/pagefind/route.3.bin',
      '/pagefind/s0002/route-4096-16384.bin',
      '/pagefind/s0000/pagefind-entry.json',
      '/pagefind/s0000/pagefind.en_d987bca7b6.pf_meta',
      '/pagefind/s0000/pack-512-471.bin',
      '/pagefind/s0000/pack-512-471.1.bin',
      '/pagefind/s0000/phrases-2048-8.bin'
    ]) {
      expect(isIndexData(path), path).toBe(true)
    }
  })

  it('leaves out Pagefind’s script and WebAssembly, and what is not the index', () => {
    for (const path of ['/pagefind/s0000/pagefind.js', '/pagefind/s0000/wasm.en.pagefind', '/assets/search.js', '/stories/a/index.html', '/search/']) {
      expect(isIndexData(path), path).toBe(false)
    }
  })
})
