import { readFileSync, readdirSync } from 'node:fs'
import { parseDump } from '../src/parse/index.ts'
import { linesToMarkdown, linesToMdast } from '../src/records/markdown.ts'
import { toMarkdown } from 'mdast-util-to-markdown'
const dir = '/tmp/scrollback-bench-ZqPZrp/content/dumps'
const comments: { lines: string[]; quoted: boolean[] }[] = []
for (const f of readdirSync(dir).slice(0, 100)) { const s = parseDump(readFileSync(`${dir}/${f}`, 'utf8')).story!; comments.push(...s.comments) }
console.log(comments.length, 'comments', comments.reduce((a, c) => a + c.lines.join('').length, 0) / comments.length, 'chars avg', comments.reduce((a, c) => a + c.lines.length, 0) / comments.length, 'lines avg')
for (let r = 0; r < 3; r++) {
  let t = performance.now()
  for (const c of comments) linesToMarkdown(c.lines, c.quoted)
  const a = performance.now() - t
  t = performance.now()
  for (const c of comments) toMarkdown({ type: 'root', children: [{ type: 'paragraph', children: [{ type: 'text', value: 'x' }] }] })
  const b = performance.now() - t
  console.log({ perBody: (a * 1000 / comments.length).toFixed(1) + 'us', trivialPerCall: (b * 1000 / comments.length).toFixed(1) + 'us' })
}
