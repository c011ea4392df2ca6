/**
 * sg.cross-vpc-reference: a security group rule naming the other VPC's group applies over a
 * same-Region peering (both ways), not across Regions, and over a transit gateway only inbound
 * and only with SecurityGroupReferencingSupport on for the gateway and both attachments. The facts
 * a user acts on: the group and rule id, the peering or gateway, which of them has referencing
 * off, and the CIDR rule (group, direction, ranges) that replaces the reference.
 */
import { describe, expect, it } from 'vitest'
import { sgCrossVpcReference } from '../../../src/doctor/checks/sg-cross-vpc-reference.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A,
  ENI_A_IP,
  ENI_B_IP,
  REGION,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_EP_A,
  SUBNET_EP_B,
  SUBNET_OTHER,
  VPC,
  VPC_OTHER,
  VPCE,
  denied,
  healthy,
  ok,
  sgRule,
  val,
  type Draft,
} from '../builders.js'
import { PCX, TGW, TGW_ATTACH_CALLER, TGW_ATTACH_EP, healthyOtherVpcTgw } from '../scenario-defs-hybrid.js'
import { expectFixLines } from './fix-lines.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const IN_RULE = 'sgr-00000000000000021'
const CALLER_SUBNET_CIDR = '10.1.1.0/24'
const hy = (s: Snap) => s.network.hybrid!
const run = (s: Snap) => runCheck(sgCrossVpcReference, s)

/** The caller VPC joined to the endpoint's by a peering connection (same Region unless given). */
function peering(requesterRegion: string | null = REGION): Snap {
  const s = healthyOtherVpcTgw()
  for (const r of val(s.network.routeTables[SUBNET_OTHER]).routes) if (r.target === TGW) r.target = PCX
  const h = hy(s)
  for (const t of Object.values(h.endpointRouteTables))
    for (const r of val(t).routes) if (r.target === TGW) r.target = PCX
  h.tgwAttachments = ok([])
  h.transitGateways = ok([])
  h.peeringConnections = ok([
    {
      id: PCX,
      status: 'active',
      requester: {
        vpcId: VPC_OTHER,
        ...(requesterRegion ? { region: requesterRegion } : {}),
        ownerId: '111111111111',
      },
      accepter: { vpcId: VPC, region: REGION, ownerId: '111111111111' },
    },
  ]) as never
  return s
}

/** Replaces a group's rules. */
const rules = (s: Snap, group: string, ...rs: ReturnType<typeof sgRule>[]) => {
  s.network.securityGroups[group] = { groupId: group, rules: ok(rs) }
  return s
}
/** The caller's group names the endpoint's group outbound, and nothing else. */
const outboundRef = (s: Snap, ruleId = 'sgr-00000000000000011') =>
  rules(s, SG_CALLER, sgRule(ruleId, SG_CALLER, true, { referencedGroupId: SG_ENDPOINT }))

describe('sg.cross-vpc-reference: when it applies', () => {
  it('a caller in the same VPC (no hybrid facts): skipped', () => {
    const f = run(healthy())
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/not a caller in another VPC/)
  })
  it('an on-premises caller: skipped', () => {
    const s = healthyOtherVpcTgw()
    hy(s).callerKind = 'on-premises'
    expect(run(s).status).toBe('skipped')
  })
  it('the endpoint not read: unknown naming the permission', () => {
    const s = healthyOtherVpcTgw()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['VPC endpoint'] })
    expect(f.missing).toContain('ec2:DescribeVpcEndpoints')
  })
  it("the caller's groups unknown: skipped, nothing to judge", () => {
    const s = healthyOtherVpcTgw()
    val(s.network.caller).securityGroupIds = []
    const f = run(s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/security groups are not known/)
  })
  it("the caller's network unknown: skipped as well", () => {
    const s = healthyOtherVpcTgw()
    s.network.caller = denied('ec2:DescribeInstances')
    expect(run(s).status).toBe('skipped')
  })
  it("the endpoint group's rules not read: unknown naming DescribeSecurityGroupRules", () => {
    const s = healthyOtherVpcTgw()
    s.network.securityGroups[SG_ENDPOINT]!.rules = denied('ec2:DescribeSecurityGroupRules')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['security group rules were not read'] })
    expect(f.missing).toEqual(['ec2:DescribeSecurityGroupRules'])
  })
  it("the caller group's rules not read (or the group absent): unknown", () => {
    const s = healthyOtherVpcTgw()
    s.network.securityGroups[SG_CALLER]!.rules = denied('ec2:DescribeSecurityGroupRules')
    expect(run(s).status).toBe('unknown')
    const t = healthyOtherVpcTgw()
    delete t.network.securityGroups[SG_CALLER]
    expect(run(t).status).toBe('unknown')
  })
  it('no rule names the other group on 443: skipped (the CIDR rules are judged elsewhere)', () => {
    const s = healthyOtherVpcTgw()
    rules(s, SG_ENDPOINT, sgRule(IN_RULE, SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' }))
    const f = run(s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/no rule on 443/)
  })
  it.each([
    ['another port', sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [80, 80])],
    [
      'a port range ending below 443',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [1, 442]),
    ],
    [
      'a port range starting above 443',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [444, 8443]),
    ],
    ['UDP', sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [443, 443], 'udp')],
    [
      'a group that is not the caller’s',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: 'sg-00000000000000099' }),
    ],
    ['the other direction', sgRule(IN_RULE, SG_ENDPOINT, true, { referencedGroupId: SG_CALLER })],
    ['a CIDR rule', sgRule(IN_RULE, SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' })],
  ])('an inbound reference on %s does not count', (_, rule) => {
    const s = rules(healthyOtherVpcTgw(), SG_ENDPOINT, rule)
    expect(run(s).status).toBe('skipped')
  })
  it.each([
    [
      'every protocol (-1)',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [-1, -1], '-1'),
    ],
    [
      'a range including 443',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [443, 8443]),
    ],
    [
      'TCP by number (6)',
      sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: SG_CALLER }, [1, 443], '6'),
    ],
  ])('an inbound reference on %s counts', (_, rule) => {
    const s = rules(healthyOtherVpcTgw(), SG_ENDPOINT, rule)
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    expectFinding(run(s), 'fail', { summary: [IN_RULE], resource: SG_ENDPOINT })
  })
  it("an outbound reference in the caller's second group counts", () => {
    const s = healthyOtherVpcTgw()
    const second = 'sg-00000000000000005'
    val(s.network.caller).securityGroupIds = [SG_CALLER, second]
    rules(s, SG_CALLER)
    rules(s, second, sgRule('sgr-00000000000000051', second, true, { referencedGroupId: SG_ENDPOINT }))
    const f = run(s)
    expectFinding(f, 'fail', { summary: [`${second} sgr-00000000000000051`], resource: second })
  })
})

describe('sg.cross-vpc-reference: the rules that count', () => {
  it("an inbound reference to one of the caller's two groups counts", () => {
    const s = healthyOtherVpcTgw()
    val(s.network.caller).securityGroupIds = ['sg-00000000000000005', SG_CALLER]
    rules(s, 'sg-00000000000000005')
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    expectFinding(run(s), 'fail', { summary: [`${SG_ENDPOINT} ${IN_RULE}`], resource: SG_ENDPOINT })
  })
  it('a dual-stack endpoint: its IPv6 addresses are left out of the path lookup', () => {
    const s = healthyOtherVpcTgw()
    val(s.network.enis[ENI_A]).ipv6Addresses = ['2600:1f18:aaaa:bb02::10']
    expectFinding(run(s), 'pass', { summary: [TGW] })
  })
  it('an outbound reference only, referencing off: the outbound failure (no inbound rule to blame)', () => {
    const s = outboundRef(healthyOtherVpcTgw())
    rules(s, SG_ENDPOINT, sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: 'sg-00000000000000099' }))
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    expectFinding(run(s), 'fail', { summary: ['outbound rule'], resource: SG_CALLER })
  })
  it("an inbound reference with referencing on, the caller's egress not covering the endpoint by CIDR: pass (no outbound rule to judge)", () => {
    const s = rules(healthyOtherVpcTgw(), SG_CALLER)
    expectFinding(run(s), 'pass', { summary: [`inbound references across ${TGW} apply`] })
  })
  it('a caller subnet without an IPv4 block: the fix falls back to the caller addresses', () => {
    const s = peering('us-west-2')
    delete val(s.network.subnets[SUBNET_OTHER]).cidrBlock
    expectFinding(run(s), 'fail', { fix: ['{CidrIp=10.1.1.20/32,'] })
  })
  it("the endpoint's ENIs not read: the path to it is unknown", () => {
    const s = healthyOtherVpcTgw()
    s.network.enis = {}
    expectFinding(run(s), 'unknown', { summary: ['which path joins the two VPCs is unknown'] })
  })
  it('a dual-stack endpoint whose first IPv4 address has no gateway route: the next IPv4 address is tried, the IPv6 one skipped', () => {
    const s = healthyOtherVpcTgw()
    val(s.network.enis[ENI_A]).ipv6Addresses = ['2600:1f18:aaaa:bb02::10']
    const routes = val(s.network.routeTables[SUBNET_OTHER]).routes
    routes[routes.length - 1]!.destination = '10.0.3.0/24'
    expectFinding(run(s), 'pass', { evidence: [`through ${TGW}`] })
  })
  it('the peering connection of the route is picked among several', () => {
    const s = peering('us-west-2')
    const list = val(hy(s).peeringConnections)
    list.unshift({
      ...structuredClone(list[0]!),
      id: 'pcx-00000000000000009',
      requester: { vpcId: VPC_OTHER, region: REGION },
    })
    expectFinding(run(s), 'fail', { summary: [`${PCX} joins two Regions`] })
  })
  it('the transit gateway of the route is picked among several', () => {
    const s = healthyOtherVpcTgw()
    const list = val(hy(s).transitGateways)
    list[0]!.securityGroupReferencingSupport = 'disable'
    list.unshift({
      ...structuredClone(list[0]!),
      id: 'tgw-00000000000000009',
      securityGroupReferencingSupport: 'enable',
    })
    expectFinding(run(s), 'fail', { summary: [`${TGW} (disable)`] })
  })
  it('several CIDRs in one fix are listed comma-separated', () => {
    const f = run(outboundRef(healthyOtherVpcTgw()))
    expect(f.fix).toContain('Description="pvapi: across the VPCs"},{CidrIp=10.0.3.0/24,')
  })
  it('the CIDR fix describes the rule it adds', () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    expect(run(s).fix).toContain(
      `IpRanges=[{CidrIp=${CALLER_SUBNET_CIDR},Description="pvapi: across the VPCs"}]'`,
    )
  })
})

describe('sg.cross-vpc-reference: the path is unknown', () => {
  it('no route to the endpoint through a gateway: unknown, the references still listed', () => {
    const s = healthyOtherVpcTgw()
    val(s.network.routeTables[SUBNET_OTHER]).routes.pop()
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['which path joins the two VPCs is unknown'] })
    expect(f.missing).toEqual(['ec2:DescribeRouteTables', '--subnet'])
    expect(evidenceText(f)).toContain(
      `${SG_ENDPOINT} ${IN_RULE}: ingress 443 from ${SG_CALLER} (the caller's group)`,
    )
    expect(evidenceText(f)).toContain(`reach ${VPCE} through no transit gateway or peering route`)
  })
})

describe('sg.cross-vpc-reference: peering', () => {
  it('a same-Region peering: pass naming it; references work both ways', () => {
    const f = run(peering())
    expectFinding(f, 'pass', { summary: [PCX, 'same-Region'] })
    expect(evidenceText(f)).toContain(`reach ${VPCE} through ${PCX}`)
  })
  it('a peering with one Region not reported: treated as same-Region (pass)', () => {
    expectFinding(run(peering(null)), 'pass', { summary: ['same-Region'] })
  })
  it('a cross-Region peering and an inbound reference: fail naming the Regions, the rule, the CIDR fix on the endpoint group', () => {
    const f = run(peering('us-west-2'))
    expectFinding(f, 'fail', {
      summary: [PCX, 'us-west-2, us-east-1', `${IN_RULE} matches nothing`],
      fix: [
        `authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region ${REGION}`,
        `IpProtocol=tcp,FromPort=443,ToPort=443`,
        `{CidrIp=${CALLER_SUBNET_CIDR},`,
      ],
      resource: SG_ENDPOINT,
    })
    expect(f.fix).not.toContain('PEER_CIDR')
    expect(f.fix).not.toContain('egress')
  })
  it('a cross-Region peering and only an outbound reference: fail on the caller group, the fix still on the endpoint', () => {
    const s = peering('us-west-2')
    rules(s, SG_ENDPOINT, sgRule(IN_RULE, SG_ENDPOINT, false, { referencedGroupId: 'sg-00000000000000099' }))
    outboundRef(s)
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: ['sgr-00000000000000011 matches nothing'],
      fix: [`--group-id ${SG_ENDPOINT}`, 'authorize-security-group-ingress'],
      evidence: [`${SG_CALLER} sgr-00000000000000011: egress 443 to ${SG_ENDPOINT} (the endpoint's group)`],
      resource: SG_CALLER,
    })
  })
  it('a cross-Region peering whose endpoint group also allows the caller by CIDR: pass', () => {
    const s = peering('us-west-2')
    val(s.network.securityGroups[SG_ENDPOINT]!.rules).push(
      sgRule('sgr-00000000000000029', SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' }),
    )
    expectFinding(run(s), 'pass', { summary: ['a CIDR rule allows the caller', PCX] })
  })
  it('a cross-Region peering, caller ranges unknown: fail, the fix has a PEER_CIDR placeholder', () => {
    const s = peering('us-west-2')
    val(s.network.caller).privateIps = []
    delete s.network.subnets[SUBNET_OTHER]
    // An allow-everything CIDR rule could not be judged without the caller's ranges.
    val(s.network.securityGroups[SG_ENDPOINT]!.rules).push(
      sgRule('sgr-00000000000000029', SG_ENDPOINT, false, { cidrIpv4: '0.0.0.0/0' }),
    )
    const f = run(s)
    expectFinding(f, 'fail', { fix: ['{CidrIp=PEER_CIDR,', "# PEER_CIDR: the caller's address range"] })
  })
  it("a cross-Region peering with the caller's subnet unread: the fix uses the caller's address", () => {
    const s = peering('us-west-2')
    delete s.network.subnets[SUBNET_OTHER]
    const f = run(s)
    expectFinding(f, 'fail', { fix: ['{CidrIp=10.1.1.20/32,'] })
  })
  it('the peering connection not listed: unknown naming it', () => {
    const s = peering()
    hy(s).peeringConnections = ok([])
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [`peering connection ${PCX}`] })
  })
  it('the peering connections not read: unknown naming the permission', () => {
    const s = peering()
    hy(s).peeringConnections = denied('ec2:DescribeVpcPeeringConnections')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [PCX] })
    expect(f.missing).toContain('ec2:DescribeVpcPeeringConnections')
  })
})

describe('sg.cross-vpc-reference: transit gateway', () => {
  it('referencing on for the gateway and both attachments: pass; the evidence names each setting', () => {
    const f = run(healthyOtherVpcTgw())
    expectFinding(f, 'pass', { summary: [`inbound references across ${TGW} apply`] })
    const ev = evidenceText(f)
    expect(ev).toContain(`${TGW}: SecurityGroupReferencingSupport enable`)
    expect(ev).toContain(`${TGW_ATTACH_EP} (${VPC}): SecurityGroupReferencingSupport enable`)
    expect(ev).toContain(`${TGW_ATTACH_CALLER} (${VPC_OTHER}): SecurityGroupReferencingSupport enable`)
    expect(ev).toContain(`reach ${VPCE} through ${TGW}`)
  })
  it('referencing off on the gateway: fail naming the rule, the gateway and its setting; CIDR fix on the endpoint group', () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${SG_ENDPOINT} ${IN_RULE}`, `across ${TGW}`, `off on ${TGW} (disable)`],
      fix: [
        `authorize-security-group-ingress --group-id ${SG_ENDPOINT} --region ${REGION}`,
        `{CidrIp=${CALLER_SUBNET_CIDR},`,
        'SecurityGroupReferencingSupport',
      ],
      evidence: [`${TGW}: SecurityGroupReferencingSupport disable`],
      resource: SG_ENDPOINT,
    })
    expect(f.summary).not.toContain(TGW_ATTACH_EP)
  })
  it('referencing not reported on the gateway: off, said so', () => {
    const s = healthyOtherVpcTgw()
    delete val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${TGW} (not reported)`],
      evidence: [`${TGW}: SecurityGroupReferencingSupport not reported`],
    })
  })
  it("referencing off on the endpoint VPC's attachment only: fail naming that attachment", () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).tgwAttachments)[0]!.securityGroupReferencingSupport = 'disable'
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`off on ${TGW_ATTACH_EP} (disable)`],
      evidence: [`${TGW_ATTACH_EP} (${VPC}): SecurityGroupReferencingSupport disable`],
    })
    expect(f.summary).not.toContain(`${TGW} (`)
    expect(f.summary).not.toContain(TGW_ATTACH_CALLER)
  })
  it("referencing not reported on the caller VPC's attachment: fail naming it", () => {
    const s = healthyOtherVpcTgw()
    delete val(hy(s).tgwAttachments)[1]!.securityGroupReferencingSupport
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`off on ${TGW_ATTACH_CALLER} (not reported)`],
      evidence: [`${TGW_ATTACH_CALLER} (${VPC_OTHER}): SecurityGroupReferencingSupport not reported`],
    })
  })
  it('off everywhere: all three named, gateway first', () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    for (const a of val(hy(s).tgwAttachments)) a.securityGroupReferencingSupport = 'disable'
    const f = run(s)
    expect(f.summary).toContain(
      `off on ${TGW} (disable), ${TGW_ATTACH_EP} (disable), ${TGW_ATTACH_CALLER} (disable)`,
    )
  })
  it("an attachment of another gateway is not this path's", () => {
    const s = healthyOtherVpcTgw()
    const atts = val(hy(s).tgwAttachments)
    atts[1]!.securityGroupReferencingSupport = 'disable'
    atts[1]!.transitGatewayId = 'tgw-00000000000000009'
    const f = run(s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain(TGW_ATTACH_CALLER)
  })
  it('referencing off, but the endpoint group allows the caller by CIDR: pass, the references are not needed', () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    val(s.network.securityGroups[SG_ENDPOINT]!.rules).push(
      sgRule('sgr-00000000000000029', SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' }),
    )
    expectFinding(run(s), 'pass', { summary: ['allowed by address as well', TGW] })
  })
  it('an outbound reference across a transit gateway: fail on the caller group; egress fix to the endpoint subnets', () => {
    const s = outboundRef(healthyOtherVpcTgw())
    const f = run(s)
    expectFinding(f, 'fail', {
      summary: [`${SG_CALLER} sgr-00000000000000011`, `across ${TGW}`, 'outbound'],
      fix: [
        `authorize-security-group-egress --group-id ${SG_CALLER} --region ${REGION}`,
        '{CidrIp=10.0.2.0/24,',
        '{CidrIp=10.0.3.0/24,',
      ],
      evidence: [`${SG_CALLER} sgr-00000000000000011: egress 443 to ${SG_ENDPOINT}`],
      resource: SG_CALLER,
    })
    expect(f.fix).not.toContain('ingress')
  })
  it("an outbound reference, the endpoint subnets unread: the egress fix names the endpoint's addresses", () => {
    const s = outboundRef(healthyOtherVpcTgw())
    delete s.network.subnets[SUBNET_EP_A]
    delete s.network.subnets[SUBNET_EP_B]
    const f = run(s)
    expectFinding(f, 'fail', { fix: [`{CidrIp=${ENI_A_IP}/32,`, `{CidrIp=${ENI_B_IP}/32,`] })
  })
  it('an outbound reference with a CIDR egress rule to the endpoint as well: pass', () => {
    const s = outboundRef(healthyOtherVpcTgw())
    val(s.network.securityGroups[SG_CALLER]!.rules).push(
      sgRule('sgr-00000000000000012', SG_CALLER, true, { cidrIpv4: '10.0.0.0/16' }),
    )
    rules(s, SG_ENDPOINT, sgRule(IN_RULE, SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' }))
    expectFinding(run(s), 'pass', { summary: ['allowed by address as well'] })
  })
  it('the transit gateway not listed: unknown, it is not visible from this account', () => {
    const s = healthyOtherVpcTgw()
    hy(s).transitGateways = ok([])
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [`transit gateway ${TGW}`, 'not visible from this account'] })
  })
  it('the transit gateways not read: unknown naming that permission', () => {
    const s = healthyOtherVpcTgw()
    hy(s).transitGateways = denied('ec2:DescribeTransitGateways')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [TGW] })
    expect(f.missing).toContain('ec2:DescribeTransitGateways')
  })
  it('the attachments not read: unknown naming that permission (the gateway itself read)', () => {
    const s = healthyOtherVpcTgw()
    hy(s).tgwAttachments = denied('ec2:DescribeTransitGatewayAttachments')
    const f = run(s)
    expectFinding(f, 'unknown', { summary: [TGW] })
    expect(f.missing).toContain('ec2:DescribeTransitGatewayAttachments')
    expect(f.missing).not.toContain('ec2:DescribeTransitGateways')
  })
  it('the attachments not read and the gateway not listed: the attachments are named', () => {
    const s = healthyOtherVpcTgw()
    hy(s).transitGateways = ok([])
    hy(s).tgwAttachments = denied('ec2:DescribeTransitGatewayAttachments')
    const f = run(s)
    expect(f.missing).toContain('ec2:DescribeTransitGatewayAttachments')
    expect(f.summary).not.toContain('not visible')
  })
  it('both not read: the gateways are named first', () => {
    const s = healthyOtherVpcTgw()
    hy(s).transitGateways = denied('ec2:DescribeTransitGateways')
    hy(s).tgwAttachments = denied('ec2:DescribeTransitGatewayAttachments')
    const f = run(s)
    expect(f.missing).toContain('ec2:DescribeTransitGateways')
    expect(f.missing).not.toContain('ec2:DescribeTransitGatewayAttachments')
  })
  it('the gateway read but its list in error: unknown (not the placeholder message)', () => {
    const s = healthyOtherVpcTgw()
    hy(s).tgwAttachments = { status: 'error', code: 'Throttling', message: 'Rate exceeded' }
    const f = run(s)
    expectFinding(f, 'unknown', { summary: ['Rate exceeded'] })
  })
})

describe('sg.cross-vpc-reference: the fixes, line by line', () => {
  it('cross-Region: one command; with the caller unknown, a note for the placeholder', () => {
    expectFixLines(run(peering('us-west-2')), 1)
    const s = peering('us-west-2')
    val(s.network.caller).privateIps = []
    delete s.network.subnets[SUBNET_OTHER]
    expectFixLines(run(s), 2)
  })
  it('a transit gateway with referencing off: a note, then the command', () => {
    const s = healthyOtherVpcTgw()
    val(hy(s).transitGateways)[0]!.securityGroupReferencingSupport = 'disable'
    expect(expectFixLines(run(s), 2)[1]).toMatch(/^aws ec2 authorize-security-group-ingress/)
  })
  it('an outbound reference: one command', () => {
    expectFixLines(run(outboundRef(healthyOtherVpcTgw())), 1)
  })
})
