import { Writable } from 'node:stream'
import type { Dial } from '../http/connect-rules.js'
import type { WireRequest } from '../http/send.js'
import type { PreparedRequest } from './prepare.js'

/**
 * The transport request for a prepared, signed request: the one place that maps the route
 * (connect host = SNI, Host header, dial) onto node:https, for call, repeat, probe and the library.
 */
export function toWire(p: PreparedRequest, dial: Dial, headers: Readonly<Record<string, string>>, transport: Omit<WireRequest, 'protocol' | 'method' | 'connectHost' | 'path' | 'headers' | 'body' | 'dial'>): WireRequest {
  return {
    protocol: p.protocol,
    method: p.method,
    connectHost: p.route.connectHost,
    path: p.target,
    headers,
    ...(p.body ? { body: p.body } : {}),
    dial,
    ...transport,
  }
}

/** A body sink that drops what it is given (a body not wanted, or one too large to keep). */
export const discardSink = (): NodeJS.WritableStream => new Writable({ write: (_chunk, _encoding, done) => done() })

/** A header as one string (Node gives repeated ones as a list). */
export const headerText = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join(', ') : v)
