/**
 * A shard's phrase index of common words (see
 * `templates/assets/search-phrases.js`, which holds its rules and reads it):
 * for each run of three common words in a page's indexed text, the pages
 * that have it and where. Made from the fragments Pagefind just wrote (the
 * text it indexed, quotes and `Re:` subjects left out, and the page's id the
 * search gets back), before they are packed. Which words are common in the
 * shard follows from its routing's counts, as the page reads them.
 */
import { readdir, readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { compressMember, tablePack, writePack } from './pack.ts'
import type { ShardRoute } from './route-count.ts'
import { phraseRules, route } from './route-keys.ts'

/** A page as the index takes it: Pagefind's id of it and the text it indexed. */
export interface IndexedPage {
  id: string
  content: string
}

/** Which words a shard's phrase index counts as common, and how that is said in its file name. */
export interface ShardCommon {
  /** Times a story a word besides `COMMON_WORDS` is on the shard's pages (`0`: none besides them). */
  perStory: number
  isCommon: (word: string) => boolean
}

/**
 * The common words of a shard, from its routing's counts: `COMMON_WORDS`,
 * and each word the shard has at least `COMMON_PER_STORY` times a story
 * (`commonIn`, which the page applies to the same counts).
 *
 * @param counts The shard's routing counts, or `null` for a shard without routing (`COMMON_WORDS` only).
 * @param stories The shard's stories.
 * @returns Its common words.
 */
export function shardCommon(counts: ShardRoute | null, stories: number): ShardCommon {
  if (counts === null) return { perStory: 0, isCommon: phraseRules.isCommonWord }
  const perStory = phraseRules.COMMON_PER_STORY
  // Each word's count, by the word (its exact key less the mark): looked up once a token of the shard.
  const mark = route.exactKey('')
  const byWord = new Map<string, number>()
  for (const [, keys] of counts.words) for (const [key, count] of keys) if (key.startsWith(mark)) byWord.set(key.slice(mark.length), count)
  return { perStory, isCommon: phraseRules.commonIn(stories, perStory, (word) => byWord.get(word) ?? 0) }
}

/**
 * Lay out a shard's phrase index.
 *
 * @param pages The shard's pages, in any order (they are numbered in the order given).
 * @param isCommon Which words are common in the shard (default: `COMMON_WORDS`; see {@link shardCommon}).
 * @returns The pack's volumes and its number of buckets (its file is `commonIndexFile(buckets, perStory)`).
 */
export function commonIndex(pages: readonly IndexedPage[], isCommon: (word: string) => boolean = phraseRules.isCommonWord): { volumes: Buffer[]; buckets: number } {
  const byKey = new Map<string, Map<number, number[]>>()
  pages.forEach((page, number) => {
    for (const [key, places] of phraseRules.commonPlaces(page.content, isCommon)) {
      let list = byKey.get(key)
      if (!list) byKey.set(key, (list = new Map()))
      list.set(number, places)
    }
  })
  const buckets = phraseRules.commonBucketCount(byKey.size)
  const entries: Map<string, Map<number, number[]>>[] = Array.from({ length: buckets }, () => new Map())
  for (const [key, list] of byKey) {
    const bucket = entries[phraseRules.commonBucket(key, buckets)]!
    const print = phraseRules.commonPrint(key)
    // Two keys of one fingerprint in a bucket: their places together.
    const known = bucket.get(print)
    if (!known) bucket.set(print, list)
    else for (const [page, places] of list) known.set(page, [...new Set([...(known.get(page) ?? []), ...places])].sort((a, b) => a - b))
  }
  const members = entries.map((bucket) => Buffer.from(phraseRules.writeCommonBucket(bucket)))
  members.push(Buffer.from(pages.map((page) => page.id).join('\n')))
  return { volumes: tablePack(members.map(compressMember)), buckets }
}

/**
 * Write the phrase index of a Pagefind bundle just written, from its
 * fragments, into the bundle's folder (replacing any other).
 *
 * @param bundle The bundle's folder, its fragments not yet packed.
 * @param common The shard's common words ({@link shardCommon}).
 * @returns The index's file name.
 */
export async function writeCommonIndex(bundle: string, common: ShardCommon): Promise<string> {
  const pages: IndexedPage[] = []
  const folder = join(bundle, 'fragment')
  for (const name of (await readdir(folder).catch(() => [] as string[])).sort()) {
    const text = gunzipSync(await readFile(join(folder, name))).toString('utf8')
    // Pagefind's signature, then the fragment's JSON.
    const fragment = JSON.parse(text.slice(text.indexOf('{'))) as { content?: string }
    pages.push({ id: name.replace(/\.pf_fragment$/, ''), content: fragment.content ?? '' })
  }
  const { volumes, buckets } = commonIndex(pages, common.isCommon)
  for (const name of await readdir(bundle)) if (/^phrases-\d+(-\d+)?(\.\d+)?\.bin$/.test(name)) await rm(join(bundle, name), { force: true })
  const file = phraseRules.commonIndexFile(buckets, common.perStory)
  await writePack(join(bundle, file), volumes)
  return file
}
