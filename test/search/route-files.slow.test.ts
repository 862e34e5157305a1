/**
 * Writing the routing files: unchanged files stay the same file (linked),
 * told by the build cache's note of the last write when it describes the
 * folder as it is, else by reading them.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeRouteFiles } from '../../src/search/route-files.ts'
import { tempFolders } from '../helpers/temp.ts'

const temp = tempFolders('scrollback-route-files-')

const files = (texts: Record<string, string>) => new Map(Object.entries(texts).map(([name, text]) => [`route/w/${name}`, text]))
const inode = (folder: string, name: string) => statSync(join(folder, 'route', 'w', name)).ino

describe('writeRouteFiles', () => {
  it('links the files whose text is the same, writes the others, and notes what it wrote', async () => {
    const folder = temp()
    const note = join(temp(), 'note.json')
    expect(await writeRouteFiles(folder, files({ 'a.json': 'A', 'b.json': 'B' }), note)).toBe(2)
    const a = inode(folder, 'a.json')
    expect(await writeRouteFiles(folder, files({ 'a.json': 'A', 'b.json': 'B2', 'c.json': 'C' }), note)).toBe(2)
    expect(inode(folder, 'a.json')).toBe(a)
    expect(readFileSync(join(folder, 'route', 'w', 'b.json'), 'utf8')).toBe('B2')
    expect(readFileSync(join(folder, 'route', 'w', 'c.json'), 'utf8')).toBe('C')
  })

  it('reads the files when the note is not of the folder as it is', async () => {
    const folder = temp()
    const note = join(temp(), 'note.json')
    await writeRouteFiles(folder, files({ 'a.json': 'A' }), note)
    // Another build wrote the folder without the note (a kill before it was written): the note is of an older folder.
    await writeRouteFiles(folder, files({ 'a.json': 'X' }))
    expect(await writeRouteFiles(folder, files({ 'a.json': 'A' }), note)).toBe(1)
    expect(readFileSync(join(folder, 'route', 'w', 'a.json'), 'utf8')).toBe('A')
    // And a file changed in place to another length is written again, whatever the note says.
    writeFileSync(join(folder, 'route', 'w', 'a.json'), 'longer')
    expect(await writeRouteFiles(folder, files({ 'a.json': 'A' }), note)).toBe(1)
    expect(readFileSync(join(folder, 'route', 'w', 'a.json'), 'utf8')).toBe('A')
  })
})
