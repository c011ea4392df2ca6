import { usageError } from './errors.js'

/**
 * How a URL's host addresses a private API. API Gateway accepts four shapes through an
 * interface VPC endpoint (field guide §1.5):
 * - `private-dns`: `{api}.execute-api.{region}.amazonaws.com` (the endpoint's private DNS on)
 * - `alias`:       `{api}-{vpce}.execute-api.{region}.amazonaws.com` (Route 53 alias; VPCE associated with the API)
 * - `vpce`:        `vpce-…-….execute-api.{region}.vpce.amazonaws.com` (endpoint-specific DNS; needs
 *                  `x-apigw-api-id` or a `Host:` naming the API)
 * - `custom`:      anything else: a private custom domain name (or another service's host)
 */
export type HostKind = 'private-dns' | 'alias' | 'vpce' | 'custom'

export interface TargetHost {
  readonly kind: HostKind
  readonly hostname: string
  readonly apiId?: string
  readonly vpceId?: string
  readonly region?: string
  /** Availability zone of a zonal endpoint name (`vpce-…-us-east-1a.execute-api…`). */
  readonly zone?: string
  /** `amazonaws.com` or `amazonaws.com.cn`. */
  readonly dnsSuffix?: string
}

// REST API ids are 10 lower-case alphanumerics; VPC endpoint ids are `vpce-` + 8 or 17 hex digits.
const API_ID = '[a-z0-9]{10}'
const VPCE_ID = 'vpce-[0-9a-f]{8}(?:[0-9a-f]{9})?'
const REGION = '[a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\\d'
const SUFFIX = 'amazonaws\\.com(?:\\.cn)?'

const PRIVATE_DNS = new RegExp(`^(${API_ID})\\.execute-api\\.(${REGION})\\.(${SUFFIX})$`)
const ALIAS = new RegExp(`^(${API_ID})-(vpce-[0-9a-f]+)\\.execute-api\\.(${REGION})\\.(${SUFFIX})$`)
// The endpoint-specific names: `vpce-<id>-<random>` (regional) or `vpce-<id>-<random>-<az>` (zonal).
// Any number of hex digits: the shape `vpce-<hex>-<suffix>.execute-api.<region>.vpce.amazonaws.com`
// cannot be anything else, and the project's own design documents use a 15-digit id
// (`vpce-0abc1234def56789-abcdefgh`), which was taken for a custom domain, its --api-id dropped.
const ANY_VPCE_ID = 'vpce-[0-9a-f]+'
const VPCE_NAME = new RegExp(
  `^(${ANY_VPCE_ID})-[a-z0-9]+(?:-(${REGION}[a-z]))?\\.execute-api\\.(${REGION})\\.vpce\\.(${SUFFIX})$`,
)
// Other AWS service hosts (`sts.us-east-1.amazonaws.com`), for region inference with --service.
const GENERIC_AWS = new RegExp(`^(?:[a-z0-9-]+\\.)*[a-z0-9-]+\\.(${REGION})\\.(${SUFFIX})$`)

export const VPCE_ID_PATTERN = new RegExp(`^${VPCE_ID}$`)
export const API_ID_PATTERN = new RegExp(`^${API_ID}$`)

/** Classify a host name (already lower-cased, without port). Pure. */
export function classifyHost(hostname: string): TargetHost {
  let m = ALIAS.exec(hostname)
  if (m) return { kind: 'alias', hostname, apiId: m[1], vpceId: m[2], region: m[3], dnsSuffix: m[4] }
  m = PRIVATE_DNS.exec(hostname)
  if (m) return { kind: 'private-dns', hostname, apiId: m[1], region: m[2], dnsSuffix: m[3] }
  m = VPCE_NAME.exec(hostname)
  if (m) {
    const zone = m[2]
    return { kind: 'vpce', hostname, vpceId: m[1], region: m[3], dnsSuffix: m[4], ...(zone ? { zone } : {}) }
  }
  m = GENERIC_AWS.exec(hostname)
  if (m) return { kind: 'custom', hostname, region: m[1], dnsSuffix: m[2] }
  return { kind: 'custom', hostname }
}

/** The private DNS name of an API: what `Host:` carries in `--host-mode host`. */
export function apiHostname(apiId: string, region: string, dnsSuffix = 'amazonaws.com'): string {
  return `${apiId}.execute-api.${region}.${dnsSuffix}`
}

export interface ParsedUrl {
  readonly url: URL
  readonly protocol: 'https:' | 'http:'
  readonly hostname: string
  /** Port as given, or the scheme's default. */
  readonly port: number
  readonly defaultPort: boolean
}

/**
 * Parse what the user typed as a URL, curl-style: a missing scheme means https (private APIs
 * only speak HTTPS). Rejects what cannot be a request target, with a hint.
 */
export function parseUserUrl(input: string): ParsedUrl {
  const raw = input.trim()
  if (raw === '')
    throw usageError(
      'PV_BAD_URL',
      'URL is empty',
      'give a URL such as https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
    )
  // `https:///x` would parse (WHATWG skips the empty authority) as host `x`: say it has no host.
  if (/^https?:\/\/\//i.test(raw))
    throw usageError('PV_BAD_URL', `URL has no host: ${input}`, 'expected https://HOST/PATH')
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`
  let url: URL
  try {
    url = new URL(withScheme)
  } catch {
    throw usageError(
      'PV_BAD_URL',
      `not a valid URL: ${input}`,
      'expected https://HOST/PATH, e.g. https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
    )
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw usageError(
      'PV_BAD_URL',
      // Stryker disable next-line Regex: a URL protocol has exactly one colon, at its end
      `unsupported scheme ${url.protocol.replace(/:$/, '')} in ${input}`,
      'use https://',
    )
  }
  if (url.username || url.password) {
    throw usageError(
      'PV_BAD_URL',
      'URL user-info (user:password@) is not supported: requests are authenticated with SigV4',
      'remove the user-info part; credentials come from the AWS credential chain',
    )
  }
  // Stryker disable next-line all: defensive; WHATWG URL rejects an empty host for http(s) (the `https:///` case is caught above)
  if (url.hostname === '') throw usageError('PV_BAD_URL', `URL has no host: ${input}`)
  // Stryker disable next-line Regex: WHATWG URL only puts brackets around a whole IPv6 literal, so the anchors change nothing
  const hostname = url.hostname.replace(/^\[|\]$/g, '')
  if (url.protocol === 'http:' && /\.amazonaws\.com(\.cn)?$/.test(hostname)) {
    throw usageError(
      'PV_BAD_URL',
      `API Gateway and VPC endpoints only accept HTTPS: ${input}`,
      'use https:// (private APIs require TLS 1.2)',
    )
  }
  const defaultPort = url.port === ''
  const port = defaultPort ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  // Port 0 parses, but nothing can be reached there (node would pick no port at all).
  if (port === 0)
    throw usageError(
      'PV_BAD_URL',
      `port 0 in ${input} is not a port to connect to`,
      'drop the port (https means 443) or give one from 1 to 65535',
    )
  return { url, protocol: url.protocol, hostname, port, defaultPort }
}
