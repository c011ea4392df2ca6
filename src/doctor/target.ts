/**
 * What the doctor diagnoses: the URL a caller uses (in any name form `pvapi call` accepts, or
 * --api-id/--stage/--path) turned into the snapshot's target and signing facts, with the route
 * (SNI, Host, x-apigw-api-id) planned the way `call` plans it (core/route.ts).
 */
import { usageError } from '../core/errors.js'
import { checkRegionFlag } from '../core/region-name.js'
import { parseHostMode, parseVpce, planRoute } from '../core/route.js'
import { classifyHost, parseUserUrl } from '../core/target.js'
import type { ClientAuthorization, SigningFacts, TargetFacts } from './snapshot.js'

/** Presigned-URL credentials never reach a snapshot. */
const SIGNATURE_PARAMS = /([?&](?:X-Amz-Signature|X-Amz-Security-Token|X-Amz-Credential)=)[^&]*/gi

/** What the doctor was told about the call, as the flags of `pvapi doctor` give it. */
export interface TargetFlags {
  /** `-X`. */
  readonly request?: string
  readonly apiId?: string
  readonly stage?: string
  readonly path?: string
  /** `--vpce`: an endpoint id or an endpoint DNS name. */
  readonly vpce?: string
  readonly hostMode?: string
  readonly authHeader?: string
  readonly signingRegion?: string
  readonly signingService?: string
  readonly apiAccount?: string
}

/** The target, how the failing client signs, and the `--vpce` to look up. */
export interface DoctorTarget {
  readonly target: TargetFacts
  readonly signing: SigningFacts
  readonly vpce?: { id?: string; hostname?: string; placeholder?: string }
}

/**
 * The target and the signing facts, from the URL (or --api-id/--stage/--path) and the flags.
 * Pure apart from the region, which the caller resolved (a region named by the host wins).
 * Errors are usage errors naming the flag.
 */
export function doctorTarget(
  url: string | undefined,
  o: TargetFlags,
  region: { readonly region: string | undefined; readonly source: SigningFacts['regionSource'] },
): DoctorTarget {
  if (o.apiId !== undefined && !/^[a-z0-9]{10}$/.test(o.apiId))
    throw usageError(
      'PV_BAD_API_ID',
      `--api-id ${o.apiId}: REST API ids are 10 lower-case letters and digits`,
    )
  if (o.apiAccount !== undefined && !/^\d{12}$/.test(o.apiAccount))
    throw usageError('PV_BAD_ACCOUNT', `--api-account ${o.apiAccount}: expected a 12-digit account id`)
  let text = url
  if (!text) {
    if (!o.apiId || !o.stage)
      throw usageError(
        'PV_NO_TARGET',
        'pvapi doctor needs a URL, or --api-id with --stage',
        'e.g. pvapi doctor https://abc1234567.execute-api.us-east-1.amazonaws.com/prod/items',
      )
    if (!region.region) throw usageError('PV_NO_REGION', 'no region for --api-id', 'add --region')
    text = `https://${o.apiId}.execute-api.${region.region}.amazonaws.com/${o.stage}${o.path ? (o.path.startsWith('/') ? o.path : `/${o.path}`) : '/'}`
  } else if (o.stage || o.path) {
    throw usageError(
      'PV_FLAG_CONFLICT',
      '--stage and --path are for use without a URL',
      'put the stage and path in the URL',
    )
  }
  const parsed = parseUserUrl(text)
  const host = classifyHost(parsed.hostname.toLowerCase())
  const targetRegion = host.region ?? region.region
  if (!targetRegion)
    throw usageError('PV_NO_REGION', `cannot tell the region of ${parsed.hostname}`, 'add --region')
  const vpce = parseVpce(o.vpce)
  const placeholder =
    vpce && 'id' in vpce ? `${vpce.id}-pending.execute-api.${targetRegion}.vpce.amazonaws.com` : undefined
  const hostMode = parseHostMode(o.hostMode)
  const route = planRoute({
    target: host,
    port: parsed.port,
    defaultPort: parsed.defaultPort,
    ...(o.apiId ? { apiId: o.apiId } : {}),
    hostMode,
    ...(vpce ? { vpceHostname: 'hostname' in vpce ? vpce.hostname : placeholder! } : {}),
  })
  const auth = (o.authHeader ?? 'sigv4') as ClientAuthorization
  if (!['sigv4', 'none', 'other'].includes(auth))
    throw usageError('PV_BAD_AUTH_HEADER', `--auth-header ${o.authHeader}: expected sigv4, none or other`)
  checkRegionFlag('--signing-region', o.signingRegion)
  const segments = parsed.url.pathname.split('/').slice(1)
  const decode = (s: string) => {
    try {
      return decodeURIComponent(s)
    } catch {
      return s
    }
  }
  const custom = host.kind === 'custom'
  const stage = custom ? undefined : segments[0] ? decode(segments[0]) : undefined
  const resourcePath = custom ? undefined : `/${segments.slice(1).map(decode).join('/')}`
  const vpceId =
    host.vpceId ?? (vpce ? ('id' in vpce ? vpce.id : classifyHost(vpce.hostname).vpceId) : undefined)
  const apiId = route.apiId ?? host.apiId ?? o.apiId
  const target: TargetFacts = {
    url: parsed.url.href.replace(SIGNATURE_PARAMS, '$1[redacted]'),
    method: (o.request ?? 'GET').toUpperCase(),
    hostname: parsed.hostname,
    hostKind: host.kind,
    connectHost: route.connectHost,
    ...(apiId ? { apiId } : {}),
    region: targetRegion,
    ...(stage !== undefined ? { stage } : {}),
    ...(resourcePath !== undefined ? { resourcePath } : {}),
    urlPath: parsed.url.pathname,
    ...(vpceId ? { vpceId } : {}),
    ...(custom ? { customDomain: parsed.hostname } : {}),
    ...(o.apiAccount ? { apiAccount: o.apiAccount } : {}),
  }
  const signing: SigningFacts = {
    region: o.signingRegion ?? targetRegion,
    regionSource: o.signingRegion ? 'client' : host.region ? 'host' : region.source,
    service: o.signingService ?? 'execute-api',
    authorization: auth,
    hostHeader: route.hostHeader,
    ...(route.extraHeaders['x-apigw-api-id'] ? { apiIdHeader: route.extraHeaders['x-apigw-api-id'] } : {}),
    ...(host.kind === 'vpce' || vpce ? { hostMode } : {}),
    route: route.description,
  }
  return {
    target,
    signing,
    ...(vpce
      ? {
          vpce:
            'id' in vpce
              ? { id: vpce.id, ...(placeholder ? { placeholder } : {}) }
              : { hostname: vpce.hostname },
        }
      : {}),
  }
}
