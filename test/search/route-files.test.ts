/**
 * Writing the routing: a layer's buckets as one slot pack, in the order the
 * page reads them (`bucketMember`), left as it is when nothing changed.
 */
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { inflateMember, unpackSlots } from '../../src/search/pack.ts'
import { routeSlots, writeRouteFiles } from '../../src/search/route-files.ts'
import { route } from '../../src/search/route-keys.ts'
import { tempFolders } from '../helpers/temp.ts'

const temp = tempFolders('scrollback-route-files-')

/** Two word buckets and one phrase bucket, named as `routeFiles` names them. */
const files = (w0: string, w1: string, p0: string) =>
  new Map([
    [route.bucketPath('w', 1), w1],
    [route.bucketPath('p', 0), p0],
    [route.bucketPath('w', 0), w0]
  ])

describe('writeRouteFiles', () => {
  it('writes the buckets as one pack, words first, each where bucketMember says', async () => {
    const folder = temp()
    expect(await writeRouteFiles(folder, files('A', 'BB', 'phrase'))).toBe(true)
    const members = unpackSlots(readFileSync(join(folder, 'route.bin')))!
    const layer = { dir: 'route', buckets: 2 }
    const text = (path: string) => inflateMember(members[route.bucketMember(path, layer).index]!).toString()
    expect(members).toHaveLength(3)
    expect(text(route.bucketPath('w', 0))).toBe('A')
    expect(text(route.bucketPath('w', 1))).toBe('BB')
    expect(text(route.bucketPath('p', 0))).toBe('phrase')
  })

  it('leaves an unchanged pack as it was, and replaces a changed one', async () => {
    const folder = temp()
    await writeRouteFiles(folder, files('A', 'B', 'P'))
    const before = statSync(join(folder, 'route.bin')).ino
    expect(await writeRouteFiles(folder, files('A', 'B', 'P'))).toBe(false)
    expect(statSync(join(folder, 'route.bin')).ino).toBe(before)
    expect(await writeRouteFiles(folder, files('A', 'B2', 'P'))).toBe(true)
    expect(inflateMember(unpackSlots(readFileSync(join(folder, 'route.bin')))![1]!).toString()).toBe('B2')
  })

  it('says the sizes of its slots, words then phrases, for the list of shards; nothing for a pack of other counts or none', async () => {
    const folder = temp()
    await writeRouteFiles(folder, files('A', 'BB', 'phrase'))
    const sizes = await routeSlots(join(folder, 'route.bin'), { buckets: 2, phraseBuckets: 1 })
    expect(sizes).toHaveLength(2)
    expect(sizes![0]).toBeGreaterThan(20)
    expect(await routeSlots(join(folder, 'route.bin'), { buckets: 1, phraseBuckets: 2 })).toBeNull()
    expect(await routeSlots(join(folder, 'none.bin'), { buckets: 2, phraseBuckets: 1 })).toBeNull()
  })

  it('names a shard’s own routing by its number of buckets', async () => {
    const folder = temp()
    await writeRouteFiles(folder, files('A', 'B', 'P'), route.ownRouteDir({ buckets: 2, phraseBuckets: 1 }))
    expect(unpackSlots(readFileSync(join(folder, 'route-2-1.bin')))).toHaveLength(3)
  })
})
