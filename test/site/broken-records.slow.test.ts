/**
 * A hand-broken record stops the build, placed at its file and line —
 * every case of `test/records/invalid/`.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cases } from '../helpers/fixtures.ts'
import { build, tempContent } from './build-fixture.ts'

describe('broken records fail the build', () => {
  for (const { name, dir } of cases('records/invalid')) {
    it(`${name}: nothing written, the problem placed`, async () => {
      const temp = tempContent([])
      mkdirSync(join(temp, 'content', 'stories'), { recursive: true })
      copyFileSync(join(dir, 'record.md'), join(temp, 'content', 'stories', `${name}.md`))
      const site = await build(temp, { index: false })
      expect(site.result.ok).toBe(false)
      const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as { code: string; line: number; column: number }[]
      expect(site.result.problems.map(({ file, message }) => ({ file: file.split('/').pop(), code: message.code, line: message.line, column: message.column }))).toEqual(
        expected.map((problem) => ({ file: `${name}.md`, ...problem }))
      )
      expect(existsSync(join(site.out, 'index.html'))).toBe(false)
      site.remove()
    })
  }
})
