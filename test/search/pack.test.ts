/**
 * Packs: what the build writes, the page's reader reads back, member by
 * member, by byte range, across volumes; damaged packs are told from whole ones.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compressMember, hashedPack, inflateMember, packFileName, slotLayout, slotPack, tablePack, unpackHashed, unpackSlots, unpackTable } from '../../src/search/pack.ts'
import { packRules } from '../../src/search/route-keys.ts'
// The page's reader, run here on bytes in memory (a fetch that answers Range as a host does).
import * as reader from '../../templates/assets/search-pack.js'

/** A host of a pack's volumes (named as the reader names them) that answers `Range: bytes=a-b` with 206, counting what it sent. */
function host(file: string, volumes: readonly Uint8Array[]) {
  const sent = { requests: 0, bytes: 0 }
  const files = new Map(volumes.map((bytes, volume) => [packRules.volumeFile(file, volume), bytes]))
  const fetchFile = async (url: string, init?: RequestInit): Promise<Response> => {
    const bytes = files.get(url)
    if (!bytes) return new Response(null, { status: 404 })
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
const sorted = (entries: Iterable<[string, Uint8Array]>) => [...entries].map(([name, member]) => [name, [...member]]).sort(([a], [b]) => (a! < b! ? -1 : 1))

describe('packs', () => {
  it('a table pack gives each member back, by range and whole, in one volume or many', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.uint8Array({ maxLength: 200 }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 100, max: 5000 }), async (list, volumeBytes) => {
        const volumes = tablePack(list, volumeBytes)
        for (const volume of volumes.slice(1)) expect(volume.length).toBeLessThanOrEqual(Math.max(volumeBytes, 200))
        expect(unpackTable(volumes)!.map((member) => [...member])).toEqual(list.map((member) => [...member]))
        const { read } = host('route.bin', volumes)
        for (const [index, member] of list.entries()) expect([...(await reader.readTableMember(read, 'route.bin', index))]).toEqual([...member])
      }),
      { numRuns: 200 }
    )
  })

  it('a slot pack gives each member back, in one request when it fits its slot, in one volume or many', async () => {
    const region = fc.array(fc.uint8Array({ maxLength: 200 }), { maxLength: 40 })
    await fc.assert(
      fc.asyncProperty(fc.array(region, { minLength: 1, maxLength: 3 }), fc.oneof(fc.integer({ min: 300, max: 5000 }), fc.constant(packRules.VOLUME_BYTES)), async (regions, volumeBytes) => {
        const volumes = slotPack(regions, volumeBytes)
        for (const volume of volumes.slice(1)) expect(volume.length).toBeLessThanOrEqual(Math.max(volumeBytes, 200))
        const list = regions.flat()
        expect(unpackSlots(volumes, volumeBytes)!.map((member) => [...member])).toEqual(list.map((member) => [...member]))
        const layout = slotLayout(volumes[0]!)!
        expect(layout.map((each) => each.count)).toEqual(regions.map((each) => each.length))
        for (const [index, member] of list.entries()) {
          // The reader's own placing agrees with the writer's at any volume size: here, the pack's.
          const place = packRules.slotPlace(layout, index, volumeBytes)!
          const fits = member.length <= place.size - packRules.TABLE_WIDTH
          const { read, sent } = host('route.bin', volumes)
          const slot = volumes[place.volume]!.subarray(place.offset, place.offset + place.size)
          expect(packRules.tableEntry(Buffer.from(slot.subarray(0, 20)).toString('latin1'))?.length).toBe(member.length)
          // The page reads packs of its own volume size.
          if (volumeBytes === packRules.VOLUME_BYTES) {
            expect([...(await reader.readSlotMember(read, 'route.bin', index, layout))]).toEqual([...member])
            expect(sent.requests).toBe(fits ? 1 : 2)
          }
        }
      }),
      { numRuns: 200 }
    )
  })

  it('the page reads a slot pack of the volume size it is written for, one request a member that fits', async () => {
    const regions = [Array.from({ length: 30 }, (_, i) => new Uint8Array(100 + (i % 7) * 10).fill(i)), Array.from({ length: 1200 }, (_, i) => new Uint8Array(i === 3 ? 5000 : 400).fill(i % 256))]
    const volumes = slotPack(regions)
    const layout = slotLayout(volumes[0]!)!
    // Slots that all but a thousandth of the members fit: the long phrase member's rest comes after the slots.
    expect(layout).toEqual([
      { count: 30, size: 20 + 160 },
      { count: 1200, size: 20 + 400 }
    ])
    const { read, sent } = host('route.bin', volumes)
    for (const [index, member] of regions.flat().entries()) expect([...(await reader.readSlotMember(read, 'route.bin', index, layout))]).toEqual([...member])
    expect(sent.requests).toBe(1230 + 1)
    await expect(reader.readSlotMember(read, 'route.bin', 1230, layout)).rejects.toThrow(/no slot 1230/)
    await expect(reader.readSlotMember(read, 'route.bin', 0, [{ count: 30, size: Number.NaN }])).rejects.toThrow(/no slot 0/)
  })

  it('tells a cut or garbled slot pack from a whole one, and fails its read with a message', async () => {
    const [pack] = slotPack([[new Uint8Array([1, 2, 3]), new Uint8Array(60).fill(4)], [new Uint8Array([5])]])
    expect(unpackSlots(pack!)).not.toBeNull()
    expect(unpackSlots(pack!.subarray(0, pack!.length - 1))).toBeNull()
    expect(unpackSlots(Buffer.concat([pack!, Buffer.from([0])]))).toBeNull()
    expect(unpackSlots(new Uint8Array(0))).toBeNull()
    const layout = slotLayout(pack!)!
    const { read } = host('route.bin', [pack!.subarray(0, pack!.length - 10)])
    await expect(reader.readSlotMember(read, 'route.bin', 2, layout)).rejects.toThrow(/cut short/)
    const garbled = Buffer.from(pack!)
    garbled.write('x', packRules.slotPlace(layout, 0)!.offset, 'latin1')
    await expect(reader.readSlotMember(host('route.bin', [garbled]).read, 'route.bin', 0, layout)).rejects.toThrow(/slot 0 has no entry/)
  })

  it('a slot pack of compressed text gives each member back as text', async () => {
    const texts = ['{"s":["s0000"],"k":{"kern":[3]}}', 'é and ü, '.repeat(200), '']
    const volumes = slotPack([texts.map((text) => compressMember(Buffer.from(text)))])
    const { read } = host('route.bin', volumes)
    for (const [index, text] of texts.entries()) expect(await reader.readSlotText(read, 'route.bin', index, slotLayout(volumes[0]!)!)).toBe(text)
  })

  it('a hashed pack gives each member back by name, reading one directory part and the member', async () => {
    await fc.assert(
      fc.asyncProperty(members, fc.integer({ min: 200, max: 20_000 }), async (list, volumeBytes) => {
        const { volumes, layout } = hashedPack(new Map(list), volumeBytes)
        const file = packFileName(layout)
        expect(packRules.packLayout(`/pagefind/s0001/${file}`)).toEqual(layout)
        expect(sorted(unpackHashed(volumes, layout)!)).toEqual(sorted(list))
        for (const [name, member] of list) {
          const { read, sent } = host(file, volumes)
          expect([...(await reader.readHashedMember(read, file, name))!]).toEqual([...member])
          expect(sent.requests).toBe(member.length > 0 ? 2 : 1)
          expect(sent.bytes).toBe(layout.size + member.length)
        }
        expect(await reader.readHashedMember(host(file, volumes).read, file, 'not/a.member')).toBeNull()
      }),
      { numRuns: 100 }
    )
  })

  it('keeps every volume under what a host takes, and a directory part small', () => {
    const list = new Map(Array.from({ length: 1500 }, (_, i) => [`fragment/en_${((i * 2654435761) >>> 0).toString(16).padStart(10, '0')}.pf_fragment`, new Uint8Array(30_000)]))
    const { volumes, layout } = hashedPack(list)
    expect(layout.size).toBeLessThan(1000)
    expect(volumes.length).toBeGreaterThan(1)
    for (const volume of volumes) expect(volume.length).toBeLessThanOrEqual(packRules.VOLUME_BYTES)
    expect(packRules.VOLUME_BYTES).toBeLessThan(25 * 1024 * 1024)
  })

  it('tells a cut or garbled pack from a whole one', () => {
    const [table] = tablePack([new Uint8Array([1, 2, 3]), new Uint8Array([4])])
    expect(unpackTable(table!.subarray(0, table!.length - 1))).toBeNull()
    expect(unpackTable(Buffer.concat([table!, Buffer.from([0])]))).toBeNull()
    expect(unpackTable(new Uint8Array(0))).toBeNull()
    const { volumes, layout } = hashedPack(new Map([['index/a.pf_index', new Uint8Array([9, 9])]]))
    expect(unpackHashed(volumes[0]!.subarray(0, volumes[0]!.length - 1), layout)).toBeNull()
    expect(unpackHashed(Buffer.concat([volumes[0]!, Buffer.from([0])]), layout)).toBeNull()
  })

  it('a pack of compressed text gives each member back as text, in Node and on the page, and as it is when not compressed', async () => {
    const texts = ['{"s":["s0000"],"k":{"kern":[3]}}', 'é and ü, '.repeat(200), '']
    const [pack] = tablePack([...texts.map((text) => compressMember(Buffer.from(text))), Buffer.from('plain')])
    expect(unpackTable(pack!)!.map((member) => inflateMember(member).toString())).toEqual([...texts, 'plain'])
    const { read } = host('route.bin', [pack!])
    for (const [index, text] of [...texts, 'plain'].entries()) expect(await reader.readTableText(read, 'route.bin', index)).toBe(text)
    // Compressed, the repeated text is a fraction of its size.
    expect(unpackTable(pack!)![1]!.length).toBeLessThan(Buffer.byteLength(texts[1]!) / 10)
  })

  it('refuses a compressed member that inflates past what a table member may hold', async () => {
    const [pack] = tablePack([compressMember(Buffer.alloc(packRules.TABLE_MEMBER_MAX + 1, 0x20))])
    expect(unpackTable(pack!)![0]!.length).toBeLessThan(10_000)
    const { read } = host('route.bin', [pack!])
    await expect(reader.readTableText(read, 'route.bin', 0)).rejects.toThrow(/inflates to more than/)
  })

  it('inflates a small member at once and a large one by the browser’s stream, to the same bytes, and refuses a damaged one', async () => {
    // Bytes that do not compress (xorshift32), so that the large one is large compressed too.
    const random = (length: number, seed: number) => {
      let state = seed
      return Uint8Array.from({ length }, () => {
        state ^= state << 13
        state ^= state >>> 17
        state ^= state << 5
        return state & 0xff
      })
    }
    const small = random(3000, 1)
    const large = random(reader.INFLATE_AT_ONCE + 5000, 2)
    for (const bytes of [small, large]) {
      const member = compressMember(Buffer.from(bytes))
      expect(member.length < reader.INFLATE_AT_ONCE).toBe(bytes === small)
      expect(await reader.inflate(member, 'member')).toEqual(bytes)
    }
    // Cut short, garbled, or lying about its length (RFC 1952's ISIZE, the last four bytes), small or large: refused.
    for (const bytes of [small, large]) {
      const member = compressMember(Buffer.from(bytes))
      await expect(reader.inflate(member.subarray(0, member.length - 9), 'cut')).rejects.toThrow(reader.PackError)
      const garbled = Uint8Array.from(member)
      garbled.fill(0xff, 10, 40)
      await expect(reader.inflate(garbled, 'garbled')).rejects.toThrow(/garbled does not inflate/)
      await expect(reader.inflate(member, 'member', bytes.length - 1)).rejects.toThrow(/member inflates to more than/)
    }
    const lying = Uint8Array.from(compressMember(Buffer.alloc(100_000, 0x20)))
    new DataView(lying.buffer).setUint32(lying.length - 4, 10, true)
    await expect(reader.inflate(lying, 'lying', 1000)).rejects.toThrow(reader.PackError)
    new DataView(lying.buffer).setUint32(lying.length - 4, 100_001, true)
    await expect(reader.inflate(lying, 'lying')).rejects.toThrow(/lying does not inflate/)
    new DataView(lying.buffer).setUint32(lying.length - 4, 0xffffffff, true)
    await expect(reader.inflate(lying, 'lying')).rejects.toThrow(/lying inflates to more than/)
  })

  it('a cut pack fails the read with a message, not wrong bytes', async () => {
    const [pack] = tablePack([new Uint8Array(50), new Uint8Array(50)])
    const { read } = host('route.bin', [pack!.subarray(0, pack!.length - 10)])
    await expect(reader.readTableMember(read, 'route.bin', 1)).rejects.toThrow(/cut short/)
  })
})
