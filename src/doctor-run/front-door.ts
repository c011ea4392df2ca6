/**
 * The live collection for a front-door caller (`pvapi doctor --from-api` or `--vpc-link`): a
 * regional API Gateway whose HTTP integration reaches the private API through a VPC link, a
 * Network Load Balancer and the execute-api endpoint. Reads the front door first
 * (src/aws/collect/front-door.ts), then everything else as for any caller. The flags' checks
 * are the CLI's (src/cli/commands/doctor-front-door.ts).
 */
import { usageError } from '../core/errors.js'
import { classifyHost } from '../core/target.js'
import type { CollectRequest } from '../aws/collect/collect.js'
import type { DoctorPorts } from '../aws/collect/ports.js'
import type { DoctorSnapshot, SigningFacts, TargetFacts } from '../doctor/snapshot.js'

/** What the front door is, as the flags gave it (checked by the CLI). */
export interface FrontDoorSettings {
  readonly fromApi?: string | undefined
  readonly vpcLink?: string | undefined
  readonly apiId?: string | undefined
  readonly stage?: string | undefined
  readonly path?: string | undefined
  readonly request?: string | undefined
}

/** A stand-in target until the front door is read (the spinner's text, the ports' region). */
export function frontDoorPlaceholder(
  o: FrontDoorSettings,
  region: string | undefined,
): { target: TargetFacts; signing: SigningFacts; vpce?: undefined } {
  if (!region) throw usageError('PV_NO_REGION', 'no region for the front door', 'add --region')
  const what = o.fromApi
    ? `front door ${o.fromApi}/${o.stage} ${o.path ?? '/'}`
    : `VPC link ${o.vpcLink ?? '?'}`
  // Not an execute-api name: nothing is read for it until the integration names the API.
  const host = 'front-door.invalid'
  return {
    target: {
      url: what,
      method: (o.request ?? 'GET').toUpperCase(),
      hostname: host,
      hostKind: 'custom',
      connectHost: host,
      region,
      urlPath: '/',
    },
    signing: {
      region,
      regionSource: 'flag',
      service: 'execute-api',
      authorization: 'none',
      hostHeader: host,
      route: what,
    },
  }
}

type TargetFor = (
  url: string | undefined,
  apiId: string | undefined,
) => { target: TargetFacts; signing: SigningFacts }

/** An NLB's own DNS name (`name-0123.elb.us-east-1.amazonaws.com`): not a private custom domain. */
const isElbName = (host: string) => /\.elb\.([a-z0-9-]+\.)?amazonaws\.com$/.test(host)

/**
 * Read the front door, then collect as for any caller: the private API at the integration's
 * URI, the endpoint the NLB targets, the NLB as the caller's network, and no signature.
 */
export async function collectFrontDoorSnapshot(
  o: FrontDoorSettings,
  url: string | undefined,
  base: CollectRequest,
  ports: DoctorPorts,
  targetFor: TargetFor,
): Promise<DoctorSnapshot> {
  const [{ collectFrontDoor, asFrontDoorSnapshot }, { collectSnapshot }] = await Promise.all([
    import('../aws/collect/front-door.js'),
    import('../aws/collect/collect.js'),
  ])
  const region = base.target.region
  const reach = await collectFrontDoor(
    {
      region,
      ...(o.fromApi ? { restApiId: o.fromApi } : {}),
      ...(o.stage ? { stage: o.stage } : {}),
      ...(o.path ? { path: o.path } : {}),
      ...(o.request ? { method: o.request } : {}),
      ...(o.vpcLink ? { vpcLinkId: o.vpcLink } : {}),
      ...(o.apiId ? { expectedApiId: o.apiId } : {}),
    },
    ports,
    base.attempt ?? {},
  )
  // The private API's URL: the integration's URI, or (with --vpc-link) the URL given.
  let ts: { target: TargetFacts; signing: SigningFacts }
  let hostHeader: string | undefined
  if (reach.uri) {
    const u = new URL(reach.uri)
    hostHeader = u.host
    const kind = classifyHost(u.hostname.toLowerCase())
    if (kind.kind === 'custom' && reach.apiId) {
      // Routed by x-apigw-api-id: judge the private API at its own name; the routing and
      // certificate checks read the real URI from the front-door facts.
      ts = targetFor(
        `https://${reach.apiId}.execute-api.${region}.amazonaws.com${u.pathname}${u.search}`,
        undefined,
      )
    } else {
      ts = targetFor(u.href, kind.kind === 'vpce' ? reach.apiId : undefined)
    }
  } else if (o.fromApi) {
    ts = base // the integration could not be read: the private side stays unknown
  } else {
    ts = targetFor(url, reach.apiId)
    hostHeader = ts.signing.hostHeader
  }
  const target: TargetFacts = {
    ...ts.target,
    ...(reach.vpceId ? { vpceId: reach.vpceId } : {}),
  }
  // An NLB name is no private custom domain: do not look for one.
  if (target.customDomain && isElbName(target.customDomain))
    delete (target as { customDomain?: string }).customDomain
  const apiIdHeader = reach.facts.privateApi?.how.startsWith('the x-apigw-api-id mapping')
    ? reach.facts.privateApi.apiId
    : undefined
  const signing: SigningFacts = {
    ...ts.signing,
    authorization: 'none',
    hostHeader: hostHeader ?? ts.signing.hostHeader,
    ...(apiIdHeader ? { apiIdHeader } : {}),
    route: `${base.target.url} → VPC link ${reach.facts.vpcLinkId ?? '?'} → NLB ${valueName(reach)} → ${reach.vpceId ?? 'endpoint ?'}`,
  }
  const request: CollectRequest = {
    ...base,
    target,
    signing,
    network: { ...reach.network, privateIps: [] },
    assumesRoleInVpc: false,
  }
  delete (request as { vpce?: unknown }).vpce
  const snapshot = await collectSnapshot(request, reach.ports)
  return asFrontDoorSnapshot(snapshot, reach.facts)
}

function valueName(reach: {
  facts: { loadBalancer: { status: string; value?: { name?: string; arn: string } } }
}): string {
  const lb = reach.facts.loadBalancer
  return lb.status === 'ok' && lb.value ? (lb.value.name ?? lb.value.arn) : '?'
}
