/**
 * Serve a built site: static files by sirv on node:http, the site's own
 * `404.html` for anything missing.
 */
import { readFile, stat } from 'node:fs/promises'
import { createServer, type Server as HttpServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join, resolve } from 'node:path'
import sirv from 'sirv'

/** Configuration for {@link serveSite}. */
export interface ServeOptions {
  /** The built site's folder. */
  dir: string
  /** Port (default: `8080`; `0` picks a free one). */
  port?: number
  /** Address to listen on (default: every interface). */
  host?: string
}

/** A running server. */
export interface RunningServer {
  /** Where it answers, e.g. `http://localhost:8080/`. */
  url: string
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
  const notFound = await readFile(join(dir, '404.html')).catch(() => null)
  const files = sirv(dir, {
    dev: false,
    etag: true,
    dotfiles: false,
    setHeaders: (res) => {
      res.setHeader('X-Content-Type-Options', 'nosniff')
    }
  })
  const server: HttpServer = createServer((req, res) => {
    files(req, res, () => {
      res.statusCode = 404
      if (notFound) {
        res.setHeader('Content-Type', 'text/html; charset=utf-8')
        res.end(req.method === 'HEAD' ? undefined : notFound)
      } else {
        res.setHeader('Content-Type', 'text/plain; charset=utf-8')
        res.end('Not found\n')
      }
    })
  })
  await new Promise<void>((done, fail) => {
    server.once('error', fail)
    if (options.host === undefined) server.listen(options.port ?? 8080, done)
    else server.listen(options.port ?? 8080, options.host, done)
  })
  const { port } = server.address() as AddressInfo
  const host = options.host === undefined || options.host === '0.0.0.0' || options.host === '::' ? 'localhost' : options.host
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((done, fail) => {
        server.close((error) => (error ? fail(error) : done()))
        server.closeAllConnections()
      })
  }
}
