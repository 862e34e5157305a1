/**
 * The parser's version, on its own so that checking whether a record is up
 * to date does not load the code that reads and writes records.
 */

/**
 * Version of the parser that wrote a record: records of an older parser are re-made from their dump.
  * 3: an empty comment's id no longer equals that of a comment reading `subject:` and its subject (see `upgradedIds`).
 * 4: a comment of a story merged from several captures keeps its score and label in each (`seen`).
 */
export const PARSER_VERSION = 4
