/**
 * `scrollback parse <dump> [--json]`: show what the parser makes of a dump.
 */
import type { Story } from '../parse/types.ts'
import { archivedCount } from '../site/plural.ts'
import type { Command } from './command.ts'

/** Levels an outline indents; a deeper reply is indented as far and says its level, so the outline grows with the dump alone (a 40,000-deep chain indented in full was gigabytes). */
export const OUTLINE_INDENT_LEVELS = 24

/** An outline of the story for people: counts, then the tree, a line a comment. */
export function outline(story: Story): string {
  const by = new Map<string, number>()
  for (const comment of story.comments) by.set(comment.parentBy, (by.get(comment.parentBy) ?? 0) + 1)
  const lines = [
    story.source ? `${story.title} (${story.source})` : story.title,
    `${archivedCount(story.comments.length, story.commentCount)}; parents by ${[...by].map(([how, n]) => `${how} ${n}`).join(', ')}`,
    ''
  ]
  for (const comment of story.comments) {
    const label = comment.label ? `, ${comment.label}` : ''
    const first = comment.lines.find((_, index) => !comment.quoted[index]) ?? comment.lines[0] ?? '(empty)'
    const clipped = first.length > 60 ? first.slice(0, 59) + '…' : first
    const indent = '  '.repeat(Math.min(comment.depth, OUTLINE_INDENT_LEVELS))
    const level = comment.depth > OUTLINE_INDENT_LEVELS ? `(level ${comment.depth}) ` : ''
    lines.push(`${indent}${level}${comment.id} ${comment.subject} (${comment.score}${label}) [${comment.parentBy}] ${clipped}`)
  }
  return lines.join('\n')
}

export const parseCommand: Command = {
  name: 'parse',
  usage: 'scrollback parse <dump> [--json]',
  summary: 'Parse one dump and print the story: an outline, or JSON with --json.',
  help: `Options:
  --json    print {title, source, commentCount, byline, text, body, comments, messages} as JSON
  -h, --help`,
  options: { json: { type: 'boolean' } },
  async run({ values, positionals }, io) {
    if (positionals.length !== 1) return io.usage('parse takes one dump')
    const file = positionals[0]!
    // Loaded here, not at the top: `--help` and the other commands do not pay for them.
    const [{ readDump }, { parseBytes }, { storyToJson }] = await Promise.all([import('../records/read-dump.ts'), import('../parse/parse-bytes.ts'), import('../records/json.ts')])
    const read = await readDump(file)
    if (read.message) {
      io.error(file, read.message)
      return 1
    }
    const result = parseBytes(read.bytes)
    for (const message of result.messages) io.error(file, message, result.text ?? undefined)
    if (!result.story) return 1
    if (values.json) io.out(JSON.stringify({ ...storyToJson(result.story), messages: result.messages }, null, 2))
    else io.out(outline(result.story))
    return 0
  }
}
