import { usageError } from '../core/errors.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { classifyHost, parseUserUrl, type ParsedUrl } from '../core/target.js'
import type { Body } from './body.js'
import type { RequestSettings } from './plan.js'

/** The statuses curl's -L follows. */
export const isRedirect = (status: number) =>
  status === 301 || status === 302 || status === 303 || status === 307 || status === 308

/** The Location header of a response head (raw name/value pairs). */
export function locationOf(rawHeaders: readonly string[]): string | undefined {
  for (let i = 0; i + 1 < rawHeaders.length; i += 2)
    if ((rawHeaders[i] as string).toLowerCase() === 'location') return rawHeaders[i + 1]
  return undefined
}

/** Same scheme, host and port: the host a signature was made for. */
export const sameOrigin = (a: ParsedUrl, b: ParsedUrl) =>
  a.protocol === b.protocol && a.hostname === b.hostname && a.port === b.port

// Headers that carry the caller's identity or address the original API: never sent to a host
// the request was not meant for (curl drops Authorization and Cookie across hosts; a SigV4
// session token and API Gateway's routing header are the same kind of thing).
const CREDENTIAL_HEADER =
  /^(authorization|cookie|host|x-amz-security-token|x-amz-date|x-amz-content-sha256|x-apigw-api-id)$/i

export interface NextHop {
  readonly settings: RequestSettings
  readonly url: ParsedUrl
  /** The host the request was meant for (the URL given): signed again, credentials allowed. */
  readonly sameHost: boolean
}

/**
 * The request curl's -L sends next: the Location resolved against the current URL; 303 (and
 * 301/302 after a POST) becomes a GET without a body, 307/308 keep method and body. To the
 * original host every setting stays; to another host the route flags (--api-id, --vpce,
 * --host-mode) and identity headers are dropped, because they were for the original API.
 */
export function nextHop(
  current: RequestSettings,
  original: ParsedUrl,
  method: string,
  status: number,
  location: string,
  fallbackRegion: string | undefined,
  body: Body | undefined,
): NextHop {
  let target: URL
  try {
    target = new URL(location, current.url.url)
  } catch {
    throw new PvapiError(
      'PV_BAD_REDIRECT',
      `the server redirected to ${JSON.stringify(location)}, which is not a URL`,
      ExitCode.Recv,
    )
  }
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw usageError(
      'PV_BAD_REDIRECT',
      `not following the redirect to ${target.protocol} (only http and https)`,
    )
  const url = parseUserUrl(target.href)
  const toGet = status === 303 ? method !== 'HEAD' : (status === 301 || status === 302) && method === 'POST'
  const sameHost = sameOrigin(url, original)
  const base: RequestSettings = {
    ...current,
    url,
    // The body already read (stdin cannot be read twice) goes again with a 307/308.
    ...(toGet ? { method: 'GET', data: [], body: undefined } : { body }),
  }
  if (sameHost) return { settings: stripUndefined(base), url, sameHost }
  const region = classifyHost(url.hostname).region ?? current.region ?? fallbackRegion
  const { apiId: _a, vpce: _v, hostModeGiven: _h, region: _r, ...rest } = base
  return {
    settings: stripUndefined({
      ...rest,
      hostMode: 'header',
      headers: current.headers.filter(h => !CREDENTIAL_HEADER.test(h.name)),
      ...(region ? { region } : {}),
    }),
    url,
    sameHost,
  }
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T
}

export function tooManyRedirects(max: number): PvapiError {
  return new PvapiError(
    'PV_TOO_MANY_REDIRECTS',
    `maximum (${max}) redirects followed`,
    ExitCode.TooManyRedirects,
    'raise --max-redirs, or look at the Location headers with -i',
  )
}
