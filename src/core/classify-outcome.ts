/**
 * What one live request's outcome means, from the error catalogue (field guide §1.3) and curl's
 * transport exit codes. Pure: the same function classifies `doctor --probe` attempts (stored in
 * the snapshot, so an old snapshot is re-read with today's knowledge) and `call --repeat`
 * answers.
 *
 * A classification names the hops that *can* produce the outcome, most likely first, and never
 * settles on one from message text alone: the doctor's reconciliation (src/doctor/reconcile/)
 * picks the hop the configuration confirms. `wordingHop` is set only when the words themselves
 * name a layer (AWS's newer "… no VPC endpoint policy allows …" family, unverified for API
 * Gateway), and is used only where the configuration cannot decide.
 */
import type { Hop } from './hop.js'

export type ProbeClass =
  | 'ok'
  | 'redirect'
  | 'dns-failure'
  | 'connect-refused'
  | 'connect-timeout'
  | 'response-timeout'
  | 'connection-reset'
  | 'tls-failure'
  | 'transport-error'
  | 'interrupted'
  | 'signature-expired'
  | 'signature-not-yet-current'
  | 'wrong-scope'
  | 'signature-mismatch'
  | 'incomplete-signature'
  | 'invalid-signature'
  | 'expired-token'
  | 'invalid-token'
  | 'missing-auth-token'
  | 'forbidden'
  | 'denied-anonymous'
  | 'denied-explicit'
  | 'denied-implicit'
  | 'denied-vpce-policy'
  | 'denied-identity-policy'
  | 'authorizer-deny'
  | 'throttled'
  | 'integration-error'
  | 'server-error'
  | 'http-error'

/** The facts of one outcome that classification reads (a subset of ProbeAttemptFacts). */
export interface ProbeOutcome {
  readonly httpStatus?: number
  readonly errorType?: string
  readonly message?: string
  readonly exitCode?: number
  readonly tcp?: 'connected' | 'timeout' | 'refused' | 'error'
  readonly tls?: 'ok' | 'failed'
  /** The PvapiError code (PV_TLS_RESET: reset during the handshake, curl 35 but a reset all the same). */
  readonly errorCode?: string
  /** Whether the request carried a SigV4 signature. */
  readonly signed?: boolean
}

export interface Classification {
  readonly class: ProbeClass
  /** 2xx or 3xx: the request went through every hop. */
  readonly ok: boolean
  /** The hops that can produce this outcome, most likely first. Empty for `ok`. */
  readonly hops: readonly Hop[]
  /** The hop the message's own words name, when they name one (never used to overrule the configuration). */
  readonly wordingHop?: Hop
  /** Hops a request with this outcome demonstrably got through. */
  readonly passed: readonly Hop[]
  /** One line: what it most likely means. */
  readonly meaning: string
}

const ALL: readonly Hop[] = [1, 2, 3, 4, 5, 6, 7, 8]
const NETWORK: readonly Hop[] = [2, 3, 5]

const c = (
  cls: ProbeClass,
  hops: readonly Hop[],
  passed: readonly Hop[],
  meaning: string,
  wordingHop?: Hop,
): Classification => ({
  class: cls,
  ok: false,
  hops,
  passed,
  meaning,
  ...(wordingHop !== undefined ? { wordingHop } : {}),
})

/** Classify one outcome. */
export function classifyOutcome(o: ProbeOutcome): Classification {
  if (o.httpStatus === undefined) return classifyTransport(o)
  const status = o.httpStatus
  if (status < 300)
    return {
      class: 'ok',
      ok: true,
      hops: [],
      passed: ALL,
      meaning: `HTTP ${status}: the request went through every hop`,
    }
  if (status < 400)
    return {
      class: 'redirect',
      ok: true,
      hops: [],
      passed: ALL,
      meaning: `HTTP ${status}: the integration answered with a redirect`,
    }
  const type = o.errorType?.split(':')[0]
  const m = o.message ?? ''
  // "User: arn:…" means SigV4 authenticated the caller: hop 1 is behind it.
  const authenticated = /^User: arn:/i.test(m)
  const behind = authenticated ? ([1, ...NETWORK] as Hop[]) : NETWORK

  if (/^Signature expired/i.test(m))
    return c(
      'signature-expired',
      [1],
      NETWORK,
      'the signing time is more than 5 minutes behind AWS (the local clock is slow)',
    )
  if (/^Signature not yet current/i.test(m))
    return c(
      'signature-not-yet-current',
      [1],
      NETWORK,
      'the signing time is more than 5 minutes ahead of AWS (the local clock is fast)',
    )
  if (/Credential should be scoped to (a valid region|correct service)/i.test(m))
    return c('wrong-scope', [1], NETWORK, 'signed for the wrong region or service')
  if (/signature we calculated does not match/i.test(m))
    return c(
      'signature-mismatch',
      [1],
      NETWORK,
      'the signature does not match what API Gateway canonicalized (secret key, Host, path or query differ)',
    )
  if (/security token included in the request is expired/i.test(m) || type === 'ExpiredTokenException')
    return c('expired-token', [1], NETWORK, 'the session token has expired')
  if (/security token included in the request is invalid/i.test(m) || type === 'UnrecognizedClientException')
    return c('invalid-token', [1], NETWORK, 'the access key or session token is not valid')
  if (type === 'IncompleteSignatureException')
    return c(
      'incomplete-signature',
      [1, 4],
      NETWORK,
      'the Authorization header is not a complete SigV4 signature (with a custom endpoint policy, any non-SigV4 Authorization header is parsed as one)',
    )
  if (type === 'InvalidSignatureException')
    return c('invalid-signature', [1, 4], NETWORK, 'the SigV4 signature was rejected')
  if (/Missing Authentication Token/i.test(m) || type === 'MissingAuthenticationTokenException') {
    return o.signed
      ? c(
          'missing-auth-token',
          [8, 1],
          NETWORK,
          'a signed request got "Missing Authentication Token": the stage, path or method does not exist or is not deployed',
        )
      : c(
          'missing-auth-token',
          [1, 8],
          NETWORK,
          'unsigned on an AWS_IAM method, or the stage, path or method does not exist',
        )
  }
  if (/^User: anonymous is not authorized/i.test(m))
    return c(
      'denied-anonymous',
      [6, 4],
      NETWORK,
      'evaluated as anonymous (unsigned, or a method that is not AWS_IAM) and no policy allows the anonymous caller',
    )
  if (/no VPC endpoint policy allows|explicit deny in a VPC endpoint policy/i.test(m))
    return c(
      'denied-vpce-policy',
      [4],
      behind,
      "the words name the VPC endpoint policy (AWS's newer wording, not verified for API Gateway)",
      4,
    )
  if (/^User: arn:.*no identity-based policy allows/i.test(m))
    return c('denied-identity-policy', [7], behind, "the words name the caller's identity-based policies", 7)
  if (/^User: arn:.*explicit deny in an identity-based policy/i.test(m))
    return c(
      'denied-explicit',
      [7, 6, 4],
      behind,
      "an explicit deny; the words name the caller's identity-based policies",
      7,
    )
  if (/^User: arn:.*(explicit deny in a resource-based policy)/i.test(m))
    return c('denied-explicit', [6, 4, 7], behind, 'an explicit deny; the words name the resource policy', 6)
  if (/^User: arn:.*no resource-based policy allows/i.test(m))
    return c('denied-implicit', [6, 7, 4], behind, 'no policy allows; the words name the resource policy', 6)
  if (/^User: .* is not authorized to perform: .* with an explicit deny/i.test(m))
    return c(
      'denied-explicit',
      [6, 4, 7],
      behind,
      'a policy explicitly denies this caller (a resource policy Deny on aws:SourceVpce is the usual one)',
    )
  if (/^User: .* is not authorized to perform/i.test(m))
    return c(
      'denied-implicit',
      [6, 7, 4],
      behind,
      'no policy allows this caller (cross-account, both the identity policy and the resource policy must allow)',
    )
  if (/not authorized to access this resource/i.test(m))
    return c(
      'authorizer-deny',
      [8],
      [1, 2, 3, 4, 5],
      'the Lambda authorizer (or the policy it returns) denied the request',
    )
  if (m === 'Forbidden' || type === 'ForbiddenException') {
    return c(
      'forbidden',
      [6, 2, 8],
      NETWORK,
      'refused before authorization: the API is not PRIVATE, a public API reached through private DNS, no access association for a custom domain, or an API key is missing',
    )
  }
  if (status === 429) return c('throttled', [8], NETWORK, 'throttled (stage, usage plan or account limits)')
  if (status >= 500) {
    return type
      ? c(
          'integration-error',
          [8],
          [1, 2, 3, 4, 5, 6, 7],
          'the integration or handler failed behind API Gateway',
        )
      : c(
          'server-error',
          [8, 5],
          [2, 3],
          `HTTP ${status} without x-amzn-ErrorType: not API Gateway's error shape (a proxy in the path?)`,
        )
  }
  return c('http-error', [8], NETWORK, `HTTP ${status}${type ? ` ${type}` : ''}`)
}

function classifyTransport(o: ProbeOutcome): Classification {
  switch (o.exitCode) {
    case 6:
      return c(
        'dns-failure',
        [2],
        [],
        'the name did not resolve: private DNS off, no {api}-{vpce} alias or private hosted zone record, or the VPC DNS attributes off',
      )
    case 7:
      return c(
        'connect-refused',
        [5, 3],
        [2],
        'the address refused the connection: an endpoint that is not available, or an address that is not an endpoint ENI',
      )
    case 28:
      if (o.tls === 'ok')
        return c(
          'response-timeout',
          [8, 5],
          [2, 3, 5],
          'connected, but no answer in time: a slow backend (API Gateway itself gives up at 29 s with 504)',
        )
      return c(
        'connect-timeout',
        [3, 5],
        [2],
        `no answer to the ${o.tcp === 'connected' ? 'TLS handshake (TCP connected)' : 'TCP handshake'}: a security group, a network ACL, a route or an endpoint that is not available drops the packets`,
      )
    case 35:
      if (o.errorCode === 'PV_TLS_RESET') return classifyTransport({ ...o, exitCode: 56 })
      return c(
        'tls-failure',
        [2, 5],
        [3],
        'the TLS handshake failed: something other than the endpoint answers on this address (its certificate does not fit the name), or TLS below 1.2',
      )
    case 52:
    case 56:
      return c(
        'connection-reset',
        [5, 3],
        [2],
        'the connection was reset or closed without an answer: a firewall or proxy on the path, or the endpoint closing it',
      )
    case 130:
      return c('interrupted', [], [], 'interrupted')
    default:
      return c('transport-error', [5], [], 'the request failed in transit')
  }
}

/** Short words for an outcome: `HTTP 403 AccessDeniedException` or `connect timeout (28)`. */
export function outcomeLabel(o: ProbeOutcome & { readonly ms?: number }): string {
  if (o.httpStatus !== undefined)
    return `HTTP ${o.httpStatus}${o.errorType ? ` ${o.errorType.split(':')[0]}` : ''}`
  const cls = classifyTransport(o).class
  const words: Partial<Record<ProbeClass, string>> = {
    'dns-failure': 'DNS failure',
    'connect-refused': 'connection refused',
    'connect-timeout':
      o.tcp === 'connected' ? 'timeout (TCP connected, TLS never completed)' : 'connect timeout',
    'response-timeout': 'no answer (timeout after the request was sent)',
    'connection-reset': 'connection reset',
    'tls-failure': 'TLS handshake failed',
    interrupted: 'interrupted',
  }
  return `${words[cls] ?? 'transport error'}${o.exitCode !== undefined ? ` (${o.exitCode})` : ''}`
}
