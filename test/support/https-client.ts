/**
 * A deliberately explicit HTTPS client for tests: connect to one address, present one SNI
 * name, send one Host header. node:https would otherwise take the SNI name from the Host
 * header (nodejs/node#37104), which is exactly the bug pvapi must not have, so here
 * `servername` is always set on purpose.
 */
import { request as httpsRequest } from 'node:https'
import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http'
import type { TLSSocket } from 'node:tls'
import { subjectLine } from './cert-subject.js'

export interface RawRequestOptions {
  /** Address to connect to. @default '127.0.0.1' */
  readonly connectHost?: string
  readonly port: number
  /** TLS SNI name; `''` sends none. Required for https so tests say what they mean. */
  readonly servername?: string
  readonly method?: string
  /** Request target as written on the wire (`/stage/path?q=1`); sent untouched. */
  readonly path: string
  /** Headers exactly as sent (include Host yourself; node adds one from connectHost otherwise). */
  readonly headers?: OutgoingHttpHeaders
  readonly body?: Uint8Array | string
  /** Trusted roots (PEM). */
  readonly ca?: string
  /** Client certificate and key (PEM) for mTLS. */
  readonly cert?: string
  readonly key?: string
  /** @default true */
  readonly rejectUnauthorized?: boolean
  /** Abort after this long. @default 5000 */
  readonly timeoutMs?: number
  /** Plain HTTP instead of TLS (the fake STS). @default false */
  readonly plainHttp?: boolean
}

export interface RawResponse {
  readonly status: number
  readonly headers: IncomingHttpHeaders
  readonly rawHeaders: readonly string[]
  readonly body: Buffer
  readonly text: string
  /** Parsed JSON body (throws if it is not JSON). */
  json<T = unknown>(): T
  /** TLS facts of the connection (https only). */
  readonly tls?: { readonly protocol: string | null; readonly peerSubject?: string }
}

export function rawRequest(opts: RawRequestOptions): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const common = {
      host: opts.connectHost ?? '127.0.0.1',
      port: opts.port,
      method: opts.method ?? 'GET',
      path: opts.path,
      headers: opts.headers,
      agent: false as const,
      timeout: opts.timeoutMs ?? 5000,
      // The test decides the Host header (or sends none); node must not invent one.
      setHost: false,
    }
    const req = opts.plainHttp
      ? httpRequest(common)
      : httpsRequest({
          ...common,
          servername: opts.servername ?? '',
          ca: opts.ca,
          cert: opts.cert,
          key: opts.key,
          rejectUnauthorized: opts.rejectUnauthorized ?? true,
          minVersion: 'TLSv1.2',
        })
    req.on('timeout', () => req.destroy(new Error(`timeout after ${opts.timeoutMs ?? 5000} ms`)))
    req.on('error', reject)
    req.on('response', res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const body = Buffer.concat(chunks)
        const text = body.toString('utf8')
        const socket = res.socket as TLSSocket | null
        const tls =
          socket && typeof socket.getProtocol === 'function'
            ? {
                protocol: socket.getProtocol(),
                peerSubject: subjectLine(socket.getPeerCertificate()?.subject),
              }
            : undefined
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          rawHeaders: res.rawHeaders,
          body,
          text,
          json: <T>() => JSON.parse(text) as T,
          tls,
        })
      })
    })
    if (opts.body !== undefined) req.write(opts.body)
    req.end()
  })
}
