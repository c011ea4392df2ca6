/**
 * dns.address-family, one test per branch: which records the name has, which families the caller
 * can send, and the endpoint (or Lambda function) the fix must change.
 */
import { describe, expect, it } from 'vitest'
import { dnsAddressFamily } from '../../../src/doctor/checks/dns-address-family.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  SUBNET_CALLER,
  VPCE,
  denied,
  healthy,
  healthyLambda,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { V6_CALLER_IP, V6_ENI_A, V6_ENI_B, dualStack } from '../scenario-defs-ipv6.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

/** The name answers AAAA records only (asked for both). */
const aaaaOnlyAnswer = (s: Draft<DoctorSnapshot>, server = 'system') => {
  s.dns.answers[HOST] = ok({
    hostname: HOST,
    server,
    result: 'answer',
    addresses: [V6_ENI_A, V6_ENI_B],
    asked: ['A', 'AAAA'],
  }) as never
  return s
}

/** A Lambda caller without Ipv6AllowedForDualStack, and an endpoint whose names have only AAAA records. */
const lambdaAaaaOnly = (ipAddressType: string) => {
  const s = dualStack(healthyLambda)
  const ep = val(s.network.endpoints)[0]!
  ep.ipAddressType = ipAddressType as never
  ep.dnsRecordIpType = 'ipv6'
  return aaaaOnlyAnswer(s)
}

/** An IPv6-only instance (IMDS) and an endpoint whose names have A records only. */
const ipv6OnlyCallerARecords = () => {
  const s = dualStack()
  val(s.network.caller).privateIps = [V6_CALLER_IP]
  val(s.network.subnets[SUBNET_CALLER]).ipv6Native = true
  const ep = val(s.network.endpoints)[0]!
  ep.ipAddressType = 'ipv4'
  ep.dnsRecordIpType = 'ipv4'
  s.dns.answers[HOST] = ok({
    hostname: HOST,
    server: 'system',
    result: 'answer',
    addresses: [ENI_A_IP, ENI_B_IP],
    asked: ['A', 'AAAA'],
  }) as never
  return s
}

describe('dns.address-family, the facts of each branch', () => {
  it('IPv4 as always: pass; the evidence names the endpoint, its types (not read) and its ENI addresses', () => {
    const f = runCheck(dnsAddressFamily, healthy())
    expectFinding(f, 'pass', { summary: ['the caller connects over IPv4'] })
    expect(f.evidence[0]).toMatchObject({
      text: `${VPCE}: IpAddressType (not read), DnsRecordIpType (not read); ENI IPv4 ${ENI_A_IP}, ${ENI_B_IP}, IPv6 none`,
      resource: VPCE,
    })
    expect(evidenceText(f)).toMatch(/^records: IpAddressType ipv4 of /m)
    expect(evidenceText(f)).toMatch(/^caller: the instance \(IMDS\) has IPv4 /m)
    expect(evidenceText(f)).not.toContain('API ')
    expect(f.evidence).toHaveLength(3)
  })

  it('the API and the ENIs unreadable: no API line, no ENI addresses', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET') as never
    s.network.enis = {}
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'pass')
    expect(f.evidence[0]!.text).toContain('; ENI IPv4 none, IPv6 none')
    expect(f.evidence).toHaveLength(3)
  })

  it('dual-stack: pass over IPv6; the evidence has both families of ENI addresses and the API type', () => {
    const f = runCheck(dnsAddressFamily, dualStack())
    expectFinding(f, 'pass', {
      summary: ['over IPv6'],
      evidence: [
        `${VPCE}: IpAddressType dualstack, DnsRecordIpType dualstack; ENI IPv4 ${ENI_A_IP}, ${ENI_B_IP}, IPv6 ${V6_ENI_A}, ${V6_ENI_B}`,
        `API ${API}: ipAddressType dualstack`,
      ],
    })
  })

  it('the endpoint and the answer unknown: unknown with what would reveal the records', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    s.dns.answers = {}
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'unknown', { summary: ['could not tell the address family'] })
    expect(f.missing).toEqual(['ec2:DescribeVpcEndpoints', '--dns-server'])
    expect(f.evidence.map(e => e.text)).toEqual([expect.stringMatching(/^caller: /)])
  })

  it("the caller's network unknown: unknown asking for it; the records are still evidence", () => {
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances') as never
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'unknown', { summary: ['could not tell the address family', 'network is unknown'] })
    expect(f.missing).toEqual(['--lambda, --from-imds or --caller-ip'])
    expect(f.evidence.map(e => e.text)).toEqual([
      expect.stringMatching(new RegExp(`^${VPCE}: `)),
      expect.stringMatching(/^records: /),
    ])
  })

  it('a Lambda without IPv6 and AAAA-only names: fail; the fix adds A records to the endpoint and names the function', () => {
    const f = runCheck(dnsAddressFamily, lambdaAaaaOnly('dualstack'))
    expectFinding(f, 'fail', { summary: [HOST, 'Ipv6AllowedForDualStack off'], resource: VPCE })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --dns-options DnsRecordIpType=dualstack --region ${REGION}`,
    )
    expect(lines[1]).toMatch(/^# or turn on Ipv6AllowedForDualStack in the VpcConfig of orders-worker /)
    expect(lines[1]).toContain(`its subnets ${SUBNET_CALLER} need IPv6 blocks`)
    expect(lines).toHaveLength(2)
  })

  it('a Lambda in two subnets: the prose names both', () => {
    const s = lambdaAaaaOnly('dualstack')
    val(s.network.caller).subnetIds = [SUBNET_CALLER, 'subnet-00000000000000009']
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'fail', {
      fix: [`its subnets ${SUBNET_CALLER}, subnet-00000000000000009 need IPv6 blocks`],
    })
  })

  it('an IPv6-only endpoint: the fix also makes it dual-stack', () => {
    const f = runCheck(dnsAddressFamily, lambdaAaaaOnly('ipv6'))
    expectFinding(f, 'fail', {
      fix: [
        `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack --region ${REGION}`,
      ],
    })
  })

  it('an IPv4-only instance and AAAA-only names: no Lambda line', () => {
    const s = aaaaOnlyAnswer(healthy())
    const ep = val(s.network.endpoints)[0]!
    ep.dnsRecordIpType = 'ipv6'
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'fail', { resource: VPCE })
    expect(f.fix).not.toContain('Ipv6AllowedForDualStack')
    expect(f.fix!.split('\n')).toHaveLength(1)
  })

  it('AAAA-only answer, the endpoint unknown: the fix lists the Region endpoints; the resource is the host', () => {
    const s = aaaaOnlyAnswer(healthy(), '10.0.0.2')
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'fail', {
      fix: [
        `aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com.amazonaws.${REGION}.execute-api --region ${REGION}`,
      ],
      resource: HOST,
    })
    expect(f.evidence.map(e => e.text)).toEqual([
      expect.stringMatching(/^records: the DNS answer /),
      expect.stringMatching(/^caller: /),
    ])
  })

  it('an IPv6-only caller and A-only names: fail; the fix makes the endpoint dual-stack', () => {
    const f = runCheck(dnsAddressFamily, ipv6OnlyCallerARecords())
    expectFinding(f, 'fail', { summary: [HOST], resource: VPCE })
    expect(f.fix!.split('\n')).toEqual([
      "# the endpoint's subnets need IPv6 blocks for a dual-stack endpoint:",
      `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --ip-address-type dualstack --dns-options DnsRecordIpType=dualstack --region ${REGION}`,
    ])
  })

  it('an IPv6-only caller and A-only names from an answer, the endpoint unknown: the fix lists the endpoints', () => {
    const s = ipv6OnlyCallerARecords()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'fail', { resource: HOST, fix: ['aws ec2 describe-vpc-endpoints '] })
    expect(f.fix).not.toContain('modify-vpc-endpoint')
  })

  it('AAAA-only names and a caller whose IPv6 is unknown: unknown asking for --caller-ip', () => {
    const s = dualStack()
    const net = val(s.network.caller)
    s.network.caller = ok({ ...net, source: 'flags', privateIps: [] }) as never
    val(s.network.endpoints)[0]!.dnsRecordIpType = 'ipv6'
    aaaaOnlyAnswer(s)
    const f = runCheck(dnsAddressFamily, s)
    expectFinding(f, 'unknown', { summary: ['which address family the caller uses'] })
    expect(f.missing).toEqual(["--caller-ip with the caller's IPv6 address"])
  })
})
