import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import http, { type Agent, type IncomingHttpHeaders } from 'node:http'
import https from 'node:https'
import { isIP, type Socket } from 'node:net'
import { checkServerIdentity, type PeerCertificate, type TLSSocket } from 'node:tls'
import { lookupWithServers } from '../dns/resolve.js'
import type { Dial } from './connect-rules.js'
import { SinkWriteError, TransportTimeout, transportError, type Phase } from './transport-error.js'

export interface TlsOptions {
  /** PEM CA bundle that replaces the system store (curl --cacert). */
  readonly ca?: string | Buffer
  /** Skip certificate verification (curl -k). */
  readonly insecure?: boolean
  readonly cert?: string | Buffer
  readonly key?: string | Buffer
}

export interface WireRequest {
  readonly protocol: 'https:' | 'http:'
  readonly method: string
  /** The name connected to: TLS SNI and certificate name. Never the Host header. */
  readonly connectHost: string
  /** Path and query exactly as signed. */
  readonly path: string
  /** Headers exactly as sent (Host included). */
  readonly headers: Readonly<Record<string, string>>
  readonly body?: Uint8Array
  readonly dial: Dial
  readonly tls?: TlsOptions
  readonly connectTimeoutMs?: number
  readonly maxTimeMs?: number
  readonly agent?: Agent
  readonly signal?: AbortSignal
  /** Resolve with these servers (`ip` or `ip:port`, curl --dns-servers) instead of the system resolver. */
  readonly dnsServers?: readonly string[]
}

export interface PeerInfo {
  readonly protocol?: string
  readonly cipher?: string
  readonly servername?: string
  readonly subject?: string
  readonly issuer?: string
  readonly validTo?: string
  readonly subjectAltName?: string
}

export interface Timings {
  /** Milliseconds from the start of the attempt, cumulative, like curl's -w time_* values. */
  readonly dns?: number
  readonly connect?: number
  readonly tls?: number
  readonly firstByte?: number
  readonly total: number
}

export interface WireResponse {
  readonly status: number
  readonly statusMessage: string
  readonly httpVersion: string
  readonly headers: IncomingHttpHeaders
  /** Header name/value pairs as received, for -i and -v. */
  readonly rawHeaders: readonly string[]
  readonly remoteAddress?: string
  readonly remotePort?: number
  readonly peer?: PeerInfo
  readonly timings: Timings
  /** Whole body when no sink was chosen (only its first bytes when `overflowed`). */
  readonly body: Buffer
  readonly bodyBytes: number
  /** The kept body outgrew its limit: `body` is the first part, the rest went to the overflow sink. */
  readonly overflowed?: boolean
}

/** Status line and headers, known before the body arrives. */
export interface ResponseHead {
  readonly status: number
  readonly statusMessage: string
  readonly httpVersion: string
  readonly rawHeaders: readonly string[]
}

/** Where the body goes, chosen when the head is known (so --fail can drop it). undefined = keep in memory. */
export type BodySink = (head: ResponseHead) => NodeJS.WritableStream | undefined

/**
 * A body kept in memory stops being kept after `limit` bytes: `sink` then gets the head and
 * the bytes so far, and returns where the rest streams. A hostile or broken server cannot make
 * pvapi hold an error body of any size (API Gateway's own errors are a few hundred bytes).
 */
export interface BodyOverflow {
  readonly limit: number
  sink(head: ResponseHead, kept: Buffer): NodeJS.WritableStream
}

/** Marks a socket that went through a proxy tunnel (set by src/http/proxy.ts, loaded only then). */
const TUNNEL = Symbol.for('pvapi.tunnel')
interface TunnelTimes {
  readonly connectedAt: number
  readonly secureAt?: number
}

/** Peer details per TLS socket (the certificate, cipher and SNI of a connection do not change). */
const PEERS = new WeakMap<TLSSocket, PeerInfo>()

const dn = (d: Record<string, string | string[] | undefined> | undefined): string | undefined =>
  d
    ? Object.entries(d)
        .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : v}`)
        .join(', ')
    : undefined

/** A request without its headers: what stays the same for every request of a run to one dial target. */
export type WireTarget = Omit<WireRequest, 'headers'>

/** Requests to one target, each with its own headers (call --repeat signs every one anew). */
export interface Transport {
  send(
    headers: Readonly<Record<string, string>>,
    sink?: BodySink,
    overflow?: BodyOverflow,
  ): Promise<WireResponse>
}

/**
 * Send one request over node:http(s) with the exact Host and SNI chosen by the route, curl's
 * --resolve/--connect-to dialling, and per-phase timings. Resolves on a complete response of
 * any status; rejects with a PvapiError carrying curl's exit code on transport failure.
 */
export function sendRequest(
  req: WireRequest,
  sink?: BodySink,
  overflow?: BodyOverflow,
): Promise<WireResponse> {
  return send(req, prepare(req), req.headers, sink, overflow)
}

/**
 * sendRequest for many requests to one target (call --repeat sends thousands a second): what
 * depends only on the target is worked out once, and a request costs a copy of the prepared
 * options with its own headers.
 */
export function openTransport(target: WireTarget): Transport {
  const prepared = prepare(target)
  return { send: (headers, sink, overflow) => send(target, prepared, headers, sink, overflow) }
}

/** What a request needs that depends on its target alone. */
interface Prepared {
  readonly sni: string | undefined
  readonly firstPhase: Phase
  /** node:http(s) request options, all but the headers and the lookup. */
  readonly options: https.RequestOptions
  readonly body: Buffer | undefined
}

function prepare(req: WireTarget): Prepared {
  const sni = isIP(req.connectHost) === 0 ? req.connectHost : undefined
  // Node checks the certificate against `servername || host`, which is the name connected to
  // whenever there is an SNI. Only an IP URL dialled elsewhere (--connect-to) needs its own
  // check; passing one always would also stop Node 22 from reusing keep-alive sockets.
  const identityCheck =
    !sni && req.dial.host !== req.connectHost
      ? {
          checkServerIdentity: (_host: string, cert: PeerCertificate) =>
            checkServerIdentity(req.connectHost, cert),
        }
      : {}
  const common = {
    host: req.dial.host,
    port: req.dial.port,
    method: req.method,
    path: req.path,
    setHost: false,
    agent: req.agent ?? false,
    ...(req.signal ? { signal: req.signal } : {}),
  }
  return {
    sni,
    // Until the name is resolved, a failure is a DNS failure (curl 6), whatever its errno says.
    // An address, or a name pinned with --resolve, has nothing to resolve. (The lookup below
    // saying so is not enough: a keep-alive pool opens the connection of a queued request with
    // the lookup of the request whose connection failed, so a refused ENI in --repeat came out
    // as a DNS failure from the second request on.)
    firstPhase: isIP(req.dial.host) !== 0 || (req.dial.pinned?.length ?? 0) > 0 ? 'connect' : 'dns',
    options:
      req.protocol === 'https:'
        ? {
            ...common,
            // '' (not undefined) for an IP: otherwise Node takes the SNI from the Host header
            // (node#37104), and a Host override would become the TLS server name.
            servername: sni ?? '',
            minVersion: 'TLSv1.2',
            rejectUnauthorized: !req.tls?.insecure,
            // The certificate is checked against the name connected to, even when --resolve or
            // --connect-to dial an address: the same rule as curl.
            ...identityCheck,
            ...(req.tls?.ca ? { ca: req.tls.ca } : {}),
            ...(req.tls?.cert ? { cert: req.tls.cert } : {}),
            ...(req.tls?.key ? { key: req.tls.key } : {}),
          }
        : common,
    body:
      req.body && req.body.length > 0
        ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength)
        : undefined,
  }
}

function send(
  req: WireTarget,
  p: Prepared,
  headers: Readonly<Record<string, string>>,
  sink?: BodySink,
  overflow?: BodyOverflow,
): Promise<WireResponse> {
  const start = performance.now()
  const at = () => Math.round((performance.now() - start) * 1000) / 1000
  const t: { dns?: number; connect?: number; tls?: number; firstByte?: number; total?: number } = {}
  let phase = p.firstPhase
  let remoteAddress: string | undefined
  let socketRef: Socket | undefined
  // A keep-alive socket has read earlier answers: only bytes of this one count.
  let bytesBefore = 0
  // A --dns-servers query still out when the attempt fails: cancelled, or its retries would keep
  // the process alive for seconds after the error was printed.
  let cancelDns: (() => void) | undefined

  const lookup = (
    hostname: string,
    options: object,
    cb: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
  ) => {
    const all = (options as { all?: boolean }).all === true
    const answer = (err: NodeJS.ErrnoException | null, list: LookupAddress[]) => {
      t.dns = at()
      if (err || list.length === 0)
        return cb(
          err ?? Object.assign(new Error(`no addresses for ${hostname}`), { code: 'ENODATA' }),
          all ? [] : '',
          4,
        )
      phase = 'connect'
      return all ? cb(null, list) : cb(null, list[0]!.address, list[0]!.family)
    }
    const pinned = req.dial.pinned
    if (pinned && pinned.length > 0)
      return answer(
        null,
        pinned.map(address => ({ address, family: isIP(address) })),
      )
    if (req.dnsServers && req.dnsServers.length > 0) {
      // The attempt's own bounds (--connect-timeout, -m) end the queries too (fail → cancelDns).
      const q = lookupWithServers(req.dnsServers, hostname)
      cancelDns = q.cancel
      q.addresses.then(
        list => answer(null, list),
        (err: NodeJS.ErrnoException) => answer(err, []),
      )
      return
    }
    dnsLookup(hostname, { all: true }, (err, addresses) => answer(err, addresses ?? []))
  }

  return new Promise<WireResponse>((resolve, reject) => {
    let settled = false
    const timers: NodeJS.Timeout[] = []
    const fail = (err: unknown) => {
      if (settled) return
      settled = true
      timers.forEach(clearTimeout)
      cancelDns?.()
      request?.destroy()
      // A reset after part of the answer arrived is a receive failure (curl 56), not an empty reply.
      if (phase === 'request' && (socketRef?.bytesRead ?? 0) > bytesBefore) phase = 'response'
      reject(
        transportError(err, {
          host: req.connectHost,
          ...(remoteAddress ? { address: remoteAddress } : {}),
          port: req.dial.port,
          phase,
          ...(req.dnsServers?.length ? { dnsServers: req.dnsServers } : {}),
          protocol: req.protocol,
        }),
      )
    }

    const sni = p.sni
    let request: http.ClientRequest
    try {
      // The spread comes last: V8 copies `{ ...options }` fast, but adding properties after a
      // spread of this many sends every request through its slow path (~2 µs, measured).
      const options = { headers: headers as Record<string, string>, lookup: lookup as never, ...p.options }
      request = req.protocol === 'https:' ? https.request(options) : http.request(options)
    } catch (err) {
      // node:tls throws synchronously for unusable certificates or keys.
      phase = 'tls'
      settled = true
      reject(transportError(err, { host: req.connectHost, port: req.dial.port, phase }))
      return
    }

    if (req.connectTimeoutMs) {
      timers.push(
        setTimeout(
          () =>
            phase !== 'request' &&
            phase !== 'response' &&
            fail(new TransportTimeout('connect', req.connectTimeoutMs!)),
          req.connectTimeoutMs,
        ),
      )
    }
    if (req.maxTimeMs)
      timers.push(setTimeout(() => fail(new TransportTimeout('total', req.maxTimeMs!)), req.maxTimeMs))

    request.on('socket', (socket: Socket) => {
      socketRef = socket
      bytesBefore = socket.bytesRead
      const reused = (request as unknown as { reusedSocket?: boolean }).reusedSocket
      // Through a proxy (src/http/proxy.ts) the socket arrives tunnelled and TLS done: take
      // the phases' times from the tunnel; remoteAddress is then the proxy's.
      const tunnel = (socket as unknown as Record<symbol, TunnelTimes | undefined>)[TUNNEL]
      if (tunnel && !reused) {
        t.connect = Math.round((tunnel.connectedAt - start) * 1000) / 1000
        if (tunnel.secureAt !== undefined) t.tls = Math.round((tunnel.secureAt - start) * 1000) / 1000
      }
      if (reused || tunnel || (!socket.connecting && socket.remoteAddress)) {
        remoteAddress = socket.remoteAddress
        phase = 'request'
        return
      }
      socket.once('lookup', (err: Error | null, address: string) => {
        // Node reports a failed lookup here too: that is still a DNS failure (a --dns-servers
        // server that refuses came out as a refused connection to port 443).
        if (err) return
        remoteAddress = address
        phase = 'connect'
      })
      socket.once('connect', () => {
        t.connect = at()
        remoteAddress = socket.remoteAddress ?? remoteAddress
        phase = req.protocol === 'https:' ? 'tls' : 'request'
      })
      socket.once('secureConnect', () => {
        t.tls = at()
        phase = 'request'
      })
    })
    request.on('error', fail)
    request.on('response', res => {
      t.firstByte = at()
      phase = 'response'
      const socket = res.socket as TLSSocket
      let peer: PeerInfo | undefined
      // A keep-alive socket serves many answers: read its certificate once (call --repeat).
      if (
        req.protocol === 'https:' &&
        typeof socket.getPeerCertificate === 'function' &&
        (peer = PEERS.get(socket)) === undefined
      ) {
        const cert = socket.getPeerCertificate()
        const cipher = socket.getCipher?.()
        peer = {
          ...(socket.getProtocol?.() ? { protocol: socket.getProtocol() ?? undefined } : {}),
          ...(cipher ? { cipher: cipher.name } : {}),
          ...(sni ? { servername: sni } : {}),
          ...(cert && cert.subject
            ? { subject: dn(cert.subject as never), issuer: dn(cert.issuer as never), validTo: cert.valid_to }
            : {}),
          ...(cert?.subjectaltname ? { subjectAltName: cert.subjectaltname } : {}),
        }
        PEERS.set(socket, peer)
      }
      const head: ResponseHead = {
        status: res.statusCode ?? 0,
        statusMessage: res.statusMessage ?? '',
        httpVersion: res.httpVersion,
        rawHeaders: res.rawHeaders,
      }
      let out = sink?.(head)
      const chunks: Buffer[] = []
      let bytes = 0
      let kept: Buffer | undefined
      // The output can fail while the body streams in (`-o` into a missing folder, a full
      // disk, stdout piped to `head`): end the transfer with curl's write error (23) instead
      // of waiting forever for a 'drain' that never comes, or crashing on an unhandled 'error'.
      const watch = (stream: NodeJS.WritableStream) =>
        stream.once('error', (err: Error) => fail(new SinkWriteError(err)))
      if (out) watch(out)
      res.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (!out && overflow && bytes > overflow.limit) {
          kept = Buffer.concat(chunks)
          chunks.length = 0
          out = overflow.sink(head, kept)
          watch(out)
        }
        if (out) {
          if (!out.write(chunk)) {
            res.pause()
            out.once('drain', () => res.resume())
          }
        } else chunks.push(chunk)
      })
      res.on('error', fail)
      res.on('aborted', () => fail(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })))
      res.on('end', () => {
        if (settled) return
        settled = true
        timers.forEach(clearTimeout)
        t.total = at()
        // Field by field: with spreads this literal was a few µs of every --repeat request
        // (profiled). Optional fields stay absent, as before.
        const answer: { -readonly [K in keyof WireResponse]: WireResponse[K] } = {
          status: res.statusCode ?? 0,
          statusMessage: res.statusMessage ?? '',
          httpVersion: res.httpVersion,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          timings: t as Timings,
          body: kept ?? Buffer.concat(chunks),
          bodyBytes: bytes,
        }
        if (remoteAddress) answer.remoteAddress = remoteAddress
        if (socket.remotePort) answer.remotePort = socket.remotePort
        if (peer) answer.peer = peer
        if (kept) answer.overflowed = true
        resolve(answer)
      })
    })
    request.end(p.body)
  })
}
