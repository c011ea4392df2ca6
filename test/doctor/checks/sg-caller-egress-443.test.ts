/**
 * sg.caller-egress-443, branch by branch: what is unknown and what would reveal it, the
 * endpoint's addresses in the family the caller uses, the ids a user copies (comma-separated
 * groups and addresses), and the IPv6 fallback.
 */
import { describe, expect, it } from 'vitest'
import { sgCallerEgress443 as check } from '../../../src/doctor/checks/sg-caller-egress-443.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A_IP,
  ENI_B_IP,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPCE,
  denied,
  healthy,
  ok,
  setRules,
  val,
  type Draft,
  type RuleDraft,
} from '../builders.js'
import { dualStack } from '../scenario-defs-ipv6.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const SG_SECOND = 'sg-00000000000000008'
const out = (r: Partial<RuleDraft>): RuleDraft => ({
  egress: true,
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  ...r,
})
const caller = (s: Snap) => val(s.network.caller) as { privateIps: string[]; securityGroupIds: string[] }

describe('sg.caller-egress-443: what is unknown', () => {
  it("the caller's network unreadable: unknown naming it, with the flags that give it", () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ["the caller's network"] })
    expect(f.missing).toContain('--lambda, --from-imds or --caller-sg')
  })
  it('the endpoint unreadable: unknown naming the VPC endpoint', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(check, s), 'unknown', { summary: ['the VPC endpoint'] })
  })
  it("the endpoint's addresses unknown: unknown, the ENIs and subnets would tell", () => {
    const s = healthy()
    for (const id of Object.keys(s.network.enis)) s.network.enis[id] = denied('ec2:DescribeNetworkInterfaces')
    s.network.subnets[SUBNET_EP_B] = denied('ec2:DescribeSubnets')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [`the addresses of ${VPCE} are unknown`] })
    expect(f.missing).toEqual(['ec2:DescribeNetworkInterfaces', 'ec2:DescribeSubnets'])
  })
  it('an IPv6 caller and an endpoint without IPv6 addresses: unknown naming the IPv6 addresses', () => {
    const s = dualStack()
    caller(s).privateIps = ['2600:1f18:aaaa:bb01::15']
    for (const id of Object.keys(s.network.enis))
      delete (val(s.network.enis[id]) as { ipv6Addresses?: string[] }).ipv6Addresses
    for (const sn of [SUBNET_EP_A, SUBNET_EP_B])
      delete (val(s.network.subnets[sn]) as { ipv6CidrBlocks?: string[] }).ipv6CidrBlocks
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [`the IPv6 addresses of ${VPCE} are unknown`] })
  })
  it('an endpoint with IPv6 addresses only and an IPv4 caller: unknown, not judged over no address', () => {
    const s = healthy()
    for (const [id, v6] of [
      ['eni-00000000000000001', '2600:1f18:aaaa:bb02::10'],
      ['eni-00000000000000002', '2600:1f18:aaaa:bb03::10'],
    ] as const) {
      const eni = val(s.network.enis[id]) as { privateIps: string[]; ipv6Addresses?: string[] }
      eni.privateIps = []
      eni.ipv6Addresses = [v6]
    }
    expectFinding(runCheck(check, s), 'unknown', { summary: [`the addresses of ${VPCE} are unknown`] })
  })
  it("the caller group's rules unreadable: unknown with the permission", () => {
    const s = healthy()
    s.network.securityGroups[SG_CALLER] = {
      groupId: SG_CALLER,
      rules: denied('ec2:DescribeSecurityGroupRules'),
    }
    expect(runCheck(check, s).missing).toContain('ec2:DescribeSecurityGroupRules')
  })
})

describe('sg.caller-egress-443: the ids a user copies', () => {
  it('a pass names the rule that allows', () => {
    const f = runCheck(check, healthy())
    expectFinding(f, 'pass')
    expect(evidenceText(f)).toContain('sgr-00000000000000011')
  })
  it('two caller groups, two endpoint groups, two ENI addresses: each list comma-separated', () => {
    const s = healthy()
    caller(s).securityGroupIds = [SG_CALLER, SG_SECOND]
    setRules(s, SG_CALLER, [out({ cidrIpv4: '10.9.0.0/16' })])
    setRules(s, SG_SECOND, [])
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, 'sg-00000000000000009']
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: [
        `security groups ${SG_CALLER}, ${SG_SECOND} do not allow`,
        `(${SG_ENDPOINT}, sg-00000000000000009; ${ENI_A_IP}/32, ${ENI_B_IP}/32)`,
      ],
      resource: SG_CALLER,
    })
    expect(evidenceText(f)).toContain('sgr-00000000000000001')
  })
  it('two of three ENI addresses not allowed: both named, comma-separated', () => {
    const s = setRules(healthy(), SG_CALLER, [out({ cidrIpv4: `${ENI_A_IP}/32` })])
    val(s.network.endpoints)[0]!.networkInterfaceIds.push('eni-00000000000000003')
    s.network.enis['eni-00000000000000003'] = ok({
      eniId: 'eni-00000000000000003',
      subnetId: SUBNET_EP_B,
      availabilityZone: 'us-east-1b',
      privateIps: ['10.0.3.11'],
    })
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: [`connections to ${ENI_B_IP}/32, 10.0.3.11/32 time out`] })
  })
})

describe('sg.caller-egress-443: a dual-stack caller', () => {
  it('neither family allowed out: fail, not the fallback warning', () => {
    const s = setRules(dualStack(), SG_CALLER, [out({ cidrIpv4: '10.9.0.0/16' })])
    expectFinding(runCheck(check, s), 'fail', { summary: ['over IPv6'], resource: SG_CALLER })
  })
  it('IPv6 not allowed, and the endpoint has no IPv4 address to fall back to: fail', () => {
    const s = setRules(dualStack(), SG_CALLER, [out({ cidrIpv4: '0.0.0.0/0' })])
    for (const id of ['eni-00000000000000001', 'eni-00000000000000002'])
      (val(s.network.enis[id]) as { privateIps: string[] }).privateIps = []
    expectFinding(runCheck(check, s), 'fail', { summary: ['over IPv6'] })
  })
  it('IPv4 allowed, IPv6 not, two caller groups: the fallback warning names both', () => {
    const s = setRules(dualStack(), SG_CALLER, [out({ cidrIpv4: '0.0.0.0/0' })])
    caller(s).securityGroupIds = [SG_CALLER, SG_SECOND]
    setRules(s, SG_SECOND, [])
    expectFinding(runCheck(check, s), 'warn', {
      summary: [`security groups ${SG_CALLER}, ${SG_SECOND} `, 'IPv4 is allowed'],
      resource: SG_CALLER,
    })
  })
})
