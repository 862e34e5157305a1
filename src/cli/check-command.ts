/**
 * `scrollback check [--content DIR]`: validate every record.
 */
import { readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import type { Command } from './command.ts'

export const checkCommand: Command = {
  name: 'check',
  usage: 'scrollback check [--content DIR]',
  summary: 'Validate every record in DIR/stories: schema, unique ids, parents that exist.',
  help: `Options:
  --content DIR  content folder (default: content)
  -h, --help`,
  options: { content: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) return io.usage('check takes no arguments')
    const content = typeof values.content === 'string' ? values.content : 'content'
    const dir = join(content, 'stories')
    const [{ listFiles }, { readRecord }] = await Promise.all([import('../io/list-files.ts'), import('../records/record.ts')])
    const names = await listFiles(dir, '.md')
    let bad = 0
    let edited = 0
    for (const name of names) {
      const path = join(dir, name)
      const text = await readFile(path, 'utf8')
      const result = readRecord(text)
      for (const message of result.messages) io.error(relative(process.cwd(), path) || path, message, text)
      if (!result.record) bad++
      else if (result.record.edited) edited++
    }
    io.note(`check: ${names.length} records, ${bad} with problems, ${edited} edited by hand`)
    return bad > 0 ? 1 : 0
  }
}
