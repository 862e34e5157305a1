/**
 * Where each kind of page lives on the site: the one place that names the
 * site's addresses (modules and templates take them from here).
 */

/**
 * A story's page.
 *
 * @param slug The story's slug.
 * @returns `/stories/<slug>/`.
 */
export function storyPath(slug: string): string {
  return `/stories/${slug}/`
}

/**
 * A story page's file, relative to the site's folder.
 *
 * @param slug The story's slug (or a glob of slugs, `{a,b}`).
 * @returns `stories/<slug>/index.html`.
 */
export function storyFile(slug: string): string {
  return `${storyPath(slug).slice(1)}index.html`
}

/**
 * A page of a source's list of stories.
 *
 * @param slug The source's slug.
 * @param page 1-based (default: 1).
 * @returns `/sources/<slug>/`, `/sources/<slug>/page/2/`…
 */
export function sourcePath(slug: string, page = 1): string {
  return `/sources/${slug}/${page > 1 ? `page/${page}/` : ''}`
}

/**
 * A page of the home page's list of stories.
 *
 * @param page 1-based.
 * @returns `/`, `/page/2/`…
 */
export function homePath(page: number): string {
  return page > 1 ? `/page/${page}/` : '/'
}

/**
 * The index of stories by month.
 *
 * @returns `/months/`.
 */
export function monthsPath(): string {
  return '/months/'
}

/**
 * A month's list of stories.
 *
 * @param month `YYYY-MM`.
 * @returns `/months/2026-11/`.
 */
export function monthPath(month: string): string {
  return `/months/${month}/`
}
