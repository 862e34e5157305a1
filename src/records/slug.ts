/**
 * File names for records.
 */

/** Longest slug, in characters. */
const MAX = 80

/**
 * Make a safe, readable slug: lower-case ASCII letters, digits and single
 * hyphens; never empty, never a path, never a reserved device name.
 *
 * @param name A dump's file name (without extension) or a title.
 * @returns The slug (`story` when nothing usable is left).
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, MAX)
    .replace(/^-+|-+$/g, '')
  if (slug === '') return 'story'
  return /^(con|prn|aux|nul|com\d|lpt\d)$/.test(slug) ? `${slug}-story` : slug
}

/**
 * A slug not yet taken: `slug`, else `slug-2`, `slug-3`… The caller adds
 * it to `taken`.
 *
 * @param slug The slug wanted.
 * @param taken Slugs already given.
 * @returns The first of those not in `taken`.
 */
export function uniqueSlug(slug: string, taken: ReadonlySet<string>): string {
  let free = slug
  for (let n = 2; taken.has(free); n++) free = `${slug}-${n}`
  return free
}
