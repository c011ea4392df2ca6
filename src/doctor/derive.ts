/**
 * Facts several checks need, derived once from the snapshot: which VPC endpoint the request
 * goes through, its ENI addresses, the caller's addresses, the stage and resource path (custom
 * domains map them), the matched method, the API owner's account, the method ARN, and the
 * policy engine's evaluation. Pure: computed from the snapshot only.
 */
import { executeApiArn } from '../policy/index.js'
import { analysePolicies, type PolicyAnalysis } from './policy-analysis.js'
import type { DerivedFacts, EndpointAddress, MethodMatch, RouteFacts } from './derived-facts.js'
// Route matching is shared with the collector (which reads only the methods a route reaches).
import { mapPath, matchResource } from '../core/route-match.js'
import { parseCidr, type Ipv4Range } from './net.js'
import {
  notCollected,
  ok,
  valueOf,
  type CallerNetworkFacts,
  type Collected,
  type DoctorSnapshot,
  type SubnetFacts,
  type VpcEndpointFacts,
} from './snapshot.js'

export type { DerivedFacts, EndpointAddress, MethodMatch, RouteFacts } from './derived-facts.js'

/** Derived facts; `policy` is computed on first use. */
export interface Derived extends DerivedFacts {
  readonly policy: PolicyAnalysis
}

/** Compute the derived facts of a snapshot. */
export function derive(s: DoctorSnapshot): Derived {
  const { endpoint, how } = selectEndpoint(s)
  const endpointAddresses = addressesOf(s, endpoint)
  const callerNetwork = s.network.caller
  const net = valueOf(callerNetwork)
  const callerSubnets = (net?.subnetIds ?? [])
    .map(id => valueOf(s.network.subnets[id]))
    .filter((x): x is SubnetFacts => x !== undefined)
  const callerRanges = rangesOf(s, callerNetwork, callerSubnets)
  const route = routeOf(s)
  const apiId = s.target.apiId ?? valueOf(route)?.apiId
  const apiAccount = accountOf(s, apiId)
  const method = methodOf(s, route)
  const r = valueOf(route)
  const methodArn =
    apiId && apiAccount && r
      ? executeApiArn({
          region: s.target.region,
          account: apiAccount.account,
          apiId,
          stage: r.stage,
          method: s.target.method,
          path: r.resourcePath,
        })
      : undefined
  const routeMissing = missingRoute(s, route, method)
  let policy: PolicyAnalysis | undefined
  const partial = {
    endpoint,
    endpointHow: how,
    endpointAddresses,
    callerNetwork,
    callerSubnets,
    callerRanges,
    route,
    ...(apiId ? { apiId } : {}),
    ...(apiAccount ? { apiAccount } : {}),
    method,
    ...(methodArn ? { methodArn } : {}),
    ...(routeMissing ? { routeMissing } : {}),
  }
  return {
    ...partial,
    get policy(): PolicyAnalysis {
      return (policy ??= analysePolicies(s, partial))
    },
  }
}

/** Which execute-api endpoint carries the request. */
function selectEndpoint(s: DoctorSnapshot): { endpoint: Collected<VpcEndpointFacts>; how: string } {
  const eps = s.network.endpoints
  const wanted = s.target.vpceId
  if (eps.status !== 'ok') {
    return { endpoint: eps, how: wanted ? `named ${wanted}` : 'unknown' }
  }
  const list = eps.value
  if (wanted) {
    const found = list.find(e => e.id === wanted)
    if (found && s.frontDoor?.endpointId === wanted && s.frontDoor.endpointHow)
      return { endpoint: ok(found), how: s.frontDoor.endpointHow }
    if (found)
      return {
        endpoint: ok(found),
        how: `named by ${s.target.hostKind === 'private-dns' || s.target.hostKind === 'custom' ? '--vpce' : 'the URL'}`,
      }
    return {
      endpoint: {
        status: 'not-found',
        message: `${wanted} is not one of the execute-api endpoints visible in ${s.target.region} (${list.map(e => e.id).join(', ') || 'none'}); is it in another account or region?`,
      },
      how: `named ${wanted}`,
    }
  }
  // The endpoint whose ENI addresses the host name resolved to is the one the client reaches.
  const answer = valueOf(s.dns.answers[s.target.connectHost])
  if (answer && answer.addresses.length > 0) {
    for (const e of list) {
      const ips = e.networkInterfaceIds.flatMap(id => {
        const eni = valueOf(s.network.enis[id])
        return [...(eni?.privateIps ?? []), ...(eni?.ipv6Addresses ?? [])]
      })
      if (answer.addresses.some(a => ips.includes(a)))
        return { endpoint: ok(e), how: `${s.target.connectHost} resolves to its ENIs` }
    }
  }
  const vpcId = valueOf(s.network.caller)?.vpcId
  if (vpcId) {
    const inVpc = list.filter(e => e.vpcId === vpcId)
    const withDns = inVpc.find(e => e.privateDnsEnabled)
    if (withDns) return { endpoint: ok(withDns), how: `the caller VPC ${vpcId}'s endpoint with private DNS` }
    if (inVpc[0]) return { endpoint: ok(inVpc[0]), how: `the caller VPC ${vpcId}'s endpoint` }
    // The caller VPC has none: an endpoint in another (peered) VPC may still be the path.
  }
  if (list.length === 1 && list[0])
    return { endpoint: ok(list[0]), how: `the only execute-api endpoint in ${s.target.region}` }
  if (list.length === 0) {
    return {
      endpoint: {
        status: 'not-found',
        message: `no execute-api interface endpoint in ${s.target.region}${vpcId ? ` (caller VPC ${vpcId})` : ''}`,
      },
      how: 'none exists',
    }
  }
  return {
    endpoint: notCollected(
      `${list.length} execute-api endpoints (${list.map(e => e.id).join(', ')}) and none identified as the caller's`,
      '--vpce <id> or --lambda/--from-imds/--vpc to locate the caller',
    ),
    how: 'ambiguous',
  }
}

function addressesOf(
  s: DoctorSnapshot,
  endpoint: Collected<VpcEndpointFacts>,
): Collected<readonly EndpointAddress[]> {
  if (endpoint.status !== 'ok') return endpoint
  const out: EndpointAddress[] = []
  let firstMissing: Collected<readonly EndpointAddress[]> | undefined
  for (const id of endpoint.value.networkInterfaceIds) {
    const eni = s.network.enis[id]
    if (!eni || eni.status !== 'ok') {
      firstMissing ??= eni ?? notCollected(`ENI ${id} was not read`, 'ec2:DescribeNetworkInterfaces')
      continue
    }
    // IPv4 first, then the ENI's IPv6 addresses (dual-stack endpoints): each is a way in.
    for (const ip of [...eni.value.privateIps, ...(eni.value.ipv6Addresses ?? [])]) {
      out.push({
        ip,
        eniId: id,
        ...(eni.value.subnetId ? { subnetId: eni.value.subnetId } : {}),
        ...(eni.value.availabilityZone ? { availabilityZone: eni.value.availabilityZone } : {}),
      })
    }
  }
  if (out.length === 0) return firstMissing ?? notCollected(`${endpoint.value.id} has no network interfaces`)
  return ok(out)
}

function rangesOf(
  s: DoctorSnapshot,
  network: Collected<CallerNetworkFacts>,
  subnets: readonly SubnetFacts[],
): Derived['callerRanges'] {
  if (network.status !== 'ok') return network
  // An on-premises caller (--caller-cidr): its ranges stand for its addresses.
  const onPrem = (network.value.onPremises?.cidrs ?? []).map(c => parseCidr(c)).filter(r => r !== undefined)
  if (onPrem.length > 0) return ok({ ranges: onPrem, exact: false })
  const ips = network.value.privateIps.map(ip => parseCidr(ip)).filter((r): r is Ipv4Range => r !== undefined)
  if (ips.length > 0) return ok({ ranges: ips, exact: true })
  const cidrs = subnets
    .map(sn => (sn.cidrBlock ? parseCidr(sn.cidrBlock) : undefined))
    .filter((r): r is Ipv4Range => r !== undefined)
  if (cidrs.length > 0 && cidrs.length === network.value.subnetIds.length)
    return ok({ ranges: cidrs, exact: false })
  const missing = network.value.subnetIds
    .map(id => s.network.subnets[id])
    .find((c): c is Collected<SubnetFacts> => c !== undefined && c.status !== 'ok')
  if (missing && missing.status !== 'ok') return missing
  return notCollected(
    'the caller IP and subnets are unknown',
    '--caller-ip or --subnet (or --lambda/--from-imds)',
  )
}

/** Stage and resource path: from the URL, or through a custom domain's base path mapping. */
function routeOf(s: DoctorSnapshot): Collected<RouteFacts> {
  const t = s.target
  if (t.stage !== undefined && t.resourcePath !== undefined && !t.customDomain) {
    return ok({ ...(t.apiId ? { apiId: t.apiId } : {}), stage: t.stage, resourcePath: t.resourcePath })
  }
  const domain = s.api.customDomain
  if (!domain) {
    if (t.stage !== undefined && t.resourcePath !== undefined)
      return ok({ ...(t.apiId ? { apiId: t.apiId } : {}), stage: t.stage, resourcePath: t.resourcePath })
    return notCollected('the URL has no stage', 'a URL of the form https://HOST/{stage}/{path}')
  }
  const mappings = domain.basePathMappings
  if (mappings.status !== 'ok') return mappings
  const mapping = mapPath(mappings.value, t.urlPath)
  if (!mapping) {
    return {
      status: 'not-found',
      message: `no base path mapping of ${domain.domainName} matches ${t.urlPath} (mappings: ${mappings.value.map(m => m.basePath).join(', ') || 'none'})`,
    }
  }
  const stage = mapping.mapping.stage ?? t.stage
  if (!stage)
    return notCollected(`the mapping ${mapping.mapping.basePath} has no stage and the URL names none`)
  return ok({ apiId: mapping.mapping.restApiId, stage, resourcePath: mapping.rest, mapping: mapping.mapping })
}

/** The API owner's account, from the most direct evidence available. */
function accountOf(s: DoctorSnapshot, apiId: string | undefined): Derived['apiAccount'] {
  if (s.target.apiAccount) return { account: s.target.apiAccount, source: '--api-account' }
  const apiIdentity = valueOf(s.api.identity)
  if (s.api.readWith === 'api-credentials' && apiIdentity)
    return { account: apiIdentity.account, source: 'the API-side credentials' }
  const callerIdentity = valueOf(s.caller.identity)
  if (s.api.restApi.status === 'ok' && s.api.readWith === 'caller-credentials' && callerIdentity) {
    return {
      account: callerIdentity.account,
      source: 'the API was read with the caller credentials (same account)',
    }
  }
  const policy = s.supplied.resourcePolicy?.document ?? valueOf(s.api.restApi)?.policy
  const text = typeof policy === 'string' ? policy : policy ? JSON.stringify(policy) : ''
  if (apiId) {
    const m = new RegExp(`arn:aws[a-z-]*:execute-api:[a-z0-9-]+:(\\d{12}):${apiId}`).exec(text)
    if (m?.[1]) return { account: m[1], source: 'the resource policy ARNs' }
  }
  const domainArn =
    valueOf(s.api.customDomain?.domain)?.domainNameArn ??
    valueOf(s.api.customDomain?.consumerAssociations)?.[0]?.domainNameArn
  const dm = domainArn ? /^arn:aws[a-z-]*:apigateway:[a-z0-9-]+:(\d{12}):/.exec(domainArn) : undefined
  if (dm?.[1]) return { account: dm[1], source: 'the custom domain ARN' }
  return undefined
}

function methodOf(s: DoctorSnapshot, route: Collected<RouteFacts>): Collected<MethodMatch> {
  const resources = s.api.resources
  if (resources.status !== 'ok') return resources
  if (route.status !== 'ok') return route
  const resource = matchResource(resources.value, route.value.resourcePath)
  if (!resource) return { status: 'not-found', message: `no resource matches ${route.value.resourcePath}` }
  const m = s.target.method.toUpperCase()
  const method = resource.methods[m]
  if (method) return ok({ resource, method, matchedAs: m })
  const any = resource.methods.ANY
  if (any) return ok({ resource, method: any, matchedAs: 'ANY' })
  return {
    status: 'not-found',
    message: `resource ${resource.path} has no ${m} method (it has ${Object.keys(resource.methods).join(', ') || 'none'})`,
  }
}

function missingRoute(
  s: DoctorSnapshot,
  route: Collected<RouteFacts>,
  method: Collected<MethodMatch>,
): string | undefined {
  if (route.status === 'not-found') return route.message ?? 'the URL maps to no stage'
  const stages = valueOf(s.api.stages)
  if (route.status === 'ok' && stages && !stages.some(x => x.stageName === route.value.stage))
    return `stage ${route.value.stage} does not exist`
  if (method.status === 'not-found' && s.api.resources.status === 'ok')
    return method.message ?? 'no matching route'
  return undefined
}
