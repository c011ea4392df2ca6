/**
 * A forward proxy on loopback, as a corporate proxy behaves: CONNECT tunnels (logged: target,
 * Proxy-Authorization) and plain-HTTP requests in absolute form (forwarded, logged). With
 * `auth`, anything without the right Basic credentials gets 407. `allowTargets` limits where
 * CONNECT may go (403 otherwise), and `redirectTo` makes the proxy dial another address than
 * the one asked for (the test's way of making "the proxy resolves the name" reach a fake).
 */
import { createServer, request as httpRequest, type IncomingMessage, type RequestListener } from 'node:http'
import { createServer as createTlsServer } from 'node:https'
import { connect, type AddressInfo, type Socket } from 'node:net'

export interface ProxyLogEntry {
  readonly kind: 'connect' | 'forward'
  /** CONNECT target (`host:port`) or the absolute URL of a forwarded request. */
  readonly target: string
  readonly proxyAuthorization?: string
  readonly status: number
}

export interface FakeProxy {
  readonly port: number
  readonly url: string
  readonly log: ProxyLogEntry[]
  close(): Promise<void>
}

export async function startFakeProxy(
  opts: {
    auth?: { user: string; password: string }
    /** Where a CONNECT to `host:port` is really dialled (default: host:port itself). */
    dial?: (host: string, port: number) => { host: string; port: number }
    /** Speak TLS to clients (an https:// proxy) with this certificate. */
    tls?: { cert: string; key: string }
  } = {},
): Promise<FakeProxy> {
  const log: ProxyLogEntry[] = []
  const expected = opts.auth
    ? `Basic ${Buffer.from(`${opts.auth.user}:${opts.auth.password}`).toString('base64')}`
    : undefined
  const authorized = (req: IncomingMessage) => !expected || req.headers['proxy-authorization'] === expected
  const sockets = new Set<Socket>()

  const handler: RequestListener = (req, res) => {
    // Plain HTTP through the proxy: the request line holds the absolute URL.
    const auth = req.headers['proxy-authorization']
    if (!authorized(req)) {
      log.push({
        kind: 'forward',
        target: req.url ?? '',
        ...(auth ? { proxyAuthorization: auth } : {}),
        status: 407,
      })
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end()
      return
    }
    const url = new URL(req.url ?? '/')
    log.push({
      kind: 'forward',
      target: url.href,
      ...(auth ? { proxyAuthorization: auth } : {}),
      status: 200,
    })
    const headers = { ...req.headers }
    delete headers['proxy-authorization']
    const up = httpRequest(
      {
        host: url.hostname,
        port: url.port || 80,
        method: req.method,
        path: url.pathname + url.search,
        headers,
      },
      upRes => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers)
        upRes.pipe(res)
      },
    )
    up.on('error', () => res.writeHead(502).end())
    req.pipe(up)
  }
  const server = opts.tls
    ? createTlsServer({ cert: opts.tls.cert, key: opts.tls.key }, handler)
    : createServer(handler)
  server.on(opts.tls ? 'secureConnection' : 'connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const target = req.url ?? ''
    const auth = req.headers['proxy-authorization']
    const entry = (status: number) =>
      log.push({ kind: 'connect', target, ...(auth ? { proxyAuthorization: auth } : {}), status })
    if (!authorized(req)) {
      entry(407)
      client.end(
        'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n',
      )
      return
    }
    const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(target)
    if (!m) {
      entry(400)
      client.end('HTTP/1.1 400 Bad Request\r\n\r\n')
      return
    }
    const where = opts.dial?.(m[1]!, Number(m[2])) ?? { host: m[1]!, port: Number(m[2]) }
    let open = false
    const upstream = connect(where.port, where.host, () => {
      open = true
      entry(200)
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      if (head.length > 0) upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('close', () => sockets.delete(upstream))
    upstream.on('error', () => {
      if (open) {
        client.destroy()
        return
      }
      entry(502)
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n')
    })
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: `${opts.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
