/**
 * Captures of one story become one record: ingest groups a new dump with
 * the record of the same story (title and source), re-makes the record from
 * every capture, and keeps what a maintainer added.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { captureOrder, ingest } from '../../src/records/ingest.ts'
import { readRecord } from '../../src/records/record.ts'
import { commentIds } from '../../src/parse/ids.ts'
import { parseDump } from '../../src/parse/index.ts'
import { keepMoves } from '../../src/records/hand-edits.ts'
import { createHash } from 'node:crypto'
import { build } from '../site/build-fixture.ts'
import { testDir } from '../helpers/fixtures.ts'

const later = join(testDir, 'fixtures-captures', 'later-capture')

/** A content folder with the dumps named (`name` → fixture file). */
function contentWith(dumps: Record<string, string>): string {
  const content = join(mkdtempSync(join(tmpdir(), 'scrollback-captures-')), 'content')
  mkdirSync(join(content, 'dumps'), { recursive: true })
  for (const [name, file] of Object.entries(dumps)) cpSync(file, join(content, 'dumps', name))
  return content
}

const records = (content: string): string[] => readdirSync(join(content, 'stories')).filter((name) => name.endsWith('.md')).sort()
const read = (content: string, name: string) => readRecord(readFileSync(join(content, 'stories', name), 'utf8'))

describe('captures of one story', () => {
  it('become one record holding the union of their comments, both dumps named', async () => {
    const content = contentWith({ 'tape.txt': join(later, 'capture-1.txt') })
    await ingest({ content })
    cpSync(join(later, 'capture-2.txt'), join(content, 'dumps', 'tape-later.txt'))
    const outcomes = await ingest({ content })
    expect(outcomes.map((outcome) => [outcome.dump.split('/').pop(), outcome.status, outcome.record.split('/').pop()])).toEqual([
      ['tape-later.txt', 'written', 'tape.md'],
      ['tape.txt', 'written', 'tape.md']
    ])
    expect(records(content)).toEqual(['tape.md'])
    const { record, messages } = read(content, 'tape.md')
    expect(messages).toEqual([])
    expect(record!.data.dump).toBe('dumps/tape.txt')
    expect(record!.data.captures?.map((capture) => capture.dump)).toEqual(['dumps/tape-later.txt'])
    expect(record!.story.commentCount).toBe(9)
    expect(record!.story.comments.map((comment) => comment.lines[0])).toEqual([
      'Nobody uses tape any more.',
      'Every large archive uses tape.',
      'Name one.',
      'CERN does: hundreds of petabytes.',
      'Tape still wins on cost per terabyte stored for a decade.',
      'Until you count the drives.',
      'A new thread, posted after the first capture.'
    ])
    // The newest score wins.
    expect(record!.story.comments[1]!.score).toBe(5)
  })

  it('taken in one ingest, count the one whose name extends the other\'s as the later', async () => {
    // `-` sorts before `.`: a plain sort of the names would take the later capture for the first.
    const content = contentWith({ 'story.txt': join(later, 'capture-1.txt'), 'story-2026-12-01.txt': join(later, 'capture-2.txt') })
    await ingest({ content })
    expect(records(content)).toEqual(['story.md'])
    const { record } = read(content, 'story.md')
    expect(record!.data.dump).toBe('dumps/story.txt')
    expect(record!.data.captures?.map((capture) => capture.dump)).toEqual(['dumps/story-2026-12-01.txt'])
    expect(record!.story.comments[1]!.score).toBe(5)
    expect([...['b/x-1.txt', 'b/x.txt', 'a/y.txt', 'b/x.md']].sort(captureOrder)).toEqual(['a/y.txt', 'b/x.md', 'b/x.txt', 'b/x-1.txt'])
  })

  it('change nothing when ingested again, and a capture that adds nothing adds only its scores and labels to the comments', async () => {
    const content = contentWith({ 'a.txt': join(later, 'capture-1.txt'), 'b.txt': join(later, 'capture-2.txt') })
    await ingest({ content })
    const before = readFileSync(join(content, 'stories', 'a.md'), 'utf8')
    expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['unchanged', 'unchanged'])
    expect(readFileSync(join(content, 'stories', 'a.md'), 'utf8')).toBe(before)
    // A third copy of the second capture: named as provenance, nothing else changes.
    cpSync(join(later, 'capture-2.txt'), join(content, 'dumps', 'c.txt'))
    await ingest({ content })
    const after = read(content, 'a.md').record!
    expect(after.data.captures?.map((capture) => capture.dump)).toEqual(['dumps/b.txt', 'dumps/c.txt'])
    // Nothing but what the new capture showed of each comment it has, as the second showed it.
    const withoutSeen = (comments: typeof after.data.comments) => comments.map(({ seen: _seen, ...comment }) => comment)
    expect(withoutSeen(after.data.comments)).toEqual(withoutSeen(readRecord(before).record!.data.comments))
    for (const comment of after.data.comments) {
      const seen = comment.seen!
      if (seen.some((each) => each.capture === 1)) expect(seen.at(-1)).toEqual({ ...seen.find((each) => each.capture === 1), capture: 2 })
    }
  })

  it('keep a maintainer\'s edits: a new capture leaves an edited record as it is, and --force keeps the edits', async () => {
    const content = contentWith({ 'tape.txt': join(later, 'capture-1.txt') })
    await ingest({ content })
    const path = join(content, 'stories', 'tape.md')
    const hidden = read(content, 'tape.md').record!.story.comments[0]!.id
    writeFileSync(path, readFileSync(path, 'utf8').replace('\ndump:', '\ndate: 2026-01-02\ndump:').replace(`- id: ${hidden}\n`, `- id: ${hidden}\n    hidden: true\n`))
    cpSync(join(later, 'capture-2.txt'), join(content, 'dumps', 'tape-later.txt'))
    const kept = await ingest({ content })
    expect(kept.find((outcome) => outcome.dump.endsWith('tape-later.txt'))).toMatchObject({ status: 'kept-edit', messages: [{ message: { code: 'RECORD_EDITED' } }] })
    expect(read(content, 'tape.md').record!.data.captures).toBeUndefined()
    await ingest({ content, force: true })
    const merged = read(content, 'tape.md').record!
    expect(merged.data.captures?.map((capture) => capture.dump)).toEqual(['dumps/tape-later.txt'])
    expect(String(merged.data.date)).toContain('2026-01-02')
    expect(merged.data.comments.find((comment) => comment.id === hidden)?.hidden).toBe(true)
    expect(merged.story.comments).toHaveLength(7)
  })

  it('are told apart from another story of the same title by the source', async () => {
    const content = contentWith({ 'a.txt': join(later, 'capture-1.txt') })
    writeFileSync(join(content, 'dumps', 'b.txt'), readFileSync(join(later, 'capture-2.txt'), 'utf8').replace('(example.com)', '(example.org)'))
    await ingest({ content })
    expect(records(content)).toEqual(['a.md', 'b.md'])
  })

  it('make one story page', async () => {
    const dir = join(contentWith({ 'a.txt': join(later, 'capture-1.txt'), 'b.txt': join(later, 'capture-2.txt') }), '..')
    const site = await build(dir)
    expect(site.result.ok).toBe(true)
    expect(readdirSync(join(site.out, 'stories'))).toEqual(['a'])
    expect(site.read('stories/a/index.html')).toContain('7 of 9 comments archived')
    site.remove()
  })

  it('are one story whatever the Unicode form or spacing of the title, and the page counts more comments than stated without `4 of 2`', async () => {
    const content = contentWith({})
    // The first capture's title composed (NFC); the later one's decomposed (NFD: `e` and U+0301), with a doubled space.
    writeFileSync(join(content, 'dumps', 'cafe.txt'), 'Caf\u00e9 Talk (example.org) 2\nText.\nOne (Score:1)\nfirst comment.\nTwo (Score:1)\nsecond comment.\n')
    writeFileSync(join(content, 'dumps', 'cafe-2.txt'), 'Cafe\u0301  Talk (example.org) 2\nText.\nThree (Score:1)\nthird comment.\nFour (Score:1)\nfourth comment.\n')
    await ingest({ content })
    expect(records(content)).toEqual(['cafe.md'])
    expect(read(content, 'cafe.md').record!.data.title).toBe('Caf\u00e9 Talk')
    const site = await build(join(content, '..'))
    try {
      expect(site.result.ok).toBe(true)
      const page = site.read('stories/cafe/index.html')
      expect(page).toContain('4 comments archived; the page stated 2')
      expect(page).not.toContain('4 of 2')
      expect(site.read('index.html')).toContain('4 comments archived; the page stated 2')
    } finally {
      site.remove()
    }
  })
})

describe('comment ids', () => {
  it('of an empty comment never equal the id of a comment whose text reads `subject:` and that subject, so no text is lost in a merge', async () => {
    const content = contentWith({})
    // The first capture has an empty reply `Re:Lava cam`; the second, a comment whose whole text is `subject:Lava cam`.
    writeFileSync(join(content, 'dumps', 'lava.txt'), 'Lava (example.net) 3\nText.\nLava cam (Score:2)\nLook at it.\nRe:Lava cam (Score:1)\n')
    writeFileSync(join(content, 'dumps', 'lava-2.txt'), 'Lava (example.net) 3\nText.\nLava cam (Score:2)\nLook at it.\nMeta (Score:4)\nsubject:Lava cam\n')
    await ingest({ content })
    const { record, messages } = read(content, 'lava.md')
    expect(messages).toEqual([])
    const comments = record!.story.comments
    expect(comments.map((comment) => comment.lines)).toEqual([['Look at it.'], [], ['subject:Lava cam']])
    expect(new Set(comments.map((comment) => comment.id)).size).toBe(3)
    // A non-empty comment keeps the id it always had: readers' permalinks.
    expect(comments[0]!.id).toBe(commentIds([{ subject: 'Lava cam', lines: ['Look at it.'] }])[0])
  })

  it('made by an older parser for an empty comment are renamed, and what a maintainer added to it kept', async () => {
    const content = contentWith({})
    writeFileSync(join(content, 'dumps', 'old.txt'), 'Old (example.net) 2\nText.\nTop (Score:2)\nTop text.\nRe:Top (Score:1)\nRe:Top (Score:1)\nA reply.\n')
    await ingest({ content })
    const path = join(content, 'stories', 'old.md')
    const made = read(content, 'old.md').record!.data.comments
    // As parser 2 wrote it: the empty reply's id from `subject:Top`, the reply after it answering that id; hidden by hand.
    const legacy = 'c' + base32Of('subject:Top')
    const text = readFileSync(path, 'utf8').replaceAll(made[1]!.id, legacy).replace('parser: 3', 'parser: 2').replace(`- id: ${legacy}\n`, `- id: ${legacy}\n    hidden: true\n`)
    writeFileSync(path, text)
    expect(readRecord(text).messages).toEqual([])
    await ingest({ content, force: true })
    const now = read(content, 'old.md').record!.data.comments
    expect(now.map((comment) => comment.id)).toEqual(made.map((comment) => comment.id))
    expect(now[1]!.hidden).toBe(true)
    expect(now[2]!.parent).toBe(made[2]!.parent)
  })
})

/** The first ten base-32 characters of a text's SHA-256, as ids are made. */
function base32Of(text: string): string {
  const bytes = createHash('sha256').update(text).digest()
  let bits = ''
  for (const byte of bytes.subarray(0, 8)) bits += byte.toString(2).padStart(8, '0')
  return Array.from({ length: 10 }, (_, i) => 'abcdefghijklmnopqrstuvwxyz234567'[Number.parseInt(bits.slice(i * 5, i * 5 + 5), 2)]).join('')
}

describe('a bad capture of a story', () => {
  it('is reported and left out, and the good captures land, on every ingest', async () => {
    const content = contentWith({})
    // Over 64 KiB, so that its header alone is read to find its story; a bad byte past that, and a score too large to keep.
    const first = 'Quarry (example.org) 300\nText.\n' + Array.from({ length: 300 }, (_, i) => `Topic ${i} (Score:1)\ncomment ${i} ${'padding '.repeat(30)}\n`).join('')
    expect(first.length).toBeGreaterThan(64 * 1024)
    writeFileSync(join(content, 'dumps', 'q.txt'), first)
    await ingest({ content })
    writeFileSync(join(content, 'dumps', 'q-2.txt'), first + 'Good (Score:5)\ngoodtoken new comment.\n')
    writeFileSync(join(content, 'dumps', 'q-3.txt'), Buffer.concat([Buffer.from(first + 'Bad (Score:1)\nbad '), Buffer.from([0xff]), Buffer.from(' byte.\n')]))
    writeFileSync(join(content, 'dumps', 'q-4.txt'), first + 'Huge (Score:99999999999999999999)\nhuge score.\n')
    for (const run of [1, 2]) {
      const outcomes = await ingest({ content })
      const status = Object.fromEntries(outcomes.map((outcome) => [outcome.dump.split('/').pop(), outcome.status]))
      expect(status).toEqual({ 'q.txt': run === 1 ? 'written' : 'unchanged', 'q-2.txt': run === 1 ? 'written' : 'unchanged', 'q-3.txt': 'failed', 'q-4.txt': 'failed' })
      const codes = outcomes.flatMap((outcome) => outcome.messages.map(({ file, message }) => [file.split('/').pop(), message.code]))
      expect(codes).toEqual(expect.arrayContaining([['q-3.txt', 'NOT_UTF8'], ['q-4.txt', 'NUMBER_TOO_LARGE']]))
      expect(records(content)).toEqual(['q.md'])
      const { record } = read(content, 'q.md')
      expect(record!.data.captures?.map((capture) => capture.dump)).toEqual(['dumps/q-2.txt'])
      expect(record!.story.comments.at(-1)!.lines).toEqual(['goodtoken new comment.'])
    }
  })
})

describe('a record a new capture cannot be merged into', () => {
  const story = 'Tpyo in the Title (example.net) 2\nText.\nSpam (Score:0)\nbuy now.\nFine (Score:3)\nfine comment.\n'
  const later = story + 'Later (Score:1)\nlater comment.\n'

  it('when its YAML is broken, stops the capture with a message naming the record, with --force too, and no record is started', async () => {
    const content = contentWith({})
    writeFileSync(join(content, 'dumps', 't.txt'), story)
    await ingest({ content })
    const path = join(content, 'stories', 't.md')
    const broken = readFileSync(path, 'utf8').replace('    subject: Spam\n', '    subject: Spam\n    hidden: true\n').replace('\ndump:', '\nurl: "https://example.net/unterminated\ndump:')
    writeFileSync(path, broken)
    writeFileSync(join(content, 'dumps', 'u.txt'), later)
    for (const force of [false, true]) {
      const outcomes = await ingest({ content, force })
      expect(records(content)).toEqual(['t.md'])
      expect(readFileSync(path, 'utf8')).toBe(broken)
      const outcome = outcomes.find((each) => each.dump.endsWith('u.txt'))!
      expect(outcome).toMatchObject({ status: 'kept-edit', record: path })
      expect(outcome.messages.map(({ file, message }) => [file, message.code])).toEqual([
        [path, 'RECORD_YAML'],
        [path, 'RECORD_UNREADABLE']
      ])
    }
  })

  it('when a maintainer mended its title, is still found by its dumps, not made a second record', async () => {
    const content = contentWith({})
    writeFileSync(join(content, 'dumps', 't.txt'), story)
    await ingest({ content })
    const path = join(content, 'stories', 't.md')
    writeFileSync(path, readFileSync(path, 'utf8').replace('title: Tpyo in the Title', 'title: Typo in the Title'))
    writeFileSync(join(content, 'dumps', 'u.txt'), later)
    const outcomes = await ingest({ content })
    expect(records(content)).toEqual(['t.md'])
    expect(outcomes.find((each) => each.dump.endsWith('u.txt'))).toMatchObject({ status: 'kept-edit', record: path, messages: [{ message: { code: 'RECORD_EDITED' } }] })
  })
})

describe('a renamed dump', () => {
  const text = 'Renamed (example.net) 1\nText.\nOnly (Score:1)\nthe only comment.\n'

  it('is the same capture: the record follows the new name, edited or not, and later ingests change nothing', async () => {
    const content = contentWith({})
    writeFileSync(join(content, 'dumps', 'plain.txt'), text)
    writeFileSync(join(content, 'dumps', 'edited.txt'), text.replace('Renamed', 'Edited'))
    await ingest({ content })
    const edited = join(content, 'stories', 'edited.md')
    const hand = readFileSync(edited, 'utf8').replace('    subject: Only\n', '    subject: Only\n    hidden: true\n')
    writeFileSync(edited, hand)
    renameSync(join(content, 'dumps', 'plain.txt'), join(content, 'dumps', 'plain-renamed.txt'))
    renameSync(join(content, 'dumps', 'edited.txt'), join(content, 'dumps', 'edited 2.txt'))
    const outcomes = await ingest({ content })
    expect(outcomes.map((outcome) => [outcome.dump.split('/').pop(), outcome.status, outcome.messages])).toEqual([
      ['edited 2.txt', 'written', []],
      ['plain-renamed.txt', 'written', []]
    ])
    expect(records(content)).toEqual(['edited.md', 'plain.md'])
    expect(read(content, 'plain.md').record!.data.dump).toBe('dumps/plain-renamed.txt')
    // The edited record: only the dump's name changed.
    expect(readFileSync(edited, 'utf8')).toBe(hand.replace('dump: dumps/edited.txt', 'dump: "dumps/edited 2.txt"'))
    expect(read(content, 'edited.md').messages).toEqual([])
    expect((await ingest({ content })).map((outcome) => outcome.status)).toEqual(['unchanged', 'unchanged'])
  })
})

describe('--force', () => {
  it('keeps a comment a maintainer moved by hand where it was put, and says which moves it could not keep', async () => {
    const content = contentWith({})
    const text = 'Threads (example.net) 4\nText.\nAlpha (Score:2)\nalpha text.\nRe:Alpha (Score:1)\nreply one.\nBeta (Score:2)\nbeta text.\nRe:Beta (Score:1)\nmisthreaded reply.\n'
    writeFileSync(join(content, 'dumps', 'th.txt'), text)
    await ingest({ content })
    const path = join(content, 'stories', 'th.md')
    const before = read(content, 'th.md').record!.data.comments
    const [alpha, one, , moved] = before
    // The maintainer moves the last reply under `reply one`: parent and depth.
    const block = `  - id: ${moved!.id}\n    parent: ${moved!.parent}\n    parentBy: ${moved!.parentBy}\n    depth: 1\n`
    const edited = readFileSync(path, 'utf8').replace(block, `  - id: ${moved!.id}\n    parent: ${one!.id}\n    parentBy: ${moved!.parentBy}\n    depth: 2\n`)
    expect(edited).not.toBe(readFileSync(path, 'utf8'))
    writeFileSync(path, edited)
    expect(read(content, 'th.md').messages).toEqual([])
    writeFileSync(join(content, 'dumps', 'th-2.txt'), text.replace(') 4', ') 5') + 'Gamma (Score:3)\ngamma text.\n')
    const outcomes = await ingest({ content, force: true })
    expect(outcomes.map((outcome) => [outcome.status, outcome.messages])).toEqual([
      ['written', []],
      ['written', []]
    ])
    const after = read(content, 'th.md').record!.data.comments
    expect(after.map((comment) => [comment.id, comment.parent, comment.depth])).toEqual([
      [alpha!.id, null, 0],
      [one!.id, alpha!.id, 1],
      [moved!.id, one!.id, 2],
      [before[2]!.id, null, 0],
      [after[4]!.id, null, 0]
    ])
  })

  it('drops a move it cannot keep, naming the comment and why', () => {
    const story = parseDump('S (example.net) 2\nText.\nA (Score:1)\na text.\nRe:A (Score:1)\nb text.\n').story!
    const [a, b] = story.comments
    const { story: kept, dropped } = keepMoves(story, [
      { id: a!.id, parent: b!.id, parentBy: 'order' },
      { id: b!.id, parent: 'cmissingxxx', parentBy: 'order' }
    ])
    expect(dropped.map((edit) => edit.id)).toEqual([a!.id, b!.id])
    expect(kept).toBe(story)
  })
})
