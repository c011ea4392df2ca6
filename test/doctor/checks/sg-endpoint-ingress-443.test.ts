/**
 * sg.endpoint-ingress-443, branch by branch: what is unknown and what would reveal it, a caller
 * known only by its security group (any address of its family), the separators and plurals of
 * the ids a user copies, the cross-VPC reference warning's replacement rule, and the IPv6 fallback.
 */
import { describe, expect, it } from 'vitest'
import { sgEndpointIngress443 as check } from '../../../src/doctor/checks/sg-endpoint-ingress-443.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  CALLER_IP,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  VPC,
  VPC_OTHER,
  VPCE,
  denied,
  healthy,
  setRules,
  val,
  type Draft,
  type RuleDraft,
} from '../builders.js'
import { dualStack, V6_CALLER_IP } from '../scenario-defs-ipv6.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const SG_SECOND = 'sg-00000000000000009'
const rule = (r: Partial<RuleDraft>): RuleDraft => ({ protocol: 'tcp', fromPort: 443, toPort: 443, ...r })
const caller = (s: Snap) =>
  val(s.network.caller) as {
    vpcId?: string
    privateIps: string[]
    securityGroupIds: string[]
    subnetIds: string[]
  }
/** The caller is known by its security group only (--caller-sg): no address, no subnet. */
const sgOnly = (s: Snap): Snap => {
  caller(s).privateIps = []
  caller(s).subnetIds = []
  return s
}
/** The caller is known by its subnet only (--subnet): no address, no security group. */
const subnetOnly = (s: Snap): Snap => {
  caller(s).privateIps = []
  caller(s).securityGroupIds = []
  return s
}

describe('sg.endpoint-ingress-443: what is unknown, and what would reveal it', () => {
  it('the endpoint unreadable: unknown naming the VPC endpoint', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expectFinding(runCheck(check, s), 'unknown', { summary: ['the VPC endpoint'] })
  })
  it('the endpoint lists no groups: unknown, DescribeVpcEndpoints would tell', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.securityGroupIds = []
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [VPCE, 'no security groups'] })
    expect(f.missing).toEqual(['ec2:DescribeVpcEndpoints'])
  })
  it("the caller's network unreadable: unknown naming it, with the flags that give it", () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ["the caller's network"] })
    expect(f.missing).toContain('--lambda, --from-imds or --caller-sg/--caller-ip')
  })
})

describe('sg.endpoint-ingress-443: a caller known only by its security group', () => {
  it('a rule open to 0.0.0.0/0 lets any IPv4 caller in: pass (it was a fail: "does not allow")', () => {
    const s = sgOnly(setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '0.0.0.0/0' })]))
    const f = runCheck(check, s)
    expectFinding(f, 'pass', { summary: [SG_ENDPOINT, 'allows', `${SG_CALLER}; address unknown`] })
    expect(f.summary).not.toContain('subnets')
    expect(evidenceText(f)).toContain('sgr-00000000000000001')
  })
  it('a narrower CIDR rule may or may not cover it: unknown naming the rule, asking for the address', () => {
    const s = sgOnly(setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.0.0/16' })]))
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [`${SG_ENDPOINT} sgr-00000000000000001 (10.0.0.0/16)`, '443'] })
    expect(f.missing).toEqual(['--caller-ip or --subnet'])
    expect(evidenceText(f)).toContain('sgr-00000000000000001')
  })
  it('two narrower CIDR rules: both named, comma-separated', () => {
    const s = sgOnly(
      setRules(healthy(), SG_ENDPOINT, [
        rule({ cidrIpv4: '10.0.0.0/16' }),
        rule({ cidrIpv4: '10.1.0.0/16' }),
      ]),
    )
    expectFinding(runCheck(check, s), 'unknown', {
      summary: [
        `${SG_ENDPOINT} sgr-00000000000000001 (10.0.0.0/16), ${SG_ENDPOINT} sgr-00000000000000002 (10.1.0.0/16)`,
      ],
    })
  })
  it('a reference to the caller group decides, whatever CIDR rules sit beside it: pass', () => {
    const s = sgOnly(
      setRules(healthy(), SG_ENDPOINT, [
        rule({ cidrIpv4: '10.0.0.0/16' }),
        rule({ referencedGroupId: SG_CALLER }),
      ]),
    )
    expectFinding(runCheck(check, s), 'pass', { summary: [`${SG_CALLER}; address unknown`] })
  })
  it('a CIDR rule on another port does not count: fail, the fix references the caller group', () => {
    const s = sgOnly(
      setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.0.0/16', fromPort: 80, toPort: 80 })]),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, SG_ENDPOINT, `${SG_CALLER}; address unknown`],
      fix: [`--group-id ${SG_ENDPOINT}`, `UserIdGroupPairs=[{GroupId=${SG_CALLER}`],
      resource: SG_ENDPOINT,
    })
  })
  it('an IPv6-only caller without a known block: only ::/0 lets it in, not 0.0.0.0/0', () => {
    const build = (r: RuleDraft) => {
      const s = sgOnly(dualStack())
      caller(s).subnetIds = [SUBNET_CALLER]
      const sn = val(s.network.subnets[SUBNET_CALLER]) as { ipv6Native?: boolean; ipv6CidrBlocks?: string[] }
      sn.ipv6Native = true
      delete sn.ipv6CidrBlocks
      return setRules(s, SG_ENDPOINT, [r])
    }
    expectFinding(runCheck(check, build(rule({ cidrIpv6: '::/0' }))), 'pass', { summary: ['over IPv6'] })
    expectFinding(runCheck(check, build(rule({ cidrIpv4: '0.0.0.0/0' }))), 'fail', { summary: ['over IPv6'] })
  })
  it('an IPv6-only caller without a known block, in another VPC, let in by reference: the IPv6 rule in the fix is a placeholder', () => {
    const s = sgOnly(dualStack())
    caller(s).subnetIds = [SUBNET_CALLER]
    caller(s).vpcId = VPC_OTHER
    const sn = val(s.network.subnets[SUBNET_CALLER]) as { ipv6Native?: boolean; ipv6CidrBlocks?: string[] }
    sn.ipv6Native = true
    delete sn.ipv6CidrBlocks
    expectFinding(runCheck(check, s), 'warn', { fix: ['Ipv6Ranges=[{CidrIpv6=CALLER_CIDR}]'] })
  })
  it('across VPCs by reference, address unknown: warn; the CIDR rule in the fix is a placeholder', () => {
    const s = sgOnly(healthy())
    caller(s).vpcId = VPC_OTHER
    const f = runCheck(check, s)
    expectFinding(f, 'warn', { summary: [VPC_OTHER, VPC], fix: ['IpRanges=[{CidrIp=CALLER_CIDR}]'] })
  })
})

describe('sg.endpoint-ingress-443: the ids a user copies', () => {
  it('two caller groups and two addresses, each list comma-separated', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.9.0.0/16' })])
    caller(s).securityGroupIds = [SG_CALLER, SG_SECOND]
    caller(s).privateIps = [CALLER_IP, '10.0.1.16']
    expectFinding(runCheck(check, s), 'fail', {
      summary: [`(${SG_CALLER}, ${SG_SECOND}; ${CALLER_IP}/32, 10.0.1.16/32)`],
    })
  })
  it('two addresses not covered: both named, comma-separated', () => {
    const s = subnetOnly(setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.1.0/28' })]))
    caller(s).privateIps = [CALLER_IP, '10.0.1.200', '10.0.1.201']
    expectFinding(runCheck(check, s), 'fail', {
      summary: ['only part', '(10.0.1.200/32, 10.0.1.201/32 not covered)'],
    })
  })
  it('let in by an exact address: pass from "the caller", not its subnets', () => {
    const s = setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.0.0/16' })])
    const f = runCheck(check, s)
    expectFinding(f, 'pass', { summary: [`443 in from the caller (${SG_CALLER}; ${CALLER_IP}/32)`] })
    expect(f.summary).not.toContain('subnets')
  })
  it("let in by its subnet's range: pass from the caller's subnets; one group allows, two allow", () => {
    const s = subnetOnly(setRules(healthy(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.0.0/16' })]))
    expectFinding(runCheck(check, s), 'pass', {
      summary: [`${SG_ENDPOINT} allows 443 in from the caller's subnets (no SG; 10.0.1.0/24)`],
    })
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, SG_SECOND]
    setRules(s, SG_SECOND, [])
    expectFinding(runCheck(check, s), 'pass', {
      summary: [`${SG_ENDPOINT}, ${SG_SECOND} allow 443 in from the caller's subnets`],
    })
  })
  it('an IPv6 caller without an SG: the fix allows its IPv6 address', () => {
    const s = dualStack()
    caller(s).privateIps = [V6_CALLER_IP]
    caller(s).securityGroupIds = []
    setRules(s, SG_ENDPOINT, [])
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      fix: [`Ipv6Ranges=[{CidrIpv6=${V6_CALLER_IP}/128`, `--group-id ${SG_ENDPOINT}`],
    })
  })
})

describe('sg.endpoint-ingress-443: security group references across VPCs', () => {
  const inOtherVpc = (s: Snap): Snap => {
    caller(s).vpcId = VPC_OTHER
    caller(s).privateIps = ['10.1.1.20', '10.1.1.21']
    return s
  }
  it('one address let in by CIDR, the other by the reference: still a warning, both groups named', () => {
    const s = inOtherVpc(healthy())
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, SG_SECOND]
    setRules(s, SG_ENDPOINT, [rule({ cidrIpv4: '10.1.1.20/32' }), rule({ referencedGroupId: SG_CALLER })])
    setRules(s, SG_SECOND, [])
    const f = runCheck(check, s)
    expectFinding(f, 'warn', {
      summary: [`${SG_ENDPOINT}, ${SG_SECOND} allow`, VPC_OTHER],
      resource: SG_ENDPOINT,
    })
    expect(f.fix).toContain('IpRanges=[{CidrIp=10.1.1.20/32}]')
  })
  it('an IPv6 caller in another VPC let in by reference: the fix allows its IPv6 address instead', () => {
    const s = dualStack()
    caller(s).vpcId = VPC_OTHER
    caller(s).privateIps = [V6_CALLER_IP]
    const f = runCheck(check, s)
    expectFinding(f, 'warn', { fix: [`Ipv6Ranges=[{CidrIpv6=${V6_CALLER_IP}/128}]`] })
    expect(f.fix).not.toContain('UserIdGroupPairs')
  })
})

describe('sg.endpoint-ingress-443: a dual-stack caller', () => {
  const twoGroups = (s: Snap): Snap => {
    val(s.network.endpoints)[0]!.securityGroupIds = [SG_ENDPOINT, SG_SECOND]
    return setRules(s, SG_SECOND, [])
  }
  it('neither family let in: fail, not the fallback warning; both groups named', () => {
    const s = twoGroups(setRules(dualStack(), SG_ENDPOINT, [rule({ cidrIpv4: '10.9.0.0/16' })]))
    expectFinding(runCheck(check, s), 'fail', {
      summary: [`security groups ${SG_ENDPOINT}, ${SG_SECOND} do not`, 'over IPv6', 'times out'],
      resource: SG_ENDPOINT,
    })
  })
  it('IPv4 let in by CIDR, IPv6 not: the fallback warning names the groups', () => {
    const s = twoGroups(setRules(dualStack(), SG_ENDPOINT, [rule({ cidrIpv4: '10.0.1.0/24' })]))
    caller(s).securityGroupIds = []
    const f = runCheck(check, s)
    expectFinding(f, 'warn', {
      summary: [VPCE, `security groups ${SG_ENDPOINT}, ${SG_SECOND} do not`, 'IPv4 is allowed'],
      resource: SG_ENDPOINT,
    })
    expect(f.fix).toContain(`CidrIpv6=${V6_CALLER_IP}/128`)
  })
})
