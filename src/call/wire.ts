import { Writable } from 'node:stream'
import type { Dial } from '../http/connect-rules.js'
import type { WireRequest, WireTarget } from '../http/send.js'
import type { PreparedRequest } from './prepare.js'

/**
 * The transport request for a prepared, signed request: the one place that maps the route
 * (connect host = SNI, Host header, dial) onto node:https, for call, repeat, probe and the library.
 */
export function toWire(
  p: PreparedRequest,
  dial: Dial,
  headers: Readonly<Record<string, string>>,
  transport: TransportSettings,
): WireRequest {
  return { ...wireTarget(p, dial, transport), headers }
}

type TransportSettings = Omit<
  WireRequest,
  'protocol' | 'method' | 'connectHost' | 'path' | 'headers' | 'body' | 'dial'
>

/** The same without headers: the target of a transport that sends the request many times (call --repeat). */
export function wireTarget(p: PreparedRequest, dial: Dial, transport: TransportSettings): WireTarget {
  return {
    protocol: p.protocol,
    method: p.method,
    connectHost: p.route.connectHost,
    path: p.target,
    ...(p.body ? { body: p.body } : {}),
    dial,
    ...transport,
  }
}

/** A body sink that drops what it is given (a body not wanted, or one too large to keep). */
export const discardSink = (): NodeJS.WritableStream =>
  new Writable({ write: (_chunk, _encoding, done) => done() })

/** A header as one string (Node gives repeated ones as a list). */
export const headerText = (v: string | string[] | undefined): string | undefined =>
  Array.isArray(v) ? v.join(', ') : v
