/**
 * Area "network": the path from the caller to the endpoint (account A). The execute-api (and,
 * when the caller assumes roles in the VPC, STS) interface endpoints; the VPCs with their DNS
 * attributes and DHCP options; subnets, security group rules (and the prefix lists they name),
 * NACLs, route tables and the endpoints' network interfaces. The caller's VPC and route tables
 * are read as soon as the caller's VPC is known; the rest once the endpoints worth reading are.
 * Builds `snapshot.network`.
 */
import {
  notCollected,
  ok,
  valueOf,
  type CallerNetworkFacts,
  type Collected,
  type EniFacts,
  type NetworkFacts,
  type PrefixListFacts,
  type SgRuleFacts,
  type SubnetFacts,
  type VpcEndpointFacts,
  type VpcFacts,
} from '../../doctor/snapshot.js'
import { byId, naclBySubnet, routeTableBySubnet, securityGroupsOf } from './by-subnet.js'
import type { CallerReads } from './caller.js'
import { allNamed, type CollectContext } from './context.js'
import type { NaclWithSubnets, RouteTableWithAssociations } from './ports.js'

/** At most this many endpoints are read in detail when the caller's cannot be told apart. */
const MAX_ENDPOINTS = 20

export interface EndpointReads {
  /** DescribeVpcEndpoints for execute-api in the region. */
  readonly endpoints: Promise<Collected<readonly VpcEndpointFacts[]>>
  /** DescribeVpcEndpoints for STS (only when the caller assumes roles from inside the VPC). */
  readonly stsEndpoints: Promise<Collected<readonly VpcEndpointFacts[]>>
}

/** Which resources the detailed reads cover: the caller's and the relevant endpoints'. */
export interface NetworkScope {
  readonly callerVpcId?: string
  /** The endpoints worth reading in detail: the named one, the caller VPC's, else all (bounded). */
  readonly endpoints: readonly VpcEndpointFacts[]
  readonly vpcIds: readonly string[]
  readonly subnetIds: readonly string[]
  readonly groupIds: readonly string[]
  readonly eniIds: readonly string[]
}

export interface NetworkReads {
  readonly scope: Promise<NetworkScope>
  readonly vpcs: Promise<Record<string, Collected<VpcFacts>>>
  readonly subnets: Promise<Collected<readonly SubnetFacts[]>>
  readonly securityGroupRules: Promise<Collected<readonly SgRuleFacts[]>>
  readonly networkAcls: Promise<Collected<readonly NaclWithSubnets[]>>
  /** The route tables of the caller's VPC. */
  readonly routeTables: Promise<Collected<readonly RouteTableWithAssociations[]>>
  readonly networkInterfaces: Promise<Collected<readonly EniFacts[]>>
  readonly prefixLists: Promise<Record<string, Collected<PrefixListFacts>>>
}

const unique = <T>(xs: readonly (T | undefined)[]): T[] => [
  ...new Set(xs.filter((x): x is T => x !== undefined)),
]

export function startEndpoints({ req, ports, get }: CollectContext): EndpointReads {
  const region = req.target.region
  return {
    endpoints: get('ec2:DescribeVpcEndpoints', () =>
      ports.ec2.interfaceEndpoints(`com.amazonaws.${region}.execute-api`),
    ),
    stsEndpoints: req.assumesRoleInVpc
      ? get('ec2:DescribeVpcEndpoints', () => ports.ec2.interfaceEndpoints(`com.amazonaws.${region}.sts`))
      : Promise.resolve(notCollected('the caller does not assume roles from inside the VPC')),
  }
}

export function startNetwork(
  ctx: CollectContext,
  {
    endpoints,
    callerNetwork,
    callerVpcId,
  }: Pick<EndpointReads, 'endpoints'> & Pick<CallerReads, 'callerNetwork' | 'callerVpcId'>,
): NetworkReads {
  const { ports, get } = ctx
  // The caller's VPC and route tables as soon as the caller's network is known (from flags: at
  // once), not after the endpoints: they do not depend on them.
  const callerVpc = callerVpcId.then(v => (v ? collectVpcs([v], ctx) : {}))
  const routeTables = callerVpcId.then(v =>
    v
      ? get('ec2:DescribeRouteTables', () => ports.ec2.routeTables([v]))
      : Promise.resolve(notCollected('the caller VPC is unknown')),
  )
  const scope = Promise.all([endpoints, callerNetwork]).then(([eps, net]) => scopeOf(ctx, eps, net))
  const securityGroupRules = scope.then(s =>
    get('ec2:DescribeSecurityGroupRules', () => ports.ec2.securityGroupRules(s.groupIds)),
  )
  return {
    scope,
    vpcs: Promise.all([
      callerVpc,
      scope.then(s =>
        collectVpcs(
          s.vpcIds.filter(v => v !== s.callerVpcId),
          ctx,
        ),
      ),
    ]).then(([a, b]) => ({ ...a, ...b })),
    subnets: scope.then(s => get('ec2:DescribeSubnets', () => ports.ec2.subnets(s.subnetIds))),
    securityGroupRules,
    networkAcls: scope.then(s => get('ec2:DescribeNetworkAcls', () => ports.ec2.networkAcls(s.subnetIds))),
    routeTables,
    networkInterfaces: scope.then(s =>
      get('ec2:DescribeNetworkInterfaces', () => ports.ec2.networkInterfaces(s.eniIds)),
    ),
    prefixLists: securityGroupRules.then(r => collectPrefixLists(r, ctx)),
  }
}

function scopeOf(
  { req }: CollectContext,
  eps: Collected<readonly VpcEndpointFacts[]>,
  net: Collected<CallerNetworkFacts>,
): NetworkScope {
  const all = valueOf(eps) ?? []
  const caller = valueOf(net)
  const callerVpcId = caller?.vpcId
  const named = all.filter(e => e.id === req.target.vpceId || e.id === req.vpce?.id)
  const inVpc = all.filter(e => e.vpcId === callerVpcId)
  const relevant = (named.length ? named : inVpc.length ? inVpc : all).slice(0, MAX_ENDPOINTS)
  return {
    ...(callerVpcId ? { callerVpcId } : {}),
    endpoints: relevant,
    vpcIds: unique([callerVpcId, ...relevant.map(e => e.vpcId)]),
    subnetIds: unique([...(caller?.subnetIds ?? []), ...relevant.flatMap(e => e.subnetIds)]),
    groupIds: unique([...(caller?.securityGroupIds ?? []), ...relevant.flatMap(e => e.securityGroupIds)]),
    eniIds: unique(relevant.flatMap(e => e.networkInterfaceIds)),
  }
}

/** `snapshot.network`, once its reads are in. */
export async function networkSection(
  reads: NetworkReads & EndpointReads & Pick<CallerReads, 'callerNetwork'>,
): Promise<NetworkFacts> {
  const r = await allNamed(reads)
  const { subnetIds, groupIds, eniIds } = r.scope
  return {
    caller: r.callerNetwork,
    endpoints: r.endpoints,
    stsEndpoints: r.stsEndpoints,
    vpcs: r.vpcs,
    subnets: byId(subnetIds, r.subnets, x => x.subnetId, 'subnet'),
    securityGroups: securityGroupsOf(groupIds, r.securityGroupRules),
    nacls: naclBySubnet(subnetIds, r.networkAcls),
    routeTables: routeTableBySubnet(valueOf(r.callerNetwork)?.subnetIds ?? [], r.routeTables),
    enis: byId(eniIds, r.networkInterfaces, x => x.eniId, 'network interface'),
    ...(Object.keys(r.prefixLists).length > 0 ? { prefixLists: r.prefixLists } : {}),
  }
}

async function collectVpcs(
  vpcIds: readonly string[],
  { ports, get }: CollectContext,
): Promise<Record<string, Collected<VpcFacts>>> {
  if (vpcIds.length === 0) return {}
  // The attributes need only the id: read them alongside DescribeVpcs, not after it.
  const attributes = new Map(
    vpcIds.map(vpcId => [
      vpcId,
      Promise.all([
        get('ec2:DescribeVpcAttribute', () => ports.ec2.vpcAttribute(vpcId, 'enableDnsSupport')),
        get('ec2:DescribeVpcAttribute', () => ports.ec2.vpcAttribute(vpcId, 'enableDnsHostnames')),
      ]),
    ]),
  )
  const list = await get('ec2:DescribeVpcs', () => ports.ec2.vpcs(vpcIds))
  const entries = await Promise.all(
    vpcIds.map(async (vpcId): Promise<[string, Collected<VpcFacts>]> => {
      if (list.status !== 'ok') return [vpcId, list]
      const v = list.value.find(x => x.vpcId === vpcId)
      if (!v) return [vpcId, { status: 'not-found', message: `VPC ${vpcId} not found` }]
      const [[support, hostnames], dhcp] = await Promise.all([
        attributes.get(vpcId)!,
        v.dhcpOptionsId
          ? get('ec2:DescribeDhcpOptions', () => ports.ec2.dhcpDomainNameServers(v.dhcpOptionsId!))
          : Promise.resolve(ok<string[]>(['AmazonProvidedDNS'])),
      ])
      return [
        vpcId,
        ok({
          vpcId,
          ...(v.ownerId ? { ownerId: v.ownerId } : {}),
          cidrBlocks: v.cidrBlocks,
          ...(v.dhcpOptionsId ? { dhcpOptionsId: v.dhcpOptionsId } : {}),
          enableDnsSupport: support,
          enableDnsHostnames: hostnames,
          dhcpDomainNameServers: dhcp,
        }),
      ]
    }),
  )
  return Object.fromEntries(entries)
}

/**
 * The entries of the managed prefix lists that security group rules name (a rule to `pl-…`
 * covers whatever CIDRs the list holds). Read-only; each list is one small paginated read, started
 * as soon as the rules are in.
 */
async function collectPrefixLists(
  rules: Collected<readonly SgRuleFacts[]>,
  { ports, get }: CollectContext,
): Promise<Record<string, Collected<PrefixListFacts>>> {
  if (rules.status !== 'ok') return {}
  const ids = [...new Set(rules.value.flatMap(r => (r.prefixListId ? [r.prefixListId] : [])))]
  const read = ports.ec2.prefixListEntries?.bind(ports.ec2)
  const out = await Promise.all(
    ids.map(async (id): Promise<[string, Collected<PrefixListFacts>]> => {
      if (!read) return [id, { status: 'not-collected', reason: 'this reader cannot read prefix lists' }]
      const c = await get('ec2:GetManagedPrefixListEntries', () => read(id))
      return [id, c.status === 'ok' ? { status: 'ok', value: { prefixListId: id, cidrs: c.value } } : c]
    }),
  )
  return Object.fromEntries(out)
}
