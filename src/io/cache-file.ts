/**
 * The build cache's files: one per kind of data and folder it describes,
 * named by a hash of the folder's absolute path, read as pairs and written
 * whole. A cache may be lost or broken at any time; reading one then gives
 * nothing, and the work is done again.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { writeFileAtomic } from './atomic.ts'

/**
 * Where the cache keeps one kind of data about a folder.
 *
 * @param cache The cache folder.
 * @param kind The kind and its version (`records-v2`).
 * @param folder The folder described (each has its own file).
 * @param suffix After the folder's hash (default: `.json`; `''` for a folder of files).
 * @returns `<cache>/<kind>/<16 hex digits of the folder's path><suffix>`.
 */
export function cacheFileFor(cache: string, kind: string, folder: string, suffix = '.json'): string {
  return join(cache, kind, `${createHash('sha256').update(resolve(folder)).digest('hex').slice(0, 16)}${suffix}`)
}

/**
 * What a JSON file holds, when it is an object: the one way the build reads
 * its caches and its own index files, any of which may be missing, cut
 * short by a killed build, or from another version.
 *
 * @param path The file.
 * @returns Its object, or `null` when the file is missing, unreadable, not JSON or not an object.
 */
export async function readJsonObject(path: string): Promise<Record<string, unknown> | null> {
  try {
    return asObject(JSON.parse(await readFile(path, 'utf8')))
  } catch {
    return null
  }
}

/** {@link readJsonObject}, synchronously (for a page that renders in Eleventy's synchronous filters). */
export function readJsonObjectSync(path: string): Record<string, unknown> | null {
  try {
    return asObject(JSON.parse(readFileSync(path, 'utf8')))
  } catch {
    return null
  }
}

/** An object, or `null` for any other JSON value. */
function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
}

/**
 * Read the pairs a cache file keeps under a field. Pairs, not an object:
 * a key may be `__proto__`.
 *
 * @param path The cache file.
 * @param field The field holding `[key, value]` pairs.
 * @returns The pairs (none when the file is missing or unreadable).
 */
export async function readCachedPairs<T>(path: string, field: string): Promise<Map<string, T>> {
  const pairs = (await readJsonObject(path))?.[field]
  return new Map(Array.isArray(pairs) ? (pairs as [string, T][]) : [])
}

/**
 * Write a cache file whole, its folder made first.
 *
 * @param path The cache file.
 * @param data What it keeps, as JSON.
 */
export async function writeCacheFile(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  await writeFileAtomic(path, JSON.stringify(data) + '\n')
}
