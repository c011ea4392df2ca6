/**
 * dns.dhcp-resolvers: which servers count as the Amazon resolver (VPC base +2 in any CIDR, the
 * link-local address), and the exact evidence and fix lines that name the VPC and option set.
 */
import { describe, expect, it } from 'vitest'
import { dnsDhcpResolvers } from '../../../src/doctor/checks/dns-dhcp-resolvers.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { DOPT, type Draft, REGION, VPC, healthy, healthyVpceName, ok, val } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const vpc = (s: Draft<DoctorSnapshot>) =>
  val(s.network.vpcs[VPC]) as { cidrBlocks: string[]; dhcpDomainNameServers: unknown }
const withServers = (servers: string[], cidrs?: string[]) => {
  const s = healthy()
  vpc(s).dhcpDomainNameServers = ok(servers)
  if (cidrs) vpc(s).cidrBlocks = cidrs
  ;(val(s.network.caller) as { source: string }).source = 'flags'
  return s
}
const amazonLines = [
  `aws ec2 create-dhcp-options --dhcp-configurations Key=domain-name-servers,Values=AmazonProvidedDNS --region ${REGION}`,
  `aws ec2 associate-dhcp-options --dhcp-options-id DHCP_OPTIONS_ID --vpc-id ${VPC} --region ${REGION}`,
  '# DHCP_OPTIONS_ID: the DhcpOptionsId (dopt-xxxxxxxx) create-dhcp-options prints; instances use it when they renew their DHCP lease',
]

describe('dns.dhcp-resolvers, the facts of each branch', () => {
  it.each([
    ['169.254.169.253', ['10.0.0.0/16']],
    ['172.31.128.2', ['10.0.0.0/16', '172.31.128.0/20']],
    ['10.1.2.130', ['10.1.2.128/25']],
  ])('%s is the Amazon resolver for %j: pass', (server, cidrs) => {
    expectFinding(runCheck(dnsDhcpResolvers, withServers([server], cidrs)), 'pass', {
      summary: ['Amazon-provided'],
    })
  })
  it.each([
    ['10.0.0.3', ['10.0.0.0/16']],
    ['10.1.2.2', ['10.1.2.128/25']],
    ['172.31.0.2', ['10.0.0.0/16']],
  ])('%s is not the Amazon resolver for %j: a custom server', (server, cidrs) => {
    const f = runCheck(dnsDhcpResolvers, withServers([server], cidrs))
    expectFinding(f, 'warn', { summary: [`custom DNS servers (${server})`] })
  })
  it('the evidence is the VPC, the option set and its servers', () => {
    const f = runCheck(dnsDhcpResolvers, healthy())
    expect(f.evidence.map(e => e.text)).toEqual([
      `${VPC} DHCP options ${DOPT}: domain-name-servers AmazonProvidedDNS`,
    ])
  })
  it('no servers: "(none)" in the evidence; the fix is exactly the Amazon option set for that VPC', () => {
    const f = runCheck(dnsDhcpResolvers, withServers([]))
    expectFinding(f, 'fail', {
      summary: [`${VPC}'s DHCP options ${DOPT} set no domain-name-servers`],
      resource: DOPT,
    })
    expect(f.evidence.map(e => e.text)).toEqual([`${VPC} DHCP options ${DOPT}: domain-name-servers (none)`])
    expect(f.fix!.split('\n')).toEqual([
      '# give the VPC an option set with the Amazon resolver:',
      ...amazonLines,
    ])
  })
  it('custom servers, name unresolved: the fix forwards the zone from those servers, then the Amazon option set', () => {
    const f = runCheck(dnsDhcpResolvers, withServers(['10.0.0.53', '10.0.0.54']))
    expectFinding(f, 'warn', { resource: DOPT })
    expect(f.fix!.split('\n')).toEqual([
      `# either forward execute-api.${REGION}.amazonaws.com from 10.0.0.53, 10.0.0.54 to the VPC resolver (VPC base +2) or a Route 53 Resolver inbound endpoint (a setting of those DNS servers),`,
      '# or call the endpoint-specific name with --api-id, or give the VPC the Amazon resolver:',
      ...amazonLines,
    ])
  })
  it('custom servers and an endpoint-specific (vpce) name: pass, the name is public', () => {
    const s = healthyVpceName()
    vpc(s).dhcpDomainNameServers = ok(['10.0.0.53'])
    expectFinding(runCheck(dnsDhcpResolvers, s), 'pass', {
      summary: ['custom resolvers (10.0.0.53)', s.target.hostname],
    })
  })
  it('an on-premises caller: skipped, pointing at dns.resolver-inbound', () => {
    const s = healthy()
    ;(val(s.network.caller) as { onPremises?: boolean }).onPremises = true
    expectFinding(runCheck(dnsDhcpResolvers, s), 'skipped', { summary: ['dns.resolver-inbound'] })
  })
})
