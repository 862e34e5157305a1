/**
 * Phrases a reader remembers, for measuring search: five words in a row
 * from the own text of a comment (not what it quotes), from stories spread
 * evenly over the archive, oldest to newest, each with the address of the
 * comment that says it first (a reply may quote it inline: `You said "…"`).
 * Seeded: the same archive gives the same phrases.
 */
import { readdir, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { parseDump } from '../src/parse/parse-dump.ts'
import { slugify } from '../src/records/slug.ts'

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
export async function samplePhrases(dumps: string, count = 20, seed = 1): Promise<Phrase[]> {
  const names = (await readdir(dumps)).filter((name) => name.endsWith('.txt')).sort()
  let state = seed >>> 0
  const rand = (): number => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0
    return state / 2 ** 32
  }
  const phrases: Phrase[] = []
  for (let i = 0; i < count && names.length > 0; i++) {
    const name = names[Math.min(names.length - 1, Math.floor(((i + 0.5) / count) * names.length))]!
    const story = parseDump(await readFile(join(dumps, name), 'utf8')).story
    if (!story) continue
    /** Lines of eight words or more, each as its words. */
    const candidates: string[][] = []
    // Each comment's own words (not what it quotes), in order, to find who said a phrase first.
    const said: { id: string; words: string[] }[] = []
    for (const comment of story.comments) {
      const own: string[] = []
      for (const [index, line] of comment.lines.entries()) {
        if (comment.quoted[index]) continue
        const words = wordsOf(line)
        own.push(...words)
        if (words.length >= 8 && !line.includes('...')) candidates.push(words)
      }
      said.push({ id: comment.id, words: own })
    }
    if (candidates.length === 0) continue
    const words = candidates[Math.floor(rand() * candidates.length)]!
    const start = Math.floor(rand() * (words.length - 4))
    const phrase = words.slice(start, start + 5)
    // A reply may quote its parent inline, cut short (`You said "… the tabi"` of "the tabipo"): the phrase's comment
    // is the first to say it, its last word as typed or begun.
    const id = said.find((comment) => holds(comment.words, phrase))!.id
    phrases.push({ query: phrase.join(' '), url: `/stories/${slugify(basename(name, '.txt'))}/#${id}` })
  }
  return phrases
}

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
