/**
 * `scrollback ingest [--content DIR] [--force] [dump…]`: dumps → records.
 */
import { readFile } from 'node:fs/promises'
import { relative } from 'node:path'
import { ingest } from '../records/ingest.ts'
import type { Command } from './command.ts'

export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'scrollback ingest [--content DIR] [--force] [dump…]',
  summary: 'Parse dumps (by default every new or changed one in DIR/dumps) into records in DIR/stories.',
  help: `Options:
  --content DIR  content folder (default: content)
  --force        replace records edited by hand, and re-make up-to-date ones
  -h, --help`,
  options: { content: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const content = typeof values.content === 'string' ? values.content : 'content'
    const outcomes = await ingest({
      content,
      force: values.force === true,
      ...(positionals.length > 0 ? { dumps: positionals } : {})
    })
    let failed = 0
    const counts = { written: 0, unchanged: 0, 'kept-edit': 0, failed: 0 }
    for (const outcome of outcomes) {
      counts[outcome.status]++
      for (const { file, message } of outcome.messages) {
        const source = message.severity === 'fatal' ? await readFile(file, 'utf8').catch(() => undefined) : undefined
        io.error(relative(process.cwd(), file) || file, message, source)
      }
      if (outcome.status === 'failed' || outcome.status === 'kept-edit') failed++
      if (outcome.status === 'written') io.note(`wrote ${relative(process.cwd(), outcome.record)}`)
    }
    io.note(
      `ingest: ${counts.written} written, ${counts.unchanged} unchanged, ${counts['kept-edit']} kept (edited by hand or unreadable), ${counts.failed} failed`
    )
    return failed > 0 ? 1 : 0
  }
}
