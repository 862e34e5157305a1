/**
 * A record's captures renamed in its text, the rest of it untouched: for a
 * record edited by hand, which ingest does not make again.
 */

/**
 * Name a record's captures anew: each `dump:` line of its front matter (the
 * first capture's, and each of `captures:`) that names a renamed dump.
 *
 * @param text The record's text.
 * @param renamed Each dump's old and new path, relative to the content folder.
 * @returns The text with those lines changed, every other byte as it was.
 */
export function renameDumps(text: string, renamed: readonly { from: string; to: string }[]): string {
  const to = new Map(renamed.map(({ from, to }) => [from, to]))
  const end = text.indexOf('\ncomments:')
  const head = end === -1 ? text : text.slice(0, end)
  const changed = head.replace(/^((?: {2})?(?:- )?dump: )(.*?)(\r?)$/gm, (line: string, key: string, value: string, cr: string) => {
    const dump = scalar(value.trim())
    const next = dump === null ? undefined : to.get(dump)
    // JSON's string is a YAML double-quoted scalar.
    return next === undefined ? line : `${key}${JSON.stringify(next)}${cr}`
  })
  return changed + (end === -1 ? '' : text.slice(end))
}

/** A plain, single- or double-quoted YAML scalar's value on one line, or `null`. */
function scalar(value: string): string | null {
  if (value.startsWith('"')) {
    try {
      return JSON.parse(value) as string
    } catch {
      return null
    }
  }
  if (value.startsWith("'")) return value.endsWith("'") ? value.slice(1, -1).replace(/''/g, "'") : null
  return value
}
