/**
 * What the static hosts people publish on accept, and whether a built site
 * fits: the build says so before anyone uploads it. The limits are the
 * hosts' own documentation's (2026); `docs/publishing.md` lists them with
 * what an archive needs.
 */

/** One host's limits (a plan of it): files, whole-site bytes, bytes of one file; absent when it sets none. */
export interface HostLimit {
  host: string
  files?: number
  bytes?: number
  fileBytes?: number
}

/** The limits the build checks a site against. */
export const hostLimits: readonly HostLimit[] = [
  { host: 'GitHub Pages', bytes: 1_000_000_000 },
  { host: 'Cloudflare Pages (free plan)', files: 20_000, fileBytes: 25 * 1024 * 1024 },
  { host: 'Cloudflare Pages (paid plans)', files: 100_000, fileBytes: 25 * 1024 * 1024 },
  { host: 'GitLab Pages', files: 200_000, bytes: 1_000_000_000 }
]

/** What a built site holds: its files, their bytes, and its largest file. */
export interface SiteSize {
  files: number
  bytes: number
  largest: { path: string; bytes: number } | null
}

/**
 * The hosts a site is too large for, and why, one line each.
 *
 * @param size The site's size.
 * @param limits The limits to check (default: {@link hostLimits}).
 * @returns Sentences such as `Cloudflare Pages (free plan) takes at most 20,000 files: the site has 24,101`; empty when it fits everywhere.
 */
export function overLimits(size: SiteSize, limits: readonly HostLimit[] = hostLimits): string[] {
  const count = (n: number): string => n.toLocaleString('en-US')
  const over: string[] = []
  for (const limit of limits) {
    const why: string[] = []
    if (limit.files !== undefined && size.files > limit.files) why.push(`at most ${count(limit.files)} files: the site has ${count(size.files)}`)
    if (limit.bytes !== undefined && size.bytes > limit.bytes) why.push(`at most ${megabytes(limit.bytes)}: the site is ${megabytes(size.bytes)}`)
    if (limit.fileBytes !== undefined && size.largest !== null && size.largest.bytes > limit.fileBytes) {
      why.push(`files of at most ${megabytes(limit.fileBytes)}: ${size.largest.path} is ${megabytes(size.largest.bytes)}`)
    }
    if (why.length > 0) over.push(`${limit.host} takes ${why.join('; ')}`)
  }
  return over
}

/**
 * A site's size for people: `12,345 files, 678.9 MB`.
 *
 * @param size The site's size.
 * @returns The phrase.
 */
export function sizeText(size: SiteSize): string {
  return `${size.files.toLocaleString('en-US')} files, ${megabytes(size.bytes)}`
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`
}
