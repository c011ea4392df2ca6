/**
 * Loopback servers that fail in one specific way, for transport tests (curl exit codes:
 * 7 refused, 28 timeout, 35 TLS, 60-ish certificate problems, 52/56 empty reply/reset).
 *
 * | kind                 | what the client experiences                                          |
 * |----------------------|----------------------------------------------------------------------|
 * | `refuse`             | ECONNREFUSED: the port was bound, then released                      |
 * | `blackhole`          | TCP connects, then nothing ever comes back (read/TLS timeout)        |
 * | `reset`              | TCP connects, then RST (ECONNRESET) before any byte                  |
 * | `reset-mid-response` | TLS ok, request read, half a response, then RST                      |
 * | `reset-after-request`| TLS ok, request read, then RST before any byte of a response         |
 * | `close-after-request`| TLS ok, request read, then a clean close (FIN) with no response      |
 * | `tls-garbage`        | TCP connects, server speaks plain HTTP: the TLS handshake fails       |
 * | `trickle`            | TLS ok, a valid response written one byte per `trickleIntervalMs`    |
 * | `wrong-name`         | HTTPS, trusted certificate for `wrong-name.pvapi.invalid` only        |
 * | `expired`            | HTTPS, trusted certificate that expired yesterday                    |
 * | `untrusted`          | HTTPS, certificate from a root the client does not trust             |
 *
 * A true SYN black hole (connect timeout) cannot be made on loopback without privileges;
 * `blackhole` covers "accepts, never answers", which is what a stalled VPCE looks like
 * after the handshake.
 */
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import { createServer as createHttpsServer } from 'node:https'
import { createTestPki, type CertAndKey } from './test-ca.js'

export type FaultKind =
  | 'refuse'
  | 'blackhole'
  | 'reset'
  | 'reset-mid-response'
  | 'reset-after-request'
  | 'close-after-request'
  | 'tls-garbage'
  | 'trickle'
  | 'wrong-name'
  | 'expired'
  | 'untrusted'

export interface FaultServerOptions {
  /** @default '127.0.0.1' */
  readonly address?: string
  /** Names the certificate should carry (not for `wrong-name`). @default localhost, 127.0.0.1 and the gateway wildcards */
  readonly dnsNames?: readonly string[]
  /** `trickle`: delay between bytes. @default 1000 */
  readonly trickleIntervalMs?: number
}

export interface FaultServer {
  readonly kind: FaultKind
  readonly host: string
  readonly port: number
  /** The trusted test root (for TLS kinds). `untrusted` is signed by another root. */
  readonly caPem: string
  /** `https://{hostname}:{port}{path}` */
  url(hostname: string, path?: string): string
  /** Connections accepted so far (0 for `refuse`). */
  connections(): number
  close(): Promise<void>
}

const FAULT_DNS_NAMES = [
  'localhost',
  '*.execute-api.us-east-1.amazonaws.com',
  '*.execute-api.us-east-1.vpce.amazonaws.com',
]
const OK_BODY = '{"ok":true}'
const OK_RESPONSE = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${OK_BODY.length}\r\nconnection: close\r\n\r\n${OK_BODY}`

export async function startFaultServer(kind: FaultKind, opts: FaultServerOptions = {}): Promise<FaultServer> {
  const pki = await createTestPki()
  const address = opts.address ?? '127.0.0.1'
  const names = { dnsNames: opts.dnsNames ?? FAULT_DNS_NAMES, ipAddresses: [address] }
  const sockets = new Set<Socket>()
  const timers = new Set<NodeJS.Timeout>()
  let accepted = 0
  const track = (s: Socket) => {
    accepted++
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
    s.on('error', () => {}) // resets are the point here
  }

  const certFor = async (): Promise<CertAndKey> => {
    if (kind === 'wrong-name') return pki.wrongNameCert()
    if (kind === 'expired') return pki.expiredCert(names)
    if (kind === 'untrusted') return pki.untrustedCert(names)
    return pki.issueServerCert({ cn: `fault ${kind}`, ...names })
  }

  let server: TcpServer
  switch (kind) {
    case 'refuse': {
      // Bind to learn a free port, then release it: connecting now gets ECONNREFUSED.
      const probe = createTcpServer()
      await listen(probe, address)
      const port = (probe.address() as { port: number }).port
      await new Promise<void>(r => probe.close(() => r()))
      return result(
        kind,
        address,
        port,
        pki.caPem,
        () => 0,
        async () => {},
      )
    }
    case 'blackhole':
      server = createTcpServer(s => track(s)) // hold it open, say nothing
      break
    case 'reset':
      server = createTcpServer(s => {
        track(s)
        s.resetAndDestroy()
      })
      break
    case 'tls-garbage':
      server = createTcpServer(s => {
        track(s)
        // What a plain-HTTP listener says to a TLS ClientHello.
        s.end(
          'HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\nconnection: close\r\n\r\nThis is not TLS.\r\n',
        )
      })
      break
    case 'reset-mid-response':
    case 'reset-after-request':
    case 'close-after-request':
    case 'trickle': {
      const cert = await certFor()
      server = createTlsServer({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' }, tls => {
        let seen = ''
        tls.on('data', (chunk: Buffer) => {
          seen += chunk.toString('latin1')
          if (!seen.includes('\r\n\r\n')) return
          if (kind === 'reset-after-request') {
            ;(tls as unknown as { _parent?: Socket })._parent?.resetAndDestroy() ?? tls.destroy()
            return
          }
          if (kind === 'close-after-request') {
            tls.end()
            return
          }
          if (kind === 'reset-mid-response') {
            tls.write(OK_RESPONSE.slice(0, 40), () =>
              setImmediate(
                () => (tls as unknown as { _parent?: Socket })._parent?.resetAndDestroy() ?? tls.destroy(),
              ),
            )
            return
          }
          let i = 0
          const tick = () => {
            if (tls.destroyed) return
            tls.write(OK_RESPONSE.charAt(i++))
            if (i < OK_RESPONSE.length) schedule()
            else tls.end()
          }
          const schedule = () => {
            const t = setTimeout(() => {
              timers.delete(t)
              tick()
            }, opts.trickleIntervalMs ?? 1000)
            timers.add(t)
          }
          seen = ''
          tick()
        })
        tls.on('error', () => {})
      })
      server.on('connection', track)
      break
    }
    case 'wrong-name':
    case 'expired':
    case 'untrusted': {
      const cert = await certFor()
      server = createHttpsServer(
        { cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' },
        (_req, res) => {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(OK_BODY)
        },
      )
      server.on('connection', track)
      server.on('tlsClientError', () => {})
      break
    }
  }
  await listen(server, address)
  const port = (server.address() as { port: number }).port
  return result(
    kind,
    address,
    port,
    pki.caPem,
    () => accepted,
    async () => {
      for (const t of timers) clearTimeout(t)
      timers.clear()
      const closed = new Promise<void>(r => server.close(() => r()))
      for (const s of sockets) s.destroy()
      await closed
    },
  )
}

function result(
  kind: FaultKind,
  host: string,
  port: number,
  caPem: string,
  connections: () => number,
  close: () => Promise<void>,
): FaultServer {
  return {
    kind,
    host,
    port,
    caPem,
    url: (hostname, path = '/') => `https://${hostname}:${port}${path}`,
    connections,
    close,
  }
}

function listen(server: TcpServer, address: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, address, () => {
      server.off('error', reject)
      resolve()
    })
  })
}
