/**
 * Loopback servers for the fault tests that test/support does not have: one that answers each
 * request path with raw bytes over TLS (protocol garbage, hostile status lines), and one that
 * streams a generated body of any size with backpressure (responses larger than memory).
 */
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https'
import type { Socket } from 'node:net'
import { createServer as createTlsServer, type Server as TlsServer, type TLSSocket } from 'node:tls'
import { createTestPki } from '../support/test-ca.js'

const NAMES = { dnsNames: ['*.execute-api.us-east-1.amazonaws.com', 'localhost'], ipAddresses: ['127.0.0.1'] }

export interface LoopbackServer {
  readonly port: number
  /** The root that signed the certificate (for --cacert). */
  readonly caPem: string
  /** Requests (or connections, for the raw server) seen so far. */
  readonly seen: string[]
  close(): Promise<void>
}

function closer(server: TlsServer | HttpsServer, sockets: Set<Socket>, timers: Set<NodeJS.Timeout>) {
  return async () => {
    for (const t of timers) clearTimeout(t)
    const closed = new Promise<void>(r => server.close(() => r()))
    for (const s of sockets) s.destroy()
    await closed
  }
}

function track(server: TlsServer | HttpsServer, sockets: Set<Socket>): void {
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => undefined)
  })
  server.on('tlsClientError', () => undefined)
}

async function listen(server: TlsServer | HttpsServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  return (server.address() as { port: number }).port
}

/**
 * HTTPS in name only: reads the request head, then writes `responses[path]` byte for byte
 * (a function may also stall or end the socket itself). The first path segment picks it.
 */
export async function startRawTlsServer(opts: {
  cn?: string
  responses: Record<string, string | Buffer | ((socket: TLSSocket) => void)>
}): Promise<LoopbackServer> {
  const pki = await createTestPki()
  const cert = await pki.issueServerCert({ ...NAMES, ...(opts.cn ? { cn: opts.cn } : {}) })
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const server = createTlsServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' }, tls => {
    let head = ''
    tls.on('error', () => undefined)
    tls.on('data', (chunk: Buffer) => {
      if (head.includes('\r\n\r\n')) return
      head += chunk.toString('latin1')
      if (!head.includes('\r\n\r\n')) return
      const path = /^\S+ \/([^/?\s]*)/.exec(head)?.[1] ?? ''
      seen.push(path)
      const answer = opts.responses[path]
      if (typeof answer === 'function') answer(tls)
      else tls.end(answer ?? 'HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n')
    })
  })
  track(server, sockets)
  const port = await listen(server)
  return { port, caPem: pki.caPem, seen, close: closer(server, sockets, new Set()) }
}

/**
 * A real HTTPS server whose paths stream `mib` MiB of a repeating pattern with backpressure:
 * `/big-<mib>` (200), `/err-<mib>` (500), `/slow-<mib>` (one MiB every 100 ms). Never holds more
 * than one MiB itself.
 */
export async function startStreamingServer(): Promise<LoopbackServer & { readonly chunk: Buffer }> {
  const pki = await createTestPki()
  const cert = await pki.issueServerCert(NAMES)
  const seen: string[] = []
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  const chunk = Buffer.alloc(1024 * 1024)
  for (let i = 0; i < chunk.length; i++) chunk[i] = i % 251
  const server = createHttpsServer(
    { cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' },
    (req, res) => {
      seen.push(req.url ?? '')
      const m = /^\/(?:prod\/)?(big|err|slow)-(\d+)/.exec(req.url ?? '')
      if (!m) {
        res.writeHead(404).end()
        return
      }
      const [, kind, count] = m
      const total = Number(count)
      res.writeHead(kind === 'err' ? 500 : 200, {
        'content-type': 'application/octet-stream',
        'content-length': String(total * chunk.length),
      })
      let sent = 0
      if (kind === 'slow') {
        const tick = () => {
          if (res.destroyed) return
          if (sent++ >= total) return void res.end()
          res.write(chunk)
          const t = setTimeout(() => {
            timers.delete(t)
            tick()
          }, 100)
          timers.add(t)
        }
        return tick()
      }
      const pump = () => {
        while (sent < total) {
          sent++
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        res.end()
      }
      pump()
    },
  )
  track(server, sockets)
  const port = await listen(server)
  return { port, caPem: pki.caPem, seen, chunk, close: closer(server, sockets, timers) }
}
