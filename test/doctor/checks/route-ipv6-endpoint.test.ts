/**
 * route.ipv6-endpoint: an IPv6 caller's subnets must route the endpoint's IPv6 addresses over a
 * private path (the VPC's local route, a peering connection, a transit gateway). The facts a user
 * acts on: the subnet and route table without the route, the address, where the route goes
 * instead, and the create-route command for the right table and blocks.
 */
import { describe, expect, it } from 'vitest'
import { routeIpv6Endpoint } from '../../../src/doctor/checks/route-ipv6-endpoint.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A,
  ENI_B,
  REGION,
  RTB,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  SUBNET_OTHER,
  VPC,
  VPC_OTHER,
  addRoute,
  denied,
  healthy,
  healthyVpceName,
  ok,
  otherSubnet,
  peeredRouteTable,
  val,
  vpcFacts,
  type Draft,
} from '../builders.js'
import {
  V6_BLOCK,
  V6_ENI_A,
  V6_ENI_B,
  V6_OTHER_IP,
  V6_OTHER_SUBNET,
  dualStack,
} from '../scenario-defs-ipv6.js'
import { expectFixLines } from './fix-lines.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const RTB_OTHER = 'rtb-00000000000000002'
const PCX = 'pcx-00000000000000001'

/** The caller's route table holds exactly these IPv6 routes (plus the IPv4 local one). */
const routes = (s: Snap, ...rs: Array<{ destination: string; target: string; state?: string }>) => {
  val(s.network.routeTables[SUBNET_CALLER]).routes = [
    { destination: '10.0.0.0/16', target: 'local', state: 'active' },
    ...rs.map(r => ({ state: 'active', ...r })),
  ]
  return s
}

/** The dual-stack caller moves to a peered VPC; only its IPv4 route crosses the peering. */
const inOtherVpc = (s: Snap): Snap => {
  s.network.caller = ok({
    source: 'imds',
    vpcId: VPC_OTHER,
    subnetIds: [SUBNET_OTHER],
    securityGroupIds: [val(s.network.caller).securityGroupIds[0]!],
    privateIps: ['10.1.1.20', V6_OTHER_IP],
  }) as never
  s.network.vpcs[VPC_OTHER] = vpcFacts(VPC_OTHER, '10.1.0.0/16')
  s.network.subnets[SUBNET_OTHER] = otherSubnet({ ipv6CidrBlocks: [V6_OTHER_SUBNET] })
  s.network.nacls[SUBNET_OTHER] = s.network.nacls[SUBNET_CALLER]!
  s.network.routeTables[SUBNET_OTHER] = peeredRouteTable('2600:1f18:cccc:dd00::/56') as never
  return s
}
const otherVpc = () => inOtherVpc(dualStack(healthyVpceName))

describe('route.ipv6-endpoint', () => {
  it('the VPC local IPv6 route carries both endpoint addresses: pass, each address and route in the evidence', () => {
    const f = runCheck(routeIpv6Endpoint, dualStack())
    expectFinding(f, 'pass')
    const ev = evidenceText(f)
    expect(ev).toContain(`${SUBNET_CALLER} (${RTB}): ${V6_ENI_A} → ${V6_BLOCK} via local`)
    expect(ev).toContain(`${SUBNET_CALLER} (${RTB}): ${V6_ENI_B} → ${V6_BLOCK} via local`)
    expect(ev).toMatch(/address family: IPv6/)
    expect(f.evidence.filter(e => e.resource === RTB)).toHaveLength(2)
  })

  it('an IPv4 caller: skipped, saying why', () => {
    const f = runCheck(routeIpv6Endpoint, healthy())
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/no IPv6 route is used: IPv4/)
  })

  it('family unknown with nothing IPv6 in play (no records, an IPv4-only caller): skipped, not unknown', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(routeIpv6Endpoint, s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toContain('which records the name has is unknown')
  })

  it('family unknown and the caller has IPv6 (records unknown): unknown, naming what is missing', () => {
    const s = dualStack()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.dns.answers = {}
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: ['could not tell whether the caller uses IPv6'] })
    expect(f.missing).toContain('ec2:DescribeVpcEndpoints')
  })

  it('family unknown because of a mismatch (AAAA records only, an IPv4-only caller): unknown', () => {
    const s = dualStack()
    val(s.network.caller).privateIps = ['10.0.1.15']
    val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv6'
    s.dns.answers = {}
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: ['could not tell whether the caller uses IPv6'] })
    expect(f.missing).toEqual([])
  })

  it("family unknown while the caller's IPv6 is unknown (v6 undefined, not in play): unknown", () => {
    // Caller given by subnet (no addresses) in dual-stack subnets; the names have AAAA only.
    const s = dualStack()
    const net = val(s.network.caller)
    s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
    val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv6'
    s.dns.answers = {}
    const f = runCheck(routeIpv6Endpoint, s)
    expect(f.status).toBe('unknown')
    expect(f.missing).toContain("--caller-ip with the caller's IPv6 address")
  })

  it("the caller's network unknown, the name with A records only: skipped (no IPv6 route is used)", () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances')
    const f = runCheck(routeIpv6Endpoint, s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toContain("no IPv6 route is used: the caller's network is unknown")
  })

  it('an IPv6-only caller and a name with A records only: skipped (the address-family check fails it)', () => {
    const s = dualStack()
    val(s.network.caller).privateIps = [V6_ENI_A.replace('bb02', 'bb01')]
    val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv4'
    s.dns.answers = {}
    const f = runCheck(routeIpv6Endpoint, s)
    expect(f.status).toBe('skipped')
    expect(f.summary).toMatch(/only A records/)
  })

  it("the caller's network unknown, the records unknown too: unknown", () => {
    const s = dualStack()
    s.network.caller = denied('ec2:DescribeInstances')
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.dns.answers = {}
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: ['could not tell whether the caller uses IPv6'] })
  })

  it('the caller has no subnets: unknown, naming the flags that give them', () => {
    const s = dualStack()
    val(s.network.caller).subnetIds = []
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: ["caller's subnets are unknown"] })
    expect(f.missing).toEqual(['--lambda, --from-imds or --subnet'])
  })

  it("the endpoint's IPv6 addresses are unknown (no ENI has one): unknown, naming the permission", () => {
    const s = dualStack()
    delete val(s.network.enis[ENI_A]).ipv6Addresses
    delete val(s.network.enis[ENI_B]).ipv6Addresses
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: ["endpoint's IPv6 addresses are unknown"] })
    expect(f.missing).toEqual(['ec2:DescribeNetworkInterfaces'])
  })

  it('an endpoint address that is not IPv6 text is ignored, the others judged', () => {
    const s = dualStack()
    val(s.network.enis[ENI_B]).ipv6Addresses = ['2600:zzzz::1']
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).toContain(V6_ENI_A)
    expect(evidenceText(f)).not.toContain('2600:zzzz')
  })

  it("a subnet's route table not read: unknown, naming the subnet and the permission", () => {
    const s = dualStack()
    s.network.routeTables[SUBNET_CALLER] = denied('ec2:DescribeRouteTables')
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'unknown', { summary: [SUBNET_CALLER] })
    expect(f.missing).toEqual(['ec2:DescribeRouteTables'])
  })

  it('a route table missing from the snapshot: unknown too', () => {
    const s = dualStack()
    delete s.network.routeTables[SUBNET_CALLER]
    expectFinding(runCheck(routeIpv6Endpoint, s), 'unknown', { summary: [SUBNET_CALLER] })
  })

  it("no IPv6 route in the endpoint's own VPC: fail naming subnet, table and address; the fix reads the VPC's IPv6 blocks", () => {
    const s = routes(dualStack())
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', {
      summary: [SUBNET_CALLER, RTB, V6_ENI_A],
      fix: [`--vpc-ids ${VPC}`, `# ${VPC} has no local route`, `--region ${REGION}`, 'pvapi call -4'],
      evidence: [`${SUBNET_CALLER} (${RTB}): ${V6_ENI_A} → no IPv6 route`],
      resource: RTB,
    })
    expect(f.summary).not.toMatch(/goes to/)
    expect(f.summary).toContain(`address ${V6_ENI_A}: the IPv6 connection cannot be made`)
    expect(f.fix).not.toContain('create-route')
    expect(f.evidence.every(e => e.resource === undefined || e.resource === RTB)).toBe(true)
  })

  it('::/0 to an egress-only gateway is not a private path: fail naming where it goes', () => {
    const s = routes(dualStack(), { destination: '::/0', target: 'eigw-00000000000000001' })
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', {
      summary: [V6_ENI_A, '(::/0 goes to eigw-00000000000000001)'],
      evidence: [`${V6_ENI_A} → ::/0 via eigw-00000000000000001 (leaves the VPC)`],
      resource: RTB,
    })
  })

  it('a blackhole route is no route: the next covering route decides', () => {
    const s = routes(
      dualStack(),
      { destination: V6_BLOCK, target: 'local', state: 'blackhole' },
      { destination: '::/0', target: 'igw-00000000000000001' },
    )
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', { summary: ['(::/0 goes to igw-00000000000000001)'] })
  })

  it('the longest prefix wins over a wider private route, whichever comes first', () => {
    const wideFirst = routes(
      dualStack(),
      { destination: '2600:1f18::/32', target: 'local' },
      { destination: '2600:1f18:aaaa:bb02::/64', target: 'igw-00000000000000001' },
    )
    const f1 = runCheck(routeIpv6Endpoint, wideFirst)
    expectFinding(f1, 'fail', { summary: [V6_ENI_A, '2600:1f18:aaaa:bb02::/64 goes to igw-'] })
    const narrowFirst = routes(
      dualStack(),
      { destination: '2600:1f18:aaaa:bb02::/64', target: 'igw-00000000000000001' },
      { destination: '2600:1f18::/32', target: 'local' },
    )
    expectFinding(runCheck(routeIpv6Endpoint, narrowFirst), 'fail', { summary: ['bb02::/64 goes to igw-'] })
  })

  it('of two routes with the same prefix the first one read decides', () => {
    const s = routes(
      dualStack(),
      { destination: V6_BLOCK, target: 'local' },
      { destination: V6_BLOCK, target: 'igw-00000000000000001' },
    )
    expectFinding(runCheck(routeIpv6Endpoint, s), 'pass')
  })

  it('a route that does not cover the address is not used', () => {
    const s = routes(dualStack(), { destination: '2600:1f18:ffff::/48', target: 'local' })
    expectFinding(runCheck(routeIpv6Endpoint, s), 'fail', { evidence: [`${V6_ENI_A} → no IPv6 route`] })
  })

  it('an unparsable destination is skipped', () => {
    const s = routes(dualStack(), { destination: 'pl-00000000000000001', target: 'local' })
    expectFinding(runCheck(routeIpv6Endpoint, s), 'fail', { evidence: ['no IPv6 route'] })
  })

  it.each([
    'pcx-00000000000000001',
    'tgw-00000000000000001',
    'eni-00000000000000009',
    'vgw-00000000000000001',
  ])('a route via %s is a private path', target => {
    const s = routes(dualStack(), { destination: V6_BLOCK, target })
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'pass', { evidence: [`${V6_ENI_A} → ${V6_BLOCK} via ${target}`] })
  })

  it('a target that only contains a private prefix (nat-…pcx) is not a private path', () => {
    const s = routes(dualStack(), { destination: V6_BLOCK, target: 'nat-pcx-0000000001' })
    expectFinding(runCheck(routeIpv6Endpoint, s), 'fail')
  })

  it("a peered VPC without an IPv6 route: fail; the fix adds a route per endpoint subnet block to the caller's table", () => {
    const f = runCheck(routeIpv6Endpoint, otherVpc())
    expectFinding(f, 'fail', {
      summary: [SUBNET_OTHER, RTB_OTHER, V6_ENI_A],
      evidence: [`${SUBNET_OTHER} (${RTB_OTHER}): ${V6_ENI_B} → no IPv6 route`],
      resource: RTB_OTHER,
    })
    const fix = f.fix ?? ''
    for (const block of ['2600:1f18:aaaa:bb02::/64', '2600:1f18:aaaa:bb03::/64'])
      expect(fix).toContain(
        `create-route --route-table-id ${RTB_OTHER} --destination-ipv6-cidr-block ${block} --vpc-peering-connection-id PCX_ID --region ${REGION}`,
      )
    expect(fix.match(/create-route/g)).toHaveLength(2)
    expect(fix).toMatch(new RegExp(`PCX_ID: the peering connection between ${VPC_OTHER} and ${VPC}`))
    expect(fix).toContain(`describe-vpc-peering-connections --region ${REGION}`)
    expect(fix).toContain('--transit-gateway-id')
    expect(fix).not.toContain('ENDPOINT_IPV6_CIDR')
    expect(fix).not.toContain('describe-vpcs')
  })

  it('two endpoint subnets with the same IPv6 block: one create-route per block, not per subnet', () => {
    const s = otherVpc()
    val(s.network.subnets[SUBNET_EP_B]).ipv6CidrBlocks = ['2600:1f18:aaaa:bb02::/64']
    const f = runCheck(routeIpv6Endpoint, s)
    expect((f.fix ?? '').match(/create-route/g)).toHaveLength(1)
  })

  it("a peered VPC whose endpoint subnets' IPv6 blocks are unknown: the fix has a placeholder and says how to find it", () => {
    const s = otherVpc()
    delete s.network.subnets[SUBNET_EP_A]
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', {
      fix: [
        `--route-table-id ${RTB_OTHER} --destination-ipv6-cidr-block ENDPOINT_IPV6_CIDR`,
        '# ENDPOINT_IPV6_CIDR:',
        'describe-subnets',
      ],
    })
    expect((f.fix ?? '').match(/create-route/g)).toHaveLength(1)
  })

  it("two caller subnets with the same table and two without routes: the first named, the table's fix once per block", () => {
    const s = otherVpc()
    const second = 'subnet-00000000000000005'
    val(s.network.caller).subnetIds = [SUBNET_OTHER, second]
    s.network.subnets[second] = otherSubnet({ subnetId: second, ipv6CidrBlocks: [V6_OTHER_SUBNET] })
    s.network.routeTables[second] = s.network.routeTables[SUBNET_OTHER]!
    s.network.nacls[second] = s.network.nacls[SUBNET_OTHER]!
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', { summary: [SUBNET_OTHER], evidence: [`${second} (${RTB_OTHER})`] })
    expect((f.fix ?? '').match(/create-route/g)).toHaveLength(2)
  })

  it('a caller VPC not known (subnets only): the fix names the caller VPC generically', () => {
    const s = otherVpc()
    delete (val(s.network.caller) as { vpcId?: string }).vpcId
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail')
    expect(f.fix).toContain(`between the caller VPC and ${VPC}`)
  })

  it('a peering route for the IPv6 block: pass via the peering', () => {
    const s = otherVpc()
    addRoute(s, '2600:1f18:aaaa:bb00::/56', PCX, SUBNET_OTHER)
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'pass', {
      evidence: [`${SUBNET_OTHER} (${RTB_OTHER}): ${V6_ENI_A} → 2600:1f18:aaaa:bb00::/56 via ${PCX}`],
    })
  })

  it('only the first failing address is named, and its own route', () => {
    const s = routes(dualStack(), { destination: '2600:1f18:aaaa:bb02::/64', target: 'local' })
    const f = runCheck(routeIpv6Endpoint, s)
    expectFinding(f, 'fail', {
      summary: [V6_ENI_B],
      evidence: [`${V6_ENI_A} → 2600:1f18:aaaa:bb02::/64 via local`],
    })
    expect(f.summary).not.toContain(V6_ENI_A)
  })

  it('an endpoint address written as /128 is named without the prefix length', () => {
    const s = dualStack()
    val(s.network.enis[ENI_A]).ipv6Addresses = [`${V6_ENI_A}/128`]
    const f = runCheck(routeIpv6Endpoint, routes(s))
    expect(f.summary).toContain(`address ${V6_ENI_A}`)
    expect(f.summary).not.toContain('/128')
  })

  it('the endpoint subnets are in the same VPC: no peering advice', () => {
    const s = routes(dualStack())
    expect(runCheck(routeIpv6Endpoint, s).fix).not.toContain('PCX_ID')
    void SUBNET_EP_A
  })

  it('the fixes, line by line', () => {
    const same = expectFixLines(runCheck(routeIpv6Endpoint, routes(dualStack())), 2)
    expect(same[1]).toMatch(/^aws ec2 describe-vpcs/)
    const peered = expectFixLines(runCheck(routeIpv6Endpoint, otherVpc()), 3)
    expect(peered[2]).toMatch(/^# PCX_ID/)
    const s = otherVpc()
    delete s.network.subnets[SUBNET_EP_A]
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    expect(expectFixLines(runCheck(routeIpv6Endpoint, s), 3)[2]).toMatch(/^# ENDPOINT_IPV6_CIDR/)
  })
})
