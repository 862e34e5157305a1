/**
 * Serve a built site for preview: each request is answered by `send` (the
 * static file server behind Express's `serve-static`) from the folder as it
 * is at that moment, so a rebuild while serving is seen at once and a file it
 * removes is a 404, never a crash. The site's own `404.html` answers anything
 * missing. Every answer says `X-Content-Type-Options: nosniff`.
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import send from 'send'

/** Where a preview listens unless told otherwise: this machine only. */
export const DEFAULT_HOST = '127.0.0.1'

/** Configuration for {@link serveSite}. */
export interface ServeOptions {
  /** The built site's folder. */
  dir: string
  /** Port (default: `8080`; `0` picks a free one). */
  port?: number
  /** Address to listen on (default: {@link DEFAULT_HOST}; `0.0.0.0` or `::` for every interface). A blank one is the default: Node would take it for every interface. */
  host?: string
}

/** A running server. */
export interface RunningServer {
  /** Where it answers, e.g. `http://127.0.0.1:8080/`. */
  url: string
  /** The address it listens on, as the system reports it (`127.0.0.1`, `0.0.0.0`, `::`). */
  address: string
  port: number
  /** Stop listening and close open connections. */
  close(): Promise<void>
}

/** Why a site cannot be served. */
export class NoSiteError extends Error {
  override readonly name = 'NoSiteError'
}

/**
 * Serve a built site until closed.
 *
 * @param options Configuration.
 * @returns The running server.
 * @throws {NoSiteError} When the folder holds no built site.
 */
export async function serveSite(options: ServeOptions): Promise<RunningServer> {
  const dir = resolve(options.dir)
  const index = await stat(join(dir, 'index.html')).catch(() => null)
  if (!index?.isFile()) throw new NoSiteError(`${options.dir} holds no built site (no index.html): run \`scrollback build\` first`)
  const server: HttpServer = createServer((req, res) => {
    answer(dir, req, res).catch(() => fail(res, 500))
  })
  // Node listens on every interface when given an empty host: only an address named outright opens the preview to others.
  const host = options.host?.trim() || DEFAULT_HOST
  await new Promise<void>((done, failed) => {
    server.once('error', failed)
    server.listen(options.port ?? 8080, host, done)
  })
  const { port, address } = server.address() as AddressInfo
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host
  return {
    url: `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}/`,
    address,
    port,
    close: () =>
      new Promise<void>((done, failed) => {
        server.close((error) => (error ? failed(error) : done()))
        server.closeAllConnections()
      })
  }
}

/** Answer one request from the folder as it is now. */
async function answer(dir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('X-Content-Type-Options', 'nosniff')
  let pathname: string
  try {
    pathname = new URL(req.url ?? '/', 'http://preview.invalid').pathname
  } catch {
    return fail(res, 400)
  }
  // `send` resolves the path under `root` (refusing `..`), handles ranges, conditional requests and HEAD.
  send(req, pathname, { root: dir, dotfiles: 'ignore', index: ['index.html'], extensions: ['html'], etag: true, lastModified: true })
    .on('error', (error: { status?: number }) => {
      if (error.status === 404) void notFound(dir, req, res)
      else fail(res, error.status ?? 500)
    })
    .pipe(res)
}

/** The site's own 404 page, read when asked for (a rebuild may have changed it), else a line of text. */
async function notFound(dir: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const page = await readFile(join(dir, '404.html')).catch(() => null)
  if (res.headersSent) return void res.destroy()
  clearHeaders(res)
  res.statusCode = 404
  res.setHeader('Content-Type', page ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8')
  res.setHeader('Cache-Control', 'no-cache')
  res.end(req.method === 'HEAD' ? undefined : (page ?? 'Not found\n'))
}

/** A bare answer with a status; a response already under way is cut off. */
function fail(res: ServerResponse, status: number): void {
  if (res.headersSent) return void res.destroy()
  res.statusCode = status
  res.setHeader('Content-Type', 'text/plain; charset=utf-8')
  res.end(`${status === 400 ? 'Bad request' : status === 403 ? 'Forbidden' : status === 405 ? 'Method not allowed' : 'Error'}\n`)
}

/**
 * Drop what `send` set for a file it then could not read (removed between
 * its look and its read): its length, range and validators would describe
 * the missing file, not the answer. `nosniff` stays.
 */
function clearHeaders(res: ServerResponse): void {
  for (const name of res.getHeaderNames()) if (name !== 'x-content-type-options') res.removeHeader(name)
}
