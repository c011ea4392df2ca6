import { isIP } from 'node:net'
import { usageError } from './errors.js'
import { apiHostname, classifyHost, type TargetHost, VPCE_ID_PATTERN } from './target.js'

/** How the API is addressed on an endpoint-specific name: `x-apigw-api-id` (default) or `Host:`. */
export type HostMode = 'header' | 'host'

export interface RouteInput {
  /** The URL's host, classified. */
  readonly target: TargetHost
  readonly port: number
  readonly defaultPort: boolean
  readonly apiId?: string
  readonly hostMode: HostMode
  /** --host-mode was given explicitly: refused where it would change nothing. */
  readonly hostModeGiven?: boolean
  /** The VPC endpoint DNS name to connect through (`--vpce`, a bare id already looked up). */
  readonly vpceHostname?: string
  /** A `Host:` the user set with -H (curl semantics: sent and signed as given, SNI unchanged). */
  readonly userHost?: string
  /** An `x-apigw-api-id` the user set with -H. */
  readonly userApiIdHeader?: string
}

/**
 * Where the request goes and how it names the API:
 * - `connectHost` is resolved and dialled, and is the TLS server name (SNI) and the name the
 *   certificate is checked against: never a Host override (node#37104: node:https would
 *   otherwise use the Host header as SNI).
 * - `hostHeader` is the Host sent, and therefore the host that is signed.
 */
export interface Route {
  readonly connectHost: string
  readonly port: number
  readonly hostHeader: string
  readonly extraHeaders: Readonly<Record<string, string>>
  /** The API addressed, when known (for region inference, messages and the doctor). */
  readonly apiId?: string
  readonly region?: string
  readonly description: string
}

// An IPv6 literal keeps its brackets in Host (RFC 9110 §7.2): `::1:8443` is not a host and port.
const withPort = (host: string, port: number, defaultPort: boolean) => {
  const h = host.includes(':') ? `[${host}]` : host
  return defaultPort ? h : `${h}:${port}`
}

export function planRoute(input: RouteInput): Route {
  const { target, port, defaultPort } = input
  const region = target.region
  const usesEndpointName = target.kind === 'vpce' || Boolean(input.vpceHostname)
  const isAddress = isIP(target.hostname) !== 0

  // An explicit flag is honoured or refused, never dropped: on a custom domain name API Gateway
  // picks the API by the domain's base path mappings, and --api-id used to vanish without a
  // word (the API then answered 403 Forbidden).
  if (input.apiId && target.kind === 'custom' && (!isAddress || input.vpceHostname)) {
    throw usageError(
      'PV_API_ID_UNUSED',
      `--api-id ${input.apiId} cannot be used with ${target.hostname}: it is for endpoint-specific names (vpce-….execute-api.REGION.vpce.amazonaws.com) and endpoint addresses`,
      input.vpceHostname
        ? 'a custom domain reaches its API through its base path mappings: drop --api-id, or call https://API.execute-api.REGION.amazonaws.com/… --vpce … instead'
        : 'drop --api-id (a custom domain picks its API by base path mapping), or use the endpoint-specific name in the URL',
    )
  }
  if (input.hostModeGiven && (!usesEndpointName || isAddress)) {
    throw usageError(
      'PV_HOST_MODE_UNUSED',
      `--host-mode applies to endpoint-specific names (vpce-….vpce.amazonaws.com or --vpce); ${target.hostname} is addressed by its own name`,
      'drop --host-mode',
    )
  }

  if (input.apiId && target.apiId && input.apiId !== target.apiId) {
    throw usageError(
      'PV_API_ID_MISMATCH',
      `--api-id ${input.apiId} differs from the API in the URL (${target.apiId})`,
      'drop --api-id: the URL already names the API',
    )
  }

  if (input.vpceHostname) {
    const via = classifyHost(input.vpceHostname)
    if (target.kind === 'alias' || target.kind === 'vpce') {
      throw usageError(
        'PV_VPCE_REDUNDANT',
        `--vpce is for private-DNS and custom-domain URLs; ${target.hostname} already names an endpoint`,
        'drop --vpce, or use the https://{api}.execute-api.{region}.amazonaws.com form',
      )
    }
    // Stryker disable next-line ConditionalExpression: classifyHost gives every private-dns URL an API id, so only a custom host can lack one
    if (target.kind === 'custom' && !target.apiId) {
      // Private custom domain through the endpoint: Host is the custom domain (AWS "Invoke a private API").
      return {
        connectHost: input.vpceHostname,
        port,
        hostHeader: input.userHost ?? withPort(target.hostname, port, defaultPort),
        extraHeaders: {},
        ...((via.region ?? region) ? { region: (via.region ?? region) as string } : {}),
        description: `custom domain ${target.hostname} through endpoint ${input.vpceHostname}`,
      }
    }
    const apiId = target.apiId as string
    return viaEndpoint(
      input,
      input.vpceHostname,
      apiId,
      target.region ?? via.region,
      target.dnsSuffix,
      `API ${apiId} through endpoint ${input.vpceHostname}`,
    )
  }

  switch (target.kind) {
    case 'private-dns':
    case 'alias':
      return {
        connectHost: target.hostname,
        port,
        hostHeader: input.userHost ?? withPort(target.hostname, port, defaultPort),
        extraHeaders: {},
        ...(target.apiId ? { apiId: target.apiId } : {}),
        ...(region ? { region } : {}),
        description:
          target.kind === 'alias'
            ? `API ${target.apiId} via the Route 53 alias of ${target.vpceId}`
            : `API ${target.apiId} via private DNS`,
      }
    case 'vpce': {
      const apiId = input.apiId ?? input.userApiIdHeader ?? apiIdFromHost(input.userHost)
      if (!apiId && !input.userHost) {
        throw usageError(
          'PV_VPCE_NEEDS_API',
          `${target.hostname} is an endpoint-specific name: API Gateway needs to be told which API`,
          'add --api-id <rest-api-id> (sends x-apigw-api-id), or -H "Host: <custom-domain>" for a private custom domain',
        )
      }
      if (!apiId) {
        return {
          connectHost: target.hostname,
          port,
          hostHeader: input.userHost as string,
          extraHeaders: {},
          ...(region ? { region } : {}),
          description: `Host ${input.userHost} through endpoint ${target.hostname}`,
        }
      }
      return viaEndpoint(
        input,
        target.hostname,
        apiId,
        region,
        target.dnsSuffix,
        `API ${apiId} through endpoint ${target.hostname}`,
      )
    }
    case 'custom':
      return {
        connectHost: target.hostname,
        port,
        hostHeader: input.userHost ?? withPort(target.hostname, port, defaultPort),
        // An ENI address dialled directly: --api-id tells API Gateway which API, as on a vpce name.
        extraHeaders: input.apiId && !input.userApiIdHeader ? { 'x-apigw-api-id': input.apiId } : {},
        ...(input.apiId ? { apiId: input.apiId } : {}),
        ...(region ? { region } : {}),
        description: `host ${target.hostname}`,
      }
  }
}

/** Endpoint-specific name: address the API with x-apigw-api-id (signed host = endpoint name) or Host. */
function viaEndpoint(
  input: RouteInput,
  endpointHost: string,
  apiId: string,
  region: string | undefined,
  dnsSuffix: string | undefined,
  description: string,
): Route {
  const { port, defaultPort } = input
  if (input.userHost) {
    return {
      connectHost: endpointHost,
      port,
      hostHeader: input.userHost,
      extraHeaders: {},
      apiId,
      ...(region ? { region } : {}),
      description,
    }
  }
  if (input.hostMode === 'host') {
    if (!region)
      throw usageError(
        'PV_NO_REGION',
        `cannot build the API's host name for ${apiId} without a region`,
        'add --region',
      )
    return {
      connectHost: endpointHost,
      port,
      hostHeader: withPort(apiHostname(apiId, region, dnsSuffix), port, defaultPort),
      extraHeaders: {},
      apiId,
      region,
      description: `${description} (Host: ${apiHostname(apiId, region, dnsSuffix)})`,
    }
  }
  return {
    connectHost: endpointHost,
    port,
    hostHeader: withPort(endpointHost, port, defaultPort),
    extraHeaders: input.userApiIdHeader ? {} : { 'x-apigw-api-id': apiId },
    apiId,
    ...(region ? { region } : {}),
    description: `${description} (x-apigw-api-id: ${apiId})`,
  }
}

function apiIdFromHost(host: string | undefined): string | undefined {
  if (!host) return undefined
  // Stryker disable next-line Regex: a host name has no colon but the port's (an IPv6 literal has no API id either way)
  return classifyHost(host.replace(/:\d+$/, '').toLowerCase()).apiId
}

export function parseHostMode(mode: string | undefined): HostMode {
  if (mode === undefined || mode === 'header') return 'header'
  if (mode === 'host') return 'host'
  throw usageError(
    'PV_BAD_HOST_MODE',
    `--host-mode ${mode}: expected header or host`,
    'header sends x-apigw-api-id (signed host = endpoint name); host sends Host: {api}.execute-api.{region}.amazonaws.com',
  )
}

/** `--vpce`: a VPC endpoint id (looked up) or an endpoint DNS name (used as is). */
export function parseVpce(spec: string | undefined): { id: string } | { hostname: string } | undefined {
  if (spec === undefined) return undefined
  const v = spec.trim().toLowerCase()
  if (VPCE_ID_PATTERN.test(v)) return { id: v }
  if (
    /^vpce-[0-9a-f]+-[a-z0-9]+(-[a-z0-9-]+)?\.execute-api\.[a-z0-9-]+\.vpce\.amazonaws\.com(\.cn)?$/.test(v)
  )
    return { hostname: v }
  if (/^vpce-/.test(v)) {
    throw usageError(
      'PV_BAD_VPCE',
      `--vpce ${spec}: not a VPC endpoint id (vpce- + 8 or 17 hex digits) nor an execute-api endpoint DNS name`,
      'e.g. --vpce vpce-0123456789abcdef0 or --vpce vpce-0123456789abcdef0-abcd1234.execute-api.us-east-1.vpce.amazonaws.com',
    )
  }
  if (/^[a-z0-9.-]+$/.test(v) && v.includes('.')) return { hostname: v }
  throw usageError('PV_BAD_VPCE', `--vpce ${spec}: not a VPC endpoint id or DNS name`)
}
