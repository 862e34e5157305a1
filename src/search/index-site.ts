/**
 * Build the search index of a built site with Pagefind's Node API: the story
 * pages are read (they mark what is indexed with `data-pagefind-body`; lists
 * of stories are not read, they would only repeat titles), and the index with
 * Pagefind's browser bundle is written to `<site>/pagefind/`.
 *
 * The new index is written beside the old one and swapped in, so that a
 * rebuild never leaves the files of an older index behind. Problems come
 * back as data; nothing is printed.
 */
import { rename, rm, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { folderSize } from '../site/folder-size.ts'
import { excludeSelectors } from './exclusions.ts'

/** Configuration for {@link indexSite}. */
export interface IndexOptions {
  /** The built site's folder. */
  site: string
  /** Selectors of elements to leave out (default: {@link excludeSelectors}). */
  exclude?: readonly string[]
  /** Pages to read, a glob relative to the site (default: {@link storyPages}). */
  glob?: string
}

/** The story pages of a built site. */
export const storyPages = 'stories/*/index.html'

/** Why an index was not written. */
export type IndexProblemCode = 'NO_SITE' | 'PAGEFIND_UNAVAILABLE' | 'PAGEFIND_FAILED'

/** A problem with the index. */
export interface IndexProblem {
  code: IndexProblemCode
  message: string
}

/** What indexing did. */
export interface IndexResult {
  /** Whether the index was written. */
  ok: boolean
  /** Pages read (story pages, by default). */
  pages: number
  /** Files in `<site>/pagefind/` (index and browser bundle). */
  files: number
  /** Their bytes. */
  bytes: number
  problems: IndexProblem[]
}

/** The folder of the index inside the site. */
export const indexFolder = 'pagefind'

/** Indexes being built in this process: Pagefind's service is shared, and closed when none is. */
let active = 0

/**
 * Index a built site.
 *
 * @param options Configuration.
 * @returns What happened; `ok` is `false` with problems when Pagefind failed (the old index, if any, stays).
 */
export async function indexSite(options: IndexOptions): Promise<IndexResult> {
  const site = resolve(options.site)
  const next = join(site, `.${indexFolder}-next`)
  const old = join(site, `.${indexFolder}-old`)
  const failed = (code: IndexProblemCode, message: string): IndexResult => ({ ok: false, pages: 0, files: 0, bytes: 0, problems: [{ code, message }] })
  if (!(await stat(site).catch(() => null))?.isDirectory()) return failed('NO_SITE', `${options.site} is not a folder: build the site first`)
  await rm(next, { recursive: true, force: true })

  let pagefind: typeof import('pagefind')
  try {
    pagefind = await import('pagefind')
  } catch (error) {
    return failed('PAGEFIND_UNAVAILABLE', `cannot load the pagefind package (${messageOf(error)}): run \`npm install\``)
  }
  active++
  try {
    let created: Awaited<ReturnType<typeof pagefind.createIndex>>
    try {
      created = await pagefind.createIndex({ excludeSelectors: [...(options.exclude ?? excludeSelectors)] })
    } catch (error) {
      // The program comes with an optional dependency (@pagefind/<platform>-<arch>).
      return failed(
        'PAGEFIND_UNAVAILABLE',
        `cannot start Pagefind (${messageOf(error).split('\n')[0]}): its program for ${process.platform}-${process.arch} comes in an optional dependency; run \`npm install\` without \`--omit=optional\``
      )
    }
    const { index } = created
    if (!index || created.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not start an index: ${created.errors.join('; ')}`)
    const added = await index.addDirectory({ path: site, glob: options.glob ?? storyPages })
    if (added.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not read ${options.site}: ${added.errors.join('; ')}`)
    const written = await index.writeFiles({ outputPath: next })
    await index.deleteIndex()
    if (written.errors.length > 0) return failed('PAGEFIND_FAILED', `Pagefind could not write the index: ${written.errors.join('; ')}`)
    const target = join(site, indexFolder)
    await rm(old, { recursive: true, force: true })
    await rename(target, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error
    })
    await rename(next, target)
    await rm(old, { recursive: true, force: true })
    const { files, bytes } = await folderSize(target)
    return { ok: true, pages: added.page_count, files, bytes, problems: [] }
  } catch (error) {
    return failed('PAGEFIND_FAILED', `Pagefind failed: ${messageOf(error)}`)
  } finally {
    await rm(next, { recursive: true, force: true })
    if (--active === 0) await pagefind.close()
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}
