/**
 * What a browser fetches of the search index for one query: placeholder
 * until the search index exists (the search issue adds the measurement).
 */

/**
 * Bytes of index data a browser fetches for a typical query.
 *
 * @param site The built site.
 * @returns The bytes, or `null` when the site has no index.
 */
export async function measureQuery(site: string): Promise<number | null> {
  void site
  return null
}
