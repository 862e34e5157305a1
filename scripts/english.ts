/**
 * English-like text for the benchmark's corpus: sentences made by a
 * word-level Markov chain (two words of context) learnt from real English
 * prose, so that common words, their pairs and their phrases occur as they
 * do in real discussions ("one of the", "the display code to the"), which
 * made-up words never do. The prose is the bundled sample dump (a real
 * discussion) and the READMEs of the packages `npm ci` installs (the lock
 * file fixes them, so a seed gives the same text on every machine).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parseDump } from '../src/parse/parse-dump.ts'

const root = join(import.meta.dirname, '..')

/** Sentences of prose from a markdown file: code, tables, headings, links' addresses and markup left out. */
function proseSentences(markdown: string): string[] {
  const text = markdown
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .split('\n')
    .filter((line) => !/^\s*([#|>]|[-*+] \[|\s{4})/.test(line) && !/^\s*[-=*_]{3,}\s*$/.test(line))
    .join(' ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`[^`]*`/g, 'it')
    .replace(/[*_]{1,3}([^*_]+)[*_]{1,3}/g, '$1')
    .replace(/https?:\/\/\S+/g, ' ')
  const sentences: string[] = []
  for (const match of text.matchAll(/[A-Z][^.!?]{15,240}[.!?]/g)) {
    const sentence = match[0].replace(/\s+/g, ' ').trim()
    // Prose: mostly lower-case words, few symbols.
    const words = sentence.split(' ')
    if (words.length < 5 || /[{}=<>\\$|]/.test(sentence)) continue
    if (words.filter((word) => /^[a-z][a-z'’,;:-]*[.!?]?$/.test(word)).length < words.length * 0.6) continue
    sentences.push(sentence)
  }
  return sentences
}

/** Every README.md of the installed packages, in a fixed order. */
function readmes(): string[] {
  const found: string[] = []
  const visit = (dir: string, depth: number): void => {
    let names: string[]
    try {
      names = readdirSync(dir).sort()
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      if (/^readme\.md$/i.test(name)) found.push(path)
      else if (depth < 3 && name !== '.bin' && statSync(path, { throwIfNoEntry: false })?.isDirectory()) visit(path, name.startsWith('@') ? depth : depth + 1)
    }
  }
  visit(join(root, 'node_modules'), 0)
  return found
}

/** The learnt chain: for each two words, the words that followed them. */
export interface Chain {
  next: Map<string, string[]>
  starts: [string, string][]
}

let learnt: Chain | null = null

/**
 * Learn the chain, once a process.
 *
 * @returns The chain.
 */
export function englishChain(): Chain {
  if (learnt) return learnt
  const sentences: string[] = []
  const sample = parseDump(readFileSync(join(root, 'content', 'dumps', 'rust-in-linux-no-longer-experimental.txt'), 'utf8')).story
  if (sample) for (const comment of sample.comments) for (const line of comment.lines) sentences.push(...(line.match(/[A-Z][^.!?]{10,300}[.!?]/g) ?? []))
  for (const file of readmes()) sentences.push(...proseSentences(readFileSync(file, 'utf8')))
  const next = new Map<string, string[]>()
  const starts: [string, string][] = []
  for (const sentence of sentences) {
    const words = sentence.split(/\s+/).filter(Boolean)
    if (words.length < 3) continue
    starts.push([words[0]!, words[1]!])
    for (let i = 0; i + 2 < words.length; i++) {
      const key = `${words[i]} ${words[i + 1]}`
      let list = next.get(key)
      if (!list) next.set(key, (list = []))
      list.push(words[i + 2]!)
    }
  }
  if (starts.length === 0) throw new Error('no English prose found: run `npm ci` first (the corpus learns from the installed packages’ READMEs)')
  learnt = { next, starts }
  return learnt
}

/**
 * English's function words: kept as the chain gives them, so that phrases of
 * common words recur as they do in real text; other words may give way to a
 * word of the long tail (see {@link englishSentence}).
 */
const functionWords = new Set(
  (
    'a about above after again against all am an and any are as at be because been before being below between both but by can could did do does ' +
    'doing down during each few for from further had has have having he her here hers him his how i if in into is it its itself just me more most my ' +
    'no nor not now of off on once only or other our out over own same she should so some such than that the their them then there these they this ' +
    'those through to too under until up very was we were what when where which while who whom why will with would you your use used using one two ' +
    'new like also may might must get make see way time first even well back much many need want way thing things good better best'
  ).split(' ')
)

/**
 * One sentence of English-like text: the chain's words, each word that is
 * not a function word given way, one time in `tail`, to a word the caller
 * draws from a long tail (names, terms, typos: what makes real archives'
 * vocabulary large).
 *
 * @param rand The seeded generator to draw from.
 * @param tailWord A word of the long tail for a number in [0, 1).
 * @param tail How often a content word gives way (default: `0.3`).
 * @param most Words at most (default: `40`).
 * @returns The sentence, ending in `.`, `?` or `!`.
 */
export function englishSentence(rand: () => number, tailWord: (u: number) => string, tail = 0.3, most = 40): string {
  const chain = englishChain()
  const [a, b] = chain.starts[Math.floor(rand() * chain.starts.length)]!
  const words = [a, b]
  while (words.length < most && !/[.!?]$/.test(words[words.length - 1]!)) {
    const list = chain.next.get(`${words[words.length - 2]} ${words[words.length - 1]}`)
    if (!list) break
    words.push(list[Math.floor(rand() * list.length)]!)
  }
  for (let i = 0; i < words.length; i++) {
    const bare = words[i]!.toLowerCase().replace(/[^a-z']+/g, '')
    if (bare !== '' && !functionWords.has(bare) && rand() < tail) words[i] = words[i]!.replace(/[A-Za-z][A-Za-z'’-]*/, (word) => (i === 0 ? capital(tailWord(rand())) : tailWord(rand())))
  }
  const text = words.join(' ').replace(/[,;:]$/, '')
  return /[.!?]$/.test(text) ? text : `${text}.`
}

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1)
}
