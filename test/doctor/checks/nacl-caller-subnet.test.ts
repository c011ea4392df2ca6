/**
 * nacl.caller-subnet, branch by branch: callers it does not apply to, each endpoint address judged
 * once, the failing problem named before a warning one, and the IPv6 fallback of a dual-stack
 * caller (its own subnet's ACL only: the endpoint side is nacl.endpoint-subnet's).
 */
import { describe, expect, it } from 'vitest'
import { naclCallerSubnet as check } from '../../../src/doctor/checks/nacl-caller-subnet.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  ENI_A_IP,
  ENI_B_IP,
  NACL_STRICT,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  denied,
  healthy,
  naclEntry,
  ok,
  setNacl,
  val,
  type Draft,
} from '../builders.js'
import { dualStack } from '../scenario-defs-ipv6.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const V4_ALL_IN = naclEntry(100, false, 'allow')
const V4_ALL_OUT = naclEntry(100, true, 'allow')
const v6 = (ruleNumber: number, egress: boolean, action: 'allow' | 'deny', ports?: [number, number]) => ({
  ruleNumber,
  egress,
  protocol: ports ? '6' : '-1',
  action,
  ipv6CidrBlock: '::/0',
  ...(ports ? { fromPort: ports[0], toPort: ports[1] } : {}),
})

describe('nacl.caller-subnet: when it does not apply', () => {
  it('the caller network unreadable: unknown (not a crash)', () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances')
    expectFinding(runCheck(check, s), 'unknown', { summary: ["could not check the caller subnet's NACL"] })
  })
  it('the caller in the subnet of the endpoint ENIs: pass, ACLs do not apply within a subnet', () => {
    const s = healthy()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = [SUBNET_EP_A]
    val(s.network.endpoints)[0]!.networkInterfaceIds = ['eni-00000000000000001']
    setNacl(s, [SUBNET_EP_A], [])
    expectFinding(runCheck(check, s), 'pass', { summary: ['share a subnet'] })
  })
})

describe('nacl.caller-subnet: each path judged', () => {
  it('443 out allowed to one ENI only: fail naming the other ENI', () => {
    const s = setNacl(
      healthy(),
      [SUBNET_CALLER],
      [V4_ALL_IN, naclEntry(100, true, 'allow', [443, 443], `${ENI_A_IP}/32`)],
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: [NACL_STRICT, 'outbound', ENI_B_IP], resource: NACL_STRICT })
    expect(f.summary).toMatch(/^the caller subnet's network ACL drops/)
  })
  it('the caller listed twice in one subnet: each evidence line once', () => {
    const s = healthy()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = [SUBNET_CALLER, SUBNET_CALLER]
    const lines = runCheck(check, s).evidence.map(e => e.text)
    expect(lines.length).toBeGreaterThan(0)
    expect(new Set(lines).size).toBe(lines.length)
  })
  it('a warning on one path and a failure on the other: the failure is named, the fix has one command a line', () => {
    // Return traffic only from 32768 (a warning for a Linux caller); 443 out only to ENI A.
    const s = setNacl(
      healthy(),
      [SUBNET_CALLER],
      [
        naclEntry(100, false, 'allow', [32768, 65535]),
        naclEntry(100, true, 'allow', [443, 443], `${ENI_A_IP}/32`),
      ],
    )
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: ['drops the connection', 'outbound', ENI_B_IP] })
    expect(f.fix!.split('\n').filter(l => l.startsWith('aws ec2 ')).length).toBeGreaterThan(1)
  })
})

describe('nacl.caller-subnet: a dual-stack caller', () => {
  const callerNacl = (s: Snap, entries: readonly object[]) => {
    s.network.nacls[SUBNET_CALLER] = ok({ naclId: NACL_STRICT, isDefault: false, entries }) as never
    return s
  }
  it('the evidence says which family was judged', () => {
    const f = runCheck(check, dualStack())
    expectFinding(f, 'pass')
    expect(evidenceText(f)).toMatch(/IPv6/)
  })
  it('IPv6 dropped, IPv4 open in its own subnet: warn, even when the endpoint side drops IPv4', () => {
    const s = callerNacl(dualStack(), [V4_ALL_IN, V4_ALL_OUT])
    for (const sn of [SUBNET_EP_A, SUBNET_EP_B])
      s.network.nacls[sn] = ok({
        naclId: 'acl-00000000000000003',
        isDefault: false,
        entries: [v6(100, false, 'allow'), v6(100, true, 'allow')],
      }) as never
    expectFinding(runCheck(check, s), 'warn', {
      summary: ['drops the IPv6 connection', 'IPv4 is allowed'],
      resource: NACL_STRICT,
    })
  })
  it('IPv6 return traffic only from 32768: the ephemeral warning, not the fallback one', () => {
    const s = callerNacl(dualStack(), [
      V4_ALL_IN,
      V4_ALL_OUT,
      v6(101, false, 'allow', [32768, 65535]),
      v6(101, true, 'allow'),
    ])
    const f = runCheck(check, s)
    expectFinding(f, 'warn', { summary: ['denies part of the ephemeral range'], resource: NACL_STRICT })
    expect(f.summary).not.toContain('IPv4 is allowed')
  })
})
