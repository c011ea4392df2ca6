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

/** The patch operations or the change batch a fix line carries (the JSON between single quotes). */
const jsonIn = (line: string) => JSON.parse(line.slice(line.indexOf("'") + 1, line.lastIndexOf("'")))
const PUBLIC = ['3.210.12.34', '52.1.2.3']

describe('dns.private-resolution: the fix for each name form', () => {
  it('private DNS, no endpoint identified: enable private DNS, the endpoints listed on the next line', () => {
    const s = answer(healthy(), PUBLIC)
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', { summary: ['403, or a timeout without NAT'] })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# enable private DNS on the caller VPC's execute-api endpoint/)
    expect(lines[1]).toMatch(
      /^aws ec2 describe-vpc-endpoints --filters Name=service-name,Values=com\.amazonaws\.us-east-1\.execute-api /,
    )
  })
  it('private DNS on, DNS support off in the VPC: the fix turns it on', () => {
    const s = answer(healthy(), [], 'nxdomain')
    ;(val(s.network.vpcs[VPC]) as { enableDnsSupport: unknown }).enableDnsSupport = ok(false)
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail')
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(`^# private DNS is on for ${VPCE}, but ${VPC} has enableDnsSupport off:`),
    )
    expect(lines[1]).toBe(
      `aws ec2 modify-vpc-attribute --vpc-id ${VPC} --enable-dns-support Value=true --region ${REGION}`,
    )
    expect(lines).toHaveLength(2)
  })
  it('both DNS attributes off: both named, one command each', () => {
    const s = answer(healthy(), [], 'nxdomain')
    const vpc = val(s.network.vpcs[VPC]) as { enableDnsSupport: unknown; enableDnsHostnames: unknown }
    vpc.enableDnsSupport = ok(false)
    vpc.enableDnsHostnames = ok(false)
    const lines = runCheck(dnsPrivateResolution, s).fix!.split('\n')
    expect(lines[0]).toContain('enableDnsSupport and enableDnsHostnames off')
    expect(lines.slice(1).map(l => l.split(' ')[5])).toEqual([
      '--enable-dns-support',
      '--enable-dns-hostnames',
    ])
  })
  it('private DNS on, the caller network unknown, asked of a named resolver: the DHCP options of the endpoint VPC', () => {
    const s = answer(healthy(), PUBLIC, 'answer', '10.0.0.2')
    s.network.caller = denied('ec2:DescribeInstances')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', { evidence: [`${HOST} → ${PUBLIC.join(', ')} via 10.0.0.2`] })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(`^# private DNS is already on for ${VPCE}: .*the DHCP options of ${VPC}:$`),
    )
    expect(lines[1]).toMatch(new RegExp(`^aws ec2 describe-vpcs --vpc-ids ${VPC} `))
  })
  it('the caller network unknown, the system resolver: says nothing about the caller (unknown, not a crash)', () => {
    const s = answer(healthy(), PUBLIC)
    s.network.caller = denied('ec2:DescribeInstances')
    expectFinding(runCheck(dnsPrivateResolution, s), 'unknown')
  })
  it('the alias does not resolve: the fix associates the endpoint with the API', () => {
    const s = healthyAlias()
    answer(s, [], 'nxdomain')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', { evidence: [`${s.target.connectHost}: nxdomain`] })
    expect(jsonIn(f.fix!)).toEqual([
      { op: 'add', path: '/endpointConfiguration/vpcEndpointIds', value: VPCE },
    ])
  })
  it('a custom domain, the endpoint unknown: an UPSERT of a CNAME to a placeholder, explained', () => {
    const s = healthyCustomDomain()
    answer(s, [], 'nxdomain')
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(dnsPrivateResolution, s)
    const lines = f.fix!.split('\n')
    expect(jsonIn(lines[0]!).Changes[0]).toMatchObject({
      Action: 'UPSERT',
      ResourceRecordSet: {
        Name: s.target.connectHost,
        Type: 'CNAME',
        ResourceRecords: [{ Value: 'VPCE_DNS_NAME' }],
      },
    })
    expect(lines[1]).toMatch(/^# HOSTED_ZONE_ID: /)
    expect(lines[2]).toMatch(/^# VPCE_DNS_NAME: /)
    expect(lines).toHaveLength(3)
  })
  it('a custom domain, the endpoint known: no placeholder line', () => {
    const s = healthyCustomDomain()
    answer(s, [], 'nxdomain')
    const lines = runCheck(dnsPrivateResolution, s).fix!.split('\n')
    expect(lines).toHaveLength(2)
  })
  it('an endpoint DNS name that does not resolve: check that name, on its own line', () => {
    const s = healthyVpceName()
    answer(s, [], 'nxdomain')
    const lines = runCheck(dnsPrivateResolution, s).fix!.split('\n')
    expect(lines).toEqual([
      '# check the endpoint DNS name:',
      `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${VPCE} --query 'VpcEndpoints[0].DnsEntries' --region ${REGION}`,
    ])
  })
})

describe('dns.private-resolution: which addresses are whose', () => {
  it('a failed lookup is not an answer, whatever addresses it carries', () => {
    const s = answer(healthy(), [ENI_A_IP], 'nodata')
    expectFinding(runCheck(dnsPrivateResolution, s), 'fail', { summary: ['(NODATA)'] })
  })
  it('a laptop that gets no answer: unknown, with the answer as evidence', () => {
    const s = fromLaptop(answer(healthy(), [], 'nxdomain'))
    expectFinding(runCheck(dnsPrivateResolution, s), 'unknown', { evidence: [`${HOST}: nxdomain`] })
  })
  it('an endpoint without network interfaces: unknown whether the addresses are its own, both named', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.networkInterfaceIds = []
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: [`whether ${ENI_A_IP}, ${ENI_B_IP} are`] })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
  it('ENIs that were never read: unknown naming each of them and each foreign address', () => {
    const s = answer(healthy(), [ENI_A_IP, '10.0.3.10', '10.0.3.11'])
    val(s.network.endpoints)[0]!.networkInterfaceIds = [ENI_A, ENI_B, 'eni-00000000000000003']
    delete s.network.enis[ENI_B]
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', {
      summary: [
        `whether 10.0.3.10, 10.0.3.11 belong to ${VPCE} (ENI ${ENI_B}, eni-00000000000000003 not read)`,
        `ENI ${ENI_B} was not read`,
      ],
    })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
  it('an ENI the reader was denied: unknown with the denial, not "was not read"', () => {
    const s = answer(healthy(), [ENI_A_IP, '10.0.3.10'])
    s.network.enis[ENI_B] = denied('ec2:DescribeNetworkInterfaces')
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: ['ec2:DescribeNetworkInterfaces was denied'] })
    expect(f.summary).not.toContain('was not read')
  })
  it('an ENI whose read failed without naming an action: the permission to read it is still asked for', () => {
    const s = answer(healthy(), [ENI_A_IP, '10.0.3.10'])
    s.network.enis[ENI_B] = { status: 'error', message: 'throttled' }
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'unknown', { summary: ['throttled'] })
    expect(f.missing).toContain('ec2:DescribeNetworkInterfaces')
  })
  it('another endpoint holds the address on one of its ENIs (one of two; one of its two IPs; one ENI unread): warn naming it', () => {
    const s = withOtherEndpoint(answer(healthyVpceName(), [OTHER_IP]))
    const other = val(s.network.endpoints)[1]!
    other.networkInterfaceIds = ['eni-00000000000000008', 'eni-00000000000000007', ENI_OTHER]
    s.network.enis['eni-00000000000000007'] = ok({
      eniId: 'eni-00000000000000007',
      subnetId: SUBNET_EP_A,
      availabilityZone: `${REGION}a`,
      privateIps: ['10.0.2.97'],
    })
    ;(val(s.network.enis[ENI_OTHER]) as { privateIps: string[] }).privateIps = ['10.0.2.98', OTHER_IP]
    expectFinding(runCheck(dnsPrivateResolution, s), 'warn', {
      summary: [`${VPCE_OTHER}'s ENIs, not ${VPCE}'s`],
    })
  })
  it('foreign IPv4 addresses: both named with the ENI addresses, nothing said of IPv6', () => {
    const s = answer(healthy(), ['10.0.9.9', '10.0.9.8'])
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', {
      summary: [`10.0.9.9, 10.0.9.8, which are not ${VPCE}'s ENI addresses (${ENI_A_IP}, ${ENI_B_IP})`],
    })
    expect(f.summary).not.toContain('IPv6')
    expect(f.summary).toMatch(/\)$/)
  })
  it('an AAAA answer that is not the endpoint: an IPv4-only endpoint (type not recorded) is said to have no IPv6 address', () => {
    const s = answer(healthy(), ['2600:1f18:ffff::1'])
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail', { summary: [`${VPCE} has no IPv6 address (IpAddressType ipv4)`] })
  })
  it("an AAAA answer that is not one of a dual-stack endpoint's IPv6 addresses: no such note", () => {
    const s = healthy()
    val(s.network.enis[ENI_A]).ipv6Addresses = ['2600:1f18:aaaa:bb02::10']
    answer(s, ['2600:1f18:ffff::1'])
    const f = runCheck(dnsPrivateResolution, s)
    expectFinding(f, 'fail')
    expect(f.summary).not.toContain('has no IPv6 address')
  })
})
