/**
 * Packs: what the build writes, the page's reader reads back, member by
 * member, by byte range; damaged packs are told from whole ones.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { hashedPack, packFileName, tablePack, unpackHashed, unpackTable } from '../../src/search/pack.ts'
import { packRules } from '../../src/search/route-keys.ts'

// The page's reader, run here on bytes in memory (a fetch that answers Range as a host does).
const reader = (await import(new URL('../../templates/assets/search-pack.js', import.meta.url).href)) as {
  rangeReader(fetchFile: (url: string, init?: RequestInit) => Promise<Response>): (url: string, start: number, end: number) => Promise<Uint8Array>
  readTableMember(read: unknown, url: string, index: number): Promise<Uint8Array>
  readHashedMember(read: unknown, url: string, name: string): Promise<Uint8Array | null>
}

/** A host of one file that answers `Range: bytes=a-b` with 206, counting what it sent. */
function host(bytes: Uint8Array) {
  const sent = { requests: 0, bytes: 0 }
  const fetchFile = async (_url: string, init?: RequestInit): Promise<Response> => {
    const range = /^bytes=(\d+)-(\d+)$/.exec(String((init?.headers as Record<string, string> | undefined)?.Range ?? ''))
    sent.requests++
    if (!range) return new Response(bytes)
    const body = bytes.slice(Number(range[1]), Number(range[2]) + 1)
    sent.bytes += body.length
    return new Response(body, { status: 206 })
  }
  return { read: reader.rangeReader(fetchFile), sent }
}

const members = fc.uniqueArray(fc.tuple(fc.stringMatching(/^[a-z]{1,8}\/[a-z0-9_]{1,16}\.pf_[a-z]{4,8}$/), fc.uint8Array({ maxLength: 300 })), { selector: ([name]) => name, maxLength: 80 })

describe('packs', () => {
  it('a table pack gives each member back, by range and whole', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 50 }), async (list) => {
        const pack = tablePack(list)
        expect(unpackTable(pack)!.map((member) => [...member])).toEqual(list.map((member) => [...member]))
        const { read } = host(pack)
        for (const [index, member] of list.entries()) expect([...(await reader.readTableMember(read, 'route.bin', index))]).toEqual([...member])
      }),
      { numRuns: 200 }
    )
  })

  it('a hashed pack gives each member back by name, reading one directory part and the member', async () => {
    await fc.assert(
      fc.asyncProperty(members, async (list) => {
        const { bytes, layout } = hashedPack(new Map(list))
        const file = packFileName(layout)
        expect(packRules.packLayout(`/pagefind/s0001/${file}`)).toEqual(layout)
        const sorted = (entries: Iterable<[string, Uint8Array]>) => [...entries].map(([name, member]) => [name, [...member]]).sort(([a], [b]) => (a! < b! ? -1 : 1))
        expect(sorted(unpackHashed(bytes, layout)!)).toEqual(sorted(list))
        for (const [name, member] of list) {
          const { read, sent } = host(bytes)
          expect([...(await reader.readHashedMember(read, file, name))!]).toEqual([...member])
          expect(sent.requests).toBe(member.length > 0 ? 2 : 1)
          expect(sent.bytes).toBe(layout.size + member.length)
        }
        expect(await reader.readHashedMember(host(bytes).read, file, 'not/a.member')).toBeNull()
      }),
      { numRuns: 100 }
    )
  })

  it('keeps a directory part small: a lookup reads a few hundred bytes', () => {
    const list = new Map(Array.from({ length: 1500 }, (_, i) => [`fragment/en_${(i * 2654435761 >>> 0).toString(16).padStart(10, '0')}.pf_fragment`, new Uint8Array(10)]))
    const { layout } = hashedPack(list)
    expect(layout.size).toBeLessThan(1000)
  })

  it('tells a cut or garbled pack from a whole one', () => {
    const table = tablePack([new Uint8Array([1, 2, 3]), new Uint8Array([4])])
    expect(unpackTable(table.subarray(0, table.length - 1))).toBeNull()
    expect(unpackTable(new Uint8Array(0))).toBeNull()
    const { bytes, layout } = hashedPack(new Map([['index/a.pf_index', new Uint8Array([9, 9])]]))
    expect(unpackHashed(bytes.subarray(0, bytes.length - 1), layout)).toBeNull()
    expect(unpackHashed(Buffer.concat([bytes, Buffer.from([0])]), layout)).toBeNull()
  })

  it('a cut pack fails the read with a message, not wrong bytes', async () => {
    const pack = tablePack([new Uint8Array(50), new Uint8Array(50)])
    const { read } = host(pack.subarray(0, pack.length - 10))
    await expect(reader.readTableMember(read, 'route.bin', 1)).rejects.toThrow(/cut short/)
  })
})
