import { usageError } from '../core/errors.js'

/** One `key=value` pair of a query string, percent-decoded. */
export interface QueryPair {
  readonly key: string
  readonly value: string
  /** `?flag` (no `=`) is kept as such on the wire; it signs as `flag=`. */
  readonly hasEquals: boolean
}

/**
 * RFC 3986 percent-encoding as SigV4 wants it: everything but the unreserved characters
 * `A-Z a-z 0-9 - _ . ~` is encoded, spaces are `%20` (never `+`), hex is upper case.
 */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
}

function decode(part: string, whole: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    throw usageError(
      'PV_BAD_QUERY',
      `query component ${JSON.stringify(part)} is not valid percent-encoded UTF-8 (in ${JSON.stringify(whole)})`,
      'encode a literal % as %25; SigV4 canonicalizes query values as UTF-8',
    )
  }
}

/**
 * Split a raw query (without `?`) into decoded pairs, in order. Values that arrive already
 * percent-encoded are decoded here once, so they are encoded exactly once again when signed
 * and sent (awscurl #216 and curl #16927 double-encode them). `+` is a literal plus, as in
 * RFC 3986 and curl: write `%20` for a space. `a=b=c` splits at the first `=` only.
 */
export function parseQuery(rawQuery: string): QueryPair[] {
  const raw = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery
  // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; ''.split('&') gives one empty piece, skipped below
  if (raw === '') return []
  const pairs: QueryPair[] = []
  for (const part of raw.split('&')) {
    if (part === '') continue // `a=1&&b=2`: empty pieces carry nothing (curl drops them as well)
    const eq = part.indexOf('=')
    const key = decode(eq === -1 ? part : part.slice(0, eq), raw)
    const value = eq === -1 ? '' : decode(part.slice(eq + 1), raw)
    if (key === '__proto__') {
      // @smithy/signature-v4 keeps canonical pairs in a plain object, where this key is the prototype.
      throw usageError(
        'PV_BAD_QUERY',
        'a query parameter named __proto__ cannot be signed correctly',
        'rename the parameter',
      )
    }
    pairs.push({ key, value, hasEquals: eq !== -1 })
  }
  return pairs
}

/**
 * The query as pvapi sends it: the user's order, every component re-encoded with
 * {@link rfc3986}. Sending the canonical encoding means the server's canonicalization of
 * what it receives is exactly what was signed, whatever the user's encoding habits.
 */
export function wireQuery(pairs: readonly QueryPair[]): string {
  return pairs.map(p => (p.hasEquals ? `${rfc3986(p.key)}=${rfc3986(p.value)}` : rfc3986(p.key))).join('&')
}

/** The SigV4 canonical query string: encoded pairs sorted by key, then value; `k=` for empty. */
export function canonicalQuery(pairs: readonly QueryPair[]): string {
  return pairs
    .map(p => [rfc3986(p.key), rfc3986(p.value)] as const)
    .sort(byKeyThenValue)
    .map(([k, v]) => `${k}=${v}`)
    .join('&')
}

/** Code-unit (byte, after encoding) order of the key, then of the value. */
function byKeyThenValue([ak, av]: readonly [string, string], [bk, bv]: readonly [string, string]): number {
  // Stryker disable next-line EqualityOperator: the keys differ here, so `<` and `<=` agree
  if (ak !== bk) return ak < bk ? -1 : 1
  // Stryker disable next-line EqualityOperator: `<=` differs only on equal values, i.e. identical pairs
  if (av < bv) return -1
  // Stryker disable next-line all: V8's sort only asks whether a comparison is negative, so 0 and 1 order alike
  return av > bv ? 1 : 0
}

/** The query in the shape `@smithy/signature-v4` takes: decoded keys to a value or a list. */
export function toSignerQuery(pairs: readonly QueryPair[]): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null)
  for (const { key, value } of pairs) {
    const prev = out[key]
    if (prev === undefined) out[key] = value
    else if (Array.isArray(prev)) prev.push(value)
    else out[key] = [prev, value]
  }
  return out
}
