/**
 * Dates in records: a story's `date` and `ingested`, a comment's `date`.
 * Only real calendar dates in ISO 8601 are dates: `2025-02-30`, `99999-01-01`
 * and `hello 5` are not (JavaScript's `Date.parse` takes all three).
 */
import * as z from 'zod'

/** `YYYY-MM-DD`, or a date and time with or without an offset (zod checks months, days and leap years). */
const isoDate = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: true })])

/** How a record's date is written, for messages. */
export const DATE_FORMS = 'YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with Z or an offset such as +02:00'

/**
 * The time a record's date stands for.
 *
 * @param value The field as read from YAML (a string; a `Date` when another YAML schema made one).
 * @returns Milliseconds since 1970 (a date without a time is midnight UTC; a time without an offset is UTC), or `null` when it is not a date.
 */
export function recordTime(value: string | Date): number | null {
  if (value instanceof Date) {
    const time = value.getTime()
    return Number.isNaN(time) || value.getUTCFullYear() < 0 || value.getUTCFullYear() > 9999 ? null : time
  }
  if (!isoDate.safeParse(value).success) return null
  // A time without an offset would be local to whoever builds: UTC makes every build agree.
  const time = Date.parse(value.length > 10 && !/(?:Z|[+-]\d\d(?::?\d\d)?)$/i.test(value) ? `${value}Z` : value)
  return Number.isNaN(time) ? null : time
}
