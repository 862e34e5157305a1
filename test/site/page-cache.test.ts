/**
 * The code hash in every page's key: what makes pages, by content and by
 * name inside the project, never by where the project is.
 */
import { cpSync, mkdirSync, mkdtempSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { codeHash } from '../../src/site/page-cache.ts'

/** A project's code in a new folder: sources, templates, a lock file. */
function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scrollback-code-'))
  mkdirSync(join(dir, 'src', 'site'), { recursive: true })
  mkdirSync(join(dir, 'templates'))
  writeFileSync(join(dir, 'src', 'site', 'view.ts'), 'export const view = 1\n')
  writeFileSync(join(dir, 'templates', 'story.njk'), '<h1>{{ title }}</h1>\n')
  writeFileSync(join(dir, 'package-lock.json'), '{"packages": {}}\n')
  return dir
}

const hashOf = (dir: string): Promise<string> => codeHash([join(dir, 'src/'), join(dir, 'templates/')], [join(dir, 'package-lock.json')])

describe('the code hash', () => {
  it('is the same for the same project in another folder (a clone, a move): its pages are kept', async () => {
    const dir = project()
    const moved = mkdtempSync(join(tmpdir(), 'scrollback-code-moved-'))
    cpSync(dir, moved, { recursive: true })
    expect(await hashOf(moved)).toBe(await hashOf(dir))
  })

  it('changes with a file’s content or its name inside the project', async () => {
    const dir = project()
    const before = await hashOf(dir)
    writeFileSync(join(dir, 'templates', 'story.njk'), '<h2>{{ title }}</h2>\n')
    const edited = await hashOf(dir)
    expect(edited).not.toBe(before)
    renameSync(join(dir, 'src', 'site', 'view.ts'), join(dir, 'src', 'site', 'views.ts'))
    expect(await hashOf(dir)).not.toBe(edited)
    writeFileSync(join(dir, 'package-lock.json'), '{"packages": {"node_modules/x": {}}}\n')
    expect(await hashOf(dir)).not.toBe(edited)
  })
})
