/**
 * SigV4 building blocks over `node:crypto`, written from the AWS specification for
 * **non-S3** services (execute-api, sts, …). Deliberately independent of
 * `@smithy/signature-v4` and of `src/`: the fakes use this to check what pvapi signs, so a
 * shared bug would hide itself. It is pinned to the AWS test vectors by sigv4-verify.test.ts.
 *
 * AWS quirks encoded here:
 * - The path is taken **as it appears on the wire** (already percent-encoded by the client),
 *   dot segments and empty segments are removed, and then it is URI-encoded **again**, so a
 *   `%20` on the wire becomes `%2520` in the canonical request. Only S3 skips this.
 * - Query parameters are split on `&` and the first `=`, percent-decoded, and re-encoded
 *   with RFC 3986 rules (`%20`, never `+`; `A-Za-z0-9-_.~` left alone). A `+` on the wire is
 *   a literal plus, so it is signed as `%2B`. Pairs are sorted by encoded key, then value.
 * - Header values are trimmed, inner runs of whitespace collapse to one space, and repeated
 *   headers are joined with `,` in the order received.
 */
import { createHash, createHmac } from 'node:crypto'

export const ALGORITHM = 'AWS4-HMAC-SHA256'
/** sha256 of the empty string: the payload hash of every bodiless request. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'

/** Headers as received: `[name, value]` pairs in wire order, repeats kept. */
export type HeaderPairs = ReadonlyArray<readonly [string, string]>

export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex')
}

export function hmacSha256(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest()
}

/** The derived key: HMAC chain over date, region, service and `aws4_request`. */
export function signingKey(
  secretAccessKey: string,
  shortDate: string,
  region: string,
  service: string,
): Buffer {
  const kDate = hmacSha256(`AWS4${secretAccessKey}`, shortDate)
  const kRegion = hmacSha256(kDate, region)
  const kService = hmacSha256(kRegion, service)
  return hmacSha256(kService, 'aws4_request')
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/

/** RFC 3986 percent-encoding of the UTF-8 bytes of `bytes`/`text`; `/` kept when asked. */
export function uriEncode(input: string | Uint8Array, keepSlash = false): string {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input
  let out = ''
  for (const b of bytes) {
    const ch = String.fromCharCode(b)
    if ((b < 0x80 && UNRESERVED.test(ch)) || (keepSlash && ch === '/')) out += ch
    else out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

/** Percent-decode to bytes. Malformed escapes (`%`, `%zz`) stay literal, as lenient servers do. */
export function percentDecodeBytes(text: string): Buffer {
  const raw = Buffer.from(text, 'utf8')
  const out: number[] = []
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number
    if (b === 0x25 && i + 2 < raw.length && isHex(raw[i + 1]) && isHex(raw[i + 2])) {
      out.push(parseInt(String.fromCharCode(raw[i + 1] as number, raw[i + 2] as number), 16))
      i += 2
    } else out.push(b)
  }
  return Buffer.from(out)
}

function isHex(b: number | undefined): boolean {
  return b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66))
}

/**
 * RFC 3986 §5.2.4-style cleanup as the non-S3 SigV4 signers do it: drop empty and `.`
 * segments, let `..` pop, keep a leading slash, and keep a trailing slash when anything is left.
 */
export function normalizePath(path: string): string {
  const kept: string[] = []
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue
    if (segment === '..') kept.pop()
    else kept.push(segment)
  }
  const lead = path.startsWith('/') ? '/' : ''
  const trail = kept.length > 0 && path.endsWith('/') ? '/' : ''
  return `${lead}${kept.join('/')}${trail}`
}

/** The canonical URI: the wire path, normalized (unless S3-style), then encoded once more. */
export function canonicalUri(wirePath: string, normalize = true): string {
  const path = wirePath === '' ? '/' : wirePath
  return uriEncode(normalize ? normalizePath(path) : path, true)
}

/** Split a request target (`/a/b?x=1`) into the path and the raw query (without `?`). */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?')
  return q < 0 ? { path: target, query: '' } : { path: target.slice(0, q), query: target.slice(q + 1) }
}

/** Decoded query parameters in wire order (keys/values as UTF-8 text, `+` kept literal). */
export function parseQuery(rawQuery: string): Array<[string, string]> {
  if (rawQuery === '') return []
  return rawQuery
    .split('&')
    .filter(part => part !== '')
    .map(part => {
      const eq = part.indexOf('=')
      const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]
      return [percentDecodeBytes(k).toString('utf8'), percentDecodeBytes(v).toString('utf8')]
    })
}

/**
 * The canonical query string. Works on bytes (decode, then encode) so that values which are
 * not valid UTF-8 once decoded still round-trip exactly. `omit` drops keys such as
 * `X-Amz-Signature` for presigned URLs.
 */
export function canonicalQuery(
  rawQuery: string,
  omit: (decodedKey: string) => boolean = () => false,
): string {
  if (rawQuery === '') return ''
  const pairs: Array<[string, string]> = []
  for (const part of rawQuery.split('&')) {
    if (part === '') continue
    const eq = part.indexOf('=')
    const [k, v] = eq < 0 ? [part, ''] : [part.slice(0, eq), part.slice(eq + 1)]
    const keyBytes = percentDecodeBytes(k)
    if (omit(keyBytes.toString('utf8'))) continue
    pairs.push([uriEncode(keyBytes), uriEncode(percentDecodeBytes(v))])
  }
  // Encoded strings are ASCII, so plain comparison is byte order. Key first, then value:
  // sorting whole `k=v` strings would put `Param-3=` before `Param=` ('-' < '=').
  pairs.sort(([ka, va], [kb, vb]) => (ka < kb ? -1 : ka > kb ? 1 : va < vb ? -1 : va > vb ? 1 : 0))
  return pairs.map(([k, v]) => `${k}=${v}`).join('&')
}

/** Trim and collapse inner whitespace runs (spaces, tabs, folded newlines) to one space. */
export function canonicalHeaderValue(value: string): string {
  return value.replace(/\s+/g, ' ').trim()
}

/** All values of a header (case-insensitive), in wire order. */
export function headerValues(headers: HeaderPairs, name: string): string[] {
  const lower = name.toLowerCase()
  return headers.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v)
}

/** First value of a header, or undefined. */
export function headerValue(headers: HeaderPairs, name: string): string | undefined {
  return headerValues(headers, name)[0]
}

/** `name:v1,v2\n` lines for each signed header, in the order the signer listed them. */
export function canonicalHeaders(headers: HeaderPairs, signedHeaders: readonly string[]): string {
  return signedHeaders
    .map(name => `${name}:${headerValues(headers, name).map(canonicalHeaderValue).join(',')}\n`)
    .join('')
}

export interface CanonicalRequestInput {
  readonly method: string
  readonly path: string
  readonly query: string
  readonly headers: HeaderPairs
  readonly signedHeaders: readonly string[]
  readonly payloadHash: string
  /** @default true (false only for S3-style signing) */
  readonly normalizePath?: boolean
  readonly omitQueryKey?: (decodedKey: string) => boolean
}

export function canonicalRequest(input: CanonicalRequestInput): string {
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path, input.normalizePath ?? true),
    canonicalQuery(input.query, input.omitQueryKey),
    canonicalHeaders(input.headers, input.signedHeaders),
    input.signedHeaders.join(';'),
    input.payloadHash,
  ].join('\n')
}

export function stringToSign(amzDate: string, scope: string, canonical: string): string {
  return [ALGORITHM, amzDate, scope, sha256Hex(canonical)].join('\n')
}

/** `Date` → `20150830T123600Z`. */
export function toAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** `20150830T123600Z` → Date, or undefined when it is not ISO-8601 basic format. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m
  const date = new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)))
  return Number.isNaN(date.getTime()) ? undefined : date
}
