/**
 * A small picture of a story's discussion, made at build time: how the
 * comments scored, and the shape of each thread (its size, and how many
 * comments sit at each depth). Colours come from the stylesheet (classes),
 * so the picture follows dark mode and print.
 */
import { scoreRange } from '../parse/score.ts'

/** What the picture is drawn from. */
export interface Shape {
  /** Each shown comment's score, clamped to the score range (`clampScore`). */
  scores: readonly number[]
  /** Per thread in page order: comments at depth 0, 1, 2… */
  threads: readonly (readonly number[])[]
}

const HEIGHT = 150
const BASE = 118
const TALL = 88
/** The scores' picture's width. */
const SCORES_WIDTH = 246
/** The threads' picture's width, and the room for their bars. */
const THREADS_WIDTH = 338
const THREADS_X = 4
const BARS_WIDTH = THREADS_WIDTH - THREADS_X - 4
/** Depth shades: `d0`…`d7`, deeper ones share the last. */
const SHADES = 8

/**
 * Draw the picture.
 *
 * @param shape Scores and thread shapes.
 * @param id Prefix of the ids of the picture's title and description (default: `'shape'`).
 * @returns Two `<svg>` elements as a string, the scores' and the threads' (side by side on a wide
 *   screen, one above the other on a phone, where each keeps its text at least 11 px high); they
 *   hold numbers only, no text from a dump.
 */
export function shapeSvg(shape: Shape, id = 'shape'): string {
  // Bars of a colour are one path (a rectangle each: `M x y h w v h h -w z`); numbers are `text` centred under or over them.
  const texts: string[] = []
  const bars: string[] = []
  const counts = scoreRange().map((score) => shape.scores.filter((value) => value === score).length)
  const most = Math.max(1, ...counts)
  texts.push(`<text x="6" y="14" class="h">Scores</text>`)
  counts.forEach((count, index) => {
    const x = 8 + index * 34
    const height = Math.round((count / most) * TALL)
    if (height > 0) bars.push(box(x, BASE - height, 28, height))
    texts.push(`<text x="${x + 14}" y="${BASE - height - 4}">${count}</text><text x="${x + 14}" y="${BASE + 16}">${index - 1}</text>`)
  })

  const scoreTexts = texts.splice(0)
  const scoreBars = bars.length > 0 ? `<path class="bar" d="${bars.join('')}"/>` : ''

  const threads = shape.threads.slice(0, BARS_WIDTH)
  const sizes = threads.map((depths) => depths.reduce((sum, n) => sum + n, 0))
  const largest = Math.max(1, ...sizes)
  const deepest = Math.max(0, ...threads.map((depths) => depths.length - 1))
  const step = threads.length > 0 ? Math.min(40, BARS_WIDTH / threads.length) : 40
  const gap = step >= 4 ? Math.min(4, step / 4) : 0
  texts.push(`<text x="${THREADS_X}" y="14" class="h">Threads</text>`)
  const shades: string[][] = Array.from({ length: SHADES }, () => [])
  threads.forEach((depths, index) => {
    const x = round(THREADS_X + index * step)
    const width = round(step - gap)
    let y = BASE
    // One rectangle per shade: the deepest levels share one.
    for (let shade = 0; shade < SHADES; shade++) {
      const count = shade < SHADES - 1 ? (depths[shade] ?? 0) : depths.slice(shade).reduce((sum, n) => sum + n, 0)
      const height = (count / largest) * TALL
      if (height <= 0) continue
      y -= height
      shades[shade]!.push(box(x, round(y), width, round(height)))
    }
    if (step >= 16) texts.push(`<text x="${round(x + width / 2)}" y="${round(y - 4)}">${sizes[index]}</text>`)
  })
  const paths: string[] = []
  shades.forEach((boxes, shade) => {
    if (boxes.length > 0) paths.push(`<path class="d${shade}" d="${boxes.join('')}"/>`)
  })
  texts.push(`<line class="axis" x1="${THREADS_X}" y1="${BASE + 0.5}" x2="${THREADS_WIDTH - 4}" y2="${BASE + 0.5}"/>`)
  texts.push(
    `<text x="${THREADS_X}" y="${BASE + 16}" class="s">${shape.threads.length} threads · largest ${Math.max(0, ...sizes)} · deepest ${deepest} ${deepest === 1 ? 'reply' : 'replies'} down</text>`
  )

  const scores = `Scores: ${counts.map((count, index) => `${count} at ${index - 1}`).join(', ')}.`
  const shapeText = `${shape.threads.length} threads; the largest has ${Math.max(0, ...sizes)} comments; the deepest goes ${deepest} replies down.`
  return svg(`${id}-s`, SCORES_WIDTH, 'Scores', scores, scoreBars + scoreTexts.join('')) + svg(`${id}-t`, THREADS_WIDTH, 'Thread shape', shapeText, paths.join('') + texts.join(''))
}

/** One picture, described. */
function svg(id: string, width: number, title: string, description: string, content: string): string {
  return (
    `<svg class="shape" role="img" viewBox="0 0 ${width} ${HEIGHT}" aria-labelledby="${id}-title ${id}-desc">` +
    `<title id="${id}-title">${title}</title><desc id="${id}-desc">${description}</desc>` +
    content +
    '</svg>'
  )
}

/** A rectangle as a closed subpath of a path's `d`. */
function box(x: number, y: number, width: number, height: number): string {
  return `M${x} ${y}h${width}v${height}h${-width}z`
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
