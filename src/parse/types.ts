/**
 * Types shared by every stage of the dump parser.
 */

/** How a comment's parent was chosen. */
export type ParentBy =
  /** A top-level comment: no parent. */
  | 'root'
  /** A first line or a `> ` line repeats (part of) a line of the parent. */
  | 'quote'
  /** The printed subject is the default subject of a reply to the parent, and of no other candidate. */
  | 'subject'
  /** A phrase in quotation marks inside a sentence repeats the parent. */
  | 'inline-quote'
  /** No evidence: the comment right above (page order). */
  | 'order'

/** Moderation labels of the source site. Forks add others; those are kept with a warning. */
export const KNOWN_LABELS = [
  'Insightful',
  'Interesting',
  'Informative',
  'Funny',
  'Offtopic',
  'Flamebait',
  'Troll',
  'Redundant'
] as const

/** Codes of every problem the parser reports. */
export type MessageCode =
  | 'EMPTY_FILE'
  | 'BLANK_FILE'
  | 'NOT_TEXT'
  | 'NOT_UTF8'
  | 'NO_HEADER'
  | 'MISSING_COUNT'
  | 'NUMBER_TOO_LARGE'
  | 'REPEATED_STORY'
  | 'UNKNOWN_LABEL'
  | 'SCORE_OUT_OF_RANGE'
  | 'ORPHAN_REPLY'
  | 'NO_COMMENTS'
  | 'MORE_COMMENTS_THAN_STATED'

/** A problem found in a dump or a record: data, not an exception. */
export interface Message<Code extends string = MessageCode> {
  code: Code
  /** `fatal` problems mean no record can be made; `warning`s are reported and the story is kept. */
  severity: 'fatal' | 'warning'
  /** 1-based line in the file. */
  line: number
  /** 1-based column in the file. */
  column: number
  /** What is wrong, for a person. */
  message: string
}

/** One comment of a story, placed in the reply tree. */
export interface Comment {
  /** URL-safe id, unique in the story, derived from the comment's content. */
  id: string
  /** Id of the parent comment, or `null` for a top-level comment. */
  parent: string | null
  /** How `parent` was chosen. */
  parentBy: ParentBy
  /** 0 for a top-level comment, parent's depth + 1 otherwise. */
  depth: number
  /** The subject exactly as printed (`Re:` when that is all the dump shows). */
  subject: string
  /** Score from -1 to 5 (kept as printed when outside). */
  score: number
  /** Moderation label, or `null`. */
  label: string | null
  /** The comment's non-empty lines, exactly as in the dump (trailing whitespace removed). */
  lines: string[]
  /** For each line: whether it quotes another text (a `> ` line, or a repeat of the parent or the story). */
  quoted: boolean[]
  /** Of a story merged from several captures: the comment's score and label in each capture that has it, oldest first (see `mergeCaptures`). */
  seen?: Seen[] | undefined
}

/** A comment as one capture showed it. */
export interface Seen {
  /** The capture, 0 for the first (oldest). */
  capture: number
  score: number
  label: string | null
}

/** A parsed story dump. */
export interface Story {
  title: string
  /** Source domain, or `null` when the header names none. */
  source: string | null
  /** How many comments the site had on the story (the dump usually holds fewer). */
  commentCount: number
  /** The lead-in line ("X writes:"), or `null`. */
  byline: string | null
  /** The story's paragraphs, hard-wrapped lines joined, verbatim repeats removed. */
  paragraphs: string[]
  /** Comments in page order. */
  comments: Comment[]
}

/** What the parser returns: a story when the dump had no fatal problem, and every problem found. */
export interface ParseResult {
  story: Story | null
  messages: Message[]
}
