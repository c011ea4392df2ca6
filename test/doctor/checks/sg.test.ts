/**
 * sg.endpoint-ingress-443 and sg.caller-egress-443: security groups must let TCP 443 from the
 * caller into the endpoint and out of the caller. Findings name the groups, the rule ids, the
 * port, and the caller's group or address the fix should allow.
 */
import { describe, expect, it } from 'vitest'
import { sgCallerEgress443 } from '../../../src/doctor/checks/sg-caller-egress-443.js'
import { sgEndpointIngress443 } from '../../../src/doctor/checks/sg-endpoint-ingress-443.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  CALLER_IP,
  ENI_A_IP,
  ENI_B_IP,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  VPC,
  VPC_OTHER,
  VPCE,
  REGION,
  denied,
  healthy,
  setRules,
  val,
  type Draft,
  type RuleDraft,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Rule = Partial<RuleDraft>
const ingress = (r: Rule): RuleDraft => ({
  ruleId: 'sgr-00000000000000031',
  egress: false,
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  ...r,
})
const egress = (r: Rule): RuleDraft => ({
  ruleId: 'sgr-00000000000000041',
  egress: true,
  protocol: 'tcp',
  fromPort: 443,
  toPort: 443,
  ...r,
})
const caller = (s: Draft<DoctorSnapshot>) =>
  val(s.network.caller) as {
    vpcId?: string
    privateIps: string[]
    securityGroupIds: string[]
    subnetIds: string[]
  }

describe('sg.endpoint-ingress-443', () => {
  it('allowed by a reference to the caller group: pass naming the group and the caller', () => {
    const f = runCheck(sgEndpointIngress443, healthy())
    expectFinding(f, 'pass', { summary: [SG_ENDPOINT, 'allows', SG_CALLER, `${CALLER_IP}/32`] })
    expect(evidenceText(f)).toContain('sgr-00000000000000021')
  })
  it('two endpoint groups: "allow", both named', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, 'sg-00000000000000009']
    setRules(s, 'sg-00000000000000009', [])
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'pass', { summary: [`${SG_ENDPOINT}, sg-00000000000000009 allow `] })
  })
  it('allowed by a CIDR covering the caller address: pass', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.0.0.0/16' })])
    expectFinding(runCheck(sgEndpointIngress443, s), 'pass', { summary: [`${CALLER_IP}/32`] })
  })
  it('a rule that covers only part of the caller subnet: fail saying "only part", naming the uncovered range', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.0.1.0/25' })])
    caller(s).privateIps = []
    caller(s).securityGroupIds = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'fail', { summary: ['only part', '10.0.1.0/24'], resource: SG_ENDPOINT })
  })
  it('caller address unknown, its subnets known: pass says "subnets"', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.0.0.0/16' })])
    caller(s).privateIps = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'pass', { summary: ["caller's subnets", '10.0.1.0/24'] })
  })
  it('an SG reference across VPCs: warn naming both VPCs; the fix allows the caller CIDR instead of the group', () => {
    const s = healthy()
    caller(s).vpcId = VPC_OTHER
    caller(s).privateIps = ['10.1.1.20']
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'warn', {
      summary: [SG_ENDPOINT, VPC_OTHER, VPC, 'transit gateway'],
      resource: SG_ENDPOINT,
      fix: [SG_ENDPOINT, 'CidrIp=10.1.1.20/32', REGION],
    })
    expect(f.fix).not.toContain('UserIdGroupPairs')
  })
  it('a CIDR rule across VPCs is fine (no warning)', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.1.0.0/16' })])
    caller(s).vpcId = VPC_OTHER
    caller(s).privateIps = ['10.1.1.20']
    expect(runCheck(sgEndpointIngress443, s).status).toBe('pass')
  })
  it('no rule for the caller: fail naming the endpoint, its group, the caller group and address, port 443', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.9.0.0/16' })])
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, SG_ENDPOINT, '443', SG_CALLER, `${CALLER_IP}/32`],
      resource: SG_ENDPOINT,
      fix: [`--group-id ${SG_ENDPOINT}`, `GroupId=${SG_CALLER}`, 'FromPort=443', REGION],
    })
    expect(evidenceText(f)).toContain('sgr-00000000000000031')
  })
  it('no caller group known: the fix allows the caller address', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [])
    caller(s).securityGroupIds = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'fail', { summary: ['no SG'], fix: [`--cidr ${CALLER_IP}/32`, '--port 443'] })
  })
  it('a rule covering one of two caller addresses: fail naming the one not covered', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [ingress({ cidrIpv4: '10.0.1.0/25' })])
    caller(s).privateIps = [CALLER_IP, '10.0.1.200']
    caller(s).securityGroupIds = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'fail', { summary: ['10.0.1.200/32', 'part'], resource: SG_ENDPOINT })
  })
  it('neither the caller address nor its groups known: unknown', () => {
    const s = healthy()
    caller(s).privateIps = []
    caller(s).securityGroupIds = []
    caller(s).subnetIds = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'unknown')
    expect(f.missing!.join(' ')).toContain('--caller-ip')
  })
  it('groups known, address unknown: a reference rule still decides', () => {
    const s = healthy()
    caller(s).privateIps = []
    caller(s).subnetIds = []
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'pass', { summary: [SG_CALLER, 'address unknown'] })
  })
  it('the endpoint lists no groups: unknown naming it', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.securityGroupIds = []
    expectFinding(runCheck(sgEndpointIngress443, s), 'unknown', { summary: [VPCE] })
  })
  it("the endpoint group's rules unreadable: unknown naming the group", () => {
    const s = healthy()
    s.network.securityGroups[SG_ENDPOINT] = {
      groupId: SG_ENDPOINT,
      rules: denied('ec2:DescribeSecurityGroupRules'),
    }
    const f = runCheck(sgEndpointIngress443, s)
    expectFinding(f, 'unknown', { summary: [SG_ENDPOINT] })
    expect(f.missing).toContain('ec2:DescribeSecurityGroupRules')
  })
  it('the caller network or the endpoint not known: unknown', () => {
    const s = healthy()
    s.network.caller = { status: 'not-collected', reason: 'no flags' }
    expectFinding(runCheck(sgEndpointIngress443, s), 'unknown')
    const t = healthy()
    t.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(sgEndpointIngress443, t)
    expectFinding(f, 'unknown')
    expect(f.missing).toContain('ec2:DescribeVpcEndpoints')
  })
})

describe('sg.caller-egress-443', () => {
  it('allowed: pass naming the caller group and the endpoint', () => {
    expectFinding(runCheck(sgCallerEgress443, healthy()), 'pass', { summary: [SG_CALLER, 'allows', VPCE] })
  })
  it('two caller groups: "allow"', () => {
    const s = healthy()
    caller(s).securityGroupIds = [SG_CALLER, 'sg-00000000000000008']
    setRules(s, 'sg-00000000000000008', [])
    expectFinding(runCheck(sgCallerEgress443, s), 'pass', {
      summary: [`${SG_CALLER}, sg-00000000000000008 allow `],
    })
  })
  it('no egress to the endpoint: fail naming the caller group, the endpoint, its group, both ENI addresses, port 443', () => {
    const s = setRules(healthy(), SG_CALLER, [egress({ cidrIpv4: '0.0.0.0/0', fromPort: 80, toPort: 80 })])
    const f = runCheck(sgCallerEgress443, s)
    expectFinding(f, 'fail', {
      summary: [SG_CALLER, VPCE, SG_ENDPOINT, `${ENI_A_IP}/32`, `${ENI_B_IP}/32`, '443'],
      resource: SG_CALLER,
      fix: [`--group-id ${SG_CALLER}`, `GroupId=${SG_ENDPOINT}`, 'FromPort=443', REGION],
    })
  })
  it('egress to one ENI only: fail naming the other one', () => {
    const s = setRules(healthy(), SG_CALLER, [egress({ cidrIpv4: `${ENI_A_IP}/32` })])
    const f = runCheck(sgCallerEgress443, s)
    expectFinding(f, 'fail', { summary: [`${ENI_B_IP}/32`, 'only some'], resource: SG_CALLER })
    expect(f.summary.split('time out')[0]!.split('connections to')[1]).not.toContain(ENI_A_IP)
  })
  it('an endpoint without groups: the fix names a placeholder', () => {
    const s = setRules(healthy(), SG_CALLER, [])
    val(s.network.endpoints)[0]!.securityGroupIds = []
    const f = runCheck(sgCallerEgress443, s)
    expectFinding(f, 'fail', { summary: ['no SG'], fix: ['ENDPOINT_SG'] })
  })
  it('caller groups unknown, network unknown, endpoint unknown, rules unreadable: unknown', () => {
    const a = healthy()
    caller(a).securityGroupIds = []
    expect(runCheck(sgCallerEgress443, a).missing!.join(' ')).toContain('--caller-sg')
    const b = healthy()
    b.network.caller = { status: 'not-collected', reason: 'no flags' }
    expectFinding(runCheck(sgCallerEgress443, b), 'unknown')
    const c = healthy()
    c.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(sgCallerEgress443, c), 'unknown')
    const d = healthy()
    d.network.securityGroups[SG_CALLER] = {
      groupId: SG_CALLER,
      rules: denied('ec2:DescribeSecurityGroupRules'),
    }
    expectFinding(runCheck(sgCallerEgress443, d), 'unknown', { summary: [SG_CALLER] })
  })
  it("the endpoint's addresses unknown: unknown naming it", () => {
    const s = healthy()
    s.target.vpceId = VPCE
    for (const id of Object.keys(s.network.enis)) s.network.enis[id] = denied('ec2:DescribeNetworkInterfaces')
    for (const id of Object.keys(s.network.subnets))
      if (id !== SUBNET_CALLER) s.network.subnets[id] = denied('ec2:DescribeSubnets')
    const f = runCheck(sgCallerEgress443, s)
    expectFinding(f, 'unknown', { summary: [VPCE] })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
})
