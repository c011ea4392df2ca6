/**
 * Dual-stack scenarios (issue 14, item 2): a private API reached through a dual-stack endpoint,
 * with IPv6 and IPv4-only callers. For each check the dual-stack work added or changed there is
 * a failing, a passing and an unknown case; expectations are written by hand. Same shape and
 * rules as scenario-defs.ts.
 */
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  API_ARN,
  ENI_A,
  ENI_A_IP,
  ENI_B,
  ENI_B_IP,
  HOST,
  NACL,
  NACL_STRICT,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  SUBNET_OTHER,
  VPC_OTHER,
  denied,
  healthy,
  healthyLambda,
  healthyVpceName,
  ok,
  val,
  addRoute,
  vpcFacts,
  otherSubnet,
  peeredRouteTable,
  sgRule,
} from './builders.js'
import type { Draft } from './builders.js'
import { edit, set, pass, failAt, incomplete, verdictIs } from './scenario-defs-kit.js'
import type { ScenarioDef } from './scenario-defs-kit.js'

export const V6_BLOCK = '2600:1f18:aaaa:bb00::/56'
export const V6_CALLER_SUBNET = '2600:1f18:aaaa:bb01::/64'
export const V6_CALLER_IP = '2600:1f18:aaaa:bb01::15'
export const V6_ENI_A = '2600:1f18:aaaa:bb02::10'
export const V6_ENI_B = '2600:1f18:aaaa:bb03::10'
export const V6_OTHER_SUBNET = '2600:1f18:cccc:dd01::/64'
export const V6_OTHER_IP = '2600:1f18:cccc:dd01::20'

/** NACL entries that allow everything, IPv4 (100) and IPv6 (101), as a dual-stack default ACL. */
const allowAllDual = [
  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow' as const, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow' as const, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 101, egress: false, protocol: '-1', action: 'allow' as const, ipv6CidrBlock: '::/0' },
  { ruleNumber: 101, egress: true, protocol: '-1', action: 'allow' as const, ipv6CidrBlock: '::/0' },
]

/**
 * The healthy world made dual-stack: IPv6 blocks on the VPC's subnets, a dual-stack endpoint
 * (A and AAAA records), ENIs with IPv6 addresses, an instance with both families (IMDS), IPv6
 * NACL entries and the VPC's IPv6 local route. The caller connects over IPv6.
 */
/** The API name answered with both endpoint ENIs' IPv6 addresses, asked for A and AAAA. */
const v6Answer = () =>
  ok({
    hostname: HOST,
    server: 'system',
    result: 'answer',
    addresses: [V6_ENI_A, V6_ENI_B],
    asked: ['A', 'AAAA'],
  }) as never

export function dualStack(base: () => Draft<DoctorSnapshot> = healthy): Draft<DoctorSnapshot> {
  const s = base()
  const ep = val(s.network.endpoints)[0]!
  ep.ipAddressType = 'dualstack'
  ep.dnsRecordIpType = 'dualstack'
  val(s.network.subnets[SUBNET_CALLER]).ipv6CidrBlocks = [V6_CALLER_SUBNET]
  val(s.network.subnets[SUBNET_EP_A]).ipv6CidrBlocks = ['2600:1f18:aaaa:bb02::/64']
  val(s.network.subnets[SUBNET_EP_B]).ipv6CidrBlocks = ['2600:1f18:aaaa:bb03::/64']
  val(s.network.enis[ENI_A]).ipv6Addresses = [V6_ENI_A]
  val(s.network.enis[ENI_B]).ipv6Addresses = [V6_ENI_B]
  val(s.network.caller).privateIps = ['10.0.1.15', V6_CALLER_IP]
  val(s.api.restApi).ipAddressType = 'dualstack'
  for (const sn of [SUBNET_CALLER, SUBNET_EP_A, SUBNET_EP_B])
    s.network.nacls[sn] = ok({ naclId: NACL, isDefault: true, entries: allowAllDual }) as never
  addRoute(s, V6_BLOCK, 'local')
  const host = s.target.connectHost
  s.dns.answers[host] = ok({
    hostname: host,
    server: 'system',
    result: 'answer',
    addresses: [ENI_A_IP, ENI_B_IP, V6_ENI_A, V6_ENI_B],
    asked: ['A', 'AAAA'],
  }) as never
  return s
}

/** The caller has only an IPv6 address (an IPv6-only instance in an IPv6-only subnet). */
const ipv6OnlyCaller = (s: Draft<DoctorSnapshot>) => {
  val(s.network.caller).privateIps = [V6_CALLER_IP]
  val(s.network.subnets[SUBNET_CALLER]).ipv6Native = true
}

/** The endpoint lets in the caller's IPv4 subnet by CIDR only (no SG reference, no IPv6 rule). */
const endpointIngressIpv4Only = (s: Draft<DoctorSnapshot>) => {
  s.network.securityGroups[SG_ENDPOINT]!.rules = ok([
    sgRule('sgr-00000000000000031', SG_ENDPOINT, false, { cidrIpv4: '10.0.1.0/24' }),
  ]) as never
}

/** The caller's SG lets 443 out to 0.0.0.0/0 only (no SG reference, no ::/0). */
export const callerEgressIpv4Only = (s: Draft<DoctorSnapshot>) => {
  s.network.securityGroups[SG_CALLER]!.rules = ok([
    sgRule('sgr-00000000000000041', SG_CALLER, true, { cidrIpv4: '0.0.0.0/0' }),
  ]) as never
}

/** A caller-subnet NACL with IPv4 entries only: IPv6 traffic falls to the implicit deny. */
const ipv4OnlyNacl = () =>
  ok({
    naclId: NACL_STRICT,
    isDefault: false,
    entries: [
      { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' },
      { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow', cidrBlock: '0.0.0.0/0' },
    ],
  }) as never
export const callerNaclIpv4Only = (s: Draft<DoctorSnapshot>) => {
  s.network.nacls[SUBNET_CALLER] = ipv4OnlyNacl()
}

/** A resource policy that denies calls from outside the VPC's IPv4 range (written before IPv6). */
const denyOutsideIpv4Range = (s: Draft<DoctorSnapshot>) => {
  const rp = val(s.api.restApi).policy as { Statement: unknown[] }
  rp.Statement.push({
    Sid: 'DenyOutsideVpcRange',
    Effect: 'Deny',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: `${API_ARN}/*`,
    Condition: { NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } },
  })
}

/** The IPv6 caller sits in another VPC (peered), with only an IPv4 route to the endpoint's VPC. */
const ipv6CallerInOtherVpc = (s: Draft<DoctorSnapshot>) => {
  s.network.caller = ok({
    source: 'imds',
    vpcId: VPC_OTHER,
    subnetIds: [SUBNET_OTHER],
    securityGroupIds: [SG_CALLER],
    privateIps: ['10.1.1.20', V6_OTHER_IP],
  }) as never
  s.network.vpcs[VPC_OTHER] = vpcFacts(VPC_OTHER, '10.1.0.0/16')
  s.network.subnets[SUBNET_OTHER] = otherSubnet({ ipv6CidrBlocks: [V6_OTHER_SUBNET] })
  s.network.nacls[SUBNET_OTHER] = s.network.nacls[SUBNET_CALLER]!
  s.network.routeTables[SUBNET_OTHER] = peeredRouteTable('2600:1f18:cccc:dd00::/56') as never
  // Across the peering the endpoint SG lets the caller VPC's blocks in by CIDR (no SG reference).
  s.network.securityGroups[SG_ENDPOINT]!.rules = ok([
    sgRule('sgr-00000000000000033', SG_ENDPOINT, false, { cidrIpv4: '10.1.0.0/16' }),
    sgRule('sgr-00000000000000034', SG_ENDPOINT, false, { cidrIpv6: V6_OTHER_SUBNET }),
  ]) as never
}

/** A Lambda caller without Ipv6AllowedForDualStack, and an endpoint whose names have AAAA records only. */
const lambdaIpv4AaaaOnly = (s: Draft<DoctorSnapshot>) => {
  const ep = val(s.network.endpoints)[0]!
  ep.ipAddressType = 'dualstack'
  ep.dnsRecordIpType = 'ipv6'
  val(s.network.enis[ENI_A]).ipv6Addresses = [V6_ENI_A]
  val(s.network.enis[ENI_B]).ipv6Addresses = [V6_ENI_B]
  s.dns.answers[HOST] = v6Answer()
}

export const IPV6_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'ipv6-dual-stack-healthy',
    description:
      'dual-stack endpoint, an instance with both families: it connects over IPv6 and every IPv6 rule lets it through',
    rows: [],
    build: dualStack,
    expect: pass({
      'dns.address-family': 'pass',
      'dns.private-resolution': 'pass',
      'sg.caller-egress-443': 'pass',
      'sg.endpoint-ingress-443': 'pass',
      'nacl.caller-subnet': 'pass',
      'nacl.endpoint-subnet': 'pass',
      'route.ipv6-endpoint': 'pass',
      'apigw.resource-policy-ip-family': 'pass',
    }),
  },
  {
    name: 'ipv6-ipv4-caller-ipv4-policy',
    description:
      'the healthy IPv4 world with an IPv4-only aws:VpcSourceIp Deny: the caller connects over IPv4, so nothing changes',
    rows: [],
    build: edit(healthy, denyOutsideIpv4Range),
    expect: pass({
      'dns.address-family': 'pass',
      'route.ipv6-endpoint': 'skipped',
      'apigw.resource-policy-ip-family': 'skipped',
    }),
  },
  {
    name: 'ipv6-lambda-ipv4-only-aaaa-records',
    description:
      'a Lambda function without Ipv6AllowedForDualStack calls through an endpoint whose names have only AAAA records: it cannot connect',
    rows: [],
    build: edit(healthyLambda, lambdaIpv4AaaaOnly),
    expect: failAt(2, 'dns.address-family', { 'dns.private-resolution': 'pass' }),
  },
  {
    name: 'ipv6-caller-ipv6-unknown',
    description:
      'the caller is given by subnet only (dual-stack), the names have only AAAA records: whether it has an IPv6 address is unknown',
    rows: [],
    build: edit(dualStack, s => {
      const net = val(s.network.caller)
      s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
      val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv6'
      s.dns.answers[HOST] = v6Answer()
    }),
    expect: incomplete(2, 'dns.address-family', { 'route.ipv6-endpoint': 'unknown' }),
  },
  {
    name: 'ipv6-only-caller-sg-ipv4-rules',
    description:
      'an IPv6-only caller; both security groups were written with IPv4 CIDRs only: its IPv6 connection is dropped both ways',
    rows: [16, 17],
    build: edit(dualStack, s => {
      ipv6OnlyCaller(s)
      endpointIngressIpv4Only(s)
      callerEgressIpv4Only(s)
    }),
    expect: failAt(3, 'sg.caller-egress-443', {
      'sg.endpoint-ingress-443': 'fail',
      'dns.address-family': 'pass',
    }),
  },
  {
    name: 'ipv6-dual-caller-sg-falls-back',
    description:
      'a dual-stack caller; the endpoint SG allows the caller by IPv4 CIDR only: IPv6 is tried first and fails, IPv4 works after the fallback',
    rows: [17],
    build: edit(dualStack, endpointIngressIpv4Only),
    expect: pass({ 'sg.endpoint-ingress-443': 'warn', 'sg.caller-egress-443': 'pass' }),
  },
  {
    name: 'ipv6-sg-ipv6-cidr-rule',
    description:
      'an IPv6-only caller let in by an IPv6 CIDR rule of the endpoint SG (CidrIpv6 of its subnet)',
    rows: [],
    build: edit(dualStack, s => {
      ipv6OnlyCaller(s)
      s.network.securityGroups[SG_ENDPOINT]!.rules = ok([
        sgRule('sgr-00000000000000032', SG_ENDPOINT, false, { cidrIpv6: V6_CALLER_SUBNET }),
      ]) as never
    }),
    expect: pass({ 'sg.endpoint-ingress-443': 'pass', 'sg.caller-egress-443': 'pass' }),
  },
  {
    name: 'ipv6-sg-rules-unreadable',
    description: "an IPv6 caller, and the endpoint SG's rules cannot be read: the IPv6 ingress is unknown",
    rows: [],
    build: set(dualStack, s => s.network.securityGroups[SG_ENDPOINT]!, {
      rules: denied('ec2:DescribeSecurityGroupRules'),
    }),
    expect: incomplete(3, 'sg.endpoint-ingress-443', { 'sg.caller-egress-443': 'pass' }),
  },
  {
    name: 'ipv6-caller-nacl-ipv4-entries-only',
    description:
      "an IPv6-only caller whose subnet's NACL has IPv4 entries only: the IPv6 request falls to the implicit deny",
    rows: [19],
    build: edit(dualStack, s => {
      ipv6OnlyCaller(s)
      callerNaclIpv4Only(s)
    }),
    expect: failAt(5, 'nacl.caller-subnet', { 'nacl.endpoint-subnet': 'pass' }),
  },
  {
    name: 'ipv6-dual-caller-endpoint-nacl-falls-back',
    description:
      "a dual-stack caller; the endpoint subnets' NACL has IPv4 entries only: IPv6 is dropped, the client falls back to IPv4",
    rows: [20],
    build: edit(dualStack, s => {
      for (const sn of [SUBNET_EP_A, SUBNET_EP_B]) s.network.nacls[sn] = ipv4OnlyNacl()
    }),
    expect: pass({ 'nacl.endpoint-subnet': 'warn', 'nacl.caller-subnet': 'pass' }),
  },
  {
    name: 'ipv6-endpoint-nacl-unreadable',
    description: "an IPv6 caller, and the endpoint subnets' NACLs cannot be read",
    rows: [],
    build: edit(dualStack, s => {
      s.network.nacls[SUBNET_EP_A] = denied('ec2:DescribeNetworkAcls') as never
      s.network.nacls[SUBNET_EP_B] = denied('ec2:DescribeNetworkAcls') as never
    }),
    expect: incomplete(5, 'nacl.endpoint-subnet', { 'nacl.caller-subnet': 'pass' }),
  },
  {
    name: 'ipv6-caller-in-peered-vpc-no-ipv6-route',
    description:
      "an IPv6 caller in a peered VPC, calling the endpoint-specific name; the peering route covers IPv4 only: no route to the endpoint's IPv6 addresses",
    rows: [12],
    build: edit(() => dualStack(healthyVpceName), ipv6CallerInOtherVpc),
    expect: verdictIs('fail', 5, 'route.ipv6-endpoint', {
      'route.ipv6-endpoint': 'fail',
      'dns.address-family': 'pass',
    }),
  },
  {
    name: 'ipv6-route-table-unreadable',
    description: "an IPv6 caller whose subnet's route table cannot be read",
    rows: [],
    build: edit(dualStack, s => {
      s.network.routeTables[SUBNET_CALLER] = denied('ec2:DescribeRouteTables') as never
    }),
    expect: incomplete(5, 'route.no-internet', { 'route.ipv6-endpoint': 'unknown' }),
  },
  {
    name: 'ipv6-caller-vpcsourceip-ipv4-only',
    description:
      'an IPv6 caller; the resource policy denies every aws:VpcSourceIp outside 10.0.0.0/16: the Deny matches every IPv6 address',
    rows: [],
    build: edit(dualStack, denyOutsideIpv4Range),
    expect: verdictIs('fail', 6, 'apigw.resource-policy-allows', {
      'apigw.resource-policy-allows': 'fail',
      'apigw.resource-policy-ip-family': 'fail',
    }),
  },
  {
    name: 'ipv6-resource-policy-unreadable',
    description: 'an IPv6 caller, and the resource policy cannot be read',
    rows: [],
    build: set(dualStack, s => s.api, { restApi: denied('apigateway:GET') }),
    expect: verdictIs('incomplete', 2, 'dns.public-api-capture', {
      'apigw.resource-policy-ip-family': 'unknown',
    }),
  },
  {
    name: 'ipv6-aaaa-answer-not-an-eni',
    description:
      'an IPv4-only endpoint, but the name also answers an AAAA record (a record of its own): the IPv6 client connects to an address that is not the endpoint',
    rows: [9],
    build: edit(dualStack, s => {
      const ep = val(s.network.endpoints)[0]!
      ep.ipAddressType = 'ipv4'
      ep.dnsRecordIpType = 'ipv4'
      delete val(s.network.enis[ENI_A]).ipv6Addresses
      delete val(s.network.enis[ENI_B]).ipv6Addresses
      s.dns.answers[HOST] = ok({
        hostname: HOST,
        server: 'system',
        result: 'answer',
        addresses: [ENI_A_IP, ENI_B_IP, '2600:1f18:ffff::1'],
        asked: ['A', 'AAAA'],
      }) as never
    }),
    expect: failAt(2, 'dns.private-resolution', {
      'dns.address-family': 'pass',
      'nacl.caller-subnet': 'unknown',
      'route.ipv6-endpoint': 'unknown',
    }),
  },
  {
    name: 'ipv6-default-route-egress-only-gateway',
    description:
      'a dual-stack caller subnet with ::/0 to an egress-only internet gateway: an IPv6 path out of the VPC (no-internet compliance)',
    rows: [22],
    build: edit(dualStack, s => addRoute(s, '::/0', 'eigw-00000000000000001')),
    expect: pass({ 'route.no-internet': 'warn', 'route.ipv6-endpoint': 'pass' }),
  },
]
