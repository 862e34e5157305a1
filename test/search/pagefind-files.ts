/**
 * Read a built Pagefind index back, for tests: each page's fragment (what the
 * browser gets for a result) as JSON.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { sampleDump } from '../site/build-fixture.ts'
import { unpackHashed } from '../../src/search/pack.ts'
import { packRules } from '../../src/search/route-keys.ts'

/** The two-story fixture beside the sample: different sources and labels, a quoting reply. */
export const archiveDumps = join(import.meta.dirname, 'fixtures', 'archive', 'content', 'dumps')

/** The sample and the fixture's dumps. */
export const searchDumps: string[] = [sampleDump, ...readdirSync(archiveDumps).map((name) => join(archiveDumps, name))]

/** An anchor: an element with an id, and where it starts in the page's words. */
export interface Anchor {
  element: string
  id: string
  text: string
  title?: string
  location: number
}

/** One indexed page as Pagefind stores it. */
export interface Fragment {
  url: string
  content: string
  word_count: number
  filters: Record<string, string[]>
  meta: Record<string, string>
  anchors: Anchor[]
}

/**
 * Every page fragment of an index.
 *
 * @param site The built site.
 * @param shards The shards to read (default: every one `shards.json` lists).
 * @returns The fragments by page URL.
 */
export function readFragments(site: string, shards: readonly string[] = shardNames(site)): Map<string, Fragment> {
  const fragments = new Map<string, Fragment>()
  for (const shard of shards) {
    for (const [name, bytes] of shardFiles(site, shard)) {
      if (!name.startsWith('fragment/')) continue
      const text = gunzipSync(bytes).toString('utf8')
      // A signature, then JSON.
      const fragment = JSON.parse(text.slice(text.indexOf('{'))) as Fragment
      fragments.set(fragment.url, fragment)
    }
  }
  return fragments
}

/**
 * The files Pagefind wrote into a shard's pack (`fragment/…`, `index/…`, `filter/…`).
 *
 * @param site The built site.
 * @param shard The shard's name.
 * @returns Each file's bytes by its path in the bundle.
 */
export function shardFiles(site: string, shard: string): Map<string, Uint8Array> {
  const folder = join(site, 'pagefind', shard)
  const file = readdirSync(folder).find((name) => packRules.packLayout(name) !== null)
  if (!file) throw new Error(`${folder} has no pack`)
  const volumes: Buffer[] = []
  for (let volume = 0; existsSync(join(folder, packRules.volumeFile(file, volume))); volume++) volumes.push(readFileSync(join(folder, packRules.volumeFile(file, volume))))
  const members = unpackHashed(volumes, packRules.packLayout(file)!)
  if (!members) throw new Error(`${join(folder, file)} is not a whole pack`)
  return members
}

/**
 * The shards `shards.json` lists, newest first.
 *
 * @param site The built site.
 * @returns Their names.
 */
export function shardNames(site: string): string[] {
  const list = JSON.parse(readFileSync(join(site, 'pagefind', 'shards.json'), 'utf8')) as { shards: { name: string }[] }
  return list.shards.map((shard) => shard.name)
}

/**
 * The words of each titled anchor's region: from it to the next titled anchor.
 *
 * @param fragment A page.
 * @returns The region's text by anchor id (words joined by single spaces).
 */
export function regions(fragment: Fragment): Map<string, string> {
  const words = fragment.content.split(/\s+/)
  const titled = fragment.anchors.filter((anchor) => anchor.title).sort((a, b) => a.location - b.location)
  const out = new Map<string, string>()
  titled.forEach((anchor, index) => out.set(anchor.id, words.slice(anchor.location, titled[index + 1]?.location ?? words.length).join(' ')))
  return out
}
