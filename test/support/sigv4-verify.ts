/**
 * An independent SigV4 verifier for the fakes (fake gateway: service `execute-api`; fake STS:
 * `sts`). Given a request exactly as the server received it, it rebuilds the canonical
 * request the way AWS does for non-S3 services (see sigv4-canonical.ts), recomputes the
 * signature from a `CredentialStore`, and answers with API Gateway's own error types and
 * messages, so tests see what a real endpoint would say.
 *
 * Checks, in this order (the first failure wins):
 *  1. Authorization header (or presigned `X-Amz-*` query) present, else `missing` (the caller
 *     decides: API Gateway says `Missing Authentication Token` on AWS_IAM methods).
 *  2. Header syntax: key=value pairs, Credential/SignedHeaders/Signature and a date present,
 *     `host` signed                                            → IncompleteSignatureException
 *  3. Credential scope: 5 elements, `aws4_request`, scope date = X-Amz-Date's day, region,
 *     service                                                  → Incomplete/InvalidSignatureException
 *  4. Clock: X-Amz-Date within ±5 min of the server clock      → InvalidSignatureException
 *  5. Access key known, session token present and correct, not expired
 *                                                              → UnrecognizedClientException / ExpiredTokenException
 *  6. x-amz-security-token signed (strict, see below); x-amz-content-sha256 matches the body
 *  7. Signature                                                → InvalidSignatureException
 */
import { timingSafeEqual } from 'node:crypto'
import type { CredentialStore } from './credential-store.js'
import {
  ALGORITHM,
  canonicalRequest as buildCanonicalRequest,
  hmacSha256,
  headerValue,
  parseAmzDate,
  parseQuery,
  sha256Hex,
  signingKey,
  splitTarget,
  stringToSign as buildStringToSign,
  toAmzDate,
  type HeaderPairs,
} from './sigv4-canonical.js'

export interface ReceivedRequest {
  readonly method: string
  /** The request target exactly as on the wire: path plus `?query` (node's `req.url`). */
  readonly url: string
  /** Headers as received, repeats kept, wire order (node's `req.rawHeaders` as pairs). */
  readonly headers: HeaderPairs
  readonly body?: Uint8Array
}

export interface VerifyOptions {
  readonly credentials: CredentialStore
  /** The region(s) this endpoint accepts in the credential scope, or a predicate. */
  readonly region: string | readonly string[] | ((region: string) => boolean)
  readonly service: string
  /** The server clock. @default () => new Date() */
  readonly now?: () => Date
  /** @default 5 minutes, as every AWS endpoint */
  readonly maxSkewMs?: number
  /** S3-style signing keeps dot segments; everything pvapi calls normalizes. @default true */
  readonly normalizePath?: boolean
  /**
   * Fail when `x-amz-security-token` is sent but left out of SignedHeaders. AWS itself
   * accepts an unsigned token (the suite's `post-sts-header-after` case), but pvapi promises
   * to always sign it, so the fakes are strict by default. @default true
   */
  readonly requireSignedSessionToken?: boolean
}

export type VerifyFailureReason =
  | 'missing'
  | 'malformed'
  | 'unsupported-algorithm'
  | 'bad-date'
  | 'credential-format'
  | 'wrong-terminator'
  | 'date-scope-mismatch'
  | 'wrong-region'
  | 'wrong-service'
  | 'host-not-signed'
  | 'expired'
  | 'not-yet-current'
  | 'presign-expired'
  | 'unknown-key'
  | 'bad-session-token'
  | 'token-expired'
  | 'token-not-signed'
  | 'content-sha256-mismatch'
  | 'signature-mismatch'

/** What the verifier reconstructed; present as soon as it got that far. */
export interface VerifyDebug {
  readonly accessKeyId?: string
  readonly region?: string
  readonly service?: string
  readonly signedHeaders?: readonly string[]
  readonly canonicalRequest?: string
  readonly stringToSign?: string
  /** The signature the server computed (only when the key is known). */
  readonly expectedSignature?: string
  readonly providedSignature?: string
  readonly via?: 'header' | 'query'
}

export type VerifyResult =
  | ({
      readonly ok: true
      readonly accessKeyId: string
      readonly region: string
      readonly service: string
      /** The caller's ARN from the credential store, when known. */
      readonly principal?: string
      readonly signedHeaders: readonly string[]
      readonly canonicalRequest: string
      readonly stringToSign: string
    } & VerifyDebug)
  | ({
      readonly ok: false
      readonly reason: VerifyFailureReason
      /** API Gateway's `x-amzn-ErrorType` for this failure. */
      readonly errorType: string
      /** The exact message API Gateway puts in the JSON body. */
      readonly message: string
    } & VerifyDebug)

const FIVE_MINUTES = 5 * 60 * 1000

export const MESSAGES = {
  missingToken: 'Missing Authentication Token',
  signatureMismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  invalidToken: 'The security token included in the request is invalid.',
  expiredToken: 'The security token included in the request is expired',
} as const

/** Verify one received request. Never throws for a bad request; returns the failure. */
export function verifySigV4(req: ReceivedRequest, opts: VerifyOptions): VerifyResult {
  const now = (opts.now ?? (() => new Date()))()
  const { path, query } = splitTarget(req.url)
  const authorization = headerValue(req.headers, 'authorization')
  const queryParams = parseQuery(query)
  const presigned = authorization === undefined && queryParams.some(([k]) => k === 'X-Amz-Algorithm')

  if (authorization === undefined && !presigned) {
    return fail('missing', 'MissingAuthenticationTokenException', MESSAGES.missingToken)
  }

  // ---- 1. parse --------------------------------------------------------------------
  const parsed = presigned
    ? parseQueryAuth(queryParams)
    : parseAuthorizationHeader(authorization ?? '', req.headers)
  if ('error' in parsed) return parsed.error
  const { credential, signedHeaders, signature, amzDate: rawDate, algorithm } = parsed
  const via = presigned ? 'query' : 'header'

  if (algorithm !== ALGORITHM) {
    // Message approximated: AWS rejects other algorithms (SigV4a has its own header) as incomplete.
    return fail(
      'unsupported-algorithm',
      'IncompleteSignatureException',
      `Unsupported AWS 'algorithm': '${algorithm}'.`,
    )
  }

  const parts = credential.split('/')
  if (parts.length !== 5) {
    return fail(
      'credential-format',
      'IncompleteSignatureException',
      `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
    )
  }
  const [accessKeyId = '', scopeDate = '', region = '', service = '', terminator = ''] = parts
  const debug: VerifyDebug = {
    accessKeyId,
    region,
    service,
    signedHeaders,
    providedSignature: signature,
    via,
  }

  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) {
    return fail(
      'host-not-signed',
      'IncompleteSignatureException',
      "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
      debug,
    )
  }

  const requestDate = parseAmzDate(rawDate)
  if (!requestDate) {
    return fail(
      'bad-date',
      'IncompleteSignatureException',
      `Date must be in ISO-8601 'basic format'. Got '${rawDate}'. See http://en.wikipedia.org/wiki/ISO_8601`,
      debug,
    )
  }

  // ---- 2. credential scope ----------------------------------------------------------
  if (terminator !== 'aws4_request') {
    return fail(
      'wrong-terminator',
      'InvalidSignatureException',
      `Credential should be scoped with a valid terminator: 'aws4_request', not '${terminator}'. `,
      debug,
    )
  }
  if (scopeDate !== rawDate.slice(0, 8)) {
    return fail(
      'date-scope-mismatch',
      'InvalidSignatureException',
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${rawDate.slice(0, 8)}', from '${rawDate}'.`,
      debug,
    )
  }
  if (!regionAccepted(region, opts.region)) {
    return fail(
      'wrong-region',
      'InvalidSignatureException',
      `Credential should be scoped to a valid region, not '${region}'. `,
      debug,
    )
  }
  if (service !== opts.service) {
    return fail(
      'wrong-service',
      'InvalidSignatureException',
      `Credential should be scoped to correct service: '${opts.service}'. `,
      debug,
    )
  }

  // ---- 3. clock ------------------------------------------------------------------------
  const skew = opts.maxSkewMs ?? FIVE_MINUTES
  const minutes = `${Math.round(skew / 60000)} min.`
  if (presigned) {
    const expires = Number(queryParams.find(([k]) => k === 'X-Amz-Expires')?.[1] ?? '0')
    if (requestDate.getTime() + expires * 1000 < now.getTime()) {
      return fail(
        'presign-expired',
        'InvalidSignatureException',
        `Signature expired: ${rawDate} is now earlier than ${toAmzDate(new Date(now.getTime() - expires * 1000))} (${toAmzDate(now)} - ${expires} sec.)`,
        debug,
      )
    }
  }
  if (requestDate.getTime() < now.getTime() - skew) {
    return fail(
      'expired',
      'InvalidSignatureException',
      `Signature expired: ${rawDate} is now earlier than ${toAmzDate(new Date(now.getTime() - skew))} (${toAmzDate(now)} - ${minutes})`,
      debug,
    )
  }
  if (requestDate.getTime() > now.getTime() + skew) {
    return fail(
      'not-yet-current',
      'InvalidSignatureException',
      `Signature not yet current: ${rawDate} is still later than ${toAmzDate(new Date(now.getTime() + skew))} (${toAmzDate(now)} + ${minutes})`,
      debug,
    )
  }

  // ---- 4. who is it -------------------------------------------------------------------
  const stored = opts.credentials.get(accessKeyId)
  const sentToken = presigned
    ? queryParams.find(([k]) => k === 'X-Amz-Security-Token')?.[1]
    : headerValue(req.headers, 'x-amz-security-token')
  if (!stored) return fail('unknown-key', 'UnrecognizedClientException', MESSAGES.invalidToken, debug)
  // A temporary key without its token, a long-term key with one, or the wrong token: AWS
  // cannot tell these apart from a forged key and says the same thing for all of them.
  if ((stored.sessionToken ?? undefined) !== (sentToken ?? undefined)) {
    return fail('bad-session-token', 'UnrecognizedClientException', MESSAGES.invalidToken, debug)
  }
  if (stored.expiresAt && stored.expiresAt.getTime() <= now.getTime()) {
    return fail('token-expired', 'ExpiredTokenException', MESSAGES.expiredToken, debug)
  }

  // ---- 5. rebuild and compare ---------------------------------------------------------
  const body = req.body ?? new Uint8Array()
  const declaredHash = headerValue(req.headers, 'x-amz-content-sha256')
  const bodyHash = sha256Hex(body)
  const payloadHash = presigned ? bodyHash : (declaredHash ?? bodyHash)
  const canonicalRequest = buildCanonicalRequest({
    method: req.method,
    path,
    query,
    headers: req.headers,
    signedHeaders,
    payloadHash,
    normalizePath: opts.normalizePath ?? true,
    omitQueryKey: presigned ? k => k === 'X-Amz-Signature' : undefined,
  })
  const scope = `${scopeDate}/${region}/${service}/aws4_request`
  const stringToSign = buildStringToSign(rawDate, scope, canonicalRequest)
  const expectedSignature = hmacSha256(
    signingKey(stored.secretAccessKey, scopeDate, region, service),
    stringToSign,
  ).toString('hex')
  const full: VerifyDebug = { ...debug, canonicalRequest, stringToSign, expectedSignature }

  if (
    !presigned &&
    sentToken !== undefined &&
    (opts.requireSignedSessionToken ?? true) &&
    !signedHeaders.includes('x-amz-security-token')
  ) {
    // Not an AWS message: AWS would accept this. See `requireSignedSessionToken`.
    return fail(
      'token-not-signed',
      'IncompleteSignatureException',
      "fake: 'X-Amz-Security-Token' is sent but is not a 'SignedHeader' (pvapi must sign the session token).",
      full,
    )
  }
  if (declaredHash !== undefined && declaredHash !== 'UNSIGNED-PAYLOAD' && declaredHash !== bodyHash) {
    // S3's check (XAmzContentSHA256Mismatch); execute-api ignores the header, but a wrong one
    // means the client hashed a different body than it sent, which pvapi must never do.
    return fail(
      'content-sha256-mismatch',
      'InvalidSignatureException',
      "The provided 'x-amz-content-sha256' header does not match what was computed.",
      full,
    )
  }
  if (!safeEqualHex(expectedSignature, signature)) {
    // API Gateway really does append both strings to this message (secrets included).
    const message = `${MESSAGES.signatureMismatch}\n\nThe Canonical String for this request should have been\n'${canonicalRequest}'\n\nThe String-to-Sign should have been\n'${stringToSign}'\n`
    return fail('signature-mismatch', 'InvalidSignatureException', message, full)
  }
  return {
    ok: true,
    ...full,
    accessKeyId,
    region,
    service,
    principal: stored.principalArn,
    signedHeaders,
    canonicalRequest,
    stringToSign,
  }
}

type Parsed =
  | { credential: string; signedHeaders: string[]; signature: string; amzDate: string; algorithm: string }
  | { error: VerifyResult }

/**
 * `AWS4-HMAC-SHA256 Credential=AKID/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=…`
 * AWS splits the parameters on commas *and* spaces and insists on key=value, which is why a
 * Bearer token or a stray space gives the famous "not a valid key=value pair" message.
 */
function parseAuthorizationHeader(value: string, headers: HeaderPairs): Parsed {
  const trimmed = value.trim()
  const space = trimmed.search(/\s/)
  const algorithm = space < 0 ? trimmed : trimmed.slice(0, space)
  const rest = space < 0 ? '' : trimmed.slice(space + 1)
  const params = new Map<string, string>()
  for (const part of rest.split(/[\s,]+/).filter(Boolean)) {
    const eq = part.indexOf('=')
    if (eq < 0) {
      return {
        error: fail(
          'malformed',
          'IncompleteSignatureException',
          `'${part}' not a valid key=value pair (missing equal-sign) in Authorization header: '${value}'.`,
        ),
      }
    }
    params.set(part.slice(0, eq), part.slice(eq + 1))
  }
  const amzDate = headerValue(headers, 'x-amz-date') ?? fromHttpDate(headerValue(headers, 'date'))
  const missing: string[] = []
  if (!params.get('Credential')) missing.push("Authorization header requires 'Credential' parameter.")
  if (!params.get('Signature')) missing.push("Authorization header requires 'Signature' parameter.")
  if (!params.get('SignedHeaders')) missing.push("Authorization header requires 'SignedHeaders' parameter.")
  if (amzDate === undefined)
    missing.push("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
  if (missing.length > 0) {
    return {
      error: fail('malformed', 'IncompleteSignatureException', `${missing.join(' ')} Authorization=${value}`),
    }
  }
  return {
    algorithm,
    credential: params.get('Credential') ?? '',
    signedHeaders: (params.get('SignedHeaders') ?? '').split(';'),
    signature: params.get('Signature') ?? '',
    amzDate: amzDate ?? '',
  }
}

/** Presigned URL: the same fields as `X-Amz-*` query parameters. */
function parseQueryAuth(params: ReadonlyArray<readonly [string, string]>): Parsed {
  const get = (k: string) => params.find(([key]) => key === k)?.[1]
  const required = ['X-Amz-Credential', 'X-Amz-Signature', 'X-Amz-SignedHeaders', 'X-Amz-Date']
  const missing = required.filter(k => !get(k))
  if (missing.length > 0) {
    return {
      error: fail(
        'malformed',
        'IncompleteSignatureException',
        `AWS query-string parameters must include ${missing.map(m => `'${m}'`).join(', ')}. Re-examine the query-string parameters.`,
      ),
    }
  }
  return {
    algorithm: get('X-Amz-Algorithm') ?? '',
    credential: get('X-Amz-Credential') ?? '',
    signedHeaders: (get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: get('X-Amz-Signature') ?? '',
    amzDate: get('X-Amz-Date') ?? '',
  }
}

/** A `Date: Sun, 30 Aug 2015 12:36:00 GMT` header stands in for X-Amz-Date when that is absent. */
function fromHttpDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const ms = Date.parse(value)
  return Number.isNaN(ms) ? value : toAmzDate(new Date(ms))
}

function regionAccepted(region: string, accepted: VerifyOptions['region']): boolean {
  if (typeof accepted === 'function') return accepted(region)
  return typeof accepted === 'string' ? region === accepted : accepted.includes(region)
}

function safeEqualHex(a: string, b: string): boolean {
  const ab = Buffer.from(a)
  const bb = Buffer.from(b)
  return ab.length === bb.length && timingSafeEqual(ab, bb)
}

function fail(
  reason: VerifyFailureReason,
  errorType: string,
  message: string,
  debug: VerifyDebug = {},
): VerifyResult {
  return { ok: false, reason, errorType, message, ...debug }
}

/** Node's `rawHeaders` (flat `[k, v, k, v…]`) as pairs. */
export function pairsFromRawHeaders(raw: readonly string[]): Array<[string, string]> {
  const pairs: Array<[string, string]> = []
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i] as string, raw[i + 1] as string])
  return pairs
}
