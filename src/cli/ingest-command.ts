/**
 * `scrollback ingest [--content DIR] [--cache DIR] [--force] [dump…]`: dumps → records.
 */
import type { Command } from './command.ts'
import { reportIngest } from './ingest-report.ts'
import { ProgressDisplay } from './progress.ts'

export const ingestCommand: Command = {
  name: 'ingest',
  usage: 'scrollback ingest [--content DIR] [--cache DIR] [--force] [dump…]',
  summary: 'Parse dumps (by default every new or changed one in DIR/dumps) into records in DIR/stories.',
  help: `Options:
  --content DIR  content folder (default: content)
  --cache DIR    where the dumps' hashes are kept, so that unchanged dumps are not read again, and the
                 bodies of the records written are rendered for the build (default: .cache)
  --force        replace records edited by hand, and re-make up-to-date ones
  -h, --help`,
  options: { content: { type: 'string' }, cache: { type: 'string' }, force: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    const content = typeof values.content === 'string' ? values.content : 'content'
    const { ingestForBuild } = await import('../site/stages/ingest.ts')
    const progress = new ProgressDisplay('ingest', io.terminal)
    const outcomes = await ingestForBuild({
      content,
      cache: typeof values.cache === 'string' ? values.cache : '.cache',
      force: values.force === true,
      ...(positionals.length > 0 ? { dumps: positionals } : {}),
      onProgress: (done, total) => progress.update({ stage: 'ingest', done, total })
    }).finally(() => progress.clear())
    const counts = await reportIngest(outcomes, io)
    const failed = counts.failed + counts['kept-edit']
    io.note(
      `ingest: ${counts.written} written, ${counts.unchanged} unchanged, ${counts['kept-edit']} kept (edited by hand or unreadable), ${counts.failed} failed`
    )
    return failed > 0 ? 1 : 0
  }
}
