import { VERSION } from '../core/version.js'
import type { HttpRequest } from '@smithy/types'
import { parseQuery, toSignerQuery, wireQuery, type QueryPair } from '../sign/query.js'
import type { Body } from './body.js'
import type { ParsedHeader } from './options.js'
import type { Route } from './route.js'

export const USER_AGENT = `pvapi/${VERSION}`

/** A request ready to sign: every byte that will be sent is decided here. */
export interface PreparedRequest {
  readonly protocol: 'https:' | 'http:'
  readonly method: string
  readonly route: Route
  /** Path as sent (WHATWG-normalized: dot segments removed, unsafe bytes percent-encoded). */
  readonly path: string
  readonly query: readonly QueryPair[]
  /** Path + `?` + canonical-encoded query, exactly as on the request line. */
  readonly target: string
  /** Headers that are sent *and* signed (lower-case names, Host included). */
  readonly headers: Readonly<Record<string, string>>
  /** Headers sent but not signed (user-agent, accept, content-length): like curl and the SDKs. */
  readonly transportHeaders: Readonly<Record<string, string>>
  readonly body?: Buffer
  /** The user's own Authorization header, replaced by the signature unless --no-sign. */
  readonly userAuthorization?: string
}

export function prepareRequest(input: {
  readonly protocol: 'https:' | 'http:'
  /** Path as it goes on the request line (already percent-encoded where it must be). */
  readonly path: string
  /** Query as typed, without `?` (re-encoded canonically here). */
  readonly rawQuery: string
  readonly route: Route
  readonly method: string
  readonly headers: readonly ParsedHeader[]
  readonly body?: Body
}): PreparedRequest {
  const { route, method, body } = input
  const query = parseQuery(input.rawQuery)
  const q = wireQuery(query)
  const path = input.path || '/'

  const signed: Record<string, string> = { host: route.hostHeader }
  const removed = new Set<string>()
  let userAuthorization: string | undefined
  for (const { name, value } of input.headers) {
    const key = name.toLowerCase()
    if (key === 'host') continue // already in the route (sent and signed as given)
    if (value === undefined) {
      removed.add(key)
      delete signed[key]
      continue
    }
    if (key === 'authorization') {
      userAuthorization = value
      continue
    }
    // Repeated headers travel as one comma-joined field, which is also how SigV4 canonicalizes them.
    signed[key] = signed[key] !== undefined ? `${signed[key]},${value}` : value
  }
  for (const [k, v] of Object.entries(route.extraHeaders))
    if (signed[k] === undefined && !removed.has(k)) signed[k] = v
  if (body && body.contentType && signed['content-type'] === undefined && !removed.has('content-type'))
    signed['content-type'] = body.contentType

  const transport: Record<string, string> = {}
  if (!removed.has('user-agent') && signed['user-agent'] === undefined) transport['user-agent'] = USER_AGENT
  if (!removed.has('accept') && signed.accept === undefined)
    transport.accept = body?.json ? 'application/json' : '*/*'
  if (body) transport['content-length'] = String(body.bytes.length)
  // user-agent is never signed (SigV4's unsignable list), so a -H User-Agent moves to transport.
  if (signed['user-agent'] !== undefined) {
    transport['user-agent'] = signed['user-agent']
    delete signed['user-agent']
  }

  return {
    protocol: input.protocol,
    method,
    route,
    path,
    query,
    target: q ? `${path}?${q}` : path,
    headers: signed,
    transportHeaders: transport,
    ...(body ? { body: body.bytes } : {}),
    ...(userAuthorization !== undefined ? { userAuthorization } : {}),
  }
}

/** The request in @smithy/signature-v4's shape. */
export function toSignable(p: PreparedRequest): HttpRequest {
  return {
    method: p.method,
    protocol: p.protocol,
    hostname: p.route.connectHost,
    port: p.route.port,
    path: p.path,
    query: toSignerQuery(p.query),
    headers: { ...p.headers },
    ...(p.body ? { body: p.body } : {}),
  }
}
