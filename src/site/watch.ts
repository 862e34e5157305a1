/**
 * Rebuild the site when the content changes, as Eleventy's and Hugo's
 * servers do: a dump added or edited in `dumps/`, a record edited in
 * `stories/`. Changes that come while a build runs make one more build
 * after it; a burst of changes (an editor's save, a copied folder) makes
 * one build. Files whose name starts with a dot are not content (the lock,
 * temporary files of atomic writes), and the records a build writes itself
 * start no build. A folder replaced (moved away and made again, removed
 * and restored, as checkouts and rsync do) is watched again under its name.
 */
import { watch, type FSWatcher } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join, resolve } from 'node:path'

/** Configuration for {@link watchContent}. */
export interface WatchOptions {
  /** The content folder, holding `dumps/` and `stories/`. */
  content: string
  /** Build the site (it reports its own outcome); resolves to the files under the content folder it wrote. */
  rebuild: () => Promise<readonly string[]>
  /** Told what a build threw (the watch goes on). */
  onError: (error: unknown) => void
  /** Milliseconds of quiet after a change before the build starts (default: 200). */
  quietMs?: number
}

/** A running watch. */
export interface ContentWatch {
  /** Build now (after a build under way), as a change would; resolves when that build has ended. */
  build(): Promise<void>
  /** Stop watching; resolves once a build under way has ended. */
  close(): Promise<void>
}

/** The folders of the content folder that a build is made from. */
const WATCHED = ['dumps', 'stories']

/**
 * Whether a changed path (relative to the content folder) is content a build reads.
 *
 * @param path Relative to the content folder (`stories/a.md`).
 * @returns `true` for a file under `dumps/` or `stories/` whose name does not start with a dot.
 */
export function isContentChange(path: string): boolean {
  const [folder, name, ...deeper] = path.split(/[\\/]/)
  // The two folders are flat (see `listFiles`): a name inside them, not the folder itself nor a folder within.
  return folder !== undefined && WATCHED.includes(folder) && name !== undefined && name !== '' && deeper.length === 0 && !name.startsWith('.')
}

/**
 * Watch the content folder and rebuild on changes.
 *
 * @param options What to watch, and how to build.
 * @returns The watch, to close.
 */
export async function watchContent(options: WatchOptions): Promise<ContentWatch> {
  for (const folder of WATCHED) await mkdir(join(options.content, folder), { recursive: true })
  const quietMs = options.quietMs ?? 200
  let timer: NodeJS.Timeout | null = null
  let running: Promise<void> | null = null
  /** Content changed while a build ran: each file's absolute path. */
  const changed = new Set<string>()
  let closed = false

  const start = (): void => {
    timer = null
    if (closed) return
    changed.clear()
    running = (async () => {
      let own: readonly string[] = []
      try {
        own = await options.rebuild()
      } catch (error) {
        options.onError(error)
      } finally {
        running = null
        for (const file of own) changed.delete(resolve(file))
        if (changed.size > 0 && !closed) schedule()
      }
    })()
  }
  const schedule = (): void => {
    if (running) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(start, quietMs)
  }
  // One watcher a folder, not a recursive one: Node 20's recursive watch on Linux loses a file once it is replaced by a rename,
  // as atomic writes (ingest's, an editor's) replace it; and it takes a watch a file.
  const watchers = new Map<string, FSWatcher>()
  /** Watch a folder of the content folder (again): a watch follows the folder it began on, not its name. */
  const arm = (folder: string): void => {
    watchers.get(folder)?.close()
    watchers.delete(folder)
    try {
      const watcher = watch(join(options.content, folder), (_event, name) => {
        const path = `${folder}/${String(name)}`
        if (name === null || !isContentChange(path)) return
        changed.add(resolve(options.content, path))
        schedule()
      }).on('error', (error) => {
        // The folder went away (removed, or renamed with its watch): the content folder's watch arms it again when it is back.
        if ((error as NodeJS.ErrnoException).code !== 'EPERM' && (error as NodeJS.ErrnoException).code !== 'ENOENT') options.onError(error)
      })
      watchers.set(folder, watcher)
    } catch (error) {
      // Not there now (removed, as a checkout or rsync does): armed when it comes back.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  for (const folder of WATCHED) arm(folder)
  // The content folder itself, for its two folders replaced (`mv dumps old && mkdir dumps`, a checkout, rsync): each is
  // watched again under its name, and a build runs, since its files may all have changed.
  const top = watch(options.content, (_event, name) => {
    if (closed || name === null || !WATCHED.includes(String(name))) return
    arm(String(name))
    changed.add(resolve(options.content, String(name)))
    schedule()
  }).on('error', (error) => options.onError(error))
  return {
    async build() {
      while (running) await running
      if (timer) clearTimeout(timer)
      start()
      await running
    },
    async close() {
      closed = true
      top.close()
      for (const watcher of watchers.values()) watcher.close()
      if (timer) clearTimeout(timer)
      await running
    }
  }
}
