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

/** A source domain: labels of letters, digits and inner hyphens, two or more, separated by dots. */
const domainPattern = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/

// The header lines are read from their end, without a regular expression over the whole line: a
// pattern such as `^(.*?)\s+(\d+)$` backtracks quadratically on a long run of spaces.

/**
 * Read the story header line.
 *
 * @param line The first non-blank line, trailing whitespace removed.
 * @returns Title, source domain (or `null`) and stated comment count (or `null` when missing).
 */
export function parseStoryHeader(line: string): StoryHeader {
  const text = line.trim()
  // `<rest><white space><digits>` at the end.
  let digits = text.length
  while (digits > 0 && isDigit(text.charCodeAt(digits - 1))) digits--
  const counted = digits < text.length && digits > 0 && /\s/.test(text[digits - 1]!)
  const rest = counted ? text.slice(0, digits).trimEnd() : text
  const commentCount = counted ? Number.parseInt(text.slice(digits), 10) : null
  // `<title> (<domain>)` at the end: the domain holds no parenthesis, so its `(` is the last one.
  const open = rest.endsWith(')') ? rest.lastIndexOf('(') : -1
  if (open !== -1) {
    const title = rest.slice(0, open).trim()
    const domain = rest.slice(open + 1, -1)
    if (title !== '' && domainPattern.test(domain)) return { title, source: domain.toLowerCase(), commentCount }
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
  // `<subject> (Score:<n>[, <label>])`: the group holds no other parenthesis, so its `(` is the last one.
  const open = line.lastIndexOf('(')
  if (!line.startsWith('(Score:', open)) return null
  const group = line.slice(open + 7, -1)
  const score = /^-?\d+/.exec(group)?.[0]
  if (score === undefined) return null
  const after = group.slice(score.length)
  let label: string | null = null
  if (after.startsWith(',')) label = after.slice(1).trim() || null
  else if (/[^ ]/.test(after)) return null
  const before = line.slice(0, open)
  return { subject: before.endsWith(' ') ? before.slice(0, -1) : before, score: Number.parseInt(score, 10) || 0, label }
}

/** Whether a character code is an ASCII digit. */
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57
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
