/**
 * `scrollback serve [--out DIR] [--port N] [--host ADDR]`: serve a built site.
 */
import type { Command } from './command.ts'

export const serveCommand: Command = {
  name: 'serve',
  usage: 'scrollback serve [--out DIR] [--port N] [--host ADDR]',
  summary: 'Preview the built site in DIR on 127.0.0.1:PORT (default 8080) until stopped with Ctrl-C.',
  help: `Options:
  --out DIR      the built site (default: _site)
  --port N       port (default: $PORT, else 8080; 0 picks a free one)
  --host ADDR    address to listen on (default: 127.0.0.1, this machine only;
                 0.0.0.0 or :: for every interface)
  -h, --help`,
  options: { out: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
  async run({ values, positionals }, io) {
    if (positionals.length > 0) return io.usage('serve takes no arguments')
    const rawPort = typeof values.port === 'string' ? values.port : (process.env.PORT ?? '8080')
    const port = Number(rawPort)
    if (!/^\d+$/.test(rawPort) || port > 65535) return io.usage(`the port must be a number from 0 to 65535, not \`${rawPort}\``)
    const dir = typeof values.out === 'string' ? values.out : '_site'
    const { NoSiteError, serveSite } = await import('../site/serve.ts')
    let server
    try {
      server = await serveSite({ dir, port, ...(typeof values.host === 'string' ? { host: values.host } : {}) })
    } catch (error) {
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
    await new Promise<void>((done) => {
      const stop = (): void => {
        process.off('SIGINT', stop)
        process.off('SIGTERM', stop)
        done()
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
    })
    await server.close()
    return 0
  }
}
