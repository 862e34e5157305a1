/**
 * The build's task for ingest (`RecordTask` in `src/records/ingest.ts`): make
 * a record, and do what the build does next with it from the record read
 * once, on the thread that made it (a worker thread for many): keep its
 * story in the render cache with its bodies rendered from the parsed story
 * (see `storyPage`), so that its page reads no YAML and parses no markdown,
 * and give what the scan keeps of it (see `scanText`), so that the scan need
 * not read it. A {@link WorkerPool} task module; `stages/ingest.ts` hands it
 * to ingest.
 */
import { makeRecord, type MakeInput, type MakeOutput } from '../records/make-record.ts'
import { readRecord } from '../records/record.ts'
import { StoryRenderCache } from '../render/story-cache.ts'
import { storyPage } from '../render/story-page.ts'
import { scanText, type ScanOutput } from './scan-task.ts'

/** Where to keep a story in the render cache: its folder ({@link StoryRenderCache.folder}) and the story's slug. */
export interface RenderPlace {
  folder: string
  slug: string
}

/** What the task made of a record besides: its bodies rendered into the render cache, and what the scan keeps of it. */
export interface Rendered {
  /** Bodies rendered into the render cache (0 when the record did not read as one of its story). */
  rendered: number
  scan: ScanOutput
}

/**
 * Make a record ({@link makeRecord}) and, when given a place in the render
 * cache, keep its story there and sum it up for the scan. The cache file is
 * written before the record; it is found by the record's hash, so until the
 * record is written it is never taken for another.
 *
 * @param input The captures' bytes, the record's provenance, and where to keep the story.
 * @returns The record's text, or `null`, every problem, and the bodies rendered and what the scan keeps.
 */
export function handle(input: MakeInput<RenderPlace>): MakeOutput<Rendered> {
  const { story, ...made } = makeRecord(input)
  if (made.text === null || story === null || !input.given) return made
  const { folder, slug } = input.given
  const read = readRecord(made.text)
  const scan = scanText(made.text, slug, read)
  const page = scan.read && storyPage(story, scan.read.sha256, read.record)
  if (page) StoryRenderCache.at(folder).keep(slug, page)
  return { ...made, made: { rendered: page ? Object.keys(page.html).length : 0, scan } }
}
