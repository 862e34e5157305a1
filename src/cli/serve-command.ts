/**
 * `scrollback serve [--out DIR] [--port N] [--host ADDR] [--watch [--content DIR] [--cache DIR] [--url URL]]`:
 * serve a built site; with `--watch`, build it first and again whenever the content changes.
 */
import { buildAndReport, optionText, urlProblem, type BuildReport } from './build-command.ts'
import type { Command } from './command.ts'

export const serveCommand: Command = {
  name: 'serve',
  usage: 'scrollback serve [--out DIR] [--port N] [--host ADDR] [--watch [--content DIR] [--cache DIR] [--url URL]]',
  summary: 'Preview the built site in DIR on 127.0.0.1:PORT (default 8080) until stopped with Ctrl-C.',
  help: `Options:
  --out DIR      the built site (default: _site)
  --port N       port (default: $PORT, else 8080; 0 picks a free one)
  --host ADDR    address to listen on (default: 127.0.0.1, this machine only;
                 0.0.0.0 or :: for every interface)
  --watch        build the site first, then again whenever a dump or record in
                 DIR/dumps or DIR/stories changes: reload the page to see it
  --content DIR  with --watch: the content folder (default: content)
  --cache DIR    with --watch: the build cache (default: .cache)
  --url URL      with --watch: the site's public address (as for build)
  -h, --help`,
  options: {
    out: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    watch: { type: 'boolean' },
    content: { type: 'string' },
    cache: { type: 'string' },
    url: { type: 'string' }
  },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) return io.usage('serve takes no arguments')
    const rawPort = typeof values.port === 'string' ? values.port : (process.env.PORT ?? '8080')
    const port = Number(rawPort)
    if (!/^\d+$/.test(rawPort) || port > 65535) return io.usage(`the port must be a number from 0 to 65535, not \`${rawPort}\``)
    const dir = typeof values.out === 'string' ? values.out : '_site'
    // An empty --host (an unset variable, `--host "$HOST"`) would listen on every interface: refused, not guessed at.
    if (typeof values.host === 'string' && values.host.trim() === '') return io.usage('--host needs an address (127.0.0.1, the default, for this machine only; 0.0.0.0 or :: for every interface), not an empty one')
    const text = (name: string): string | undefined => optionText(values, name)
    const watching = values.watch === true
    if (!watching && (text('content') ?? text('cache') ?? text('url')) !== undefined) return io.usage('--content, --cache and --url go with --watch')
    const url = text('url')
    const wrongUrl = urlProblem(url)
    if (wrongUrl) return io.usage(wrongUrl)
    const request = { out: dir, content: text('content'), cache: text('cache'), url }
    const content = request.content ?? 'content'
    // Watching begins before the first build, so that an edit made while it runs is built next.
    let watch: { build(): Promise<void>; close(): Promise<void> } | null = null
    if (watching) {
      const { watchContent } = await import('../site/watch.ts')
      let first = true
      watch = await watchContent({
        content,
        rebuild: async () => {
          if (!first) io.note(`serve: ${content} changed: building`)
          const report = await buildAndReport(request, io)
          if (!first) io.note(rebuiltNote(report))
          first = false
          return report.records
        },
        onError: (error) => io.note(`serve: ${error instanceof Error ? error.message : String(error)}`)
      })
      // Built first, so that what is served is current; a failed build still serves the site as it was, if there is one.
      await watch.build()
    }
    const { NoSiteError, serveSite } = await import('../site/serve.ts')
    let server
    try {
      server = await serveSite({ dir, port, ...(typeof values.host === 'string' ? { host: values.host } : {}) })
    } catch (error) {
      await watch?.close()
      if (error instanceof NoSiteError) {
        io.note(`scrollback serve: ${error.message}`)
        return 1
      }
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        io.note(`scrollback serve: port ${port} is in use: pick another with --port or PORT`)
        return 1
      }
      throw error
    }
    io.out(`Serving ${dir} at ${server.url} (Ctrl-C to stop)`)
    if (watching) io.out(`Watching ${content}/dumps and ${content}/stories: a change rebuilds the site`)
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        done()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await watch?.close()
    await server.close()
    return 0
  }
}

/**
 * What `serve --watch` says after a rebuild: a build that wrote the pages
 * and failed on the way (a dump it could not ingest) changed the site, and
 * only one that wrote nothing left it as it was.
 *
 * @param report How the build ended.
 * @returns The note.
 */
export function rebuiltNote(report: Pick<BuildReport, 'status' | 'pages'>): string {
  if (report.status === 0) return 'serve: built; reload the page to see it'
  if (report.pages) return 'serve: built, with problems (see above); reload the page to see what was built'
  return 'serve: the build failed (see above); the site is served as it was'
}
