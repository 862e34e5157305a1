// Scrollback search packs, the reading side: many small index files kept as
// one file on the host, read by HTTP byte range (every static host answers
// `Range`). The build writes them (`src/search/pack.ts`, which takes its
// rules from here); the search page reads the routing's buckets with
// `readSlotText`, the phrase index with `readTableText`, and lets Pagefind
// read its own files through `installPackFetch`.
//
// Three layouts:
// - a table pack: members numbered 0…n-1; the file starts with an entry of
//   `TABLE_WIDTH` decimal digits a member (its volume, offset and length),
//   so member i is found by reading the entry at i·TABLE_WIDTH;
// - a slot pack: members numbered 0…n-1 in regions of slots of one size each
//   (the routing's word buckets, then its phrase buckets), so member i is
//   found where `slotPlace` says and read in one request: a slot holds an
//   entry and the member, or as much of it as fits, the rest after the slots
//   (see `slotPlace`, `readSlotMember`);
// - a hashed pack: members by name; the directory is `parts` parts of `size`
//   bytes each (the file's name says both: `pack-64-384.bin`), a name in
//   part `packPart(name, parts)`, each part lines of
//   `name volume offset length` padded with spaces; the data follows.
// A pack larger than `VOLUME_BYTES` goes on in volumes, `<name>.1.bin`,
// `<name>.2.bin`…, each under the largest file a host takes (Cloudflare
// Pages: 25 MiB); offsets are within the member's volume.

import { gunzipSync } from 'fflate'
import { hash32 } from './search-route.js'

/** Digits of a table pack's entry: volume (2), offset (10), length (8). */
export const TABLE_WIDTH = 20

/** The bytes a pack's volume holds at most: under the largest file a host takes (Cloudflare Pages: 25 MiB). */
export const VOLUME_BYTES = 20 * 1024 * 1024

/**
 * The file of a pack's volume.
 *
 * @param {string} file The pack's file (its first volume), a name or an address.
 * @param {number} volume The volume.
 * @returns {string} The same for volume 0, else `<name>.<volume>.bin`.
 */
export function volumeFile(file, volume) {
  return volume === 0 ? file : file.replace(/\.bin$/, `.${volume}.bin`)
}

/** Bytes of a slot pack's head, at the start of its first volume: `slots <count>x<size> …`, padded with spaces, then a line feed. */
export const SLOT_HEAD = 64

/**
 * A slot pack's head, as the build writes it.
 *
 * @param {{count: number, size: number}[]} regions Each region's slots and their size.
 * @returns {string} {@link SLOT_HEAD} bytes.
 */
export function slotHeadText(regions) {
  const text = `slots ${regions.map(({ count, size }) => `${count}x${size}`).join(' ')}`
  if (text.length >= SLOT_HEAD) throw new RangeError('a slot pack of too many regions for its head')
  return text.padEnd(SLOT_HEAD - 1, ' ') + '\n'
}

/**
 * Read a slot pack's head.
 *
 * @param {string} text Its first {@link SLOT_HEAD} bytes.
 * @returns {{count: number, size: number}[] | null} Its regions; `null` when it is not a slot pack's head.
 */
export function slotHead(text) {
  const match = /^slots((?: \d+x\d+)+) *\n$/.exec(text)
  if (!match?.[1] || text.length !== SLOT_HEAD) return null
  const regions = [...match[1].matchAll(/(\d+)x(\d+)/g)].map(([, count, size]) => ({ count: Number(count), size: Number(size) }))
  return regions.every(({ size }) => size > TABLE_WIDTH) ? regions : null
}

/**
 * Where member `index` of a slot pack is: its region's slots follow each
 * other from the head on, filling each volume with whole slots before the
 * next begins (`volumeBytes`), region after region. The build places slots
 * by this function and the page finds them by it.
 *
 * @param {{count: number, size: number}[]} regions The pack's regions, in order.
 * @param {number} index The member's number, 0…(the regions' counts added up)-1.
 * @param {number} [volumeBytes] The most a volume holds (default: {@link VOLUME_BYTES}).
 * @returns {{volume: number, offset: number, size: number} | null} Its slot; `null` past the last, or for regions that are not a slot pack's.
 */
export function slotPlace(regions, index, volumeBytes = VOLUME_BYTES) {
  if (!Number.isSafeInteger(index) || index < 0) return null
  if (!regions.every(({ count, size }) => Number.isSafeInteger(count) && count >= 0 && Number.isSafeInteger(size) && size > TABLE_WIDTH && size <= volumeBytes)) return null
  let volume = 0
  let used = SLOT_HEAD
  for (const { count, size } of regions) {
    const first = Math.floor((volumeBytes - used) / size)
    const each = Math.max(1, Math.floor(volumeBytes / size))
    if (index < count) {
      if (index < first) return { volume, offset: used + index * size, size }
      const after = index - first
      return { volume: volume + 1 + Math.floor(after / each), offset: (after % each) * size, size }
    }
    index -= count
    if (count <= first) used += count * size
    else {
      const after = count - first
      volume += Math.ceil(after / each)
      used = (((after - 1) % each) + 1) * size
    }
  }
  return null
}

/**
 * A table pack's entry, or a slot's, as the build writes it.
 *
 * @param {number} volume The member's volume (or its rest's).
 * @param {number} offset Its offset in that volume.
 * @param {number} length The member's length.
 * @returns {string} `TABLE_WIDTH` digits.
 */
export function tableEntryText(volume, offset, length) {
  const text = String(volume).padStart(2, '0') + String(offset).padStart(10, '0') + String(length).padStart(8, '0')
  if (text.length !== TABLE_WIDTH) throw new RangeError('a pack too large for its entries')
  return text
}

/**
 * What a slot of a slot pack holds: its entry, and the member's bytes in it
 * (all of them, or the start of a member whose rest the entry places after
 * the slots). The page reads slots by it, and the build's reader too.
 *
 * @param {Uint8Array} slot The slot's bytes (its size).
 * @returns {{entry: {volume: number, offset: number, length: number}, inline: Uint8Array} | null} `null` when the slot has no entry.
 */
export function slotContent(slot) {
  const entry = tableEntry(latin1.decode(slot.subarray(0, TABLE_WIDTH)))
  return entry && { entry, inline: slot.subarray(TABLE_WIDTH, TABLE_WIDTH + Math.min(entry.length, slot.length - TABLE_WIDTH)) }
}

/**
 * Whether a file of a Pagefind bundle is its metadata (`pagefind.en_1a2b.pf_meta`).
 *
 * @param {string} name The file's name.
 * @returns {boolean}
 */
export function isPagefindMeta(name) {
  return /^pagefind\.[\w-]+\.pf_meta$/.test(name)
}

/**
 * Whether a file of a Pagefind bundle is its WebAssembly (`wasm.en.pagefind`).
 *
 * @param {string} name The file's name.
 * @returns {boolean}
 */
export function isPagefindWasm(name) {
  return /^wasm\.[\w-]+\.pagefind$/.test(name)
}

/**
 * Read a table pack's entry.
 *
 * @param {string} text Its `TABLE_WIDTH` digits.
 * @returns {{volume: number, offset: number, length: number} | null} `null` when it is not an entry.
 */
export function tableEntry(text) {
  if (!/^\d{20}$/.test(text)) return null
  return { volume: Number(text.slice(0, 2)), offset: Number(text.slice(2, 12)), length: Number(text.slice(12)) }
}

/** Members a hashed pack's directory part holds on average: a lookup reads one part (a few hundred bytes). */
export const PART_MEMBERS = 6

/**
 * The most bytes the reader takes of one member of a table or slot pack (a
 * routing bucket, a phrase-index bucket: a few KB each), of one slot, and of
 * one directory part of a hashed pack: a pack whose offsets say more is
 * damaged, and is not read.
 */
export const TABLE_MEMBER_MAX = 1 << 20

/** The most bytes the reader takes of one member of a hashed pack (a Pagefind fragment or index chunk: rarely above 100 KB). */
export const MEMBER_MAX = 16 << 20

/**
 * The directory part of a hashed pack that holds a name.
 *
 * @param {string} name A member's name.
 * @param {number} parts The pack's parts (a power of two).
 * @returns {number} The part, 0…parts-1.
 */
export function packPart(name, parts) {
  return hash32(name, 0x5eed) % parts
}

/**
 * A hashed pack's layout, from its file's name.
 *
 * @param {string} file `pack-<parts>-<size>.bin`, or a path ending so.
 * @returns {{parts: number, size: number} | null} `null` for another name.
 */
export function packLayout(file) {
  const match = /(?:^|\/)pack-(\d+)-(\d+)\.bin$/.exec(file)
  return match ? { parts: Number(match[1]), size: Number(match[2]) } : null
}

/**
 * Where a member is, from its directory part's text.
 *
 * @param {string} text The part's bytes as text.
 * @param {string} name The member's name.
 * @returns {{volume: number, offset: number, length: number} | null} `null` when the part does not list it.
 */
export function partEntry(text, name) {
  for (const line of text.split('\n')) {
    const [member, volume, offset, length] = line.trim().split(' ')
    if (member === name) return { volume: Number(volume), offset: Number(offset), length: Number(length) }
  }
  return null
}

/** A damaged or missing pack, or one that changed since its list was read: the reader says which. */
export class PackError extends Error {}

/**
 * Read a response's body, at most so many bytes: a file larger than it
 * should be is not taken into memory.
 *
 * @param {Response} response The response.
 * @param {number} most The most bytes wanted.
 * @returns {Promise<Uint8Array>} Its first bytes, `most` at most (fewer when the body is shorter).
 */
export async function readAtMost(response, most) {
  const chunks = []
  let length = 0
  const reader = response.body?.getReader()
  if (!reader) return new Uint8Array(0)
  while (length < most) {
    const { done, value } = await reader.read()
    if (done) break
    chunks.push(value)
    length += value.length
  }
  reader.cancel().catch(() => {})
  const bytes = new Uint8Array(Math.min(length, most))
  let at = 0
  for (const chunk of chunks) {
    const part = chunk.subarray(0, bytes.length - at)
    bytes.set(part, at)
    at += part.length
  }
  return bytes
}

/**
 * Read byte ranges of files on the host, each range once (a promise each, kept).
 *
 * @param {(url: string, init?: RequestInit) => Promise<Response>} fetchFile The fetch to read with.
 * @returns {((url: string, start: number, end: number) => Promise<Uint8Array>) & {forget: () => void}} Bytes start…end-1 of a file; `forget()` drops every range kept (the files changed).
 */
export function rangeReader(fetchFile) {
  /** @type {Map<string, Promise<Uint8Array>>} */
  const read = new Map()
  /**
   * @param {string} url A file.
   * @param {number} start The first byte.
   * @param {number} end The byte after the last.
   * @returns {Promise<Uint8Array>}
   */
  const readRange = (url, start, end) => {
    const key = `${url} ${start} ${end}`
    if (!read.has(key)) {
      const loading = (async () => {
        if (end <= start) return new Uint8Array(0)
        // Past the browser's HTTP cache: Chromium lets one request at a time through a file's cache entry, so ranges of
        // one pack would arrive one after another, a round trip each (26 reads of 795 bytes over 40 ms of latency: 1.15 s,
        // not 0.27 s). What a page has read it keeps (`read`).
        const response = await fetchFile(url, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: 'no-store' })
        // 404: the file is gone; 416: it is shorter than the range (a pack cut short, or replaced since its list was read).
        if (!response.ok) {
          response.body?.cancel().catch(() => {})
          throw new PackError(`${url}: ${response.status} ${response.statusText}`)
        }
        // A host that ignores Range sends the whole file: take the range from it, reading no further.
        const partial = response.status === 206
        const bytes = await readAtMost(response, partial ? end - start : end)
        const range = partial ? bytes : bytes.subarray(start, end)
        if (range.length !== end - start) throw new PackError(`${url}: bytes ${start}–${end - 1} asked, ${range.length} received (the file is cut short)`)
        return range
      })()
      loading.catch(() => read.delete(key))
      read.set(key, loading)
    }
    return /** @type {Promise<Uint8Array>} */ (read.get(key))
  }
  readRange.forget = () => read.clear()
  return readRange
}

const latin1 = new TextDecoder('latin1')
const utf8 = new TextDecoder()

/**
 * Read member `index` of a table pack.
 *
 * @param {ReturnType<typeof rangeReader>} readRange A range reader.
 * @param {string} url The pack's address.
 * @param {number} index The member's number.
 * @returns {Promise<Uint8Array>} Its bytes.
 */
export async function readTableMember(readRange, url, index) {
  const entry = tableEntry(latin1.decode(await readRange(url, index * TABLE_WIDTH, (index + 1) * TABLE_WIDTH)))
  if (!entry) throw new PackError(`${url}: member ${index} has no entry (the pack is damaged)`)
  if (entry.length > TABLE_MEMBER_MAX) throw new PackError(`${url}: member ${index} says it has ${entry.length} bytes, more than ${TABLE_MEMBER_MAX} (the pack is damaged)`)
  return readRange(volumeFile(url, entry.volume), entry.offset, entry.offset + entry.length)
}

/**
 * Read member `index` of a table pack of text whose members may be gzip (the
 * phrase index's, see `compressMember` in
 * `src/search/pack.ts`), as text: inflated, {@link TABLE_MEMBER_MAX} bytes at
 * most either way.
 *
 * @param {ReturnType<typeof rangeReader>} readRange A range reader.
 * @param {string} url The pack's address.
 * @param {number} index The member's number.
 * @returns {Promise<string>} Its text.
 */
export async function readTableText(readRange, url, index) {
  return memberText(await readTableMember(readRange, url, index), `${url}: member ${index}`)
}

/**
 * A table or slot pack's member as text: inflated when gzip, {@link TABLE_MEMBER_MAX} bytes at most either way.
 *
 * @param {Uint8Array} bytes The member.
 * @param {string} what What it is, for the error.
 * @returns {Promise<string>}
 */
async function memberText(bytes, what) {
  return utf8.decode(await inflate(bytes, what, TABLE_MEMBER_MAX))
}

/**
 * Read member `index` of a slot pack, in one request when it fits its slot:
 * the slot's entry (`TABLE_WIDTH` digits) gives the member's length and,
 * for one longer than the slot holds, where the rest of it is.
 *
 * @param {ReturnType<typeof rangeReader>} readRange A range reader.
 * @param {string} url The pack's address.
 * @param {number} index The member's number.
 * @param {{count: number, size: number}[]} regions The pack's regions (as its head, and `shards.json`, say).
 * @returns {Promise<Uint8Array>} Its bytes.
 */
export async function readSlotMember(readRange, url, index, regions) {
  const place = slotPlace(regions, index)
  if (!place || place.size > TABLE_MEMBER_MAX) throw new PackError(`${url}: no slot ${index} in regions ${JSON.stringify(regions)} (the list of shards is damaged)`)
  const content = slotContent(await readRange(volumeFile(url, place.volume), place.offset, place.offset + place.size))
  if (!content) throw new PackError(`${url}: slot ${index} has no entry (the pack is damaged)`)
  const { entry, inline } = content
  if (entry.length > TABLE_MEMBER_MAX) throw new PackError(`${url}: member ${index} says it has ${entry.length} bytes, more than ${TABLE_MEMBER_MAX} (the pack is damaged)`)
  if (inline.length === entry.length) return inline
  const rest = await readRange(volumeFile(url, entry.volume), entry.offset, entry.offset + entry.length - inline.length)
  const member = new Uint8Array(entry.length)
  member.set(inline)
  member.set(rest, inline.length)
  return member
}

/**
 * Read member `index` of a slot pack of gzip text (the routing's, see
 * `compressMember` in `src/search/pack.ts`), as text: inflated,
 * {@link TABLE_MEMBER_MAX} bytes at most either way.
 *
 * @param {ReturnType<typeof rangeReader>} readRange A range reader.
 * @param {string} url The pack's address.
 * @param {number} index The member's number.
 * @param {{count: number, size: number}[]} regions The pack's regions.
 * @returns {Promise<string>} Its text.
 */
export async function readSlotText(readRange, url, index, regions) {
  return memberText(await readSlotMember(readRange, url, index, regions), `${url}: member ${index}`)
}

/**
 * Read a member of a hashed pack by name.
 *
 * @param {ReturnType<typeof rangeReader>} readRange A range reader.
 * @param {string} url The pack's address (its name gives the layout, see {@link packLayout}).
 * @param {string} name The member's name.
 * @returns {Promise<Uint8Array | null>} Its bytes, `null` when the pack has no such member.
 */
export async function readHashedMember(readRange, url, name) {
  const layout = packLayout(new URL(url, 'file:///').pathname)
  if (!layout) throw new PackError(`${url} is not named as a pack is`)
  if (layout.size > TABLE_MEMBER_MAX) throw new PackError(`${url}: its name says its directory has parts of ${layout.size} bytes, more than ${TABLE_MEMBER_MAX}`)
  const part = packPart(name, layout.parts)
  const entry = partEntry(latin1.decode(await readRange(url, part * layout.size, (part + 1) * layout.size)), name)
  if (!entry) return null
  if (!Number.isSafeInteger(entry.offset) || !Number.isSafeInteger(entry.length) || entry.offset < 0 || entry.length < 0) throw new PackError(`${url}: ${name} has no offsets (the pack is damaged)`)
  if (entry.length > MEMBER_MAX) throw new PackError(`${url}: ${name} says it has ${entry.length} bytes, more than ${MEMBER_MAX} (the pack is damaged)`)
  return readRange(volumeFile(url, entry.volume), entry.offset, entry.offset + entry.length)
}

/** The most bytes a member takes once inflated (a Pagefind index chunk of the commonest word: a few MB). */
export const INFLATED_MAX = 64 << 20

/**
 * Members smaller than this are inflated at once, in JavaScript (fflate's
 * `gunzipSync`), larger ones by the browser's `DecompressionStream`. A
 * query inflates a few dozen members of a few hundred bytes (its routing
 * buckets), and a `DecompressionStream` costs the page's thread about 2 ms
 * to set up, more than inflating such a member.
 */
export const INFLATE_AT_ONCE = 64 << 10

/**
 * A gzip member inflated; other bytes as they are. Pagefind inflates what it
 * fetches in JavaScript, on the page's thread: given its bytes inflated (they
 * start `pagefind_dcd`), it takes them as they are.
 *
 * @param {Uint8Array} bytes A member, or a file's body.
 * @param {string} what What it is, for the error.
 * @param {number} [most] The most bytes it may hold inflated (default: {@link INFLATED_MAX}): more is a damaged pack.
 * @returns {Promise<Uint8Array>} The bytes inflated.
 */
export async function inflate(bytes, what, most = INFLATED_MAX) {
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes
  let inflated
  try {
    if (bytes.length < INFLATE_AT_ONCE) {
      // A gzip member ends with its length inflated (RFC 1952, ISIZE). fflate inflates into a buffer of that length
      // and checks neither it nor the checksum: a member that states more than it may hold is refused unread, and one
      // that inflates to another length than it states (the buffer has a byte to spare to tell) is damaged.
      const stated = bytes.length >= 18 ? new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 4, 4).getUint32(0, true) : 0
      if (stated > most) throw new PackError(`${what} inflates to more than ${most} bytes (the pack is damaged)`)
      inflated = gunzipSync(bytes, { out: new Uint8Array(stated + 1) })
      if (inflated.length !== stated) throw new PackError(`${what} does not inflate (${inflated.length} bytes, where it states ${stated})`)
    } else inflated = await readAtMost(new Response(new Blob([/** @type {Uint8Array<ArrayBuffer>} */ (bytes)]).stream().pipeThrough(new DecompressionStream('gzip'))), most + 1)
  } catch (error) {
    if (error instanceof PackError) throw error
    throw new PackError(`${what} does not inflate (${error instanceof Error ? error.message : String(error)})`)
  }
  if (inflated.length > most) throw new PackError(`${what} inflates to more than ${most} bytes (the pack is damaged)`)
  return inflated
}

/**
 * Let code that fetches files read them from packs instead: `fetch` of an
 * address under a registered folder reads the member of that folder's pack
 * named by the rest of the address. Pagefind fetches its fragments, index
 * chunks and filters with the global `fetch` (on this thread when it runs
 * with `noWorker`); nothing else of it changes. Pagefind takes a chunk it
 * cannot load for an empty one, and finds nothing: a member that cannot be
 * read, or that the pack lacks, is told to `onFailure` too. What it fetches
 * comes inflated (see {@link inflate}): members, and the files the lookup
 * names `{inflate: true}` (its metadata and WebAssembly).
 *
 * @param {(url: URL) => {pack: string, name: string} | {inflate: true} | {bytes: Promise<Uint8Array>} | null} lookup The pack and member of an address; `{inflate: true}` for a file of its own to inflate; `{bytes}` for one fetched already; `null` for a file to fetch as it is.
 * @param {(error: PackError) => void} [onFailure] Told of each member that could not be read (default: nothing is told).
 * @returns {ReturnType<typeof rangeReader>} The range reader the packs are read with.
 */
export function installPackFetch(lookup, onFailure = () => {}) {
  const plain = globalThis.fetch.bind(globalThis)
  const readRange = rangeReader(plain)
  globalThis.fetch = async (input, init) => {
    const address = typeof input === 'string' || input instanceof URL ? String(input) : input.url
    const found = lookup(new URL(address, globalThis.location?.href ?? 'file:///'))
    if (!found) return plain(input, init)
    // Fetched already; failing that, fetched again as it is.
    if ('bytes' in found) return found.bytes.then((bytes) => new Response(/** @type {Uint8Array<ArrayBuffer>} */ (bytes), { status: 200 }), () => plain(input, init))
    if ('inflate' in found) {
      const response = await plain(input, init)
      if (!response.ok) return response
      return new Response(/** @type {Uint8Array<ArrayBuffer>} */ (await inflate(new Uint8Array(await response.arrayBuffer()), address)), { status: 200 })
    }
    let bytes
    try {
      bytes = await readHashedMember(readRange, found.pack, found.name)
      if (bytes !== null) bytes = await inflate(bytes, `${found.pack}: ${found.name}`)
    } catch (error) {
      onFailure(error instanceof PackError ? error : new PackError(`${found.pack}: ${error instanceof Error ? error.message : String(error)}`))
      throw error
    }
    if (bytes === null) {
      onFailure(new PackError(`${found.pack}: ${found.name} is not in the pack (the index changed, or is damaged)`))
      return new Response(null, { status: 404, statusText: `${found.name} is not in ${found.pack}` })
    }
    // The reader's bytes are its own (a new buffer each), never a shared one.
    return new Response(/** @type {Uint8Array<ArrayBuffer>} */ (bytes), { status: 200 })
  }
  return readRange
}
