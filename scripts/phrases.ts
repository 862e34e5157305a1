/**
 * Phrases a reader remembers, for measuring search: five words in a row
 * from the own text of a comment (not what it quotes), from stories spread
 * evenly over the archive, oldest to newest, each with the address of the
 * comment that says it first (a reply may quote it inline: `You said "…"`).
 * Seeded: the same archive gives the same phrases.
 */
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseDump } from '../src/parse/parse-dump.ts'
import { slugify } from '../src/records/slug.ts'
import { readRecord } from '../src/records/record.ts'
import type { Story } from '../src/parse/types.ts'

/**
 * How a phrase is picked from its comment's line:
 * - `any`: five words in a row at a random place;
 * - `common`: five words that are all common in the archive (on a third of
 *   its stories or more), the hardest for an index: every story holds them;
 *   where a line has none, the run with the most common words;
 * - `comma`: five words across a comma or other punctuation inside the run.
 */
export type PhraseRule = 'any' | 'common' | 'comma'

/** Every rule, for a benchmark that measures each. */
export const phraseRules: readonly PhraseRule[] = ['any', 'common', 'comma']

/** A phrase and where it comes from. */
export interface Phrase {
  /** Five words, lower case, punctuation removed, as a reader types them. */
  query: string
  /** The address of its comment, `/stories/<slug>/#<id>`. */
  url: string
}

/**
 * Pick phrases from an archive's dumps.
 *
 * @param dumps The folder of dumps (`content/dumps`), whose names sort oldest first (as generated ones do).
 * @param count How many phrases (default: `20`).
 * @param seed Seed of the choice of comment and place (default: `1`).
 * @returns One phrase from each of `count` stories spread evenly over the archive.
 */
export async function samplePhrases(dumps: string, count = 20, seed = 1, rule: PhraseRule = 'any'): Promise<Phrase[]> {
  const names = (await readdir(dumps)).filter((name) => name.endsWith('.txt')).sort()
  const common = rule === 'common' ? await commonWords(dumps, names) : null
  let state = seed >>> 0
  const rand = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state / 2 ** 32
  }
  const phrases: Phrase[] = []
  // A dump that a story took in as a later capture has no page of its own (its comments are on that story's): the
  // next dump that has one is taken. Without records (dumps not ingested), every dump is its own story.
  const records = join(dumps, '..', 'stories')
  const hasPage = (name: string): boolean => !existsSync(records) || existsSync(join(records, `${slugify(basename(name, '.txt'))}.md`))
  for (let i = 0; i < count && names.length > 0; i++) {
    let at = Math.min(names.length - 1, Math.floor(((i + 0.5) / count) * names.length))
    while (at < names.length - 1 && !hasPage(names[at]!)) at++
    const name = names[at]!
    const story = parseDump(await readFile(join(dumps, name), 'utf8')).story
    if (!story) continue
    /** Lines of eight words or more, each as its words (and, for `comma`, the runs of five that cross punctuation). */
    const candidates: string[][] = []
    const runs: { words: string[]; start: number }[] = []
    // Each comment's own words (not what it quotes), in order, to find who said a phrase first.
    const said: { id: string; words: string[] }[] = []
    for (const comment of story.comments) {
      const own: string[] = []
      for (const [index, line] of comment.lines.entries()) {
        if (comment.quoted[index]) continue
        const words = wordsOf(line)
        own.push(...words)
        if (words.length >= 8 && !line.includes('...')) {
          candidates.push(words)
          if (rule === 'comma') for (const start of punctuatedRuns(line)) runs.push({ words, start })
        }
      }
      said.push({ id: comment.id, words: own })
    }
    if (candidates.length === 0) continue
    let words = candidates[Math.floor(rand() * candidates.length)]!
    let start = Math.floor(rand() * (words.length - 4))
    if (rule === 'comma' && runs.length > 0) ({ words, start } = runs[Math.floor(rand() * runs.length)]!)
    if (common) {
      // The run whose words are most often common, ties broken at random.
      let best = -1
      for (const line of candidates) {
        for (let at = 0; at + 5 <= line.length; at++) {
          const score = line.slice(at, at + 5).filter((word) => common.has(word)).length + rand() / 2
          if (score > best) [best, words, start] = [score, line, at]
        }
      }
    }
    const phrase = words.slice(start, start + 5)
    // A reply may quote its parent inline, cut short (`You said "… the tabi"` of "the tabipo"): the phrase's comment
    // is the first to say it, its last word as typed or begun.
    const id = said.find((comment) => holds(comment.words, phrase))!.id
    phrases.push({ query: phrase.join(' '), url: `/stories/${slugify(basename(name, '.txt'))}/#${id}` })
  }
  return phrases
}

/**
 * Whether the comment at an address says a phrase in its own words (not in
 * what it quotes), or the story's title or text does (an address without a
 * comment): a phrase may be said in more than one place of the archive, and
 * any of them is a right first result. A story made of several captures is
 * read from its record, where every capture is merged.
 *
 * @param dumps The archive's dumps (its records beside them, in `../stories`).
 * @param url A result's address, `/stories/<slug>/#<id>` or `/stories/<slug>/`.
 * @param query The phrase as typed.
 * @returns Whether it does.
 */
export async function saysPhrase(dumps: string, url: string, query: string): Promise<boolean> {
  const match = /^\/stories\/([^/]+)\/(?:#(c\w+))?$/.exec(url)
  if (!match) return false
  const story = await storyOf(dumps, match[1]!)
  if (!story) return false
  const phrase = query.split(' ')
  // A story's own title and text (a result without a comment) say it as well as a comment may.
  if (match[2] === undefined) return [story.title, ...story.paragraphs].some((paragraph) => holds(wordsOf(paragraph), phrase))
  const comment = story.comments.find((each) => each.id === match[2])
  if (!comment) return false
  return holds(comment.lines.flatMap((line, index) => (comment.quoted[index] ? [] : wordsOf(line))), phrase)
}

/**
 * A story as its page shows it: from its record (every capture merged: a
 * comment a later capture added is in that capture's dump only), or from
 * the dump of its slug when there is no record.
 */
async function storyOf(dumps: string, slug: string): Promise<Story | null> {
  const record = await readFile(join(dumps, '..', 'stories', `${slug}.md`), 'utf8').catch(() => null)
  const read = record === null ? null : readRecord(record).record
  if (read) return read.story
  let names = slugsOf.get(dumps)
  if (!names) slugsOf.set(dumps, (names = new Map((await readdir(dumps)).filter((name) => name.endsWith('.txt')).map((name) => [slugify(basename(name, '.txt')), name]))))
  const name = names.get(slug)
  return name ? parseDump(await readFile(join(dumps, name), 'utf8')).story : null
}

/** Each dumps folder's dump names by their slug, read once. */
const slugsOf = new Map<string, Map<string, string>>()

/** Whether words hold a phrase in a row, its last word as it is or begun (a quote cut short). */
function holds(words: string[], phrase: string[]): boolean {
  const last = phrase.length - 1
  for (let i = 0; i + phrase.length <= words.length; i++) {
    if (phrase.every((word, j) => (j === last ? words[i + j]!.startsWith(word) : words[i + j] === word))) return true
  }
  return false
}

/** A line's words as a reader types them: lower case, punctuation removed. */
function wordsOf(line: string): string[] {
  return line
    .split(/\s+/)
    .map((word) => word.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ''))
    .filter(Boolean)
}

/** Where a line's runs of five words cross punctuation inside them: the word number each starts at. */
function punctuatedRuns(line: string): number[] {
  const tokens = line.split(/\s+/).filter((token) => /[\p{L}\p{N}]/u.test(token))
  const starts: number[] = []
  for (let start = 0; start + 5 <= tokens.length; start++) {
    if (tokens.slice(start, start + 4).some((token) => /[,;:()"'’-][^\p{L}\p{N}]*$/u.test(token) || /^[^\p{L}\p{N}]*[("'‘]/u.test(token))) starts.push(start)
  }
  return starts
}

/** The words on a third of the archive's stories or more (from up to 300 stories spread over it). */
async function commonWords(dumps: string, names: string[]): Promise<Set<string>> {
  const step = Math.max(1, Math.floor(names.length / 300))
  const stories = new Map<string, number>()
  let read = 0
  for (let i = 0; i < names.length; i += step) {
    const story = parseDump(await readFile(join(dumps, names[i]!), 'utf8')).story
    if (!story) continue
    read++
    const seen = new Set<string>()
    for (const comment of story.comments) for (const line of comment.lines) for (const word of wordsOf(line)) seen.add(word)
    for (const word of seen) stories.set(word, (stories.get(word) ?? 0) + 1)
  }
  return new Set([...stories].filter(([, count]) => count * 3 >= read).map(([word]) => word))
}
