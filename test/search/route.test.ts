/**
 * The search routing: how words and phrases become keys and buckets
 * (`templates/assets/search-route.js`, shared by the build and the page),
 * the build's counting of a shard's pages (`src/search/route-count.ts`), the
 * routing files made from the counts (`route-files.ts`), and which shards a
 * query goes to.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isPhraseFilters, pageText, phraseFilterEntries, RouteCounter, type ShardRoute } from '../../src/search/route-count.ts'
import { ownBucketCounts, routeFiles } from '../../src/search/route-files.ts'
import { route } from '../../src/search/route-keys.ts'

const { ROUTE } = route

/** A shard's counts as the page reads them: each key's count, and whether its phrase filters may hold a key. */
function reader(counts: ShardRoute) {
  const words = new Map<string, number>()
  for (const [, list] of counts.words) for (const [key, count] of list) words.set(key, count)
  const filters = new Map([...phraseFilterEntries(counts.phrases)].map(([bucket, filter]) => [bucket, Uint8Array.from(Buffer.from(filter, 'base64'))]))
  return {
    count: (key: string) => words.get(key) ?? 0,
    mayHold: (key: string) => route.bloomHas(filters.get(route.phraseBucket(key)) ?? new Uint8Array(), key)
  }
}

describe('phrase filters', () => {
  it('keeps a shard\'s filters as one string, and gives each bucket\'s back', () => {
    const phrases = { buckets: [0, 3, 7], filters: 'AAE=,/w==,qqo=' }
    expect([...phraseFilterEntries(phrases)]).toEqual([
      [0, 'AAE='],
      [3, '/w=='],
      [7, 'qqo=']
    ])
    expect([...phraseFilterEntries({ buckets: [], filters: '' })]).toEqual([])
    expect(isPhraseFilters(phrases)).toBe(true)
    expect(isPhraseFilters({ buckets: [], filters: '' })).toBe(true)
    // Read back from a cache: a filter short, or pairs as an earlier build kept them.
    expect(isPhraseFilters({ buckets: [0, 3], filters: 'AAE=' })).toBe(false)
    expect(isPhraseFilters([[0, 'AAE=']])).toBe(false)
  })
})

describe('routing keys', () => {
  it('compares words in lower case, without punctuation, with y as i', () => {
    expect(['Kernel,', "don't", 'HAPPY', '—', 'C++'].map(route.normalizeWord)).toEqual(['kernel', 'dont', 'happi', '', 'c'])
    expect(route.textWords('The  kernel — said: “Rust!”')).toEqual(['the', 'kernel', 'said', 'rust'])
  })

  it('keys a word by its first letters, so that other forms of it share the key', () => {
    expect(route.wordKey('kernels')).toBe(route.wordKey('kernel'))
    expect(route.wordKey(route.normalizeWord('happiness'))).toBe(route.wordKey(route.normalizeWord('happy')))
    expect(route.wordKey('ab')).toBe('ab')
  })

  it('finds a page word under every prefix of its key, its parts and its whole form', () => {
    const keys = route.pageWordKeys('Memory-safe')
    for (const query of ['mem', 'memo', 'memorysafe', 'safe', 'sa']) expect(keys, query).toContain(route.wordKey(query))
    expect(keys).toContain(route.exactKey(route.normalizeWord('memorysafe')))
    // A short query word matches the longer page word that begins with it, as Pagefind's prefix matching does.
    expect(route.pageWordKeys('runs')).toContain(route.wordKey('run'))
  })

  it('keys a phrase by each three words in a row, then each five', () => {
    expect(route.phraseKeys(['memory', 'safeti', 'in', 'rust'])).toEqual(['memory safeti in', 'safeti in rust'])
    expect(route.phraseKeys(['two', 'words'])).toEqual([])
    expect(route.phraseKeys(['contents', 'of', 'this', 'librari', 'is', 'it'])).toEqual([
      'contents of this',
      'of this librari',
      'this librari is',
      'librari is it',
      'contents of this librari is',
      'of this librari is it'
    ])
  })

  it('hashes words in a row as it hashes their phrase key, without making the key', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 8 }), fc.nat(), fc.integer({ min: 1, max: 4 }), fc.nat(), (words, at, count, seed) => {
        const start = at % words.length
        const n = Math.min(count, words.length - start)
        expect(route.hash32Words(words, start, n, seed)).toBe(route.hash32(words.slice(start, start + n).join(' '), seed))
      })
    )
    expect(route.hash32Words(['memori', 'safeti', 'in'], 0, 3, route.BLOOM_SEED)).toBe(route.bloomHash('memori safeti in'))
  })

  it('places the words from a place as their phrase key is placed: its bucket and its Bloom hash', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', minLength: 1 }), { minLength: 3, maxLength: 8 }), fc.nat(), fc.integer({ min: 2, max: 14 }), (words, at, power) => {
        for (const n of [route.ROUTE.phraseWords, route.ROUTE.longPhraseWords]) {
          if (words.length < n) continue
          const start = at % (words.length - n + 1)
          const key = words.slice(start, start + n).join(' ')
          expect(route.phraseKeys(words)).toContain(key)
          expect(route.phraseBucketOfWords(words, start, 2 ** power, n)).toBe(route.phraseBucket(key, 2 ** power))
          expect(route.bloomHashOfWords(words, start, n)).toBe(route.bloomHash(key))
        }
      })
    )
  })

  it('puts a key in one bucket, the same every time, within the bucket count', () => {
    for (const key of ['kern', '=kernel', 'a', 'memo safe in']) {
      expect(route.wordBucket(key)).toBe(route.wordBucket(key))
      expect(route.wordBucket(key)).toBeGreaterThanOrEqual(0)
      expect(route.wordBucket(key)).toBeLessThan(ROUTE.wordBuckets)
      expect(route.phraseBucket(key)).toBeLessThan(ROUTE.phraseBuckets)
    }
    expect(route.bucketPath('w', 0x3f)).toBe('route/w/03f.json')
    expect(route.bucketPath('p', 4095)).toBe('route/p/fff.json')
    // Keys spread over the buckets.
    const used = new Set(Array.from({ length: 2000 }, (_, i) => route.wordBucket(`word${i}`)))
    expect(used.size).toBeGreaterThan(1000)
  })

  it('never loses a phrase key in a Bloom filter, and holds few keys it was not given', () => {
    const keys = Array.from({ length: 500 }, (_, i) => `k${i} w${i * 7} x${i % 13}`)
    const filter = new Uint8Array(route.bloomBytes(keys.length))
    for (const key of keys) for (const bit of route.bloomBitsOf(route.bloomHash(key), filter.length * 8)) filter[bit >> 3]! |= 1 << (bit & 7)
    for (const key of keys) expect(route.bloomHas(filter, key), key).toBe(true)
    const strangers = Array.from({ length: 2000 }, (_, i) => `other ${i} key`).filter((key) => route.bloomHas(filter, key))
    expect(strangers.length).toBeLessThan(2000 * 0.3)
    expect(route.bloomHas(new Uint8Array(), keys[0]!)).toBe(false)
  })
})

describe('counting a shard', () => {
  it('reads the text of a page body, not its scripts, styles or pictures', () => {
    const text = pageText('<html><head><title>Head words</title></head><body><p>Tom &amp; Jerry&#39;s <b>cat</b></p><script>var hidden</script><svg><text>chart</text></svg></body></html>')
    expect(text.split(/\s+/).filter(Boolean)).toEqual(['Tom', '&', "Jerry's", 'cat'])
  })

  it('reads a page in one pass as three passes would: pictures, scripts and styles out, then tags, then references', () => {
    /** The text as the three passes read it, one after the other. */
    const threePasses = (html: string) => {
      const start = html.search(/<body[\s>]/i)
      return (start < 0 ? html : html.slice(start))
        .replace(/<(script|style|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|nbsp);/gi, (_, name: string) => {
          const lower = name.toLowerCase()
          if (lower.startsWith('#x')) return String.fromCodePoint(Number.parseInt(lower.slice(2), 16))
          if (lower.startsWith('#')) return String.fromCodePoint(Number(lower.slice(1)))
          return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' }[lower] ?? ' '
        })
    }
    // Pages as templates write them: every "<" begins a whole tag (text and attributes are escaped).
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/</g, ' '))
    const part = fc.oneof(
      text,
      fc.constantFrom('<p>', '</p>', '<a href="/x?a=1&amp;b=2">', '</a>', '<body>', '<BODY class="x">', '<br/>', '&amp;', '&LT;', '&#39;', '&#x1F600;', '&nbsp;', '&copy;', '&am', 'p;', '</script>'),
      fc.tuple(fc.constantFrom('script', 'style', 'svg', 'SVG', 'scripts'), text).map(([name, inner]) => `<${name} id="a">${inner}</${name.toLowerCase()} >`)
    )
    fc.assert(
      fc.property(fc.array(part, { maxLength: 30 }), (parts) => {
        const html = parts.join('')
        expect(pageText(html)).toBe(threePasses(html))
      }),
      { numRuns: 2000 }
    )
  })

  it('counts as the keys\' own functions say, page by page, for any text', () => {
    /** The shard's counts made the plain way: every token's keys, every page's phrase keys, a filter of their hashes a bucket. */
    const plainly = (pages: string[], buckets: number, phraseBuckets: number): ShardRoute => {
      const counts = new Map<string, number>()
      const hashes = new Map<number, Set<number>>()
      for (const page of pages) {
        for (const token of page.split(/\s+/).filter(Boolean)) for (const key of route.pageWordKeys(token)) counts.set(key, (counts.get(key) ?? 0) + 1)
        for (const key of route.phraseKeys(route.textWords(page))) {
          const bucket = route.phraseBucket(key, phraseBuckets)
          hashes.set(bucket, (hashes.get(bucket) ?? new Set()).add(route.bloomHash(key)))
        }
      }
      const words = new Map<number, [string, number][]>()
      for (const key of [...counts.keys()].sort()) {
        const bucket = route.wordBucket(key, buckets)
        words.set(bucket, [...(words.get(bucket) ?? []), [key, counts.get(key)!]])
      }
      const phrases = [...hashes].sort(([a], [b]) => a - b).map(([bucket, set]): [number, string] => {
        const filter = new Uint8Array(route.bloomBytes(set.size))
        for (const hash of set) for (const bit of route.bloomBitsOf(hash, filter.length * 8)) filter[bit >> 3]! |= 1 << (bit & 7)
        return [bucket, Buffer.from(filter).toString('base64')]
      })
      return { buckets, phraseBuckets, words: [...words].sort(([a], [b]) => a - b), phrases: { buckets: phrases.map(([bucket]) => bucket), filters: phrases.map(([, filter]) => filter).join(',') } }
    }
    const word = fc.oneof(fc.constantFrom('the', 'The', 'kernel', 'kernels,', 'memory-safe', "don't", 'HAPPY', '—', 'C++', 'naïve', '日本語', '!', 'y'), fc.string({ unit: 'grapheme', maxLength: 6 }))
    const page = fc.array(fc.tuple(word, fc.constantFrom(' ', '  ', '\n', '\t', '\u00a0', ' \u2028 ')), { maxLength: 60 }).map((pairs) => pairs.flat().join(''))
    fc.assert(
      fc.property(fc.array(page, { maxLength: 6 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 14 }), (pages, words, phrases) => {
        const counter = new RouteCounter(2 ** words, 2 ** phrases)
        for (const text of pages) counter.add(text)
        expect(counter.finish()).toEqual(plainly(pages, 2 ** words, 2 ** phrases))
      }),
      { numRuns: 300 }
    )
    // Pages as large as a shard's: more tokens, words on a page and phrases than the counter's arrays first hold.
    const random = fc.sample(fc.tuple(fc.nat(2999), fc.constantFrom('', ',', '.', '-x', 'Y')), { numRuns: 80_000, seed: 14 })
    const large = [0, 1, 2].map((part) => random.slice(part * 26_000, part * 26_000 + 26_000 + part * 1000).map(([n, end]) => `w${n.toString(36)}${end}`).join(' '))
    const counter = new RouteCounter(4096, 16384)
    for (const text of large) counter.add(text)
    expect(counter.finish()).toEqual(plainly(large, 4096, 16384))
  })

  it('reads a character reference outside Unicode as a space', () => {
    expect(pageText('<body>a&#x110000;b&#1114112;c&#x10FFFF;')).toBe(' a b c\u{10FFFF}')
  })

  it('counts each word key and finds every phrase of its pages', () => {
    const counter = new RouteCounter()
    counter.add('The kernel and the kernels of memory safety.')
    counter.add('Memory safety matters')
    const shard = reader(counter.finish())
    expect(shard.count(route.wordKey('kernel'))).toBe(2)
    expect(shard.count(route.exactKey('kernel'))).toBe(1)
    expect(shard.count(route.exactKey('the'))).toBe(2)
    expect(shard.count(route.wordKey('memory'))).toBe(2)
    for (const key of route.phraseKeys(route.textWords('the kernels of memory safety'))) expect(shard.mayHold(key), key).toBe(true)
    expect(shard.mayHold(route.phraseKeys(route.textWords('memory safety matters'))[0]!)).toBe(true)
    expect(shard.count(route.wordKey('absent'))).toBe(0)
  })

  it('makes one file per bucket, with each key’s count per shard, newest shard first', () => {
    const buckets = route.bucketCount(2)
    const count = (text: string) => {
      const counter = new RouteCounter(buckets, buckets)
      counter.add(text)
      return counter.finish()
    }
    const files = routeFiles(
      [
        { name: 's0001', counts: count('penguins here') },
        { name: 's0000', counts: count('penguins and penguins, volcano') }
      ],
      buckets,
      buckets
    )
    expect(files.size).toBe(2 * buckets)
    const key = route.exactKey('penguins')
    const file = JSON.parse(files.get(route.bucketPath('w', route.wordBucket(key, buckets)))!) as { s: string[]; k: Record<string, number[]> }
    expect(file.s).toEqual(['s0001', 's0000'])
    expect(file.k[key]).toEqual([1, 2])
    const volcano = JSON.parse(files.get(route.bucketPath('w', route.wordBucket(route.exactKey('volcano'), buckets)))!) as { k: Record<string, number[]> }
    expect(volcano.k[route.exactKey('volcano')]).toEqual([0, 1])
  })

  it('has four word buckets a story, from 4 to 16,384, and eight phrase buckets a story, up to 65,536', () => {
    expect([0, 1, 2, 3, 300, 1000, 1024, 4096, 10_000].map((stories) => route.bucketCount(stories))).toEqual([4, 4, 8, 16, 2048, 4096, 4096, 16384, 16384])
    expect([0, 1, 300, 1000, 2000, 4096, 10_000, 50_000].map((stories) => route.phraseBucketCount(stories))).toEqual([8, 8, 4096, 8192, 16384, 32768, 65536, 65536])
    expect(ROUTE.wordBuckets).toBe(16384)
    // A key's bucket among fewer is its bucket among the most, folded: the same hash.
    for (const key of ['kern', 'penguin', 'x']) expect(route.wordBucket(key, 64)).toBe(route.wordBucket(key) & 63)
  })
})

describe('routing in layers', () => {
  /** A shard's counts of a text, in so many buckets. */
  const count = (text: string, buckets: number, phraseBuckets: number) => {
    const counter = new RouteCounter(buckets, phraseBuckets)
    counter.add(text)
    return counter.finish()
  }

  /** A list of shards: s0000 in the shared routing (8 and 8 files); s0001 changed since and s0002 new, each with its own. */
  const list = {
    buckets: 8,
    phraseBuckets: 8,
    slots: [700, 5000],
    shards: [
      { name: 's0002', own: { buckets: 256, phraseBuckets: 32, slots: [150, 330] } },
      { name: 's0001', own: { buckets: 128, phraseBuckets: 16, slots: [140, 320] } },
      { name: 's0000' }
    ]
  }
  const regions = (buckets: number, phraseBuckets: number, [words, phrases]: number[]) => [
    { count: buckets, size: words },
    { count: phraseBuckets, size: phrases }
  ]

  it('reads the shared routing for the shards without one of their own, and each own routing for its shard, in slots of the sizes listed', () => {
    expect(route.routeLayers(list)).toEqual([
      { dir: 'route', buckets: 8, phraseBuckets: 8, regions: regions(8, 8, [700, 5000]), shards: ['s0000'] },
      { dir: 's0002/route-256-32', buckets: 256, phraseBuckets: 32, regions: regions(256, 32, [150, 330]), shards: ['s0002'] },
      { dir: 's0001/route-128-16', buckets: 128, phraseBuckets: 16, regions: regions(128, 16, [140, 320]), shards: ['s0001'] }
    ])
    expect(route.routeLayers({ ...list, shards: list.shards.slice(0, 1) }).map((layer) => layer.dir)).toEqual(['s0002/route-256-32'])
    const [shared, own] = route.routeLayers(list)
    expect(route.layerFiles(own!, ['=kernel'], ['the rust kernel'])).toEqual({
      words: [route.bucketPath('w', route.wordBucket('=kernel', 256), 's0002/route-256-32')],
      phrases: [route.bucketPath('p', route.phraseBucket('the rust kernel', 32), 's0002/route-256-32')]
    })
    expect(route.layerFiles(shared!, ['=kernel'], []).words).toEqual([`route/w/00${route.wordBucket('=kernel', 8)}.json`])
  })

  it('merges the layers: a shard\'s counts and phrase filters come from the layer that serves it, never from a shared column it has left', () => {
    // The shared routing was written with s0000 and s0001; s0001 has changed since and has its own, and a new s0002 too.
    const sharedFiles = routeFiles(
      [
        { name: 's0001', counts: count('penguins on the ice', 8, 8) },
        { name: 's0000', counts: count('volcano and penguins', 8, 8) }
      ],
      8,
      8
    )
    const ownFiles = {
      s0001: routeFiles([{ name: 's0001', counts: count('volcano smoke rising', 128, 16) }], 128, 16),
      s0002: routeFiles([{ name: 's0002', counts: count('penguins on the ice again', 256, 32) }], 256, 32)
    }
    const layers = route.routeLayers(list)
    const read = (path: string) => {
      const [dir] = path.split('/')
      const files = dir === 'route' ? sharedFiles : ownFiles[dir as 's0001' | 's0002']
      return JSON.parse(files.get(path.replace(/^s\d+\/route-\d+-\d+\//, 'route/'))!)
    }
    const query = (text: string) => {
      const words = route.textWords(text)
      const keys = [...new Set([...words.map(route.wordKey), ...words.map(route.exactKey)])]
      const phrases = route.phraseKeys(words)
      const files = layers.map((layer) => {
        const paths = route.layerFiles(layer, keys, phrases)
        return { words: paths.words.map(read), phrases: paths.phrases.map(read) }
      })
      return route.mergeRoute(layers, keys, phrases, files)
    }
    const penguins = query('penguins on the ice')
    // s0001 said "penguins on the ice" when the shared routing was written; it no longer does.
    expect(penguins.counts.get('=penguins')).toEqual(new Map([['s0002', 1], ['s0000', 1]]))
    expect(penguins.phraseShards).toEqual(new Set(['s0002']))
    const smoke = query('volcano smoke rising')
    expect(smoke.counts.get('=volcano')).toEqual(new Map([['s0001', 1], ['s0000', 1]]))
    expect(smoke.counts.get('=smoke')).toEqual(new Map([['s0001', 1]]))
    expect(smoke.phraseShards).toEqual(new Set(['s0001']))
    expect(query('penguins').phraseShards).toBeNull()
  })

  it('gives a shard\'s own routing 256 word files and 32 phrase files a story, as powers of two, at most as many as the shared routing has, and 4,096 and 16,384', () => {
    const most = { buckets: route.bucketCount(10_000), phraseBuckets: route.phraseBucketCount(10_000) }
    expect([1, 2, 3, 16, 500].map((stories) => ownBucketCounts(stories, most))).toEqual([
      { buckets: 256, phraseBuckets: 32 },
      { buckets: 512, phraseBuckets: 64 },
      { buckets: 1024, phraseBuckets: 128 },
      { buckets: 4096, phraseBuckets: 512 },
      { buckets: 4096, phraseBuckets: 16384 }
    ])
    // A shard of 500 in an archive of 300: no more files than the shared routing's 2,048 and 4,096.
    expect(ownBucketCounts(500, { buckets: route.bucketCount(300), phraseBuckets: route.phraseBucketCount(300) })).toEqual({ buckets: 2048, phraseBuckets: 4096 })
    expect(ownBucketCounts(1, { buckets: 32, phraseBuckets: 32 })).toEqual({ buckets: 32, phraseBuckets: 32 })
  })
})

describe('choosing shards', () => {
  const shards = [
    { name: 's0003', stories: 1 },
    { name: 's0002', stories: 500 },
    { name: 's0001', stories: 500 },
    { name: 's0000', stories: 500 }
  ]
  const counts = (entries: Record<string, Record<string, number>>) => new Map(Object.entries(entries).map(([key, byShard]) => [key, new Map(Object.entries(byShard))]))

  it('asks only the shards that hold every word', () => {
    const { order } = route.routeShards(shards, counts({ kern: { s0003: 1, s0001: 5, s0000: 2 }, memo: { s0001: 3, s0000: 9, s0002: 4 } }), null)
    expect(order.map((shard) => shard.name)).toEqual(['s0001', 's0000'])
  })

  it('asks nothing when no shard holds every word', () => {
    expect(route.routeShards(shards, counts({ kern: { s0003: 1 }, memo: { s0001: 3 } }), null).order).toEqual([])
  })

  it('puts the shards that may hold the phrase first, then those where the rarest word is most frequent, then the newest', () => {
    const words = counts({ the: { s0003: 9, s0002: 900, s0001: 900, s0000: 900 }, rare: { s0003: 1, s0002: 1, s0001: 7, s0000: 3 } })
    expect(route.routeShards(shards, words, null).order.map((shard) => shard.name)).toEqual(['s0001', 's0000', 's0003', 's0002'])
    const phrased = route.routeShards(shards, words, new Set(['s0000']))
    expect(phrased.order.map((shard) => [shard.name, shard.phrase])).toEqual([
      ['s0000', true],
      ['s0001', false],
      ['s0003', false],
      ['s0002', false]
    ])
    expect(phrased.rarest).toBe('rare')
  })

  it('judges rarity by whole words, and presence by word keys', () => {
    const words = counts({
      prot: { s0003: 50, s0002: 50, s0001: 50, s0000: 50 },
      '=protozoa': { s0000: 1 },
      the: { s0003: 9, s0002: 9, s0001: 9, s0000: 9 },
      '=the': { s0003: 9, s0002: 9, s0001: 9, s0000: 9 }
    })
    const { order, rarest } = route.routeShards(shards, words, null)
    expect(rarest).toBe('=protozoa')
    expect(order.map((shard) => shard.name)).toEqual(['s0000', 's0003', 's0002', 's0001'])
  })

  it('asks Pagefind for the rarest words, in the query’s order', () => {
    const words = counts({ '=the': { s0000: 900 }, '=penguin': { s0000: 3 }, '=station': { s0000: 40 }, '=research': { s0000: 10 } })
    expect(route.rarestWords(['The', 'penguin', 'research', 'station', 'the'], words, 2)).toEqual([
      { token: 'penguin', index: 1 },
      { token: 'research', index: 2 }
    ])
    expect(route.rarestWords(['one', 'two'], words, 3).map((word) => word.token)).toEqual(['one', 'two'])
  })
})
