/**
 * Templates are compiled once a run: Eleventy would compile the story
 * template again for every story page (see `compileTemplatesOnce` in
 * `src/site/plugin.ts`).
 */
import { join } from 'node:path'
import nunjucks from 'nunjucks'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { build, fixtures, tempContent } from './build-fixture.ts'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('Nunjucks templates', () => {
  it('are compiled once a run, however many pages a template renders', async () => {
    // Nunjucks' Template runs `init(source, environment, path, eagerCompile)` when made.
    const made: string[] = []
    const prototype = nunjucks.Template.prototype as unknown as { init(...args: unknown[]): void }
    const init = prototype.init
    vi.spyOn(prototype, 'init').mockImplementation(function (this: unknown, ...args: unknown[]) {
      made.push(String(args[2] ?? ''))
      init.apply(this, args)
    })
    const site = await build(tempContent(join(fixtures, 'maintained', 'content')))
    try {
      expect(site.result.stats).toMatchObject({ pages: 3 })
      // The story template and its permalink, once each, for three story pages in one run.
      expect(made.filter((path) => path.endsWith('story.njk'))).toHaveLength(2)
      expect(site.read('index.html')).toContain('</html>')
    } finally {
      site.remove()
    }
  })
})
