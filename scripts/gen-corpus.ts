/**
 * A deterministic, seeded generator of story dumps shaped like the sample:
 * comment counts and lengths, thread shapes and depths, quoting habits,
 * labels and scores, link annotations, a few empty comments.
 *
 * Usage: tsx scripts/gen-corpus.ts --stories N --out DIR [--seed S] [--text words|english]
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { englishSentence } from './english.ts'

/** Configuration for {@link generateDump}. */
export interface Options {
  /** Seed of the random sequence (default: `1`). */
  seed?: number
  /**
   * What the sentences are made of (default: `'words'`): `'words'`, common
   * English words and a long tail of made-up ones drawn by Zipf's law;
   * `'english'`, English-like sentences from a Markov chain learnt from real
   * prose (see `english.ts`), whose phrases of common words recur across
   * stories as in real discussions.
   */
  text?: 'words' | 'english'
}

/** A generated dump. */
export interface GeneratedDump {
  /** File name, `story-00001.txt`. */
  name: string
  text: string
}

const words = (
  'the a kernel rust memory safety code driver compiler language toolchain maintainer patch review bug ' +
  'security unsafe pointer buffer overflow spec implementation community linux project rewrite test suite ' +
  'performance platform architecture binary module interface developer users people years time way thing ' +
  'is are was were be have has do does not can will would should could may might must make take see know ' +
  'think want use find give tell work seem feel try leave call good new first last long great little own ' +
  'other old right big high different small large next early young important few public bad same able ' +
  'and or but if because as until while of at by for with about against between into through during before ' +
  'after above below to from up down in out on off over under again further then once here there when where ' +
  'why how all any both each more most some such no nor only so than too very just'
).split(' ')
const labels = ['Insightful', 'Interesting', 'Informative', 'Funny', 'Offtopic', 'Flamebait', 'Troll', 'Redundant']
const domains = ['thenewstack.io', 'arstechnica.com', 'theregister.com', 'lwn.net', 'phoronix.com', 'zdnet.com', 'wired.com', 'github.com']
const linkDomains = ['wikipedia.org', 'youtube.com', 'substack.com', 'github.com', 'rust-lang.org', 'medium.com']

/**
 * A long-tailed vocabulary, as real discussions have: 6,000 made-up words
 * drawn by Zipf's law (the word of rank r with weight 1/r), so that most
 * words are on few pages and a few on most — what a search index sees.
 */
const syllables = 'ka lo mi nu re ta si po fe du ge bi an or el in us ex tra con pro lex vin dor'.split(' ')
const vocabulary: string[] = []
{
  const rand = random(12345)
  const seen = new Set<string>()
  while (vocabulary.length < 6000) {
    let word = ''
    for (let i = 1 + Math.floor(rand() * 3); i >= 0; i--) word += syllables[Math.floor(rand() * syllables.length)]
    if (!seen.has(word)) {
      seen.add(word)
      vocabulary.push(word)
    }
  }
}
const zipf: number[] = []
{
  let total = 0
  for (let rank = 1; rank <= vocabulary.length; rank++) zipf.push((total += 1 / rank))
  for (let i = 0; i < zipf.length; i++) zipf[i]! /= total
}

/** A word of the long-tailed vocabulary for a number in [0, 1). */
function zipfWord(u: number): string {
  let low = 0
  let high = zipf.length - 1
  while (low < high) {
    const middle = (low + high) >> 1
    if (zipf[middle]! < u) low = middle + 1
    else high = middle
  }
  return vocabulary[low]!
}

/** mulberry32: a small, fast, seeded generator of numbers in [0, 1). */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Node {
  subject: string
  lines: string[]
  children: Node[]
}

/**
 * Generate one dump.
 *
 * @param index The story's number (0-based): the same index and seed give the same dump.
 * @param options Configuration (default: `{}`).
 * @returns The dump's file name and text.
 */
export function generateDump(index: number, options: Options = {}): GeneratedDump {
  const rand = random(((options.seed ?? 1) * 1_000_003) ^ (index * 2_654_435_761))
  const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1))
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const sentence = (): string => {
    if (options.text === 'english') return englishSentence(rand, zipfWord)
    const n = int(6, 22)
    const out: string[] = []
    // Function words and common ones half the time, the long tail the other half.
    for (let i = 0; i < n; i++) out.push(rand() < 0.5 ? pick(words) : zipfWord(rand()))
    const text = out.join(' ')
    return text[0]!.toUpperCase() + text.slice(1) + pick(['.', '.', '.', '?', '!'])
  }
  const line = (): string => {
    const parts: string[] = []
    const n = int(1, 4)
    for (let i = 0; i < n; i++) parts.push(sentence())
    let text = parts.join(' ')
    if (rand() < 0.06) text += ` [${pick(linkDomains)}]`
    if (rand() < 0.02) text = `https://en.wikipedia.org/wiki/... [wikipedia.org]`
    if (rand() < 0.04) text = text.slice(0, int(20, text.length)) // cut by the site
    return text
  }
  const title = sentence().replace(/[.?!]$/, '').split(' ').slice(0, int(4, 10)).join(' ')

  // Comments: a tree printed depth-first, as the site orders them.
  const total = Math.max(1, Math.round(Math.exp(4.15 + (rand() + rand() + rand() - 1.5) * 1.1)))
  const roots: Node[] = []
  const all: Node[] = []
  const path: Node[] = []
  for (let i = 0; i < total; i++) {
    const topLevel = path.length === 0 || rand() < 0.12
    const lines: string[] = []
    if (rand() >= 0.04) {
      const n = int(1, 4)
      for (let j = 0; j < n; j++) lines.push(line())
    }
    let node: Node
    if (topLevel) {
      node = { subject: sentence().split(' ').slice(0, int(2, 7)).join(' ').replace(/[.?!]$/, ''), lines, children: [] }
      roots.push(node)
      path.length = 0
    } else {
      // Climb a little (a new reply to an ancestor), then answer the comment at the top of the path.
      while (path.length > 1 && rand() < 0.3) path.pop()
      const parent = path[path.length - 1]!
      const quotable = parent.lines.filter((text) => text.length > 25)
      const habit = rand()
      if (quotable.length > 0 && habit < 0.18) lines.unshift(pick(quotable))
      else if (quotable.length > 0 && habit < 0.24) lines.unshift('> ' + pick(quotable).slice(0, int(25, 80)))
      else if (quotable.length > 0 && habit < 0.28) lines.unshift(`You said "${pick(quotable).slice(0, int(15, 40)).trim()}" but no.`)
      node = { subject: '', lines, children: [] }
      parent.children.push(node)
    }
    all.push(node)
    path.push(node)
  }

  const out: string[] = []
  const source = rand() < 0.85 ? ` (${pick(domains)})` : ''
  out.push(`${title}${source} ${total + int(0, Math.ceil(total * 0.3))}`)
  if (rand() < 0.7) out.push(`${pick(['An anonymous reader', 'Someone', 'A maintainer'])} writes:`)
  const paragraphs: string[] = []
  for (let i = int(2, 5); i > 0; i--) paragraphs.push(line() + (rand() < 0.5 ? ' ' + sentence() : ''))
  if (rand() < 0.3) {
    // A hard-wrapped excerpt.
    const excerpt = paragraphs[0]!.split(' ')
    const wrapped: string[] = []
    for (let i = 0; i < excerpt.length; i += 7) wrapped.push(excerpt.slice(i, i + 7).join(' '))
    out.push(...wrapped.map((text, i) => (i < wrapped.length - 1 ? text.replace(/[.?!:;]$/, '') : text)))
  } else {
    out.push(paragraphs[0]!)
  }
  out.push(...paragraphs.slice(1))
  if (rand() < 0.1) out.push(...paragraphs.slice(1)) // the copying artefact
  const print = (node: Node, thread: string, depth: number): void => {
    const score = depth === 0 ? int(-1, 5) : int(0, 3) + (rand() < 0.1 ? 2 : 0) - (rand() < 0.05 ? 1 : 0)
    const label = rand() < 0.35 ? `, ${pick(labels)}` : ''
    const subject = depth === 0 ? node.subject : rand() < 0.8 ? 'Re:' : rand() < 0.8 ? `Re:${thread}` : `Re: ${thread}`
    out.push(`${subject} (Score:${Math.min(5, Math.max(-1, score))}${label})`)
    out.push(...node.lines)
    for (const child of node.children) print(child, thread, depth + 1)
  }
  for (const root of roots) print(root, root.subject, 0)
  return { name: `story-${String(index + 1).padStart(5, '0')}.txt`, text: out.join('\n') + '\n' }
}

/**
 * Write N generated dumps into a folder.
 *
 * @param dir The folder (made when missing).
 * @param stories How many dumps.
 * @param options Configuration (default: `{}`).
 * @returns How many bytes were written.
 */
export async function writeCorpus(dir: string, stories: number, options: Options = {}): Promise<number> {
  await mkdir(dir, { recursive: true })
  let bytes = 0
  for (let i = 0; i < stories; i++) {
    const dump = generateDump(i, options)
    bytes += Buffer.byteLength(dump.text)
    await writeFile(join(dir, dump.name), dump.text)
  }
  return bytes
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { stories: { type: 'string', default: '10' }, out: { type: 'string', default: 'corpus' }, seed: { type: 'string', default: '1' }, text: { type: 'string', default: 'words' } } })
  const bytes = await writeCorpus(values.out, Number(values.stories), { seed: Number(values.seed), text: values.text === 'english' ? 'english' : 'words' })
  process.stderr.write(`wrote ${values.stories} dumps (${(bytes / 1e6).toFixed(1)} MB) to ${values.out}\n`)
}
