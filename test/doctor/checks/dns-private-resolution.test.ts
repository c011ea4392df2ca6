/**
 * dns.private-resolution: the connect host must resolve to the caller endpoint's ENI addresses.
 * Each branch names the host, the addresses and the endpoint a user would act on.
 */
import { describe, expect, it } from 'vitest'
import { dnsPrivateResolution, isPrivateIpv4 } from '../../../src/doctor/checks/dns-private-resolution.js'
import {
  ENI_A,
  ENI_B,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  SUBNET_EP_A,
  VPC,
  VPCE,
  VPCE_OTHER,
  API,
  denied,
  healthy,
  healthyAlias,
  healthyCustomDomain,
  healthyVpceName,
  ok,
  val,
  type Draft,
  setAnswer,
} from '../builders.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const answer = setAnswer
/** A laptop: the caller network was given by flags, not read on the instance. */
const fromLaptop = (s: Draft<DoctorSnapshot>) => {
  const c = val(s.network.caller) as { source: string }
  c.source = 'flags'
  return s
}
const ENI_OTHER = 'eni-00000000000000009'
const OTHER_IP = '10.0.2.99'
/** A second execute-api endpoint in the VPC, whose ENI answers OTHER_IP. */
const withOtherEndpoint = (s: Draft<DoctorSnapshot>) => {
  const eps = val(s.network.endpoints)
  eps.push({
    ...structuredClone(eps[0]!),
    id: VPCE_OTHER,
    privateDnsEnabled: false,
    networkInterfaceIds: [ENI_OTHER],
  })
  s.network.enis[ENI_OTHER] = ok({
    eniId: ENI_OTHER,
    subnetId: SUBNET_EP_A,
    availabilityZone: `${REGION}a`,
    privateIps: [OTHER_IP],
  })
  return s
}

describe('dns.private-resolution', () => {
  it('resolves to the endpoint ENIs: pass naming the endpoint, with both addresses as evidence', () => {
    const f = runCheck(dnsPrivateResolution, healthy())
    expectFinding(f, 'pass', { summary: [HOST, VPCE], evidence: [ENI_A_IP, ENI_B_IP, `${VPCE} ENIs`] })
  })
  it("the URL names an endpoint, the name resolves to another endpoint's private IPs: warn naming both (aws:SourceVpce will differ)", () => {
    const s = withOtherEndpoint(answer(healthyAlias(), [OTHER_IP]))
    const host = s.target.connectHost
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'warn', {
      summary: [host, VPCE_OTHER, VPCE, 'aws:SourceVpce'],
      fix: [VPCE_OTHER],
      resource: host,
    })
    expect(evidenceText(f)).toContain(OTHER_IP)
  })
  it('a private DNS name resolving to a second endpoint of the VPC: that endpoint is the one reached, and named', () => {
    const f = runCheck(dnsPrivateResolution, withOtherEndpoint(answer(healthy(), [OTHER_IP])))
    expectFinding(f, 'pass', { summary: [VPCE_OTHER] })
  })
  it('resolves to private IPs of no known endpoint: fail naming the foreign and expected addresses', () => {
    const f = runCheck(dnsPrivateResolution, answer(healthy(), ['10.0.9.9', ENI_A_IP]))
    expectFinding(f, 'fail', {
      summary: [HOST, '10.0.9.9', VPCE, ENI_A_IP, ENI_B_IP],
      fix: [VPCE],
      resource: HOST,
    })
    // Only the foreign address is called foreign.
    expect(f.summary.split('which are not')[0]).not.toContain(ENI_A_IP)
  })
  it('an endpoint whose ENIs do not hold the foreign address is not blamed', () => {
    const s = withOtherEndpoint(answer(healthy(), ['10.0.9.9']))
    const f = runCheck(dnsPrivateResolution, s)
    expect(f.status).toBe('fail')
    expect(f.summary).not.toContain(VPCE_OTHER)
  })
  it('public addresses on the calling instance: fail naming them; private DNS is on, so the fix looks at the resolver', () => {
    const f = runCheck(dnsPrivateResolution, answer(healthy(), ['3.210.12.34', ENI_A_IP]))
    expectFinding(f, 'fail', {
      summary: ['3.210.12.34'],
      fix: [VPCE, 'describe-vpcs', REGION],
      resource: HOST,
    })
    expect(f.fix).not.toContain('--private-dns-enabled')
    expect(f.summary).not.toContain(ENI_A_IP)
  })
  it('an address of an ENI that could not be read is not called foreign: unknown, naming that ENI', () => {
    const s = answer(healthy(), [ENI_A_IP, ENI_B_IP])
    s.network.enis[ENI_B] = denied('ec2:DescribeNetworkInterfaces')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: [ENI_B, ENI_B_IP] })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
  it('public addresses seen from a laptop say nothing about the VPC: unknown, pointing at --from-imds / --dns-server', () => {
    const f = runCheck(dnsPrivateResolution, fromLaptop(answer(healthy(), ['3.210.12.34'])))
    expectFinding(f, 'unknown', { summary: [HOST] })
    expect(f.missing!.join(' ')).toContain('--from-imds')
    expect(f.missing!.join(' ')).toContain('--dns-server')
  })
  it('from a laptop but through --dns-server: the answer counts', () => {
    const f = runCheck(
      dnsPrivateResolution,
      fromLaptop(answer(healthy(), ['3.210.12.34'], 'answer', '10.0.0.2')),
    )
    expectFinding(f, 'fail', { evidence: ['10.0.0.2'] })
  })
  it('IPv6 addresses are not called public', () => {
    const f = runCheck(dnsPrivateResolution, answer(healthy(), [ENI_A_IP, 'fd00::1']))
    expect(f.status).toBe('fail')
    expect(f.summary).toContain('fd00::1')
    expect(f.summary).not.toContain('public')
  })
  it('NXDOMAIN on the instance: fail with the result upper-cased', () => {
    const f = runCheck(dnsPrivateResolution, answer(healthy(), [], 'nxdomain'))
    expectFinding(f, 'fail', {
      summary: [HOST, 'NXDOMAIN'],
      evidence: ['nxdomain'],
      fix: [VPCE],
      resource: HOST,
    })
  })
  it('an empty answer counts as not resolving', () => {
    const f = runCheck(dnsPrivateResolution, answer(healthy(), [], 'answer'))
    expectFinding(f, 'fail', { summary: ['ANSWER'] })
  })
  it('NODATA from a laptop: unknown', () => {
    const f = runCheck(dnsPrivateResolution, fromLaptop(answer(healthy(), [], 'nodata')))
    expectFinding(f, 'unknown', { summary: ['NODATA'] })
  })
  it('the alias and endpoint names are public: a laptop answer counts', () => {
    const alias = fromLaptop(healthyAlias())
    const f = runCheck(dnsPrivateResolution, answer(alias, [], 'nxdomain'))
    // For an alias, the fix associates the endpoint with the API.
    expectFinding(f, 'fail', { fix: [API, VPCE, 'vpcEndpointIds'] })
    const v = runCheck(dnsPrivateResolution, answer(fromLaptop(healthyVpceName()), [], 'nxdomain'))
    expectFinding(v, 'fail', { fix: [VPCE, 'DnsEntries'] })
  })
  it('a custom domain that does not resolve: the fix names the domain and the endpoint regional name', () => {
    const s = answer(healthyCustomDomain(), [], 'nxdomain')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', {
      fix: [s.target.connectHost, `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`],
    })
  })
  it('a custom domain, endpoint without a regional name: the fix says so', () => {
    const s = answer(healthyCustomDomain(), [], 'nxdomain')
    val(s.network.endpoints)[0]!.dnsNames = []
    expectFinding(runCheck(dnsPrivateResolution, s), 'fail', { fix: ["endpoint's regional DNS name"] })
  })
  it('private DNS name with no endpoint identified: the fix still says to enable private DNS', () => {
    const s = answer(healthy(), ['3.210.12.34'])
    s.network.endpoints = ok([])
    const f = runCheck(dnsPrivateResolution, s)
    expect(f.status).toBe('fail')
    expect(f.fix).toMatch(/private DNS/i)
  })
  it('the host was not resolved at all: unknown, asking for a resolver', () => {
    const s = healthy()
    s.dns.answers = {}
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: [HOST] })
    expect(f.missing!.join(' ')).toContain('--dns-server')
  })
  it('the resolution failed: unknown, naming the host', () => {
    const s = healthy()
    s.dns.answers[HOST] = { status: 'error', message: 'timeout' }
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: [HOST, 'timeout'] })
    expect(f.missing).toContain('--dns-server ip[:port]')
  })
  it("the endpoint's ENIs unreadable: unknown, naming the addresses and ec2:DescribeNetworkInterfaces", () => {
    const s = healthy()
    s.target.vpceId = VPCE
    s.network.enis[ENI_A] = denied('ec2:DescribeNetworkInterfaces')
    s.network.enis[ENI_B] = denied('ec2:DescribeNetworkInterfaces')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: [ENI_A_IP] })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
  it('isPrivateIpv4: the RFC 1918 and CGNAT ranges, and nothing else', () => {
    for (const ip of [
      '10.1.2.3',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '100.127.255.255',
    ])
      expect(isPrivateIpv4(ip), ip).toBe(true)
    for (const ip of ['172.32.0.1', '11.0.0.1', '192.169.0.1', '100.128.0.1', '3.210.12.34', 'not-an-ip'])
      expect(isPrivateIpv4(ip), ip).toBe(false)
  })
  void VPC
})
