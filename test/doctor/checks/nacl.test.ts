/**
 * nacl.endpoint-subnet and nacl.caller-subnet: NACLs are stateless, so the request (TCP 443) and
 * the return traffic (the caller's ephemeral ports) must both be allowed. A deny inside the
 * range the caller really uses fails; a deny only in the part AWS recommends allowing warns.
 */
import { describe, expect, it } from 'vitest'
import { naclCallerSubnet } from '../../../src/doctor/checks/nacl-caller-subnet.js'
import { naclEndpointSubnet } from '../../../src/doctor/checks/nacl-endpoint-subnet.js'

import {
  CALLER_IP,
  ENI_A_IP,
  NACL_STRICT,
  REGION,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  denied,
  healthy,
  healthyLambda,
  ok,
  val,
  ALLOW_ALL_NACL,
  setNacl,
  returnOnly,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const allowAll = ALLOW_ALL_NACL
const EP_SUBNETS = [SUBNET_EP_A, SUBNET_EP_B]

describe('nacl.endpoint-subnet', () => {
  it('allow-all NACLs: pass, with the rule numbers as evidence', () => {
    const f = runCheck(naclEndpointSubnet, healthy())
    expectFinding(f, 'pass')
    expect(f.evidence.some(e => e.rule === '100')).toBe(true)
  })
  it('443 in denied: fail naming the NACL, the subnet, the port, the direction and the rule', () => {
    const s = setNacl(healthy(), EP_SUBNETS, [
      {
        ruleNumber: 90,
        egress: false,
        protocol: '6',
        action: 'deny',
        cidrBlock: '10.0.1.0/24',
        fromPort: 443,
        toPort: 443,
      },
      ...allowAll,
    ])
    const f = runCheck(naclEndpointSubnet, s)
    expect(f.fix).not.toContain('--egress')
    expectFinding(f, 'fail', {
      summary: [NACL_STRICT, SUBNET_EP_A, 'inbound', '443', `${CALLER_IP}/32`, 'rule 90', 'deny'],
      resource: NACL_STRICT,
      // Only what is denied is opened: the return traffic is allowed here, so no egress rule.
      fix: [NACL_STRICT, '--ingress', '--rule-number 89', 'From=443,To=443', `${CALLER_IP}/32`, REGION],
    })
  })
  it('return traffic allowed only from 32768 (a Linux caller uses 32768-60999): warn on 1024-32767, naming the NACL', () => {
    const s = setNacl(healthy(), EP_SUBNETS, returnOnly(true, 32768, 65535))
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'warn', {
      summary: [NACL_STRICT, 'outbound', '1024-32767', 'return traffic'],
      resource: NACL_STRICT,
      fix: [NACL_STRICT, 'From=1024,To=65535'],
    })
    expect(f.summary).not.toContain('drops')
  })
  it('the same NACL with a Lambda caller (1024-65535 needed): fail', () => {
    const s = setNacl(healthyLambda(), EP_SUBNETS, returnOnly(true, 32768, 65535))
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'fail', { summary: [NACL_STRICT, '1024-32767'], resource: NACL_STRICT })
  })
  it('return traffic denied inside 32768-60999: fail even for a Linux caller; the fail is named before a warn', () => {
    const s = setNacl(healthy(), EP_SUBNETS, [...returnOnly(true, 32768, 40000)])
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'fail', { summary: ['40001-65535'], resource: NACL_STRICT })
  })
  it('caller and ENIs in one subnet: NACLs do not apply (pass)', () => {
    const s = healthy()
    const c = val(s.network.caller) as { subnetIds: string[] }
    c.subnetIds = [SUBNET_EP_A]
    val(s.network.endpoints)[0]!.subnetIds = [SUBNET_EP_A]
    val(s.network.endpoints)[0]!.networkInterfaceIds = ['eni-00000000000000001']
    s.dns.answers[s.target.connectHost] = ok({
      hostname: s.target.connectHost,
      server: 'system',
      result: 'answer',
      addresses: [ENI_A_IP],
    })
    setNacl(s, [SUBNET_EP_A], [])
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'pass', { summary: ['subnet'] })
    expect(runCheck(naclCallerSubnet, s).status).toBe('pass')
  })
  it("an endpoint subnet's NACL unreadable: unknown naming the subnet and the permission", () => {
    const s = healthy()
    s.network.nacls[SUBNET_EP_B] = denied('ec2:DescribeNetworkAcls')
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'unknown', { summary: [SUBNET_EP_B] })
    expect(f.missing).toContain('ec2:DescribeNetworkAcls')
  })
  it("an endpoint subnet's NACL not read at all: unknown naming the subnet", () => {
    const s = healthy()
    delete s.network.nacls[SUBNET_EP_B]
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'unknown', { summary: [SUBNET_EP_B] })
    expect(f.missing).toContain('ec2:DescribeNetworkAcls')
  })
  it("the caller's network unknown: unknown, asking for the caller's subnet", () => {
    const s = healthy()
    s.network.caller = { status: 'not-collected', reason: 'no flags' }
    const f = runCheck(naclEndpointSubnet, s)
    expectFinding(f, 'unknown')
    expect(f.missing!.join(' ')).toMatch(/--subnet|--from-imds/)
  })
})

describe('nacl.caller-subnet', () => {
  it('allow-all: pass', () => expectFinding(runCheck(naclCallerSubnet, healthy()), 'pass'))
  it('443 out denied: fail naming the NACL, the caller subnet, outbound 443 and the ENI address', () => {
    const s = setNacl(
      healthy(),
      [SUBNET_CALLER],
      [
        {
          ruleNumber: 50,
          egress: true,
          protocol: '6',
          action: 'deny',
          cidrBlock: '0.0.0.0/0',
          fromPort: 443,
          toPort: 443,
        },
        ...allowAll,
      ],
    )
    const f = runCheck(naclCallerSubnet, s)
    expectFinding(f, 'fail', {
      summary: [NACL_STRICT, SUBNET_CALLER, 'outbound', '443', 'rule 50'],
      resource: NACL_STRICT,
      fix: [NACL_STRICT, '--egress', '--rule-number 49', 'From=443,To=443', `${ENI_A_IP}/32`],
    })
  })
  it('return traffic allowed only from 32768 for a Linux caller: warn, inbound 1024-32767', () => {
    const s = setNacl(healthy(), [SUBNET_CALLER], returnOnly(false, 32768, 65535))
    const f = runCheck(naclCallerSubnet, s)
    expectFinding(f, 'warn', {
      summary: [NACL_STRICT, 'inbound', '1024-32767'],
      resource: NACL_STRICT,
      fix: [NACL_STRICT],
    })
    expect(evidenceText(f)).toContain(SUBNET_CALLER)
  })
  it('the same for a Lambda caller: fail', () => {
    const s = setNacl(healthyLambda(), [SUBNET_CALLER], returnOnly(false, 32768, 65535))
    expectFinding(runCheck(naclCallerSubnet, s), 'fail', { summary: ['1024-32767'] })
  })
  it('the caller NACL unreadable: unknown naming the subnet', () => {
    const s = healthy()
    s.network.nacls[SUBNET_CALLER] = denied('ec2:DescribeNetworkAcls')
    expectFinding(runCheck(naclCallerSubnet, s), 'unknown', { summary: [SUBNET_CALLER] })
  })
  it('the caller subnet unknown: unknown', () => {
    const s = healthy()
    ;(val(s.network.caller) as { subnetIds: string[] }).subnetIds = []
    const f = runCheck(naclCallerSubnet, s)
    expectFinding(f, 'unknown')
    expect(f.missing!.join(' ')).toContain('--subnet')
  })
})
