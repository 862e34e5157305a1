/**
 * `linkTree` gives every file of a folder a second name: the same inode,
 * in the same layout, in place of what was there; a missing folder makes nothing.
 */
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { linkTree } from '../../src/io/link-tree.ts'

describe('linkTree', () => {
  it('links every file, in its folder, as the same inode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-link-'))
    const from = join(dir, 'route-256-32')
    mkdirSync(join(from, 'w'), { recursive: true })
    mkdirSync(join(from, 'p'), { recursive: true })
    writeFileSync(join(from, 'w', '000.json'), '[1]')
    writeFileSync(join(from, 'w', '001.json'), '[2]')
    writeFileSync(join(from, 'p', '000.json'), '[3]')
    const to = join(dir, 'next', 'route-256-32')
    // What a killed run left there goes.
    mkdirSync(join(to, 'w'), { recursive: true })
    writeFileSync(join(to, 'w', '000.json'), 'left')
    writeFileSync(join(to, 'w', 'stale.json'), 'left')
    linkTree(from, to)
    expect(existsSync(join(to, 'w', 'stale.json'))).toBe(false)
    for (const file of ['w/000.json', 'w/001.json', 'p/000.json']) {
      expect(readFileSync(join(to, file), 'utf8')).toBe(readFileSync(join(from, file), 'utf8'))
      expect(statSync(join(to, file)).ino).toBe(statSync(join(from, file)).ino)
    }
  })

  it('throws ENOENT for a missing folder, and makes none', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scrollback-link-'))
    expect(() => linkTree(join(dir, 'none'), join(dir, 'to'))).toThrow(expect.objectContaining({ code: 'ENOENT' }))
    expect(existsSync(join(dir, 'to'))).toBe(false)
  })
})
