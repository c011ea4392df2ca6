/**
 * Collection for a caller outside the endpoint's VPC (on premises, or another VPC): the Route 53
 * Resolver inbound endpoints of the endpoint's VPC, the Resolver rules and private hosted zones
 * of the VPC whose resolver answers the caller, the endpoint subnets' route tables, and the
 * transit gateways and peering connections the routes name. Read only for such callers: an
 * in-VPC caller costs no extra call. Nothing here throws for an AWS problem (see attempt.ts).
 */
import {
  notCollected,
  ok,
  valueOf,
  type CallerNetworkFacts,
  type Collected,
  type HostedZoneFacts,
  type HybridFacts,
  type ResolverEndpointFacts,
  type ResolverRuleFacts,
  type VpcEndpointFacts,
} from '../../doctor/snapshot.js'
import type { Area } from './area.js'
import { routeTableBySubnet } from './by-subnet.js'
import type { Get } from './context.js'
import type { HybridPort } from './hybrid-port.js'
import type { DoctorPorts, RouteTableWithAssociations } from './ports.js'

/**
 * The area (collect.ts AREAS): once the caller's network and the endpoints worth reading are
 * known, and only for a caller outside the endpoint's VPC, read what it depends on.
 */
export const hybridArea: Area = async (ctx, reads) => {
  const [scope, net, target] = await Promise.all([reads.scope, reads.callerNetwork, reads.target])
  const callerNet = valueOf(net)
  const named = scope.endpoints.filter(e => e.id === ctx.req.target.vpceId || e.id === ctx.req.vpce?.id)
  const endpoint = outsideEndpoint(callerNet, scope.endpoints, named)
  if (!endpoint || !callerNet) return {}
  const hybrid = await collectHybrid({
    region: ctx.req.target.region,
    resolvedName: target.connectHost,
    net: callerNet,
    endpoint,
    callerRoutes: reads.routeTables,
    ports: ctx.ports,
    get: ctx.get,
  })
  return { network: { hybrid } }
}

/** A DNS name as Route 53 compares it: lower case, no trailing dot, `\052` as `*`. */
export const dnsName = (n: string): string => n.trim().toLowerCase().replace(/\\052/g, '*').replace(/\.$/, '')

/** Is `zone` the name itself or one of its parent domains (`.` covers every name)? */
export const nameInDomain = (name: string, domain: string): boolean =>
  domain === '' || domain === '.' || name === domain || name.endsWith(`.${domain}`)

const unique = <T>(xs: readonly (T | undefined)[]): T[] => [
  ...new Set(xs.filter((x): x is T => x !== undefined)),
]

/**
 * Which endpoint a caller outside its VPC reaches, or undefined when the caller is inside the
 * endpoint's VPC (or nothing is known): the named endpoint first, then for an on-premises
 * caller the endpoint of the VPC its traffic enters, else the only candidate.
 */
export function outsideEndpoint(
  net: CallerNetworkFacts | undefined,
  relevant: readonly VpcEndpointFacts[],
  named: readonly VpcEndpointFacts[],
): VpcEndpointFacts | undefined {
  if (!net?.vpcId) return undefined
  const onPrem = Boolean(net.onPremises)
  const inVpc = relevant.filter(e => e.vpcId === net.vpcId)
  const ep = named[0] ?? inVpc[0] ?? (relevant.length === 1 ? relevant[0] : undefined)
  if (!ep) return undefined
  // A caller in the endpoint's own VPC needs none of this.
  if (!onPrem && ep.vpcId === net.vpcId) return undefined
  return ep
}

/** Read everything the hybrid checks need. */
export async function collectHybrid(a: {
  readonly region: string
  readonly resolvedName: string
  readonly net: CallerNetworkFacts
  readonly endpoint: VpcEndpointFacts
  readonly callerRoutes: Promise<Collected<readonly RouteTableWithAssociations[]>>
  readonly ports: DoctorPorts
  readonly get: Get
}): Promise<HybridFacts> {
  const { net, endpoint: ep, get } = a
  const onPrem = Boolean(net.onPremises)
  const endpointVpcId = ep.vpcId
  const resolvingVpcId = onPrem ? endpointVpcId : net.vpcId!
  const name = dnsName(a.resolvedName)
  const h: HybridPort | undefined = a.ports.hybrid
  const none = <T>(): Promise<Collected<T>> =>
    Promise.resolve(notCollected('this reader cannot read Route 53, Resolver or transit gateways'))

  const inbound = h ? inboundEndpoints(h, endpointVpcId, get) : none<readonly ResolverEndpointFacts[]>()
  const rules = h ? resolverRules(h, resolvingVpcId, get) : none<readonly ResolverRuleFacts[]>()
  const zones = h ? hostedZones(h, resolvingVpcId, a.region, name, get) : none<readonly HostedZoneFacts[]>()
  // The VPC the on-premises traffic enters is usually the endpoint's: its tables are read already.
  const endpointTables =
    endpointVpcId === net.vpcId
      ? a.callerRoutes
      : get('ec2:DescribeRouteTables', () => a.ports.ec2.routeTables([endpointVpcId]))
  const attachments = h
    ? get('ec2:DescribeTransitGatewayVpcAttachments', () =>
        h.transit.tgwVpcAttachments(unique([endpointVpcId, onPrem ? undefined : net.vpcId])),
      )
    : none<never[]>()

  const [tables, callerTables, atts] = await Promise.all([endpointTables, a.callerRoutes, attachments])
  const endpointRouteTables = routeTableBySubnet(ep.subnetIds, tables)
  // The gateways the routes on both sides name, and the attachments' transit gateways.
  const targets = [...(valueOf(tables) ?? []), ...(valueOf(callerTables) ?? [])].flatMap(t =>
    t.routes.map(r => r.target),
  )
  const tgwIds = unique([
    ...targets.filter(t => t.startsWith('tgw-')),
    ...(valueOf(atts) ?? []).map(x => x.transitGatewayId),
  ])
  const pcxIds = unique(targets.filter(t => t.startsWith('pcx-')))
  const [tgws, peerings, inboundC, rulesC, zonesC] = await Promise.all([
    !h
      ? none()
      : tgwIds.length
        ? get('ec2:DescribeTransitGateways', () => h.transit.transitGateways(tgwIds))
        : ok([]),
    !h
      ? none()
      : pcxIds.length
        ? get('ec2:DescribeVpcPeeringConnections', () => h.transit.peeringConnections(pcxIds))
        : ok([]),
    inbound,
    rules,
    zones,
  ])
  return {
    callerKind: onPrem ? 'on-premises' : 'other-vpc',
    endpointVpcId,
    resolvingVpcId,
    resolvedName: name,
    inboundEndpoints: inboundC,
    resolverRules: rulesC,
    hostedZones: zonesC,
    endpointRouteTables,
    tgwAttachments: atts as HybridFacts['tgwAttachments'],
    transitGateways: tgws as HybridFacts['transitGateways'],
    peeringConnections: peerings as HybridFacts['peeringConnections'],
  }
}

async function inboundEndpoints(
  h: HybridPort,
  vpcId: string,
  get: Get,
): Promise<Collected<readonly ResolverEndpointFacts[]>> {
  const list = await get('route53resolver:ListResolverEndpoints', () => h.resolver.inboundEndpoints(vpcId))
  if (list.status !== 'ok') return list
  const withIps = await Promise.all(
    list.value
      .filter(e => e.vpcId === vpcId && e.direction.toUpperCase() === 'INBOUND')
      .map(
        async (e): Promise<ResolverEndpointFacts> => ({
          ...e,
          ips: await get('route53resolver:ListResolverEndpointIpAddresses', () =>
            h.resolver.endpointIps(e.id),
          ),
        }),
      ),
  )
  return ok(withIps)
}

async function resolverRules(
  h: HybridPort,
  vpcId: string,
  get: Get,
): Promise<Collected<readonly ResolverRuleFacts[]>> {
  const [assoc, rules] = await Promise.all([
    get('route53resolver:ListResolverRuleAssociations', () => h.resolver.ruleAssociations(vpcId)),
    get('route53resolver:ListResolverRules', () => h.resolver.rules()),
  ])
  if (assoc.status !== 'ok') return assoc
  if (assoc.value.length === 0) return ok([])
  if (rules.status !== 'ok') return rules
  return ok(
    assoc.value.map((x): ResolverRuleFacts => {
      const r = rules.value.find(y => y.id === x.ruleId)
      // A rule shared from another account is associated here but may not be listed: its
      // domain is then unknown, and the check says so.
      return r
        ? { ...r, domainName: dnsName(r.domainName), ...(x.status ? { associationStatus: x.status } : {}) }
        : {
            id: x.ruleId,
            domainName: '',
            targetIps: [],
            ...(x.status ? { associationStatus: x.status } : {}),
          }
    }),
  )
}

async function hostedZones(
  h: HybridPort,
  vpcId: string,
  region: string,
  name: string,
  get: Get,
): Promise<Collected<readonly HostedZoneFacts[]>> {
  const list = await get('route53:ListHostedZonesByVPC', () => h.route53.hostedZonesByVpc(vpcId, region))
  if (list.status !== 'ok') return list
  const matching = list.value
    .map(z => ({ ...z, name: dnsName(z.name) }))
    .filter(z => nameInDomain(name, z.name))
  return ok(
    await Promise.all(
      matching.map(
        async (z): Promise<HostedZoneFacts> => ({
          id: z.id,
          name: z.name,
          ...(z.owner ? { owner: z.owner } : {}),
          ...(z.ownedByService ? { ownedByService: true } : {}),
          // A zone an AWS service owns (the endpoint's own private DNS) is not the account's to read.
          hasRecord: z.ownedByService
            ? notCollected(`${z.name} is owned by ${z.owner ?? 'an AWS service'}`)
            : await get('route53:ListResourceRecordSets', () => h.route53.hasRecord(z.id, name, z.name)),
        }),
      ),
    ),
  )
}
