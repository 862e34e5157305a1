/**
 * Make sure every body is in the render cache, rendering the missing ones
 * (each distinct body once, on every core when there are many).
 */
import { cacheKey, type RenderCache } from './cache.ts'
import { renderMarkdown } from './markdown.ts'
import { renderAll, type Options as RenderOptions } from './render-all.ts'

/** What {@link fillCache} did. */
export interface FillStats {
  /** Distinct bodies seen. */
  distinct: number
  /** Of those, rendered now (the rest came from the cache). */
  rendered: number
}

/**
 * Render the bodies the cache lacks, and mark every body used.
 *
 * @param cache The render cache.
 * @param bodies Markdown bodies (repeats are rendered once).
 * @param options Worker configuration (default: `{}`).
 * @returns Counts of distinct and newly rendered bodies.
 */
export async function fillCache(cache: RenderCache, bodies: Iterable<string>, options: RenderOptions = {}): Promise<FillStats> {
  const seen = new Set<string>()
  const missing = new Map<string, string>()
  for (const markdown of bodies) {
    const key = cacheKey(markdown)
    if (seen.has(key)) continue
    seen.add(key)
    if (cache.get(key) === undefined) missing.set(key, markdown)
  }
  const html = await renderAll([...missing.values()], options)
  let index = 0
  for (const key of missing.keys()) cache.set(key, html[index++]!)
  return { distinct: seen.size, rendered: missing.size }
}

/**
 * A body's HTML from the cache (rendering it when it is not there).
 *
 * @param cache The render cache.
 * @param markdown The body.
 * @returns Its HTML.
 */
export function cachedHtml(cache: RenderCache, markdown: string): string {
  const key = cacheKey(markdown)
  const html = cache.get(key)
  if (html !== undefined) return html
  const made = renderMarkdown(markdown)
  cache.set(key, made)
  return made
}
