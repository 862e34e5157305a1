/**
 * Packs: many small index files as one file, read by byte range. A static
 * host counts files (Cloudflare Pages: 20,000 on its free plan), and
 * Pagefind writes one fragment a page and a thousand index chunks a shard;
 * every host answers HTTP `Range` requests, so the search page reads a
 * member of a pack as it would have read the file (see
 * `templates/assets/search-pack.js`, the reader, which holds the layout's
 * rules with this writer).
 *
 * Two layouts:
 * - a **table** pack holds members numbered 0…n-1 (the routing's buckets):
 *   the file starts with n+1 offsets, ten decimal digits each, so member i is
 *   found by reading the 20 bytes at 10·i and then its own bytes;
 * - a **hashed** pack holds members by name (Pagefind's `fragment/…`,
 *   `index/…`, `filter/…` files): its directory is `parts` fixed-size parts,
 *   a name in part `packPart(name, parts)`, each part lines of
 *   `name offset length`, padded with spaces to `size` bytes; the data
 *   follows the directory. The file's name says `parts` and `size`
 *   (`pack-64-384.bin`, see `packFileName`): the reader reads one part,
 *   then the member.
 */
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { writeFileAtomic } from '../io/atomic.ts'
import { packRules } from './route-keys.ts'

/** A hashed pack's directory, as `shards.json` tells the reader. */
export interface PackLayout {
  parts: number
  size: number
}

/**
 * Lay out members numbered 0…n-1 as a table pack.
 *
 * @param members Each member's bytes, in order.
 * @returns The pack's bytes.
 */
export function tablePack(members: readonly Uint8Array[]): Buffer {
  const width = packRules.TABLE_DIGITS
  const head = (members.length + 1) * width
  let offset = head
  const offsets: string[] = []
  for (const member of members) {
    offsets.push(String(offset).padStart(width, '0'))
    offset += member.length
  }
  offsets.push(String(offset).padStart(width, '0'))
  if (String(offset).length > width) throw new RangeError(`a table pack of ${offset} bytes is larger than its offsets can say`)
  return Buffer.concat([Buffer.from(offsets.join(''), 'latin1'), ...members])
}

/**
 * Lay out named members as a hashed pack.
 *
 * @param members Each member's name (no white space) and bytes.
 * @returns The pack's bytes and the layout its reader needs.
 */
export function hashedPack(members: ReadonlyMap<string, Uint8Array>): { bytes: Buffer; layout: PackLayout } {
  const parts = Math.max(1, 2 ** Math.ceil(Math.log2(Math.max(1, members.size / packRules.PART_MEMBERS))))
  const lines: string[][] = Array.from({ length: parts }, () => [])
  const data: Uint8Array[] = []
  let offset = 0
  for (const [name, bytes] of members) {
    if (/\s/.test(name)) throw new RangeError(`a pack member's name has white space: ${JSON.stringify(name)}`)
    lines[packRules.packPart(name, parts)]!.push(`${name} ${offset} ${bytes.length}\n`)
    data.push(bytes)
    offset += bytes.length
  }
  const texts = lines.map((part) => part.join(''))
  const size = Math.max(1, ...texts.map((text) => Buffer.byteLength(text)))
  const directory = Buffer.from(texts.map((text) => text.padEnd(size + text.length - Buffer.byteLength(text), ' ')).join(''), 'utf8')
  return { bytes: Buffer.concat([directory, ...data]), layout: { parts, size } }
}

/**
 * The members of a table pack.
 *
 * @param bytes The pack.
 * @returns Each member's bytes, in order; `null` when the bytes are not a whole table pack.
 */
export function unpackTable(bytes: Uint8Array): Uint8Array[] | null {
  const width = packRules.TABLE_DIGITS
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, width)).toString('latin1')
  if (!/^\d+$/.test(text) || text.length < width) return null
  const head = Number(text)
  if (head % width !== 0 || head < 2 * width || head > bytes.length) return null
  const offsets = Buffer.from(bytes.buffer, bytes.byteOffset, head).toString('latin1').match(new RegExp(`\\d{${width}}`, 'g'))?.map(Number) ?? []
  if (offsets.length !== head / width || offsets[offsets.length - 1] !== bytes.length) return null
  const members: Uint8Array[] = []
  for (let i = 0; i + 1 < offsets.length; i++) {
    if (offsets[i + 1]! < offsets[i]!) return null
    members.push(bytes.subarray(offsets[i], offsets[i + 1]))
  }
  return members
}

/**
 * The members of a hashed pack.
 *
 * @param bytes The pack.
 * @param layout Its layout (from its name, see `packLayout`).
 * @returns Each member's bytes by name; `null` when the bytes are not a whole pack of that layout.
 */
export function unpackHashed(bytes: Uint8Array, layout: PackLayout): Map<string, Uint8Array> | null {
  const start = layout.parts * layout.size
  if (start > bytes.length) return null
  const members = new Map<string, Uint8Array>()
  let total = 0
  for (let part = 0; part < layout.parts; part++) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset + part * layout.size, layout.size).toString('latin1')
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue
      const match = /^(\S+) (\d+) (\d+)$/.exec(line)
      if (!match || packRules.packPart(match[1]!, layout.parts) !== part) return null
      const from = start + Number(match[2])
      const to = from + Number(match[3])
      if (to > bytes.length) return null
      members.set(match[1]!, bytes.subarray(from, to))
      total += Number(match[3])
    }
  }
  return start + total === bytes.length ? members : null
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
  const { bytes, layout } = hashedPack(members)
  await writeFileAtomic(join(bundle, packFileName(layout)), bytes)
  for (const folder of packedFolders) await rm(join(bundle, folder), { recursive: true, force: true })
  const entry = JSON.parse(await readFile(join(bundle, 'pagefind-entry.json'), 'utf8')) as { languages?: Record<string, { wasm?: string }> }
  const wasm = new Set(Object.values(entry.languages ?? {}).map((language) => `wasm.${language.wasm ?? 'unknown'}.pagefind`))
  for (const name of await readdir(bundle)) {
    if (unusedFiles.test(name) || (/^wasm\..+\.pagefind$/.test(name) && !wasm.has(name))) await rm(join(bundle, name), { force: true })
  }
  return layout
}
