/**
 * Scenarios for callers outside the endpoint's VPC (issue 14, item 4): on premises over Direct
 * Connect/VPN (`--caller-cidr` + `--from-vpc`) and another VPC over a transit gateway or peering.
 * Each hybrid check has a failing, a passing and an unknown case. Same shape and rules as
 * scenario-defs.ts: expectations written by hand. No fixture files (fix-commands reads them
 * through test/doctor/fixes/collect-fixes.ts).
 */
import type { DoctorSnapshot, HybridFacts } from '../../src/doctor/snapshot.js'
import type { ScenarioDef } from './scenario-defs-kit.js'
import {
  A,
  REGION,
  RTB,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_EP_A,
  SUBNET_EP_B,
  SUBNET_OTHER,
  VPC,
  VPC_OTHER,
  denied,
  healthy,
  healthyCustomDomain,
  ok,
  val,
  type Draft,
  vpcFacts,
  otherSubnet,
  sgRule,
} from './builders.js'
import { edit, set, pass, failAt, incomplete } from './scenario-defs-kit.js'

export const ONPREM_CIDR = '192.168.10.0/24'
export const INBOUND = 'rslvr-in-00000000000000001'
export const INBOUND_IPS = ['10.0.2.53', '10.0.3.53']
export const TGW = 'tgw-00000000000000001'
export const TGW_ATTACH_EP = 'tgw-attach-00000000000000001'
export const TGW_ATTACH_CALLER = 'tgw-attach-00000000000000002'
export const PCX = 'pcx-00000000000000001'
export const RULE = 'rslvr-rr-00000000000000001'
export const ZONE = 'Z00000000000000000001'
export const RTB_OTHER = 'rtb-00000000000000002'
const EXECUTE_API = `execute-api.${REGION}.amazonaws.com`

type HybridDraft = Draft<HybridFacts>
const hy = (s: Draft<DoctorSnapshot>): HybridDraft => s.network.hybrid as HybridDraft

const inboundEndpoint = () => ({
  id: INBOUND,
  name: 'onprem-inbound',
  direction: 'INBOUND',
  vpcId: VPC,
  status: 'OPERATIONAL',
  securityGroupIds: ['sg-00000000000000003'],
  ips: ok([
    { ip: INBOUND_IPS[0]!, subnetId: SUBNET_EP_A, status: 'ATTACHED' },
    { ip: INBOUND_IPS[1]!, subnetId: SUBNET_EP_B, status: 'ATTACHED' },
  ]),
})

/** The endpoint subnets' table: the VPC, and `extra` routes. */
const endpointTables = (extra: Array<{ destination: string; target: string; state?: string }>) => {
  const table = ok({
    routeTableId: RTB,
    main: true,
    routes: [{ destination: '10.0.0.0/16', target: 'local', state: 'active' }, ...extra],
  })
  return { [SUBNET_EP_A]: table, [SUBNET_EP_B]: structuredClone(table) }
}

/**
 * An on-premises network (192.168.10.0/24) reaching the endpoint's VPC through a transit gateway;
 * an inbound Resolver endpoint in that VPC; the endpoint's SG allows the range.
 */
/** A transit gateway attachment of this VPC to TGW, available, with security group referencing on. */
const tgwAttachment = (id: string, vpcId: string) => ({
  id,
  transitGatewayId: TGW,
  vpcId,
  state: 'available',
  securityGroupReferencingSupport: 'enable',
})

export function healthyOnPrem(base: () => Draft<DoctorSnapshot> = healthy): Draft<DoctorSnapshot> {
  const s = base()
  s.network.caller = ok({
    source: 'flags',
    vpcId: VPC,
    subnetIds: [],
    securityGroupIds: [],
    privateIps: [],
    onPremises: { cidrs: [ONPREM_CIDR] },
  }) as never
  s.caller.principal = ok({ ...val(s.caller.principal), source: 'sts' }) as never
  val(s.network.securityGroups[SG_ENDPOINT]!.rules).push({
    ruleId: 'sgr-00000000000000023',
    groupId: SG_ENDPOINT,
    egress: false,
    protocol: 'tcp',
    fromPort: 443,
    toPort: 443,
    cidrIpv4: '192.168.0.0/16',
    description: 'from on premises',
  })
  const h: HybridFacts = {
    callerKind: 'on-premises',
    endpointVpcId: VPC,
    resolvingVpcId: VPC,
    resolvedName: s.target.connectHost,
    inboundEndpoints: ok([inboundEndpoint()]),
    resolverRules: ok([]),
    hostedZones: ok([]),
    endpointRouteTables: endpointTables([{ destination: '192.168.0.0/16', target: TGW, state: 'active' }]),
    tgwAttachments: ok([tgwAttachment(TGW_ATTACH_EP, VPC)]),
    transitGateways: ok([
      { id: TGW, state: 'available', ownerId: A, securityGroupReferencingSupport: 'disable' },
    ]),
    peeringConnections: ok([]),
  }
  s.network.hybrid = structuredClone(h) as never
  return s
}

/**
 * The caller in VPC_OTHER (10.1.0.0/16), both VPCs attached to one transit gateway with security
 * group referencing on everywhere, and the caller VPC forwarding execute-api names to the inbound
 * endpoint of the endpoint's VPC. The endpoint's SG allows the caller's SG (a reference).
 */
export function healthyOtherVpcTgw(): Draft<DoctorSnapshot> {
  const s = healthy()
  s.network.caller = ok({
    source: 'imds',
    vpcId: VPC_OTHER,
    subnetIds: [SUBNET_OTHER],
    securityGroupIds: [SG_CALLER],
    privateIps: ['10.1.1.20'],
    instanceId: 'i-0123456789abcdef0',
  }) as never
  s.network.vpcs[VPC_OTHER] = vpcFacts(VPC_OTHER, '10.1.0.0/16')
  s.network.subnets[SUBNET_OTHER] = otherSubnet()
  s.network.nacls[SUBNET_OTHER] = s.network.nacls[SUBNET_EP_A]!
  s.network.routeTables[SUBNET_OTHER] = ok({
    routeTableId: RTB_OTHER,
    main: true,
    routes: [
      { destination: '10.1.0.0/16', target: 'local', state: 'active' },
      { destination: '10.0.0.0/16', target: TGW, state: 'active' },
    ],
  }) as never
  // The caller's SG allows 443 out to the endpoint's subnets by address (no reference outbound).
  val(s.network.securityGroups[SG_CALLER]!.rules)[0] = sgRule('sgr-00000000000000012', SG_CALLER, true, {
    cidrIpv4: '10.0.0.0/16',
  })
  const h: HybridFacts = {
    callerKind: 'other-vpc',
    endpointVpcId: VPC,
    resolvingVpcId: VPC_OTHER,
    resolvedName: s.target.connectHost,
    inboundEndpoints: ok([inboundEndpoint()]),
    resolverRules: ok([
      {
        id: RULE,
        name: 'execute-api-to-endpoint-vpc',
        domainName: EXECUTE_API,
        ruleType: 'FORWARD',
        targetIps: [...INBOUND_IPS],
        resolverEndpointId: 'rslvr-out-00000000000000001',
        ownerId: A,
        associationStatus: 'COMPLETE',
      },
    ]),
    hostedZones: ok([]),
    endpointRouteTables: endpointTables([{ destination: '10.1.0.0/16', target: TGW, state: 'active' }]),
    tgwAttachments: ok([tgwAttachment(TGW_ATTACH_EP, VPC), tgwAttachment(TGW_ATTACH_CALLER, VPC_OTHER)]),
    transitGateways: ok([
      { id: TGW, state: 'available', ownerId: A, securityGroupReferencingSupport: 'enable' },
    ]),
    peeringConnections: ok([]),
  }
  s.network.hybrid = structuredClone(h) as never
  return s
}

/** The same caller VPC joined to the endpoint's VPC by a same-Region peering connection instead. */
function healthyOtherVpcPeering(): Draft<DoctorSnapshot> {
  const s = healthyOtherVpcTgw()
  for (const r of val(s.network.routeTables[SUBNET_OTHER]).routes) if (r.target === TGW) r.target = PCX
  const h = hy(s)
  for (const t of Object.values(h.endpointRouteTables))
    for (const r of val(t).routes) if (r.target === TGW) r.target = PCX
  h.tgwAttachments = ok([]) as never
  h.transitGateways = ok([]) as never
  h.peeringConnections = ok([
    {
      id: PCX,
      status: 'active',
      requester: { vpcId: VPC_OTHER, region: REGION, ownerId: A },
      accepter: { vpcId: VPC, region: REGION, ownerId: A },
    },
  ]) as never
  return s
}

/** A builder: the on-premises caller's healthy snapshot with one change. */
const onPrem = (change: (s: Draft<DoctorSnapshot>) => void) => edit(() => healthyOnPrem(), change)
/** On premises, with these hybrid facts replaced. */
const onPremWith = (values: Partial<HybridDraft>) => set(() => healthyOnPrem(), hy, values)
/** The caller in another VPC behind a transit gateway, with these hybrid facts replaced. */
const tgwWith = (values: Partial<HybridDraft>) => set(healthyOtherVpcTgw, hy, values)

export const HYBRID_SCENARIOS: readonly ScenarioDef[] = [
  // ---- on premises -----------------------------------------------------------------------------
  {
    name: 'hybrid-onprem-healthy',
    description:
      'An on-premises caller over a transit gateway: an inbound Resolver endpoint, no shadowing rule or zone, a route back',
    rows: [12],
    build: () => healthyOnPrem(),
    expect: pass({
      'dns.resolver-inbound': 'pass',
      'dns.hybrid-forwarding': 'pass',
      'route.hybrid-return': 'pass',
      'sg.endpoint-ingress-443': 'pass',
      'sg.cross-vpc-reference': 'skipped',
      'sg.caller-egress-443': 'skipped',
      'nacl.caller-subnet': 'skipped',
      'route.no-internet': 'skipped',
      'dns.dhcp-resolvers': 'skipped',
      'dns.caller-vpc': 'skipped',
    }),
  },
  {
    name: 'hybrid-onprem-no-inbound-endpoint',
    description:
      "An on-premises caller, and no Resolver inbound endpoint in the endpoint's VPC to forward to",
    rows: [12],
    build: onPremWith({ inboundEndpoints: ok([]) }),
    expect: failAt(2, 'dns.resolver-inbound', { 'dns.hybrid-forwarding': 'pass' }),
  },
  {
    name: 'hybrid-onprem-inbound-not-operational',
    description: 'The inbound endpoint exists but needs action (its addresses do not answer)',
    rows: [12],
    build: onPrem(s => {
      const e = val(hy(s).inboundEndpoints)[0]!
      e.status = 'ACTION_NEEDED'
    }),
    expect: failAt(2, 'dns.resolver-inbound'),
  },
  {
    name: 'hybrid-onprem-inbound-denied',
    description: 'route53resolver:ListResolverEndpoints denied: whether on premises can forward is unknown',
    rows: [12],
    build: onPremWith({ inboundEndpoints: denied('route53resolver:ListResolverEndpoints') }),
    expect: incomplete(2, 'dns.resolver-inbound', { 'dns.hybrid-forwarding': 'pass' }),
  },
  {
    name: 'hybrid-onprem-forward-rule-shadows',
    description:
      "A FORWARD rule for execute-api names associated with the endpoint's VPC sends the inbound endpoint's queries back on premises",
    rows: [12],
    build: onPremWith({
      resolverRules: ok([
        {
          id: RULE,
          name: 'everything-to-onprem',
          domainName: 'amazonaws.com',
          ruleType: 'FORWARD',
          targetIps: ['192.168.10.53'],
          ownerId: A,
          associationStatus: 'COMPLETE',
        },
      ]),
    }),
    expect: failAt(2, 'dns.hybrid-forwarding', { 'dns.resolver-inbound': 'pass' }),
  },
  {
    name: 'hybrid-onprem-system-rule-restores',
    description:
      'The same FORWARD rule, with a more specific SYSTEM rule for execute-api names: answered locally',
    rows: [12],
    build: onPremWith({
      resolverRules: ok([
        { id: RULE, domainName: 'amazonaws.com', ruleType: 'FORWARD', targetIps: ['192.168.10.53'] },
        { id: 'rslvr-rr-00000000000000002', domainName: EXECUTE_API, ruleType: 'SYSTEM', targetIps: [] },
      ]),
    }),
    expect: pass({ 'dns.hybrid-forwarding': 'pass' }),
  },
  {
    name: 'hybrid-onprem-zone-without-record',
    description:
      "A private hosted zone for execute-api names associated with the endpoint's VPC, without the API's record: NXDOMAIN",
    rows: [12],
    build: onPremWith({
      hostedZones: ok([{ id: ZONE, name: EXECUTE_API, owner: A, hasRecord: ok(false) }]),
    }),
    expect: failAt(2, 'dns.hybrid-forwarding'),
  },
  {
    name: 'hybrid-onprem-zone-with-record',
    description: 'The same private hosted zone with a record for the API: it answers',
    rows: [12],
    build: onPremWith({
      hostedZones: ok([{ id: ZONE, name: EXECUTE_API, owner: A, hasRecord: ok(true) }]),
    }),
    expect: pass({ 'dns.hybrid-forwarding': 'pass' }),
  },
  {
    name: 'hybrid-onprem-zones-denied',
    description: 'route53:ListHostedZonesByVPC denied: whether a zone hides the name is unknown',
    rows: [12],
    build: onPremWith({ hostedZones: denied('route53:ListHostedZonesByVPC') }),
    expect: incomplete(2, 'dns.hybrid-forwarding', { 'dns.resolver-inbound': 'pass' }),
  },
  {
    name: 'hybrid-onprem-no-return-route',
    description: "The endpoint's subnets have no route back to the on-premises range: replies go nowhere",
    rows: [12],
    build: onPremWith({ endpointRouteTables: endpointTables([]) }),
    expect: failAt(5, 'route.hybrid-return', { 'dns.resolver-inbound': 'pass' }),
  },
  {
    name: 'hybrid-onprem-return-over-peering',
    description: 'The route back to on premises points at a peering connection: no transitive routing',
    rows: [12],
    build: onPremWith({
      endpointRouteTables: endpointTables([{ destination: '192.168.0.0/16', target: PCX, state: 'active' }]),
    }),
    expect: failAt(5, 'route.hybrid-return'),
  },
  {
    name: 'hybrid-onprem-route-tables-denied',
    description: 'ec2:DescribeRouteTables denied for the endpoint VPC: the way back is unknown',
    rows: [12],
    build: onPrem(s => {
      const d = denied('ec2:DescribeRouteTables')
      hy(s).endpointRouteTables = { [SUBNET_EP_A]: d, [SUBNET_EP_B]: d } as never
    }),
    expect: incomplete(5, 'route.hybrid-return'),
  },
  {
    name: 'hybrid-onprem-endpoint-unknown',
    description:
      '--caller-cidr with --from-vpc naming a VPC without an endpoint, and two endpoints elsewhere: nothing outside was read, and the report says so',
    rows: [12],
    build: onPrem(s => {
      delete s.network.hybrid
      ;(val(s.network.caller) as { vpcId?: string }).vpcId = VPC_OTHER
      const ep = val(s.network.endpoints)[0]!
      val(s.network.endpoints).push({
        ...structuredClone(ep),
        id: 'vpce-00000000000000002',
        vpcId: 'vpc-00000000000000003',
      })
      delete (s.target as { vpceId?: string }).vpceId
      s.dns.answers = {} as never
    }),
    // The entry VPC itself was not read (it has no endpoint), so its DNS attributes come first.
    expect: incomplete(2, 'dns.vpc-attributes', {
      'dns.resolver-inbound': 'unknown',
      'route.hybrid-return': 'unknown',
      'dns.hybrid-forwarding': 'skipped',
    }),
  },
  {
    name: 'hybrid-onprem-custom-domain-no-zone',
    description:
      "An on-premises caller of a private custom domain: no private hosted zone for it in the endpoint's VPC, so the inbound endpoint cannot answer it",
    rows: [12, 40],
    build: () => healthyOnPrem(healthyCustomDomain),
    expect: failAt(2, 'dns.hybrid-forwarding', { 'dns.resolver-inbound': 'pass' }),
  },
  {
    name: 'hybrid-onprem-custom-domain-zone',
    description: 'The same, with a private hosted zone holding the custom domain associated with the VPC',
    rows: [12, 40],
    build: edit(
      () => healthyOnPrem(healthyCustomDomain),
      s => {
        hy(s).hostedZones = ok([
          { id: ZONE, name: 'internal.example.com', owner: A, hasRecord: ok(true) },
        ]) as never
      },
    ),
    expect: pass({ 'dns.resolver-inbound': 'pass', 'dns.hybrid-forwarding': 'pass' }),
  },
  // ---- another VPC -------------------------------------------------------------------------------
  {
    name: 'hybrid-vpc-tgw-healthy',
    description:
      'A caller in another VPC over a transit gateway with security group referencing on, forwarding execute-api names to the inbound endpoint',
    rows: [12, 17],
    build: healthyOtherVpcTgw,
    expect: pass({
      'dns.resolver-inbound': 'skipped',
      'dns.hybrid-forwarding': 'pass',
      'route.hybrid-return': 'pass',
      'sg.cross-vpc-reference': 'pass',
      'sg.endpoint-ingress-443': 'pass',
      'dns.caller-vpc': 'skipped',
    }),
  },
  {
    name: 'hybrid-vpc-tgw-referencing-off',
    description:
      "The endpoint's SG names the caller's SG across a transit gateway whose security group referencing is off: the rule matches nothing",
    rows: [17],
    build: edit(healthyOtherVpcTgw, s => {
      val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    }),
    expect: failAt(3, 'sg.cross-vpc-reference', { 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'hybrid-vpc-tgw-egress-reference',
    description:
      "The caller's SG names the endpoint's SG in an outbound rule across a transit gateway: outbound references are not supported",
    rows: [16],
    build: edit(healthyOtherVpcTgw, s => {
      val(s.network.securityGroups[SG_CALLER]!.rules)[0] = sgRule('sgr-00000000000000011', SG_CALLER, true, {
        referencedGroupId: SG_ENDPOINT,
      })
    }),
    expect: failAt(3, 'sg.cross-vpc-reference', { 'sg.caller-egress-443': 'pass' }),
  },
  {
    name: 'hybrid-vpc-tgw-unreadable',
    description: 'ec2:DescribeTransitGateways denied: whether the reference applies is unknown',
    rows: [17],
    build: tgwWith({ transitGateways: denied('ec2:DescribeTransitGateways') }),
    expect: incomplete(3, 'sg.cross-vpc-reference'),
  },
  {
    name: 'hybrid-vpc-no-forwarding',
    description:
      "The caller's VPC has no rule or zone for execute-api names: the private DNS name resolves to public addresses there",
    rows: [12],
    build: tgwWith({ resolverRules: ok([]) }),
    expect: failAt(2, 'dns.hybrid-forwarding'),
  },
  {
    name: 'hybrid-vpc-forward-elsewhere',
    description:
      "The caller's VPC forwards execute-api names to DNS servers that are not the inbound endpoint",
    rows: [12],
    build: edit(healthyOtherVpcTgw, s => {
      val(hy(s).resolverRules)[0]!.targetIps = ['10.9.0.53']
    }),
    expect: pass({ 'dns.hybrid-forwarding': 'warn' }),
  },
  {
    name: 'hybrid-vpc-rules-denied',
    description: "route53resolver:ListResolverRuleAssociations denied for the caller's VPC",
    rows: [12],
    build: tgwWith({ resolverRules: denied('route53resolver:ListResolverRuleAssociations') }),
    expect: incomplete(2, 'dns.hybrid-forwarding'),
  },
  {
    name: 'hybrid-vpc-no-route-to-endpoint',
    description: "The caller's subnet has no route to the endpoint's VPC",
    rows: [12],
    build: edit(healthyOtherVpcTgw, s => {
      val(s.network.routeTables[SUBNET_OTHER]).routes.pop()
    }),
    expect: failAt(5, 'route.hybrid-return', { 'sg.cross-vpc-reference': 'unknown' }),
  },
  {
    name: 'hybrid-vpc-peering-same-region',
    description: 'The two VPCs joined by an active same-Region peering: references work both ways',
    rows: [12, 17],
    build: healthyOtherVpcPeering,
    expect: pass({ 'sg.cross-vpc-reference': 'pass', 'route.hybrid-return': 'pass' }),
  },
  {
    name: 'hybrid-vpc-peering-cross-region',
    description: 'The peering joins two Regions: security group references do not apply',
    rows: [17],
    build: edit(healthyOtherVpcPeering, s => {
      val(hy(s).peeringConnections)[0]!.requester.region = 'us-west-2'
    }),
    expect: failAt(3, 'sg.cross-vpc-reference', { 'route.hybrid-return': 'pass' }),
  },
  {
    name: 'hybrid-vpc-peering-inactive',
    description: 'The route names a peering connection that is not active',
    rows: [12],
    build: edit(healthyOtherVpcPeering, s => {
      val(hy(s).peeringConnections)[0]!.status = 'pending-acceptance'
    }),
    expect: failAt(5, 'route.hybrid-return'),
  },
]
