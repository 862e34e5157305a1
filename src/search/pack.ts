/**
 * Packs: many small index files as one file, read by byte range. A static
 * host counts files (Cloudflare Pages: 20,000 on its free plan), and
 * Pagefind writes one fragment a page and a thousand index chunks a shard;
 * every host answers HTTP `Range` requests, so the search page reads a
 * member of a pack as it would have read the file (see
 * `templates/assets/search-pack.js`, the reader, which holds the layout's
 * rules with this writer).
 *
 * Three layouts:
 * - a **table** pack holds members numbered 0…n-1 (the phrase index's
 *   buckets): the file starts with an entry of 20 digits a member (volume,
 *   offset, length), so member i is found by reading the 20 bytes at 20·i
 *   and then its own bytes;
 * - a **slot** pack holds members numbered 0…n-1 in regions of slots of one
 *   size (the routing's word buckets, then its phrase buckets): member i's
 *   slot is at a place worked out from the regions (`slotPlace`), and holds
 *   an entry and the member, or its start (the rest after the slots), so a
 *   lookup is one request;
 * - a **hashed** pack holds members by name (Pagefind's `fragment/…`,
 *   `index/…`, `filter/…` files): its directory is `parts` fixed-size parts,
 *   a name in part `packPart(name, parts)`, each part lines of
 *   `name volume offset length`, padded with spaces to `size` bytes; the
 *   data follows the directory.
 * A pack over 20 MiB goes on in volumes (`<name>.1.bin`…), each a file a
 * host takes (Cloudflare Pages: at most 25 MiB a file). The file's name says `parts` and `size`
 *   (`pack-64-384.bin`, see `packFileName`): the reader reads one part,
 *   then the member.
 */
import { readdir, readFile, rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { writeFileAtomic } from '../io/atomic.ts'
import { packRules } from './route-keys.ts'

/** A hashed pack's directory, as `shards.json` tells the reader. */
export interface PackLayout {
  parts: number
  size: number
}

/**
 * Cut members into volumes of at most `packRules.VOLUME_BYTES` (`search-pack.js`), the
 * first after a head of `head` bytes (a member larger than a volume has one
 * of its own).
 *
 * @param sizes Each member's length, in order.
 * @param head Bytes before the first volume's data.
 * @param volumeBytes The most a volume holds (default: the page's `VOLUME_BYTES`).
 * @returns Each member's volume and offset within it.
 */
function placeMembers(sizes: readonly number[], head: number, volumeBytes: number): { volume: number; offset: number }[] {
  let volume = 0
  let offset = head
  return sizes.map((size) => {
    if (offset > (volume === 0 ? head : 0) && offset + size > volumeBytes) {
      volume++
      offset = 0
    }
    const place = { volume, offset }
    offset += size
    return place
  })
}

/** The volumes' bytes: a head, then each member at its place. */
function volumesOf(head: Buffer, members: readonly Uint8Array[], places: readonly { volume: number }[]): Buffer[] {
  const parts: Uint8Array[][] = [[head]]
  members.forEach((member, i) => (parts[places[i]!.volume] ??= []).push(member))
  return parts.map((list) => Buffer.concat(list))
}

/**
 * Lay out members numbered 0…n-1 as a table pack.
 *
 * @param members Each member's bytes, in order.
 * @param volumeBytes The most a volume holds (default: the page's `VOLUME_BYTES`).
 * @returns The pack's volumes (one, unless it is large).
 */
export function tablePack(members: readonly Uint8Array[], volumeBytes: number = packRules.VOLUME_BYTES): Buffer[] {
  const width = packRules.TABLE_WIDTH
  const places = placeMembers(members.map((member) => member.length), members.length * width, volumeBytes)
  const head = places
    .map(({ volume, offset }, i) => packRules.tableEntryText(volume, offset, members[i]!.length))
    .join('')
  if (head.length !== members.length * width) throw new RangeError('a table pack too large for its entries')
  return volumesOf(Buffer.from(head, 'latin1'), members, places)
}

/**
 * The slot size of a region of a slot pack: an entry and the member, for
 * all but the longest thousandth of its members, whose rest goes after the
 * slots. Routing buckets are near one size (their keys are spread by a
 * hash), so a slot is little larger than its member; but a query's words
 * are often common, and the buckets that count common words are the larger
 * ones: at 10,000 stories, slots that fit 95% of the word buckets left 9.5%
 * of a query's word lookups to a second read, 99.9% leaves 0.9%.
 *
 * @param lengths The region's members' lengths.
 * @returns The slot's bytes.
 */
export function slotSize(lengths: readonly number[]): number {
  const sorted = [...lengths].sort((a, b) => a - b)
  const most = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * SLOT_FIT))] ?? 0
  return packRules.TABLE_WIDTH + Math.max(1, most)
}

/** The share of a region's members that fit their slot whole (see {@link slotSize}). */
const SLOT_FIT = 0.999

/**
 * Lay out members numbered 0…n-1, in regions, as a slot pack (see
 * `slotPlace` in `search-pack.js`): each region's slots of one size, the
 * rest of a member longer than its slot after all the slots.
 *
 * @param regions Each region's members' bytes, in order (member numbers run on from region to region).
 * @param volumeBytes The most a volume holds (default: the page's `VOLUME_BYTES`).
 * @returns The pack's volumes (one, unless it is large).
 */
export function slotPack(regions: readonly (readonly Uint8Array[])[], volumeBytes: number = packRules.VOLUME_BYTES): Buffer[] {
  return [...slotVolumes(regions, volumeBytes)]
}

/**
 * A slot pack's volumes one at a time, as {@link slotPack} lays them out:
 * each made as it is asked for (the routing of 10,000 stories is about
 * 110 MB, in volumes of 20 MiB).
 *
 * @param regions Each region's members' bytes, in order (member numbers run on from region to region).
 * @param volumeBytes The most a volume holds (default: the page's `VOLUME_BYTES`).
 * @returns The pack's volumes, in order.
 */
export function* slotVolumes(regions: readonly (readonly Uint8Array[])[], volumeBytes: number = packRules.VOLUME_BYTES): Generator<Buffer> {
  const layout = regions.map((members) => ({ count: members.length, size: slotSize(members.map((member) => member.length)) }))
  const width = packRules.TABLE_WIDTH
  const members = regions.flat()
  const places = members.map((_, index) => packRules.slotPlace(layout, index, volumeBytes)!)
  // Each volume's length: its slots, then the rests of members longer than their slot, after the last slot, each in
  // the volume it fits (a new one when it does not).
  const lengths: number[] = [packRules.SLOT_HEAD]
  for (const place of places) lengths[place.volume] = place.offset + place.size
  let volume = lengths.length - 1
  const rests = new Map<number, { volume: number; offset: number }>()
  members.forEach((member, index) => {
    const rest = member.length - (places[index]!.size - width)
    if (rest <= 0) return
    if (lengths[volume]! > 0 && lengths[volume]! + rest > volumeBytes) lengths[++volume] = 0
    rests.set(index, { volume, offset: lengths[volume]! })
    lengths[volume]! += rest
  })
  // Slots come in member order, volume after volume; so do the rests, after them.
  let slot = 0
  const restList = [...rests]
  let next = 0
  for (const [number, length] of lengths.entries()) {
    const bytes = Buffer.alloc(length)
    if (number === 0) bytes.write(packRules.slotHeadText(layout), 0, 'latin1')
    for (; slot < members.length && places[slot]!.volume === number; slot++) {
      const member = members[slot]!
      const place = places[slot]!
      const rest = rests.get(slot) ?? { volume: 0, offset: 0 }
      bytes.write(packRules.tableEntryText(rest.volume, rest.offset, member.length), place.offset, 'latin1')
      bytes.set(member.subarray(0, place.size - width), place.offset + width)
    }
    for (; next < restList.length && restList[next]![1].volume === number; next++) {
      const [index, at] = restList[next]!
      bytes.set(members[index]!.subarray(places[index]!.size - width), at.offset)
    }
    yield bytes
  }
}

/**
 * A slot pack's regions, from its first volume's head.
 *
 * @param first Its first volume, or at least its first `SLOT_HEAD` bytes.
 * @returns Each region's slots and their size; `null` when it is not a slot pack.
 */
export function slotLayout(first: Uint8Array): { count: number; size: number }[] | null {
  if (first.length < packRules.SLOT_HEAD) return null
  return packRules.slotHead(Buffer.from(first.buffer, first.byteOffset, packRules.SLOT_HEAD).toString('latin1'))
}

/**
 * The members of a slot pack.
 *
 * @param volumes The pack's volumes (or its one file).
 * @param volumeBytes The most a volume holds, as the pack was written (default: the page's `VOLUME_BYTES`).
 * @returns Each member's bytes, in order; `null` when the bytes are not a whole slot pack.
 */
export function unpackSlots(volumes: Uint8Array | readonly Uint8Array[], volumeBytes: number = packRules.VOLUME_BYTES): Uint8Array[] | null {
  const files = volumes instanceof Uint8Array ? [volumes] : volumes
  const layout = files[0] ? slotLayout(files[0]) : null
  if (!layout) return null
  const width = packRules.TABLE_WIDTH
  const ends = files.map((_, volume): number => (volume === 0 ? packRules.SLOT_HEAD : 0))
  const members: Uint8Array[] = []
  const count = layout.reduce((sum, region) => sum + region.count, 0)
  for (let index = 0; index < count; index++) {
    const place = packRules.slotPlace(layout, index, volumeBytes)
    const file = place && files[place.volume]
    if (!place || !file) return null
    if (place.offset + place.size > file.length) return null
    const content = packRules.slotContent(file.subarray(place.offset, place.offset + place.size))
    if (!content) return null
    const { entry, inline } = content
    ends[place.volume] = Math.max(ends[place.volume]!, place.offset + place.size)
    if (inline.length === entry.length) {
      members.push(inline)
      continue
    }
    const restFile = files[entry.volume]
    const restEnd = entry.offset + entry.length - inline.length
    if (!restFile || restEnd > restFile.length) return null
    members.push(Buffer.concat([inline, restFile.subarray(entry.offset, restEnd)]))
    ends[entry.volume] = Math.max(ends[entry.volume]!, restEnd)
  }
  // Every volume ends where its last slot or rest does: a longer or shorter file is not this pack.
  return ends.every((end, volume) => end === files[volume]!.length) ? members : null
}

/**
 * Lay out named members as a hashed pack.
 *
 * @param members Each member's name (no white space) and bytes.
 * @param volumeBytes The most a volume holds (default: the page's `VOLUME_BYTES`).
 * @returns The pack's volumes and the layout its reader needs.
 */
export function hashedPack(members: ReadonlyMap<string, Uint8Array>, volumeBytes: number = packRules.VOLUME_BYTES): { volumes: Buffer[]; layout: PackLayout } {
  const parts = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, members.size / packRules.PART_MEMBERS))))
  const names = [...members.keys()]
  for (const name of names) if (!/^[\x21-\x7e]+$/.test(name)) throw new RangeError(`a pack member's name must be printable ASCII without spaces: ${JSON.stringify(name)}`)
  const data = names.map((name) => members.get(name)!)
  // Numbers of fixed width, so that the directory's size does not depend on where the members go.
  const lines = (places: { volume: number; offset: number }[]) => {
    const byPart: string[] = Array.from({ length: parts }, () => '')
    names.forEach((name, i) => {
      const { volume, offset } = places[i]!
      byPart[packRules.packPart(name, parts)] += `${name} ${String(volume).padStart(2, '0')} ${String(offset).padStart(10, '0')} ${String(data[i]!.length).padStart(8, '0')}\n`
    })
    return byPart
  }
  const size = Math.max(1, ...lines(data.map(() => ({ volume: 0, offset: 0 }))).map((text) => text.length))
  const places = placeMembers(data.map((member) => member.length), parts * size, volumeBytes)
  const texts = lines(places)
  const directory = Buffer.from(texts.map((text) => text.padEnd(size, ' ')).join(''), 'latin1')
  if (directory.length !== parts * size) throw new RangeError('a hashed pack whose directory outgrew its layout')
  return { volumes: volumesOf(directory, data, places), layout: { parts, size } }
}

/**
 * A member of a slot or table pack as the routing and the phrase index write
 * it: gzip, as the page inflates it (`readSlotText`, `readTableText` in
 * `templates/assets/search-pack.js`). Hosts do not compress a byte range:
 * a bucket of word keys is a third of its size so, a phrase bucket's Bloom
 * filters in base64 three quarters. The same bytes give the same member (no
 * name or time in its header), so a pack rewritten unchanged is left as it was.
 *
 * @param member The member's bytes (text).
 * @returns Them compressed.
 */
export function compressMember(member: Uint8Array): Buffer {
  // Copied: a small result is a view of zlib's 16 KiB output chunk, which it would keep alive (330 MB for the routing of 10,000 stories).
  return Buffer.from(gzipSync(member))
}

/**
 * A member of a slot or table pack as its reader takes it: inflated when
 * {@link compressMember} wrote it, else as it is.
 *
 * @param member The member as the pack holds it.
 * @returns Its bytes.
 */
export function inflateMember(member: Uint8Array): Buffer {
  return member[0] === 0x1f && member[1] === 0x8b ? gunzipSync(member) : Buffer.from(member)
}

/**
 * The members of a table pack.
 *
 * @param volumes The pack's volumes (or its one file).
 * @returns Each member's bytes, in order; `null` when the bytes are not a whole table pack.
 */
export function unpackTable(volumes: Uint8Array | readonly Uint8Array[]): Uint8Array[] | null {
  const files = volumes instanceof Uint8Array ? [volumes] : volumes
  const first = files[0]
  if (!first || first.length < packRules.TABLE_WIDTH) return null
  const width = packRules.TABLE_WIDTH
  const entryAt = (i: number) => packRules.tableEntry(Buffer.from(first.buffer, first.byteOffset + i * width, Math.min(width, first.length - i * width)).toString('latin1'))
  const firstEntry = entryAt(0)
  // The first member is in the first volume, right after the entries: where it starts says how many there are.
  if (!firstEntry || firstEntry.volume !== 0 || firstEntry.offset % width !== 0 || firstEntry.offset > first.length) return null
  const head = firstEntry.offset
  const members: Uint8Array[] = []
  const ends = files.map((_, volume) => (volume === 0 ? head : 0))
  for (let i = 0; i * width < head; i++) {
    const entry = entryAt(i)
    const file = entry && files[entry.volume]
    if (!entry || !file || entry.offset + entry.length > file.length) return null
    members.push(file.subarray(entry.offset, entry.offset + entry.length))
    ends[entry.volume] = Math.max(ends[entry.volume]!, entry.offset + entry.length)
  }
  // Every volume ends where its last member does: a longer or shorter file is not this pack.
  return ends.every((end, volume) => end === files[volume]!.length) ? members : null
}

/**
 * The members of a hashed pack.
 *
 * @param volumes The pack's volumes (or its one file).
 * @param layout Its layout (from its name, see `packLayout`).
 * @returns Each member's bytes by name; `null` when the bytes are not a whole pack of that layout.
 */
export function unpackHashed(volumes: Uint8Array | readonly Uint8Array[], layout: PackLayout): Map<string, Uint8Array> | null {
  const files = volumes instanceof Uint8Array ? [volumes] : volumes
  const first = files[0]
  const start = layout.parts * layout.size
  if (!first || start > first.length) return null
  const members = new Map<string, Uint8Array>()
  const used = files.map((_, volume) => (volume === 0 ? start : 0))
  for (let part = 0; part < layout.parts; part++) {
    const text = Buffer.from(first.buffer, first.byteOffset + part * layout.size, layout.size).toString('latin1')
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      const match = /^(\S+) (\d+) (\d+) (\d+)$/.exec(line)
      if (!match || packRules.packPart(match[1]!, layout.parts) !== part) return null
      const file = files[Number(match[2])]
      const from = Number(match[3])
      const to = from + Number(match[4])
      if (!file || to > file.length) return null
      members.set(match[1]!, file.subarray(from, to))
      used[Number(match[2])]! += Number(match[4])
    }
  }
  return used.every((bytes, volume) => bytes === files[volume]!.length) ? members : null
}

/**
 * Write a pack's volumes beside each other, each atomically, and remove
 * volumes of an earlier pack of that name beyond them.
 *
 * @param file The pack's file (its first volume).
 * @param volumes The volumes, in order (from a generator, one is held at a time).
 * @returns Whether any volume's bytes changed.
 */
export async function writePack(file: string, volumes: Iterable<Buffer>): Promise<boolean> {
  let changed = false
  let count = 0
  for (const bytes of volumes) {
    const volume = count++
    const path = packRules.volumeFile(file, volume)
    const before = await readFile(path).catch(() => null)
    if (before !== null && before.equals(bytes)) continue
    await writeFileAtomic(path, bytes)
    changed = true
  }
  for (let volume = count; ; volume++) {
    const path = packRules.volumeFile(file, volume)
    if ((await stat(path).catch(() => null)) === null) break
    await rm(path, { force: true })
    changed = true
  }
  return changed
}

/** Pagefind's folders of small files that a shard's pack takes in. */
const packedFolders = ['fragment', 'index', 'filter']

/** Pagefind's files that the search page never loads: its own user interfaces, and its Web Worker (the page runs Pagefind on its own thread, see `search.js`). */
const unusedFiles = /^pagefind-(component-ui|modular-ui|ui|highlight|worker)\.(js|css)$/

/**
 * The name of a hashed pack's file, which carries its layout
 * (`pack-64-384.bin`): a shard's folder says how to read it.
 *
 * @param layout The pack's layout.
 * @returns The file's name.
 */
export function packFileName(layout: PackLayout): string {
  return `pack-${layout.parts}-${layout.size}.bin`
}

/**
 * Pack a Pagefind bundle just written: its fragments, index chunks and
 * filters become one hashed pack (`pack-<parts>-<size>.bin`), and the files the search
 * page never loads go (its user interfaces, its worker, the WebAssembly of
 * a language the bundle does not have).
 *
 * @param bundle The bundle's folder.
 * @returns The pack's layout.
 */
export async function packBundle(bundle: string): Promise<PackLayout> {
  const members = new Map<string, Uint8Array>()
  for (const folder of packedFolders) {
    const names = (await readdir(join(bundle, folder)).catch(() => [] as string[])).sort()
    for (const name of names) members.set(`${folder}/${name}`, await readFile(join(bundle, folder, name)))
  }
  const { volumes, layout } = hashedPack(members)
  await writePack(join(bundle, packFileName(layout)), volumes)
  for (const folder of packedFolders) await rm(join(bundle, folder), { recursive: true, force: true })
  const entry = JSON.parse(await readFile(join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { wasm?: string }> }
  const wasm = new Set(Object.values(entry.languages ?? {}).map((language) => `wasm.${language.wasm ?? 'unknown'}.pagefind`))
  for (const name of await readdir(bundle)) {
    if (unusedFiles.test(name) || (packRules.isPagefindWasm(name) && !wasm.has(name))) await rm(join(bundle, name), { force: true })
  }
  return layout
}
