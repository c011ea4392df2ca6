/**
 * dns.resolver-inbound, one test per branch: the name on-premises DNS must forward, the inbound
 * endpoint (its id, status and addresses) and the subnets and ranges the create command names.
 */
import { describe, expect, it } from 'vitest'
import { dnsResolverInbound } from '../../../src/doctor/checks/dns-resolver-inbound.js'
import type { DoctorSnapshot, HybridFacts } from '../../../src/doctor/snapshot.js'
import {
  DOMAIN,
  REGION,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPC,
  VPCE,
  denied,
  healthy,
  healthyAlias,
  healthyCustomDomain,
  healthyVpceName,
  ok,
  val,
  type Draft,
} from '../builders.js'
import {
  INBOUND,
  INBOUND_IPS,
  ONPREM_CIDR,
  healthyOnPrem,
  healthyOtherVpcTgw,
} from '../scenario-defs-hybrid.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const EXECUTE_API = `execute-api.${REGION}.amazonaws.com`
const hy = (s: Draft<DoctorSnapshot>) => s.network.hybrid as Draft<HybridFacts>
const inbound = (s: Draft<DoctorSnapshot>) => val(hy(s).inboundEndpoints)[0]!

describe('dns.resolver-inbound, the facts of each branch', () => {
  it('--caller-cidr given but nothing outside was read: unknown naming how the endpoint was sought', () => {
    const s = healthyOnPrem()
    delete s.network.hybrid
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'unknown', { summary: ['could not be identified', 'resolves to its ENIs'] })
    expect(f.missing).toEqual(['--vpce <id>', "--from-vpc naming the endpoint's VPC"])
  })

  it('a caller in the VPC, or in another VPC: skipped', () => {
    expectFinding(runCheck(dnsResolverInbound, healthy()), 'skipped')
    const s = healthy()
    s.network.caller = denied('ec2:DescribeInstances') as never
    expectFinding(runCheck(dnsResolverInbound, s), 'skipped')
    expectFinding(runCheck(dnsResolverInbound, healthyOtherVpcTgw()), 'skipped', {
      summary: ['not an on-premises'],
    })
  })

  it('public names (endpoint-specific, alias): skipped naming the name', () => {
    for (const base of [healthyVpceName, healthyAlias]) {
      const s = healthyOnPrem(base)
      const f = runCheck(dnsResolverInbound, s)
      expectFinding(f, 'skipped', { summary: [s.target.connectHost, 'public DNS'] })
    }
  })

  it('the inbound endpoints unreadable: unknown naming the VPC and the action', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = denied('route53resolver:ListResolverEndpoints') as never
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'unknown', { summary: [VPC] })
    expect(f.missing).toEqual(['route53resolver:ListResolverEndpoints'])
  })

  it('an operational endpoint: pass naming the private DNS domain, both addresses and the VPC; evidence per endpoint', () => {
    const f = runCheck(dnsResolverInbound, healthyOnPrem())
    expectFinding(f, 'pass', {
      summary: [`forward ${EXECUTE_API} `, `${INBOUND_IPS[0]}, ${INBOUND_IPS[1]}`, VPC],
      evidence: [`${INBOUND} (onprem-inbound): OPERATIONAL, ${INBOUND_IPS[0]}, ${INBOUND_IPS[1]}`],
    })
  })

  it('a custom domain: the domain itself is what to forward', () => {
    const f = runCheck(dnsResolverInbound, healthyOnPrem(healthyCustomDomain))
    expectFinding(f, 'pass', { summary: [`forward ${DOMAIN} `] })
    expect(f.summary).not.toContain(EXECUTE_API)
  })

  it('no status and no name recorded: counted as operational; the evidence says status unknown', () => {
    const s = healthyOnPrem()
    const e = inbound(s) as { status?: string; name?: string }
    delete e.status
    delete e.name
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'pass', { evidence: [`${INBOUND}: status unknown, ${INBOUND_IPS[0]}`] })
  })

  it('a lower-case status is read as such', () => {
    const s = healthyOnPrem()
    inbound(s).status = 'operational'
    expectFinding(runCheck(dnsResolverInbound, s), 'pass')
  })

  it('an operational endpoint with no address listed: unknown naming it', () => {
    const s = healthyOnPrem()
    inbound(s).ips = ok([]) as never
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'unknown', { summary: [INBOUND, 'no address listed'] })
    expect(evidenceText(f)).toBe('')
  })

  it("an operational endpoint whose addresses were not read: unknown with the read's action", () => {
    const s = healthyOnPrem()
    inbound(s).ips = denied('route53resolver:ListResolverEndpointIpAddresses') as never
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'unknown', { summary: [INBOUND] })
    expect(f.missing).toEqual(['route53resolver:ListResolverEndpointIpAddresses'])
  })

  it('no inbound endpoint: fail naming the VPC; the fix creates one in the endpoint subnets, open to the range', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = ok([]) as never
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'fail', {
      summary: [VPC, 'no Route 53 Resolver inbound endpoint', EXECUTE_API],
      resource: VPC,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(
      `aws route53resolver create-resolver-endpoint --name pvapi-inbound --creator-request-id pvapi-inbound-${VPC} --direction INBOUND --security-group-ids RESOLVER_SG_ID --ip-addresses SubnetId=${SUBNET_EP_A} SubnetId=${SUBNET_EP_B} --region ${REGION}`,
    )
    expect(lines[1]).toContain(
      `# RESOLVER_SG_ID: a security group of ${VPC} allowing TCP and UDP 53 in from ${ONPREM_CIDR} `,
    )
    expect(lines[2]).toMatch(new RegExp(`^# then forward ${EXECUTE_API.replace(/\./g, '\\.')} `))
    expect(lines).toHaveLength(3)
  })

  it('an endpoint not operational: fail naming it and its status; it is the resource', () => {
    const s = healthyOnPrem()
    inbound(s).status = 'ACTION_NEEDED'
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'fail', {
      summary: [INBOUND, VPC, 'ACTION_NEEDED', 'not OPERATIONAL'],
      evidence: [`${INBOUND} (onprem-inbound): ACTION_NEEDED, ${INBOUND_IPS[0]}`],
      resource: INBOUND,
    })
  })

  it('one endpoint subnet known (or the endpoint unknown): placeholders SUBNET_ID_1/2, each explained', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = ok([]) as never
    val(s.network.endpoints)[0]!.subnetIds = [SUBNET_EP_A]
    const lines = runCheck(dnsResolverInbound, s).fix!.split('\n')
    expect(lines[0]).toContain('--ip-addresses SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2 ')
    expect(lines[0]).not.toContain(SUBNET_EP_A)
    expect(lines[2]).toBe(`# SUBNET_ID_1: a subnet of ${VPC} (aws ec2 describe-subnets)`)
    expect(lines[3]).toBe(`# SUBNET_ID_2: another subnet of ${VPC}, in another zone`)
    expect(lines).toHaveLength(5)
  })

  it('an endpoint not operational whose addresses were not read: the evidence says so', () => {
    const s = healthyOnPrem()
    inbound(s).status = 'CREATING'
    inbound(s).ips = denied('route53resolver:ListResolverEndpointIpAddresses') as never
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'fail', { evidence: [`${INBOUND} (onprem-inbound): CREATING, addresses not read`] })
  })

  it('the endpoint unknown: the create command uses SUBNET_ID_1/2', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = ok([]) as never
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'fail', { fix: ['--ip-addresses SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2 '] })
  })

  it('several on-premises ranges are all named; none known, or the caller unread: the DNS servers', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = ok([]) as never
    ;(val(s.network.caller) as { onPremises?: { cidrs: string[] } }).onPremises = {
      cidrs: [ONPREM_CIDR, '172.16.0.0/12'],
    }
    expectFinding(runCheck(dnsResolverInbound, s), 'fail', {
      fix: [`in from ${ONPREM_CIDR}, 172.16.0.0/12 (`],
    })
    delete (val(s.network.caller) as { onPremises?: unknown }).onPremises
    expectFinding(runCheck(dnsResolverInbound, s), 'fail', { fix: ['in from the on-premises DNS servers ('] })
    s.network.caller = denied('ec2:DescribeInstances') as never
    expectFinding(runCheck(dnsResolverInbound, s), 'fail', { fix: ['in from the on-premises DNS servers ('] })
  })

  it('no on-premises range recorded: the SG line says "the on-premises DNS servers"', () => {
    const s = healthyOnPrem()
    hy(s).inboundEndpoints = ok([]) as never
    ;(val(s.network.caller) as { onPremises?: { cidrs: string[] } }).onPremises = { cidrs: [] }
    const f = runCheck(dnsResolverInbound, s)
    expectFinding(f, 'fail', { fix: ['in from the on-premises DNS servers (aws ec2 create-security-group)'] })
    expect(f.fix).not.toContain(VPCE)
  })
})
