/**
 * Collection for the front-door caller (`doctor --from-api` / `--vpc-link`): a regional API
 * Gateway whose HTTP integration reaches the private API through a VPC link, a Network Load
 * Balancer and the execute-api endpoint's ENI addresses. Reads the front door first (method →
 * integration → VPC link → NLB → listeners, target groups, health, attributes), works out which
 * private API and which endpoint it reaches, then collects the rest exactly as for any caller,
 * with the NLB as the caller's network and no signature (an HTTP integration does not sign).
 * Read-only, and every failure is data, as in collect.ts.
 */
import { matchResource } from '../../core/route-match.js'
import { classifyHost } from '../../core/target.js'
import type {
  FrontDoorFacts,
  FrontDoorIntegrationFacts,
  LoadBalancerFacts,
  TargetGroupFacts,
} from '../../doctor/snapshot.js'
import {
  notCollected,
  ok,
  valueOf,
  type Collected,
  type DoctorSnapshot,
  type VpcEndpointFacts,
} from '../../doctor/snapshot.js'
import { attempt, type AttemptOptions } from './attempt.js'
import type { DoctorPorts, Ec2Port } from './ports.js'

/** What names the front door. */
export interface FrontDoorRequest {
  readonly region: string
  /** --from-api, with --stage, --path and -X. */
  readonly restApiId?: string
  readonly stage?: string
  readonly path?: string
  readonly method?: string
  /** --vpc-link (without --from-api). */
  readonly vpcLinkId?: string
  /** --api-id: the private API the front door should reach. */
  readonly expectedApiId?: string
}

/** What the front door reaches, for building the rest of the collection. */
export interface FrontDoorReach {
  readonly facts: FrontDoorFacts
  /** The URL the integration calls, path parameters filled in from --path when they can be. */
  readonly uri?: string
  /** The private API id (URI host, x-apigw-api-id mapping, else --api-id). */
  readonly apiId?: string
  readonly vpceId?: string
  /** The NLB as the caller's network. */
  readonly network: {
    readonly vpcId?: string
    readonly subnetIds: readonly string[]
    readonly securityGroupIds: readonly string[]
  }
  /** The same ports, with the endpoint list and ENI reads shared with the main collection. */
  readonly ports: DoctorPorts
}

type Get = <T>(action: string, read: () => Promise<T | undefined>) => Promise<Collected<T>>

const HEADER_API_ID = 'integration.request.header.x-apigw-api-id'
const STAGE_VARIABLE = /^\$\{stageVariables\.([A-Za-z0-9_]+)\}$/

/** A static request-parameter value (`'abc'`), else undefined (a `method.request.…` mapping). */
export function staticValue(v: string | undefined): string | undefined {
  const m = v ? /^'(.*)'$/.exec(v) : undefined
  return m?.[1]
}

/** The private API an integration names: by its URI host, or by a static x-apigw-api-id mapping. */
export function privateApiOf(
  integration: Pick<FrontDoorIntegrationFacts, 'uri' | 'requestParameters'> | undefined,
  expected?: string,
): NonNullable<FrontDoorFacts['privateApi']> {
  const mapped = integration?.requestParameters[HEADER_API_ID]
  const fromHeader = staticValue(mapped)
  let host: string | undefined
  try {
    host = integration?.uri ? new URL(integration.uri).hostname.toLowerCase() : undefined
  } catch {
    host = undefined
  }
  const kind = host ? classifyHost(host) : undefined
  const withExpected = expected ? { expected } : {}
  // x-apigw-api-id names the API whatever the host (the endpoint reads it first).
  if (fromHeader) return { apiId: fromHeader, how: `the x-apigw-api-id mapping ${mapped}`, ...withExpected }
  if (mapped) return { how: `x-apigw-api-id is mapped from ${mapped} (not a static value)`, ...withExpected }
  if (kind?.apiId) return { apiId: kind.apiId, how: `the URI host ${host}`, ...withExpected }
  return {
    how: host ? `neither the URI host ${host} nor an x-apigw-api-id mapping names one` : 'no integration URI',
    ...withExpected,
  }
}

/** The URI with `{name}` path parameters filled in from the front-door path where they map. */
function fillUri(
  uri: string,
  params: Readonly<Record<string, string>>,
  requestParameters: Readonly<Record<string, string>>,
): string {
  return uri.replace(/\{([A-Za-z0-9_.-]+)\+?\}/g, (whole, name: string) => {
    const mapped = requestParameters[`integration.request.path.${name}`]
    const fixed = staticValue(mapped)
    if (fixed !== undefined) return fixed
    const from = mapped ? /^method\.request\.path\.(.+)$/.exec(mapped)?.[1] : name
    return (from && params[from]) ?? whole
  })
}

/** Path parameters of a resource template matched against a path (`{proxy+}` takes the rest). */
function pathParams(template: string, path: string): Record<string, string> {
  const tpl = template.split('/').filter(Boolean)
  const segs = path.split('/').filter(Boolean)
  const out: Record<string, string> = {}
  tpl.forEach((t, i) => {
    const greedy = /^\{(.+)\+\}$/.exec(t)
    if (greedy) out[greedy[1]!] = segs.slice(i).join('/')
    else {
      const one = /^\{(.+)\}$/.exec(t)
      if (one && segs[i] !== undefined) out[one[1]!] = segs[i]!
    }
  })
  return out
}

/** The EC2 port with the endpoint list and ENI reads kept, so the main collection reuses them. */
function sharedEc2(ec2: Ec2Port): Ec2Port {
  const endpoints = new Map<string, Promise<VpcEndpointFacts[]>>()
  const enis = new Map<string, ReturnType<Ec2Port['networkInterfaces']>>()
  return new Proxy(ec2, {
    get(target, key) {
      if (key === 'interfaceEndpoints')
        return (service: string) => {
          if (!endpoints.has(service)) endpoints.set(service, target.interfaceEndpoints(service))
          return endpoints.get(service)!
        }
      if (key === 'networkInterfaces')
        return (ids: readonly string[]) => {
          const k = [...ids].sort().join(',')
          if (!enis.has(k)) enis.set(k, target.networkInterfaces(ids))
          return enis.get(k)!
        }
      const v = (target as unknown as Record<string | symbol, unknown>)[key]
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}

/** Read the front door and what it reaches. Never throws for an AWS problem. */
export async function collectFrontDoor(
  req: FrontDoorRequest,
  given: DoctorPorts,
  opts: AttemptOptions & { unreachable?: Map<string, unknown> } = {},
): Promise<FrontDoorReach> {
  const ports: DoctorPorts = { ...given, ec2: sharedEc2(given.ec2) }
  const o = { unreachable: new Map(), ...opts }
  const get: Get = (action, read) => attempt(action, read, o as AttemptOptions)
  const region = req.region
  const fd = ports.frontDoorApigw
  const elb = ports.elbv2
  const noClient = (what: string) => notCollected(`this reader cannot read ${what}`)

  // The endpoints are needed whatever the front door says: start at once.
  const endpointsP = get('ec2:DescribeVpcEndpoints', () =>
    ports.ec2.interfaceEndpoints(`com.amazonaws.${region}.execute-api`),
  )

  // ---- the front-door method and its integration ---------------------------------------------
  let resource: FrontDoorFacts['resource'] = notCollected('--from-api was not given (only --vpc-link)')
  let integration: FrontDoorFacts['integration'] = notCollected(
    '--from-api was not given: the integration is unknown',
    '--from-api REST_API_ID --stage S --path P -X METHOD',
  )
  let params: Record<string, string> = {}
  if (req.restApiId) {
    const api = req.restApiId
    const resources = await get(`apigateway:GET (/restapis/${api}/resources)`, () =>
      ports.callerApigw.resources(api),
    )
    const path = req.path ?? '/'
    const method = (req.method ?? 'GET').toUpperCase()
    if (resources.status !== 'ok') resource = resources
    else {
      const r = matchResource(resources.value, path)
      const key = r ? (r.methods[method] ? method : r.methods.ANY ? 'ANY' : undefined) : undefined
      if (!r) resource = { status: 'not-found', message: `no resource of ${api} matches ${path}` }
      else if (!key)
        resource = {
          status: 'not-found',
          message: `resource ${r.path} of ${api} has no ${method} method (it has ${Object.keys(r.methods).join(', ') || 'none'})`,
        }
      else {
        resource = ok({ id: r.id, path: r.path })
        params = pathParams(r.path, path)
        integration = fd
          ? await get(`apigateway:GET (/restapis/${api}/resources/${r.id}/methods/${key}/integration)`, () =>
              fd.integration(api, r.id, key),
            )
          : noClient('integrations')
      }
    }
  }
  const intg = valueOf(integration)

  // ---- the VPC link and the NLB -----------------------------------------------------------------
  let vpcLinkId = req.vpcLinkId ?? intg?.connectionId
  const stageVar = vpcLinkId ? STAGE_VARIABLE.exec(vpcLinkId)?.[1] : undefined
  let vpcLink: FrontDoorFacts['vpcLink']
  if (stageVar && req.restApiId && req.stage && fd) {
    const vars = await get(`apigateway:GET (/restapis/${req.restApiId}/stages/${req.stage})`, () =>
      fd.stageVariables(req.restApiId!, req.stage!),
    )
    vpcLinkId = valueOf(vars)?.[stageVar]
    if (vars.status !== 'ok') vpcLink = vars
    else if (!vpcLinkId)
      vpcLink = {
        status: 'not-found',
        message: `stage ${req.stage} of ${req.restApiId} has no variable ${stageVar} (the integration's connectionId is \${stageVariables.${stageVar}})`,
      }
  }
  let nlbArn = intg?.integrationTarget
  vpcLink ??= intg?.integrationTarget
    ? notCollected(
        `the integration targets ${intg.integrationTarget} through a VPC link V2: its status is not read`,
      )
    : !vpcLinkId
      ? notCollected(
          intg
            ? `the integration has no VPC link (connectionType ${intg.connectionType ?? 'INTERNET'})`
            : 'the VPC link is unknown',
          '--vpc-link ID',
        )
      : fd
        ? await get(`apigateway:GET (/vpclinks/${vpcLinkId})`, () => fd.vpcLink(vpcLinkId!))
        : noClient('VPC links')
  nlbArn ??= valueOf(vpcLink)?.targetArns[0]

  const none = (why: string) => notCollected(why)
  const lbP: Promise<Collected<LoadBalancerFacts>> = nlbArn
    ? elb
      ? get('elasticloadbalancing:DescribeLoadBalancers', () => elb.loadBalancer(nlbArn!))
      : Promise.resolve(noClient('load balancers'))
    : Promise.resolve(none('the VPC link names no load balancer'))
  const attrsP =
    nlbArn && elb
      ? get('elasticloadbalancing:DescribeLoadBalancerAttributes', () => elb.loadBalancerAttributes(nlbArn!))
      : Promise.resolve(none('the load balancer is unknown'))
  const listenersP =
    nlbArn && elb
      ? get('elasticloadbalancing:DescribeListeners', () => elb.listeners(nlbArn!))
      : Promise.resolve(none('the load balancer is unknown'))
  const groupsP: Promise<Collected<readonly TargetGroupFacts[]>> = (async () => {
    if (!nlbArn || !elb) return none('the load balancer is unknown')
    const groups = await get('elasticloadbalancing:DescribeTargetGroups', () => elb.targetGroups(nlbArn!))
    if (groups.status !== 'ok') return groups
    const full = await Promise.all(
      groups.value.map(async g => {
        const [health, attributes] = await Promise.all([
          get('elasticloadbalancing:DescribeTargetHealth', () => elb.targetHealth(g.arn)),
          get('elasticloadbalancing:DescribeTargetGroupAttributes', () => elb.targetGroupAttributes(g.arn)),
        ])
        return { ...g, health, attributes }
      }),
    )
    return ok(full)
  })()
  const [loadBalancer, loadBalancerAttributes, listeners, targetGroups, endpoints] = await Promise.all([
    lbP,
    attrsP,
    listenersP,
    groupsP,
    endpointsP,
  ])
  const lb = valueOf(loadBalancer)

  // ---- which private API, which endpoint --------------------------------------------------------
  const privateApi = intg ? privateApiOf(intg, req.expectedApiId) : undefined
  const apiId = privateApi?.apiId ?? req.expectedApiId
  let vpceId: string | undefined
  let endpointHow: string | undefined
  const uriHost = (() => {
    try {
      return intg?.uri ? new URL(intg.uri).hostname.toLowerCase() : undefined
    } catch {
      return undefined
    }
  })()
  const hostVpce = uriHost ? classifyHost(uriHost).vpceId : undefined
  const targetIps = new Set(
    (valueOf(targetGroups) ?? []).flatMap(g => (valueOf(g.health) ?? []).map(t => t.id)),
  )
  const eps = valueOf(endpoints) ?? []
  if (targetIps.size > 0 && eps.length > 0) {
    // The endpoint whose ENI addresses the targets are: read the ENIs of the NLB VPC's endpoints.
    const candidates = (lb?.vpcId ? eps.filter(e => e.vpcId === lb.vpcId) : eps).slice(0, 20)
    const eniIds = candidates.flatMap(e => e.networkInterfaceIds)
    const enis = eniIds.length
      ? valueOf(await get('ec2:DescribeNetworkInterfaces', () => ports.ec2.networkInterfaces(eniIds)))
      : undefined
    let best: { id: string; n: number } | undefined
    for (const e of candidates) {
      const ips = (enis ?? []).filter(n => e.networkInterfaceIds.includes(n.eniId)).flatMap(n => n.privateIps)
      const n = ips.filter(ip => targetIps.has(ip)).length
      if (n > 0 && (!best || n > best.n)) best = { id: e.id, n }
    }
    if (best) {
      vpceId = best.id
      endpointHow = `the NLB's targets are ${best.id}'s ENI addresses`
    }
  }
  if (!vpceId && hostVpce) {
    vpceId = hostVpce
    endpointHow = `named by the integration URI host ${uriHost}`
  }
  if (!vpceId && lb?.vpcId) {
    const inVpc = eps.filter(e => e.vpcId === lb.vpcId)
    if (inVpc.length === 1) {
      vpceId = inVpc[0]!.id
      endpointHow = `the only execute-api endpoint in the NLB's VPC ${lb.vpcId} (no target is one of its addresses)`
    }
  }

  const uri = intg?.uri ? fillUri(intg.uri, params, intg.requestParameters) : undefined
  const facts: FrontDoorFacts = {
    from: req.restApiId ? 'api' : 'vpc-link',
    region,
    ...(req.restApiId ? { restApiId: req.restApiId } : {}),
    ...(req.stage ? { stage: req.stage } : {}),
    ...(req.method ? { method: req.method.toUpperCase() } : {}),
    ...(req.path ? { path: req.path } : {}),
    resource,
    integration,
    ...(vpcLinkId ? { vpcLinkId } : {}),
    vpcLink,
    loadBalancer,
    loadBalancerAttributes,
    listeners,
    targetGroups,
    ...(privateApi ? { privateApi } : {}),
    ...(vpceId ? { endpointId: vpceId } : {}),
    ...(endpointHow ? { endpointHow } : {}),
  }
  return {
    facts,
    ...(uri ? { uri } : {}),
    ...(apiId ? { apiId } : {}),
    ...(vpceId ? { vpceId } : {}),
    network: {
      ...(lb?.vpcId ? { vpcId: lb.vpcId } : {}),
      subnetIds: (lb?.zones ?? []).flatMap(z => (z.subnetId ? [z.subnetId] : [])),
      securityGroupIds: lb?.securityGroupIds ?? [],
    },
    ports,
  }
}

/**
 * The caller is API Gateway, which calls anonymously: the doctor's own identity is not the
 * principal, and its IAM policies do not apply. Applied to the snapshot the main collection wrote.
 */
export function asFrontDoorSnapshot(s: DoctorSnapshot, facts: FrontDoorFacts): DoctorSnapshot {
  const why = notCollected(
    'the caller is API Gateway (the front door): an HTTP integration sends no signature, so API Gateway sees an anonymous caller',
  )
  return {
    ...s,
    caller: {
      ...s.caller,
      principal: why,
      role: why,
      identityPolicies: why,
      permissionsBoundary: why,
      assumesRoleInVpc: false,
    },
    frontDoor: facts,
  }
}
