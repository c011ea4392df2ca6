/**
 * A small SigV4 *signer* for tests: produces the headers "another client" would send, so the
 * fakes can be exercised without pvapi, and pvapi's output can be compared with a second
 * implementation. Built on sigv4-canonical.ts (node:crypto only, no @smithy, nothing from src/).
 *
 * It signs the request target **exactly as it will be written on the wire** (already
 * percent-encoded); the canonical URI then encodes it once more, as AWS does.
 * Knobs let a test produce the classic client mistakes on purpose.
 */
import {
  ALGORITHM,
  canonicalRequest as buildCanonicalRequest,
  hmacSha256,
  sha256Hex,
  signingKey,
  splitTarget,
  stringToSign as buildStringToSign,
  toAmzDate,
  type HeaderPairs,
} from './sigv4-canonical.js'

export interface TestCredentials {
  readonly accessKeyId: string
  readonly secretAccessKey: string
  readonly sessionToken?: string
}

export interface SignForTestInput {
  readonly method: string
  /** The Host header value to send and sign (`api.execute-api…`, a vpce name, a custom domain; `:port` when non-default). */
  readonly host: string
  /** Request target as it goes on the wire: path plus optional `?query`, already encoded. */
  readonly target: string
  /** Extra headers to send; signed unless listed in `unsignedHeaders`. Pairs allow repeated names. */
  readonly headers?: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>
  readonly body?: Uint8Array | string
  readonly credentials: TestCredentials
  readonly region: string
  /** @default 'execute-api' */
  readonly service?: string
  /** Signing time. @default now */
  readonly date?: Date
  /** Header names (any case) sent but left out of SignedHeaders. */
  readonly unsignedHeaders?: readonly string[]
  /** false: send X-Amz-Security-Token without signing it (the suite's "header-after" style). @default true */
  readonly signSessionToken?: boolean
  /** Add `x-amz-content-sha256` (signed). @default false (execute-api does not need it) */
  readonly addContentSha256?: boolean
  /** Sign this Host instead of the one sent: the classic VPCE mistake. */
  readonly signedHostOverride?: string
}

export interface SignedForTest {
  /** Everything to send, Host included, in a stable order; a repeated header becomes an array (one line each). */
  readonly headers: Record<string, string | string[]>
  /** The same as `[name, value]` pairs in sending order. */
  readonly headerPairs: ReadonlyArray<readonly [string, string]>
  readonly authorization: string
  readonly canonicalRequest: string
  readonly stringToSign: string
  readonly signature: string
  readonly amzDate: string
}

export function signForTest(input: SignForTestInput): SignedForTest {
  const service = input.service ?? 'execute-api'
  const date = input.date ?? new Date()
  const amzDate = toAmzDate(date)
  const shortDate = amzDate.slice(0, 8)
  const body =
    typeof input.body === 'string' ? Buffer.from(input.body, 'utf8') : (input.body ?? new Uint8Array())
  const payloadHash = sha256Hex(body)

  const sent: Array<[string, string]> = [
    ['Host', input.host],
    ['X-Amz-Date', amzDate],
  ]
  if (input.addContentSha256) sent.push(['X-Amz-Content-Sha256', payloadHash])
  if (input.credentials.sessionToken !== undefined)
    sent.push(['X-Amz-Security-Token', input.credentials.sessionToken])
  const extra = Array.isArray(input.headers) ? input.headers : Object.entries(input.headers ?? {})
  for (const [k, v] of extra as ReadonlyArray<readonly [string, string]>) sent.push([k, v])

  const unsigned = new Set((input.unsignedHeaders ?? []).map(h => h.toLowerCase()))
  if (input.signSessionToken === false) unsigned.add('x-amz-security-token')
  const forSigning: HeaderPairs = sent.map(([k, v]): [string, string] =>
    k.toLowerCase() === 'host' && input.signedHostOverride !== undefined
      ? [k, input.signedHostOverride]
      : [k, v],
  )
  const signedHeaders = [...new Set(forSigning.map(([k]) => k.toLowerCase()))]
    .filter(k => !unsigned.has(k))
    .sort()

  const { path, query } = splitTarget(input.target)
  const canonicalRequest = buildCanonicalRequest({
    method: input.method,
    path,
    query,
    headers: forSigning,
    signedHeaders,
    payloadHash,
  })
  const scope = `${shortDate}/${input.region}/${service}/aws4_request`
  const stringToSign = buildStringToSign(amzDate, scope, canonicalRequest)
  const signature = hmacSha256(
    signingKey(input.credentials.secretAccessKey, shortDate, input.region, service),
    stringToSign,
  ).toString('hex')
  const authorization = `${ALGORITHM} Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders.join(';')}, Signature=${signature}`

  const headerPairs: Array<[string, string]> = [...sent, ['Authorization', authorization]]
  const headers: Record<string, string | string[]> = {}
  for (const [k, v] of headerPairs) {
    const prev = headers[k]
    headers[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v]
  }
  return { headers, headerPairs, authorization, canonicalRequest, stringToSign, signature, amzDate }
}
