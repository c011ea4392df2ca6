import { usageError } from '../core/errors.js'
import { classifyHost, type ParsedUrl } from '../core/target.js'
import {
  applyConnectRules,
  restrictFamily,
  type ConnectToRule,
  type Dial,
  type ResolveRule,
} from '../http/connect-rules.js'
import { assembleBody, type Body, type BodyReaders } from './body.js'
import { parseMethod, type DataArg, type ParsedHeader } from './options.js'
import { prepareRequest, type PreparedRequest } from './prepare.js'
import { planRoute, type HostMode } from './route.js'

/** Validated request settings shared by `call`, `sign` and the library. */
export interface RequestSettings {
  readonly url: ParsedUrl
  readonly method?: string
  readonly headers: readonly ParsedHeader[]
  readonly data: readonly DataArg[]
  /** A body given as bytes (the library); -d/--data-binary/--json arguments are used otherwise. */
  readonly body?: Body
  readonly service: string
  readonly region?: string
  readonly profile?: string
  readonly apiId?: string
  readonly hostMode: HostMode
  /** --host-mode was given (not the default): refused where it would change nothing. */
  readonly hostModeGiven?: boolean
  readonly vpce?: { readonly id: string } | { readonly hostname: string }
  readonly resolve: readonly ResolveRule[]
  readonly connectTo: readonly ConnectToRule[]
  /** curl -4/-6: resolve and connect over this address family only. */
  readonly family?: 4 | 6
}

export interface PlanPorts {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly readers: BodyReaders
  /** Region from the AWS configuration (only asked when neither the flag nor the host says). */
  configRegion(profile: string | undefined): Promise<string | undefined>
  /** Endpoint DNS name of a bare vpce id (read-only DescribeVpcEndpoints). */
  vpceHostname(vpceId: string, region: string): Promise<string>
}

export interface RequestPlan {
  readonly prepared: PreparedRequest
  readonly dial: Dial
  /** Signing region (undefined only when nothing says and the request is not signed). */
  readonly region: string | undefined
  /** The body as assembled (a redirect that keeps it sends these bytes, not stdin again). */
  readonly body?: Body
}

const lastHeader = (headers: readonly ParsedHeader[], name: string) =>
  headers.filter(h => h.name.toLowerCase() === name).at(-1)?.value

export async function planRequest(
  s: RequestSettings,
  ports: PlanPorts,
  needRegion: boolean,
): Promise<RequestPlan> {
  const target = classifyHost(s.url.hostname)
  const body = s.body ?? (await assembleBody(s.data, ports.readers))
  const method = parseMethod(s.method, body !== undefined)

  const vpceByName = s.vpce && 'hostname' in s.vpce ? s.vpce.hostname : undefined
  let region = s.region ?? target.region ?? (vpceByName ? classifyHost(vpceByName).region : undefined)
  if (!region && (needRegion || (s.vpce && 'id' in s.vpce))) region = await ports.configRegion(s.profile)

  let vpceHostname = vpceByName
  if (s.vpce && 'id' in s.vpce) {
    if (!region)
      throw usageError('PV_NO_REGION', `cannot look up ${s.vpce.id} without a region`, 'add --region')
    vpceHostname = await ports.vpceHostname(s.vpce.id, region)
  }

  const userHost = lastHeader(s.headers, 'host')
  const userApiIdHeader = lastHeader(s.headers, 'x-apigw-api-id')
  const route = planRoute({
    target,
    port: s.url.port,
    defaultPort: s.url.defaultPort,
    hostMode: s.hostMode,
    ...(s.hostModeGiven ? { hostModeGiven: true } : {}),
    ...(s.apiId ? { apiId: s.apiId } : {}),
    ...(vpceHostname ? { vpceHostname } : {}),
    ...(userHost ? { userHost } : {}),
    ...(userApiIdHeader ? { userApiIdHeader } : {}),
  })
  region ??= route.region
  if (!region && needRegion) {
    throw usageError(
      'PV_NO_REGION',
      `cannot tell the signing region for ${s.url.hostname}`,
      'add --region (or set AWS_REGION / a region in your profile)',
    )
  }
  const prepared = prepareRequest({
    protocol: s.url.protocol,
    path: s.url.url.pathname,
    rawQuery: s.url.url.search,
    route,
    method,
    headers: s.headers,
    ...(body ? { body } : {}),
  })
  const dial = restrictFamily(
    applyConnectRules(route.connectHost, route.port, s.connectTo, s.resolve),
    s.family,
  )
  return { prepared, dial, region, ...(body ? { body } : {}) }
}
