/**
 * Stage 2: recognise the story header line and comment header lines.
 */

/** The story header: `<title> [(<source>)] <comment count>`. */
export interface StoryHeader {
  title: string
  source: string | null
  /** `null` when the line has no trailing count. */
  commentCount: number | null
}

/** A comment header: `<subject> (Score:<n>[, <reason>])`. */
export interface CommentHeader {
  subject: string
  score: number
  label: string | null
}

const countPattern = /^(.*?)\s+(\d+)$/s
const sourcePattern = /^(.*?)\s*\(([A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+)\)$/s
const commentPattern = /^(.*?) ?\(Score:(-?\d+)(?:, *([^()]*?))? *\)$/s

/**
 * Read the story header line.
 *
 * @param line The first non-blank line, trailing whitespace removed.
 * @returns Title, source domain (or `null`) and stated comment count (or `null` when missing).
 */
export function parseStoryHeader(line: string): StoryHeader {
  const text = line.trim()
  const counted = countPattern.exec(text)
  const rest = counted ? counted[1]! : text
  const commentCount = counted ? Number.parseInt(counted[2]!, 10) : null
  const sourced = sourcePattern.exec(rest)
  if (sourced && sourced[1]!.trim() !== '') {
    return { title: sourced[1]!.trim(), source: sourced[2]!.toLowerCase(), commentCount }
  }
  return { title: rest.trim(), source: null, commentCount }
}

/**
 * Read a comment header line: a line that ends with the score group.
 *
 * @param line A line of the dump, trailing whitespace removed.
 * @returns The subject exactly as printed, score and label; `null` when the line is not a header.
 */
export function parseCommentHeader(line: string): CommentHeader | null {
  // Cheap test first: most lines are comment text.
  if (line.charCodeAt(line.length - 1) !== 41 /* ) */ || !line.includes('(Score:')) return null
  const match = commentPattern.exec(line)
  if (!match) return null
  const label = match[3]?.trim()
  return { subject: match[1]!, score: Number.parseInt(match[2]!, 10) || 0, label: label ? label : null }
}

/**
 * Whether a subject marks a reply (`Re:` first).
 *
 * @param subject The subject as printed.
 */
export function isReplySubject(subject: string): boolean {
  return /^re:/i.test(subject)
}

/**
 * The words a subject is about: without its `Re:` prefixes, trimmed. A
 * reply's default subject is `Re:` and the parent's words; a bare `Re:` has
 * none (the dump printed the default subject abbreviated).
 *
 * @param subject A subject as printed.
 * @returns The words, `''` for a bare `Re:`.
 */
export function subjectWords(subject: string): string {
  return subject.replace(/^(?:\s*re:)+/i, '').trim()
}
