/**
 * Hop 2 checks other than dns.private-resolution: VPC DNS attributes, DHCP resolvers, the
 * caller's VPC, private DNS on the endpoint, the alias association, and private DNS capturing
 * public APIs. Each finding names the VPC, endpoint or DHCP option set to change.
 */
import { describe, expect, it } from 'vitest'
import { dnsAliasAssociation } from '../../../src/doctor/checks/dns-alias-association.js'
import { dnsCallerVpc } from '../../../src/doctor/checks/dns-caller-vpc.js'
import { dnsDhcpResolvers } from '../../../src/doctor/checks/dns-dhcp-resolvers.js'
import { dnsPrivateDnsEnabled } from '../../../src/doctor/checks/dns-private-dns-enabled.js'
import { dnsPublicApiCapture } from '../../../src/doctor/checks/dns-public-api-capture.js'
import { dnsVpcAttributes } from '../../../src/doctor/checks/dns-vpc-attributes.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  DOMAIN,
  DOPT,
  ENI_A_IP,
  HOST,
  REGION,
  SG_ENDPOINT,
  VPC,
  VPC_OTHER,
  VPCE,
  VPCE_OTHER,
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
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const vpc = (s: Draft<DoctorSnapshot>) => val(s.network.vpcs[VPC])
const caller = (s: Draft<DoctorSnapshot>) => val(s.network.caller) as { vpcId?: string; source: string }
const noCaller = (s: Draft<DoctorSnapshot>) => {
  s.network.caller = { status: 'not-collected', reason: 'no flags' }
  return s
}
const answer = setAnswer

describe('dns.vpc-attributes', () => {
  it('both on: pass naming the VPC', () => {
    expectFinding(runCheck(dnsVpcAttributes, healthy()), 'pass', {
      summary: [VPC],
      evidence: ['enableDnsSupport=true', 'enableDnsHostnames=true'],
    })
  })
  it('DNS support off: fail; the fix enables it with the real VPC id', () => {
    const s = healthy()
    vpc(s).enableDnsSupport = ok(false)
    const f = runCheck(dnsVpcAttributes, s)
    expectFinding(f, 'fail', {
      summary: [VPC, 'enableDnsSupport'],
      fix: [`--vpc-id ${VPC}`, '--enable-dns-support', REGION],
      resource: VPC,
    })
    expect(f.fix).not.toContain('hostnames')
  })
  it('both off: both named, two commands', () => {
    const s = healthy()
    vpc(s).enableDnsSupport = ok(false)
    vpc(s).enableDnsHostnames = ok(false)
    const f = runCheck(dnsVpcAttributes, s)
    expectFinding(f, 'fail', {
      summary: ['enableDnsSupport and enableDnsHostnames'],
      fix: ['--enable-dns-support', '--enable-dns-hostnames'],
    })
    expect(f.fix!.split('\n')).toHaveLength(2)
  })
  it('hostnames off does not matter for the public alias or endpoint names', () => {
    for (const s of [healthyAlias(), healthyVpceName()]) {
      vpc(s).enableDnsHostnames = ok(false)
      expectFinding(runCheck(dnsVpcAttributes, s), 'pass', { summary: ['public'] })
    }
    const s = healthyAlias()
    vpc(s).enableDnsSupport = ok(false)
    expectFinding(runCheck(dnsVpcAttributes, s), 'fail', { summary: ['resolver does not answer'] })
  })
  it('hostnames off matters for a custom domain', () => {
    const s = healthyCustomDomain()
    vpc(s).enableDnsHostnames = ok(false)
    expectFinding(runCheck(dnsVpcAttributes, s), 'fail', { summary: ['private hosted zones'] })
  })
  it('an attribute unreadable: unknown naming it and ec2:DescribeVpcAttribute', () => {
    const s = healthy()
    vpc(s).enableDnsHostnames = denied('ec2:DescribeVpcAttribute')
    const f = runCheck(dnsVpcAttributes, s)
    expectFinding(f, 'unknown', { summary: ['enableDnsHostnames', VPC], evidence: ['enableDnsHostnames=?'] })
    expect(f.missing).toContain('ec2:DescribeVpcAttribute')
    const t = healthy()
    vpc(t).enableDnsSupport = denied('ec2:DescribeVpcAttribute')
    expectFinding(runCheck(dnsVpcAttributes, t), 'unknown', {
      summary: ['enableDnsSupport'],
      evidence: ['enableDnsSupport=?'],
    })
  })
  it('an unreadable hostnames attribute is irrelevant for the alias', () => {
    const s = healthyAlias()
    vpc(s).enableDnsHostnames = denied('ec2:DescribeVpcAttribute')
    expect(runCheck(dnsVpcAttributes, s).status).toBe('pass')
  })
  it('VPC unknown, not read, unreadable: unknown', () => {
    const s = noCaller(healthy())
    s.network.endpoints = ok([])
    expectFinding(runCheck(dnsVpcAttributes, s), 'unknown')
    const t = healthy()
    delete t.network.vpcs[VPC]
    expect(runCheck(dnsVpcAttributes, t).missing).toContain('ec2:DescribeVpcs')
    const u = healthy()
    u.network.vpcs[VPC] = denied('ec2:DescribeVpcs')
    expectFinding(runCheck(dnsVpcAttributes, u), 'unknown', { summary: [VPC] })
  })
  it("without the caller's VPC, the endpoint's VPC is used", () => {
    expectFinding(runCheck(dnsVpcAttributes, noCaller(healthy())), 'pass', { summary: [VPC] })
  })
})

describe('dns.dhcp-resolvers', () => {
  it('AmazonProvidedDNS: pass, evidence names the option set', () => {
    expectFinding(runCheck(dnsDhcpResolvers, healthy()), 'pass', { evidence: [DOPT, 'AmazonProvidedDNS'] })
  })
  it('the VPC resolver (base + 2) counts as Amazon', () => {
    const s = healthy()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.2'])
    expect(runCheck(dnsDhcpResolvers, s).status).toBe('pass')
  })
  it('custom servers that resolve the name to the endpoint (seen from the instance): pass', () => {
    const s = healthy()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    expectFinding(runCheck(dnsDhcpResolvers, s), 'pass', {
      summary: ['10.0.0.53', `execute-api.${REGION}.amazonaws.com`],
    })
  })
  it('custom servers, the name resolves elsewhere: fail naming servers, zone, option set', () => {
    const s = answer(healthy(), ['3.210.12.34'])
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53', 'AmazonProvidedDNS'])
    const f = runCheck(dnsDhcpResolvers, s)
    expectFinding(f, 'fail', {
      summary: ['10.0.0.53'],
      fix: ['10.0.0.53', `execute-api.${REGION}.amazonaws.com`, 'VPC base +2'],
      resource: DOPT,
      evidence: ['3.210.12.34'],
    })
    expect(f.summary).not.toContain('AmazonProvidedDNS')
  })
  it('custom servers and NXDOMAIN: the evidence shows the result', () => {
    const s = answer(healthy(), [], 'nxdomain')
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    expectFinding(runCheck(dnsDhcpResolvers, s), 'fail', { evidence: ['nxdomain'] })
  })
  it('custom servers and an answer that only partly is the endpoint: fail', () => {
    const s = answer(healthy(), [ENI_A_IP, '10.9.9.9'])
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    expect(runCheck(dnsDhcpResolvers, s).status).toBe('fail')
  })
  it('custom servers, a custom domain: the zone is the domain', () => {
    const s = healthyCustomDomain()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    ;(val(s.network.caller) as { source: string }).source = 'flags'
    expectFinding(runCheck(dnsDhcpResolvers, s), 'warn', { summary: [DOMAIN], fix: [DOMAIN] })
  })
  it('custom servers and a public name (alias): pass', () => {
    const s = healthyAlias()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    expectFinding(runCheck(dnsDhcpResolvers, s), 'pass', { summary: ['10.0.0.53', s.target.hostname] })
  })
  it('a VPC without CIDRs: the fix says AmazonProvidedDNS; no option set id: the resource is the VPC', () => {
    const s = healthy()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    vpc(s).cidrBlocks = []
    delete (vpc(s) as { dhcpOptionsId?: string }).dhcpOptionsId
    caller(s).source = 'flags'
    const f = runCheck(dnsDhcpResolvers, s)
    expectFinding(f, 'warn', { fix: ['AmazonProvidedDNS'], resource: VPC, evidence: ['DHCP options ?'] })
  })
  it('no servers at all: fail (instances get no resolver); the fix associates AmazonProvidedDNS', () => {
    const s = healthy()
    vpc(s).dhcpDomainNameServers = ok([])
    expectFinding(runCheck(dnsDhcpResolvers, s), 'fail', {
      summary: ['domain-name-servers'],
      fix: ['AmazonProvidedDNS', `--vpc-id ${VPC}`],
    })
  })
  it('unknowns: caller VPC, VPC not read, VPC unreadable, servers unreadable', () => {
    expectFinding(runCheck(dnsDhcpResolvers, noCaller(healthy())), 'unknown')
    const t = healthy()
    delete t.network.vpcs[VPC]
    expect(runCheck(dnsDhcpResolvers, t).missing).toContain('ec2:DescribeVpcs')
    const u = healthy()
    u.network.vpcs[VPC] = denied('ec2:DescribeVpcs')
    expectFinding(runCheck(dnsDhcpResolvers, u), 'unknown', { summary: [VPC] })
    const w = healthy()
    vpc(w).dhcpDomainNameServers = denied('ec2:DescribeDhcpOptions')
    const f = runCheck(dnsDhcpResolvers, w)
    expectFinding(f, 'unknown', { summary: [DOPT] })
    expect(f.missing).toContain('ec2:DescribeDhcpOptions')
  })
})

describe('dns.caller-vpc', () => {
  it('same VPC: pass naming the endpoint and the VPC, and how the endpoint was found', () => {
    const f = runCheck(dnsCallerVpc, healthy())
    expectFinding(f, 'pass', {
      summary: [VPCE, VPC],
      evidence: [`caller in ${VPC}`, `${VPCE} in ${VPC}`, 'resolves to its ENIs'],
    })
  })
  it('private DNS URL from another VPC: fail naming both VPCs; the fix forwards or uses --vpce', () => {
    const s = healthy()
    caller(s).vpcId = VPC_OTHER
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'fail', {
      summary: [VPC_OTHER, VPCE, VPC, HOST],
      fix: [VPC_OTHER, VPC, `--vpce ${VPCE}`, `execute-api.${REGION}.amazonaws.com`],
      resource: VPCE,
    })
  })
  it('through --vpce from another VPC: warn (needs a route), naming the endpoint groups', () => {
    const s = healthy()
    caller(s).vpcId = VPC_OTHER
    s.target.connectHost = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
    s.target.vpceId = VPCE
    const f = runCheck(dnsCallerVpc, s)
    expectFinding(f, 'warn', {
      summary: [VPC_OTHER, VPCE, VPC],
      fix: [VPC_OTHER, VPC, SG_ENDPOINT],
      resource: VPCE,
    })
  })
  it('no endpoint identified, none in the region: skipped', () => {
    const s = healthy()
    s.network.endpoints = ok([])
    expect(runCheck(dnsCallerVpc, s).status).toBe('skipped')
  })
  it('no endpoint identified, one in the caller VPC among several: skipped (not this check)', () => {
    const s = answer(healthy(), ['3.1.1.1'])
    const eps = val(s.network.endpoints)
    eps.push({ ...structuredClone(eps[0]!), id: VPCE_OTHER })
    caller(s).vpcId = 'vpc-00000000000000009'
    eps[1]!.vpcId = 'vpc-00000000000000009'
    eps[0]!.vpcId = 'vpc-00000000000000009'
    // Ambiguous (two endpoints, none private-DNS-identified in the caller VPC)? The caller VPC has them: not a caller-vpc failure.
    expect(['skipped', 'pass']).toContain(runCheck(dnsCallerVpc, s).status)
  })
  it("the caller's VPC unknown: unknown", () => {
    const f = runCheck(dnsCallerVpc, noCaller(healthy()))
    expectFinding(f, 'unknown')
    expect(f.missing!.join(' ')).toContain('--vpc')
  })
})

describe('dns.private-dns-enabled', () => {
  it('on: pass naming the endpoint and the VPC', () => {
    expectFinding(runCheck(dnsPrivateDnsEnabled, healthy()), 'pass', {
      summary: [VPCE, VPC],
      evidence: [`${VPCE} in ${VPC}: PrivateDnsEnabled=true`],
    })
  })
  it('off: fail; the fix enables it on that endpoint, or calls through it with --vpce', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    const f = runCheck(dnsPrivateDnsEnabled, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, HOST],
      fix: [`--vpc-endpoint-id ${VPCE}`, '--private-dns-enabled', REGION, `--vpce ${VPCE}`, s.target.url],
      resource: VPCE,
    })
  })
  it('only the caller VPC endpoints count', () => {
    const s = healthy()
    const eps = val(s.network.endpoints)
    eps[0]!.privateDnsEnabled = false
    eps.push({ ...structuredClone(eps[0]!), id: VPCE_OTHER, vpcId: VPC_OTHER, privateDnsEnabled: true })
    expectFinding(runCheck(dnsPrivateDnsEnabled, s), 'fail', { summary: [VPCE] })
  })
  it('no caller VPC known: any endpoint in the region counts; the pass then names no VPC', () => {
    const s = noCaller(healthy())
    s.network.endpoints = ok([{ ...structuredClone(val(healthy().network.endpoints)[0]!), vpcId: VPC_OTHER }])
    const f = runCheck(dnsPrivateDnsEnabled, s)
    expectFinding(f, 'pass', { summary: [VPCE] })
  })
  it('no endpoint in the caller VPC: skipped, naming the VPC', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.vpcId = VPC_OTHER
    expectFinding(runCheck(dnsPrivateDnsEnabled, s), 'skipped', { summary: [VPC] })
  })
  it('other URL forms, or --vpce: skipped (saying which)', () => {
    expectFinding(runCheck(dnsPrivateDnsEnabled, healthyAlias()), 'skipped', { summary: ['alias'] })
    const s = healthy()
    s.target.connectHost = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
    expectFinding(runCheck(dnsPrivateDnsEnabled, s), 'skipped', { summary: ['--vpce'] })
    expect(runCheck(dnsPrivateDnsEnabled, healthyAlias()).summary).not.toContain('--vpce')
  })
  it('endpoints unreadable: unknown', () => {
    const s = healthy()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    expect(runCheck(dnsPrivateDnsEnabled, s).missing).toContain('ec2:DescribeVpcEndpoints')
  })
})

describe('dns.alias-association', () => {
  it('associated: pass naming both ids', () => {
    expectFinding(runCheck(dnsAliasAssociation, healthyAlias()), 'pass', {
      summary: [VPCE, API],
      evidence: [VPCE],
    })
  })
  it('not associated: fail; the fix adds that endpoint to that API', () => {
    const s = healthyAlias()
    val(s.api.restApi).vpcEndpointIds = [VPCE_OTHER]
    const f = runCheck(dnsAliasAssociation, s)
    expectFinding(f, 'fail', {
      summary: [VPCE, API, s.target.hostname],
      fix: [`--rest-api-id ${API}`, `"value":"${VPCE}"`, REGION],
      resource: API,
      evidence: [VPCE_OTHER],
    })
  })
  it('API unreadable: the alias resolving proves the association; NXDOMAIN disproves it; no answer: unknown', () => {
    const s = healthyAlias()
    s.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(dnsAliasAssociation, s), 'pass', { summary: [VPCE] })
    s.dns.answers = {}
    const f = runCheck(dnsAliasAssociation, s)
    expectFinding(f, 'unknown', { summary: [VPCE, API] })
    expect(f.missing!.join(' ')).toContain('apigateway:GET')
    answer(s, [], 'nodata')
    expect(runCheck(dnsAliasAssociation, s).status).toBe('unknown')
  })
  it('other URL forms: skipped', () =>
    expect(runCheck(dnsAliasAssociation, healthy()).status).toBe('skipped'))
})

describe('dns.public-api-capture', () => {
  it('private API: pass, with the capture note naming the endpoint', () => {
    const f = runCheck(dnsPublicApiCapture, healthy())
    expectFinding(f, 'pass', { summary: [API], evidence: [VPCE, VPC] })
  })
  it('a REGIONAL API behind private DNS: fail naming API, type, endpoint, VPC', () => {
    const s = healthy()
    val(s.api.restApi).endpointTypes = ['REGIONAL']
    const f = runCheck(dnsPublicApiCapture, s)
    expectFinding(f, 'fail', {
      summary: [API, 'REGIONAL', VPCE, VPC],
      fix: [VPCE, '--no-private-dns-enabled'],
      resource: VPCE,
    })
    val(s.api.restApi).endpointTypes = []
    expectFinding(runCheck(dnsPublicApiCapture, s), 'fail', { summary: ['not PRIVATE'] })
  })
  it('no endpoint with private DNS: pass naming the VPC; only the caller VPC counts', () => {
    const s = healthy()
    val(s.network.endpoints)[0]!.privateDnsEnabled = false
    expectFinding(runCheck(dnsPublicApiCapture, s), 'pass', { summary: [VPC] })
    const t = healthy()
    val(t.network.endpoints)[0]!.vpcId = VPC_OTHER
    val(t.api.restApi).endpointTypes = ['REGIONAL']
    expect(runCheck(dnsPublicApiCapture, t).status).toBe('pass')
  })
  it('no VPC known: any capturing endpoint counts; none: "the region"', () => {
    const s = noCaller(healthy())
    s.network.endpoints = ok([])
    expectFinding(runCheck(dnsPublicApiCapture, s), 'pass', { summary: ['the region'] })
  })
  it('API unreadable: unknown naming the API', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(dnsPublicApiCapture, s)
    expectFinding(f, 'unknown', { summary: [API] })
  })
  it('other URL forms: skipped', () =>
    expect(runCheck(dnsPublicApiCapture, healthyAlias()).status).toBe('skipped'))
})
void evidenceText
