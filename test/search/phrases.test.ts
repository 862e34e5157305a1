/**
 * The phrase index of common words: the keys a page and a query give, the
 * buckets' text, and where a phrase may start, as the build writes them and
 * the page reads them (one module, `search-phrases.js`).
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { commonIndex, shardCommon } from '../../src/search/phrase-index.ts'
import { inflateMember, unpackTable } from '../../src/search/pack.ts'
import { RouteCounter } from '../../src/search/route-count.ts'
import { phraseRules as rules, route } from '../../src/search/route-keys.ts'

describe('the phrase index of common words', () => {
  it('keeps each run of three common words of a page, where it starts among the page’s words', () => {
    const places = rules.commonPlaces('Hmm, it is one of the cats — it is one dog.')
    expect(Object.fromEntries(places)).toEqual({ 'it is one': [1, 8], 'is one of': [2], 'one of the': [3] })
    // A word that is not common breaks a run; punctuation around a word does not.
    expect([...rules.commonPlaces('it is KERNEL of the').keys()]).toEqual([])
    // A token without a letter or digit is no word: the run goes on over it, at its words' places.
    expect(Object.fromEntries(rules.commonPlaces('cats: it - is one'))).toEqual({ 'it is one': [1] })
  })

  it('looks up a query’s runs of three common words, each at its place, and knows a query of common words only', () => {
    expect(rules.queryKeys(['see', 'the', 'cat', 'of', 'the', 'one'])).toEqual({ keys: [{ key: 'of the one', at: 3 }], whole: false })
    expect(rules.queryKeys(['it', 'is', 'one', 'of', 'the'])).toEqual({
      keys: [
        { key: 'it is one', at: 0 },
        { key: 'is one of', at: 1 },
        { key: 'one of the', at: 2 }
      ],
      whole: true
    })
    expect(rules.queryKeys(['kernel', 'memori', 'safeti'])).toEqual({ keys: [], whole: false })
  })

  it('writes and reads a bucket back: pages and places', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[0-9a-f]{4}$/), fc.dictionary(fc.nat(600).map(String), fc.uniqueArray(fc.nat(20_000), { minLength: 1, maxLength: 6 }), { minKeys: 1, maxKeys: 5 }), { maxKeys: 8 }), (entries) => {
        const map = new Map(Object.entries(entries).map(([print, pages]) => [print, new Map(Object.entries(pages).map(([page, places]) => [Number(page), [...places].sort((a, b) => a - b)]))]))
        const read = rules.readCommonBucket(rules.writeCommonBucket(map))
        expect(Object.fromEntries([...read].map(([print, pages]) => [print, Object.fromEntries(pages)]))).toEqual(Object.fromEntries([...map].map(([print, pages]) => [print, Object.fromEntries(pages)])))
      })
    )
  })

  it('finds the page and place of a phrase of common words, and not a page that has its runs apart', () => {
    const pages = [
      { id: 'en_1', content: 'it is one cat, and one of the dogs said it is one.' },
      { id: 'en_2', content: 'Cats say it is one of the old ones.' },
      { id: 'en_3', content: 'one of the cats; it is one dog, is one of them' }
    ]
    const { volumes, buckets } = commonIndex(pages)
    const members = unpackTable(volumes)!
    const text = (index: number) => inflateMember(members[index]!).toString()
    expect(text(buckets).split('\n')).toEqual(['en_1', 'en_2', 'en_3'])
    const { keys } = rules.queryKeys(['it', 'is', 'one', 'of', 'the'])
    const read = keys.map(({ key }) => rules.readCommonBucket(text(rules.commonBucket(key, buckets))))
    expect(Object.fromEntries(rules.phraseStarts(keys, read))).toEqual({ 1: [2] })
    // The phrase's other words, where Pagefind places them, must be at their places from the start.
    expect(rules.startsHold([2], [[5], [6]], [3, 4])).toBe(true)
    expect(rules.startsHold([2], [[5], [9]], [3, 4])).toBe(false)
  })

  it('finds the pages that have a phrase’s words at their places from its first word’s, not merely somewhere', () => {
    // “penguins occupy the station”: penguins (0), occupy (1), station (3); the places of penguins are the starts.
    expect(rules.startsHold([4, 40], [[41, 9], [43, 2]], [1, 3])).toBe(true)
    expect(rules.startsHold([4, 40], [[5], [43]], [1, 3])).toBe(false)
    expect(rules.startsHold([], [[1]], [1])).toBe(false)
    expect(rules.startsHold([4], [], [1])).toBe(false)
    // A dash between the words on the page takes a place the query has not: one place off is still a candidate, two are not.
    expect(rules.startsHold([4], [[6]], [1])).toBe(true)
    expect(rules.startsHold([4], [[5]], [1])).toBe(true)
    expect(rules.startsHold([4], [[7]], [1])).toBe(false)
  })

  it('finds a phrase of common words that a dash on the page interrupts', () => {
    const pages = [{ id: 'en_1', content: 'Cats: it is - one of the dogs.' }]
    const { volumes, buckets } = commonIndex(pages)
    const members = unpackTable(volumes)!
    const text = (index: number) => inflateMember(members[index]!).toString()
    const { keys } = rules.queryKeys(['it', 'is', 'one', 'of', 'the'])
    const read = keys.map(({ key }) => rules.readCommonBucket(text(rules.commonBucket(key, buckets))))
    expect(Object.fromEntries(rules.phraseStarts(keys, read))).toEqual({ 0: [1] })
    // The phrase's words a place off where the query puts them (the dash's place), within the slack, either way:
    // a dash before the first common run puts the start a place after the word before it (`gelopo: - it is one`).
    expect(rules.startsHold([1], [[5]], [3])).toBe(true)
    expect(rules.startsHold([1], [[0]], [0])).toBe(true)
    expect(rules.startsHold([1], [[7]], [3])).toBe(false)
  })

  it('counts as common in a shard the words it has often, as the build and the page read the routing’s counts alike', () => {
    // Two stories: "kernel" and "patch" eight times a story or more (the shard's own frequent words), "rust" less.
    const pages = [
      { id: 'en_1', content: 'the kernel patch is in. ' + 'kernel patch kernel '.repeat(8) + 'rust' },
      { id: 'en_2', content: 'a kernel patch of the kernel. ' + 'patch kernel patch '.repeat(8) + 'rust rust' }
    ]
    const counter = new RouteCounter(64, 64)
    for (const page of pages) counter.add(page.content)
    const counts = counter.finish()
    const common = shardCommon(counts, pages.length)
    expect(common.perStory).toBe(rules.COMMON_PER_STORY)
    expect(['the', 'kernel', 'patch', 'rust'].map(common.isCommon)).toEqual([true, true, true, false])
    // Without routing counts: the common English words alone, and the file name says so.
    expect(shardCommon(null, 2).isCommon('kernel')).toBe(false)
    expect(rules.commonIndexOf(rules.commonIndexFile(512, 0))).toEqual({ buckets: 512, perStory: 0 })
    expect(rules.commonIndexOf('phrases-512.bin')).toBeNull()

    // The page: each query word's count in the shard, as the routing's exact keys give it (`mergeRoute`).
    const byKey = new Map(counts.words.flatMap(([, keys]) => keys))
    const pageCommon = rules.commonIn(pages.length, rules.commonIndexOf(rules.commonIndexFile(64, common.perStory))!.perStory, (word) => byKey.get(route.exactKey(word)) ?? 0)
    const words = ['a', 'kernel', 'patch', 'of', 'the'].map(route.normalizeWord)
    const query = rules.queryKeys(words, pageCommon)
    expect(query.whole).toBe(true)
    // The English words alone make no run of three here: the shard's own words do, and the index has them.
    expect(rules.queryKeys(words).keys).toEqual([])
    const { volumes, buckets } = commonIndex(pages, common.isCommon)
    const members = unpackTable(volumes)!
    const read = query.keys.map(({ key }) => rules.readCommonBucket(inflateMember(members[rules.commonBucket(key, buckets)]!).toString()))
    expect(Object.fromEntries(rules.phraseStarts(query.keys, read))).toEqual({ 1: [0] })
    // A word the shard has less often breaks a run, on both sides.
    expect(rules.queryKeys(['kernel', 'patch', 'rust'].map(route.normalizeWord), pageCommon).keys).toEqual([])
    expect([...rules.commonPlaces('kernel patch rust', common.isCommon).keys()]).toEqual([])
  })
})
