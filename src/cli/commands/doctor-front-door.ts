/**
 * `pvapi doctor --from-api REST_API_ID --stage S --path P -X METHOD` (or `--vpc-link ID`): the
 * caller is a regional API Gateway (the front door) whose HTTP integration reaches the private
 * API through a VPC link, a Network Load Balancer and the execute-api endpoint. The flags, their
 * checks, and the collection that reads the front door first and then everything else as for
 * any caller (src/aws/collect/front-door.ts). Kept apart from doctor.ts, which imports it only
 * when --from-api or --vpc-link is given (scripts/build.mjs puts it in the doctor lane, so the
 * CLI chunk every command loads does not carry it).
 */
import { usageError } from '../../core/errors.js'
import { classifyHost } from '../../core/target.js'
import type { CollectRequest } from '../../aws/collect/collect.js'
import type { DoctorPorts } from '../../aws/collect/ports.js'
import type { DoctorSnapshot, SigningFacts, TargetFacts } from '../../doctor/snapshot.js'
import type { FrontDoorFlags } from './doctor-front-door-flags.js'

/** Checked before anything is read: what cannot apply to an API Gateway caller is refused. */
export function checkFrontDoorFlags(url: string | undefined, o: FrontDoorFlags): void {
  if (o.fromApi === undefined && o.vpcLink === undefined) return
  if (o.fromApi !== undefined && !/^[a-z0-9]{10}$/.test(o.fromApi))
    throw usageError(
      'PV_BAD_API_ID',
      `--from-api ${o.fromApi}: REST API ids are 10 lower-case letters and digits`,
    )
  if (o.vpcLink !== undefined && !/^[a-z0-9]{1,32}$/.test(o.vpcLink))
    throw usageError(
      'PV_BAD_ARGUMENT',
      `--vpc-link ${JSON.stringify(o.vpcLink)}: expected a VPC link id such as abc123`,
    )
  if (o.fromApi !== undefined && o.vpcLink !== undefined)
    throw usageError(
      'PV_FLAG_CONFLICT',
      "--from-api reads the VPC link from the method's integration; --vpc-link is for when only the link is known",
      'give one of them',
    )
  if (o.fromApi !== undefined && url)
    throw usageError(
      'PV_FLAG_CONFLICT',
      "with --from-api the private API's URL is the integration's URI: give no URL",
      'pvapi doctor --from-api ID --stage S --path /items -X GET',
    )
  if (o.fromApi !== undefined && !o.stage)
    throw usageError('PV_NO_TARGET', '--from-api needs --stage (and --path, -X) naming the front-door method')
  const callerFlags = (
    [
      ['lambda', '--lambda'],
      ['fromImds', '--from-imds'],
      ['vpc', '--vpc'],
      ['callerAssumesRole', '--caller-assumes-role'],
      ['authHeader', '--auth-header'],
      ['signingRegion', '--signing-region'],
      ['signingService', '--signing-service'],
      ['vpce', '--vpce'],
      ['probe', '--probe'],
    ] as const
  )
    .filter(([k]) => o[k] !== undefined && o[k] !== false)
    .map(([, f]): string => f)
  for (const [k, f] of [
    ['subnet', '--subnet'],
    ['callerSg', '--caller-sg'],
    ['callerIp', '--caller-ip'],
  ] as const)
    if (o[k].length > 0) callerFlags.push(f)
  if (callerFlags.length > 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${callerFlags.join(', ')} cannot apply to a front-door caller: API Gateway calls unsigned, from the NLB's network, and the endpoint is the one the NLB targets`,
      `drop ${callerFlags.length === 1 ? 'it' : 'them'}, or describe another caller without ${o.fromApi !== undefined ? '--from-api' : '--vpc-link'}`,
    )
}

/** A stand-in target until the front door is read (the spinner's text, the ports' region). */
export function frontDoorPlaceholder(
  o: FrontDoorFlags,
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
  o: FrontDoorFlags,
  url: string | undefined,
  base: CollectRequest,
  ports: DoctorPorts,
  targetFor: TargetFor,
): Promise<DoctorSnapshot> {
  const [{ collectFrontDoor, asFrontDoorSnapshot }, { collectSnapshot }] = await Promise.all([
    import('../../aws/collect/front-door.js'),
    import('../../aws/collect/collect.js'),
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
