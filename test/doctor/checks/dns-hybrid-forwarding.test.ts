/**
 * dns.hybrid-forwarding, one test per branch: the Resolver rule or private hosted zone that
 * decides (its id, domain, targets), the VPC whose resolver answers, and the ids the fix names.
 */
import { describe, expect, it } from 'vitest'
import { dnsHybridForwarding } from '../../../src/doctor/checks/dns-hybrid-forwarding.js'
import type { DoctorSnapshot, HybridFacts } from '../../../src/doctor/snapshot.js'
import {
  A,
  DOMAIN,
  HOST,
  REGION,
  SUBNET_OTHER,
  VPC,
  VPCE,
  VPC_OTHER,
  denied,
  healthy,
  healthyAlias,
  healthyCustomDomain,
  healthyVpceName,
  ok,
  val,
  type Draft,
} from '../builders.js'
import { INBOUND_IPS, RULE, ZONE, healthyOnPrem, healthyOtherVpcTgw } from '../scenario-defs-hybrid.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const EXECUTE_API = `execute-api.${REGION}.amazonaws.com`
const RULE_2 = 'rslvr-rr-00000000000000002'
const ZONE_2 = 'Z00000000000000000002'
const VPCE_DNS = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
const hy = (s: Draft<DoctorSnapshot>) => s.network.hybrid as Draft<HybridFacts>

type Rule = { id: string; domainName: string; ruleType?: string; targetIps: string[]; name?: string }
type Zone = { id: string; name: string; owner?: string; ownedByService?: boolean; hasRecord: unknown }
const rules = (s: Draft<DoctorSnapshot>, ...r: Rule[]) => {
  hy(s).resolverRules = ok(r) as never
  return s
}
const zones = (s: Draft<DoctorSnapshot>, ...z: Zone[]) => {
  hy(s).hostedZones = ok(z) as never
  return s
}
const forwardAll = (targetIps = ['192.168.10.53']): Rule => ({
  id: RULE,
  name: 'everything-to-onprem',
  domainName: 'amazonaws.com',
  ruleType: 'FORWARD',
  targetIps,
})

describe('dns.hybrid-forwarding, the facts of each branch', () => {
  it("a caller in the endpoint's VPC: skipped", () => {
    expectFinding(runCheck(dnsHybridForwarding, healthy()), 'skipped')
  })

  it('the rules unreadable: unknown naming the VPC; the zones unreadable: likewise', () => {
    const s = healthyOtherVpcTgw()
    hy(s).resolverRules = denied('route53resolver:ListResolverRuleAssociations') as never
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'unknown', { summary: [`Resolver rules of ${VPC_OTHER}`] })
    expect(f.missing).toEqual(['route53resolver:ListResolverRuleAssociations'])
    const t = healthyOtherVpcTgw()
    hy(t).hostedZones = denied('route53:ListHostedZonesByVPC') as never
    const g = runCheck(dnsHybridForwarding, t)
    expectFinding(g, 'unknown', { summary: [`private hosted zones of ${VPC_OTHER}`] })
    expect(g.missing).toEqual(['route53:ListHostedZonesByVPC'])
  })

  it('another VPC forwarding to the inbound endpoint: pass naming the rule, the domain and the VPCs', () => {
    const f = runCheck(dnsHybridForwarding, healthyOtherVpcTgw())
    expectFinding(f, 'pass', {
      summary: [VPC_OTHER, EXECUTE_API, RULE, VPC],
      evidence: [
        `Resolver rule ${RULE} (execute-api-to-endpoint-vpc): FORWARD ${EXECUTE_API} → ${INBOUND_IPS.join(', ')}`,
      ],
    })
  })

  it('targets written with a port still match the inbound addresses; a lower-case type counts', () => {
    const s = rules(healthyOtherVpcTgw(), {
      id: RULE,
      domainName: EXECUTE_API,
      ruleType: 'forward',
      targetIps: INBOUND_IPS.map(ip => `${ip}:53`),
    })
    expectFinding(runCheck(dnsHybridForwarding, s), 'pass', { summary: [RULE] })
  })

  it('forwarding to only some of the inbound addresses plus another server: warn', () => {
    const s = rules(healthyOtherVpcTgw(), {
      id: RULE,
      domainName: EXECUTE_API,
      ruleType: 'FORWARD',
      targetIps: [INBOUND_IPS[0]!, '10.9.0.53'],
    })
    expectFinding(runCheck(dnsHybridForwarding, s), 'warn', { resource: RULE })
  })

  it('forwarding elsewhere: warn naming the rule, its targets and the inbound addresses; the fix retargets it', () => {
    const s = rules(healthyOtherVpcTgw(), {
      id: RULE,
      domainName: EXECUTE_API,
      ruleType: 'FORWARD',
      targetIps: ['10.9.0.53'],
    })
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'warn', {
      summary: [
        VPC_OTHER,
        RULE,
        '10.9.0.53',
        `not to the inbound endpoint of ${VPC} (${INBOUND_IPS.join(', ')})`,
        HOST,
      ],
      resource: RULE,
    })
    expect(f.fix).toBe(
      `aws route53resolver update-resolver-rule --resolver-rule-id ${RULE} --config '{"TargetIps":[{"Ip":"${INBOUND_IPS[0]}","Port":53},{"Ip":"${INBOUND_IPS[1]}","Port":53}]}' --region ${REGION}`,
    )
    expect(evidenceText(f)).toContain(`Resolver rule ${RULE}: FORWARD ${EXECUTE_API} → 10.9.0.53`)
  })

  it('a FORWARD rule without targets, and no inbound endpoint read: warn with the INBOUND_IP placeholder', () => {
    const s = rules(healthyOtherVpcTgw(), {
      id: RULE,
      domainName: EXECUTE_API,
      ruleType: 'FORWARD',
      targetIps: [],
    })
    hy(s).inboundEndpoints = denied('route53resolver:ListResolverEndpoints') as never
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'warn', { summary: ['to no target', `${VPC} has no inbound endpoint pvapi could read`] })
    expect(evidenceText(f)).toMatch(
      new RegExp(`^Resolver rule ${RULE}: FORWARD ${EXECUTE_API.replace(/\./g, '\\.')}$`, 'm'),
    )
    const lines = f.fix!.split('\n')
    expect(lines[0]).toContain(
      `--resolver-rule-id ${RULE} --config '{"TargetIps":[{"Ip":"INBOUND_IP","Port":53}]}' --region ${REGION}`,
    )
    expect(lines[1]).toMatch(
      new RegExp(`^# INBOUND_IP: an address of a Resolver inbound endpoint in ${VPC} `),
    )
  })

  it('on premises, a FORWARD rule capturing the name at the inbound endpoint: fail naming it; the fix adds a SYSTEM rule', () => {
    const f = runCheck(dnsHybridForwarding, rules(healthyOnPrem(), forwardAll()))
    expectFinding(f, 'fail', {
      summary: [RULE, 'FORWARD amazonaws.com → 192.168.10.53', VPC, VPCE],
      evidence: [`Resolver rule ${RULE} (everything-to-onprem): FORWARD amazonaws.com → 192.168.10.53`],
      resource: RULE,
    })
    expect(f.fix!.split('\n')).toEqual([
      `aws route53resolver create-resolver-rule --name pvapi-execute-api-local --creator-request-id pvapi-system-${VPC} --rule-type SYSTEM --domain-name ${EXECUTE_API} --region ${REGION}`,
      `aws route53resolver associate-resolver-rule --resolver-rule-id SYSTEM_RULE_ID --vpc-id ${VPC} --region ${REGION}`,
      '# SYSTEM_RULE_ID: the Id the create-resolver-rule command prints',
    ])
  })

  it('the inbound addresses unread: warn as if none were read; several targets are all named', () => {
    const s = rules(healthyOtherVpcTgw(), {
      id: RULE,
      domainName: EXECUTE_API,
      ruleType: 'FORWARD',
      targetIps: ['10.9.0.53', '10.9.1.53'],
    })
    val(hy(s).inboundEndpoints)[0]!.ips = denied('route53resolver:ListResolverEndpointIpAddresses') as never
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'warn', {
      summary: ['to 10.9.0.53, 10.9.1.53, ', `${VPC} has no inbound endpoint pvapi could read`],
      fix: ['"Ip":"INBOUND_IP"'],
    })
  })

  it('on premises, several FORWARD targets are all named', () => {
    const f = runCheck(
      dnsHybridForwarding,
      rules(healthyOnPrem(), forwardAll(['192.168.10.53', '192.168.11.53'])),
    )
    expectFinding(f, 'fail', { summary: ['→ 192.168.10.53, 192.168.11.53)'] })
  })

  it('rule types are matched whole (a longer type with FORWARD or SYSTEM in it is not one)', () => {
    const s = rules(healthyOnPrem(), { ...forwardAll(), ruleType: 'SYSTEM_FORWARD' })
    expectFinding(runCheck(dnsHybridForwarding, s), 'pass')
    // Beside an unreadable rule, it does not stand in as the rule that decides.
    rules(s, { id: RULE_2, domainName: '', targetIps: [] }, { ...forwardAll(), ruleType: 'SYSTEM_FORWARD' })
    expectFinding(runCheck(dnsHybridForwarding, s), 'unknown', { summary: [RULE_2] })
  })

  it('on premises, a FORWARD rule without targets and the endpoint unknown: "?" and "the endpoint"', () => {
    const s = rules(healthyOnPrem(), forwardAll([]))
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', { summary: ['→ ?)', "the endpoint's private DNS"] })
  })

  it('on premises calling a custom domain: the SYSTEM rule is for the domain itself', () => {
    const s = rules(healthyOnPrem(healthyCustomDomain), { ...forwardAll(), domainName: 'example.com' })
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', { fix: [`--rule-type SYSTEM --domain-name ${DOMAIN} `] })
    expect(f.fix).not.toContain(EXECUTE_API)
  })

  it('a more specific SYSTEM rule beats a broader FORWARD: the endpoint answers (pass)', () => {
    const s = rules(healthyOnPrem(), forwardAll(), {
      id: RULE_2,
      domainName: EXECUTE_API,
      ruleType: 'SYSTEM',
      targetIps: [],
    })
    expectFinding(runCheck(dnsHybridForwarding, s), 'pass', { summary: [VPC, HOST] })
  })

  it('a rule for another domain, or a RECURSIVE rule, does not capture the name', () => {
    const s = rules(
      healthyOnPrem(),
      { ...forwardAll(), domainName: 'corp.example.com' },
      { ...forwardAll(), id: RULE_2, ruleType: 'RECURSIVE' },
    )
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'pass')
    expect(evidenceText(f)).not.toContain('Resolver rule')
  })

  it('"." captures every name', () => {
    expectFinding(
      runCheck(dnsHybridForwarding, rules(healthyOnPrem(), { ...forwardAll(), domainName: '.' })),
      'fail',
    )
  })

  it('a rule shared from another account, unreadable: unknown naming it (is/its)', () => {
    const s = rules(healthyOnPrem(), { id: RULE, domainName: '', targetIps: [] })
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'unknown', {
      summary: [`${RULE} is associated with ${VPC}`, 'its domain may capture', HOST],
    })
    expect(f.missing).toEqual(["route53resolver:ListResolverRules in the rule owner's account"])
  })

  it('two unreadable rules: are/their', () => {
    const s = rules(
      healthyOnPrem(),
      { id: RULE, domainName: '', targetIps: [] },
      { id: RULE_2, domainName: '', targetIps: [] },
    )
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'unknown', { summary: [`${RULE}, ${RULE_2} are associated`, 'their domain'] })
  })

  it('an unreadable rule beside a readable one that decides: the readable one decides', () => {
    const s = rules(healthyOnPrem(), { id: RULE_2, domainName: '', targetIps: [] }, forwardAll())
    expectFinding(runCheck(dnsHybridForwarding, s), 'fail', { resource: RULE })
  })

  it('a zone without the record: fail naming the zone and VPC; the fix upserts a CNAME to the endpoint name', () => {
    const s = zones(healthyOnPrem(), { id: ZONE, name: EXECUTE_API, owner: A, hasRecord: ok(false) })
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', {
      summary: [ZONE, EXECUTE_API, VPC, HOST, 'NXDOMAIN'],
      evidence: [`private hosted zone ${ZONE} ${EXECUTE_API}: no record for ${HOST}`],
      resource: ZONE,
    })
    expect(f.fix).toBe(
      `aws route53 change-resource-record-sets --hosted-zone-id ${ZONE} --change-batch '{"Changes":[{"Action":"UPSERT","ResourceRecordSet":{"Name":"${HOST}","Type":"CNAME","TTL":300,"ResourceRecords":[{"Value":"${VPCE_DNS}"}]}}]}'`,
    )
  })

  it('a zone without the record, the endpoint names unknown: VPCE_DNS_NAME and how to find it', () => {
    const s = zones(healthyOnPrem(), { id: ZONE, name: EXECUTE_API, hasRecord: ok(false) })
    val(s.network.endpoints)[0]!.dnsNames = [EXECUTE_API, `*.${EXECUTE_API}`]
    const lines = runCheck(dnsHybridForwarding, s).fix!.split('\n')
    expect(lines[0]).toContain('"ResourceRecords":[{"Value":"VPCE_DNS_NAME"}]')
    expect(lines[1]).toMatch(/^# VPCE_DNS_NAME: /)
    expect(lines).toHaveLength(2)
  })

  it('a zone without the record and the endpoint unknown: VPCE_DNS_NAME', () => {
    const s = zones(healthyOnPrem(), { id: ZONE, name: EXECUTE_API, hasRecord: ok(false) })
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    expectFinding(runCheck(dnsHybridForwarding, s), 'fail', { fix: ['"Value":"VPCE_DNS_NAME"'] })
  })

  it("another VPC with nothing for the name and the caller's network unread: placeholders", () => {
    const s = rules(healthyOtherVpcTgw())
    s.network.caller = denied('ec2:DescribeInstances') as never
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', { fix: ['--ip-addresses SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2 '] })
  })

  it('a zone with the record: pass naming it; one whose records were not read: unknown naming it', () => {
    const s = zones(healthyOnPrem(), { id: ZONE, name: EXECUTE_API, owner: A, hasRecord: ok(true) })
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'pass', {
      summary: [ZONE, EXECUTE_API, VPC, HOST],
      evidence: [`private hosted zone ${ZONE} ${EXECUTE_API}: has ${HOST}`],
    })
    zones(s, { id: ZONE, name: EXECUTE_API, hasRecord: denied('route53:ListResourceRecordSets') })
    const g = runCheck(dnsHybridForwarding, s)
    expectFinding(g, 'unknown', { summary: [ZONE, EXECUTE_API] })
    expect(g.missing).toEqual(['route53:ListResourceRecordSets'])
    expect(evidenceText(g)).toBe('')
    // A zone whose records were not read (a service's) is listed without a record clause.
    zones(
      s,
      { id: ZONE_2, name: HOST, ownedByService: true, owner: 'vpce.amazonaws.com', hasRecord: denied('x') },
      { id: ZONE, name: EXECUTE_API, hasRecord: ok(true) },
    )
    const h = runCheck(dnsHybridForwarding, s)
    expectFinding(h, 'pass', { summary: [ZONE] })
    expect(evidenceText(h)).toMatch(/\(owned by vpce\.amazonaws\.com\)$/m)
  })

  it('a zone owned by a service is listed but does not decide; the most specific customer zone does', () => {
    const s = zones(
      healthyOnPrem(),
      { id: ZONE_2, name: HOST, ownedByService: true, owner: 'vpce.amazonaws.com', hasRecord: ok(false) },
      { id: 'Z3', name: 'amazonaws.com', hasRecord: ok(false) },
      { id: ZONE, name: EXECUTE_API, hasRecord: ok(true) },
    )
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'pass', {
      summary: [ZONE],
      evidence: [
        `private hosted zone ${ZONE_2} ${HOST} (owned by vpce.amazonaws.com): no record for ${HOST}`,
      ],
    })
    const t = zones(healthyOnPrem(), { id: ZONE_2, name: HOST, ownedByService: true, hasRecord: ok(false) })
    const g = runCheck(dnsHybridForwarding, t)
    expectFinding(g, 'pass', { evidence: [`${ZONE_2} ${HOST} (owned by an AWS service)`] })
  })

  it('a zone more specific than the FORWARD rule decides; an equally specific rule beats the zone', () => {
    const s = zones(rules(healthyOnPrem(), forwardAll()), {
      id: ZONE,
      name: EXECUTE_API,
      hasRecord: ok(true),
    })
    expectFinding(runCheck(dnsHybridForwarding, s), 'pass', { summary: [ZONE] })
    rules(s, { ...forwardAll(), domainName: EXECUTE_API })
    expectFinding(runCheck(dnsHybridForwarding, s), 'fail', { resource: RULE })
  })

  it('a SYSTEM rule as specific as a zone without the record: the zone still answers (NXDOMAIN)', () => {
    const s = zones(
      rules(healthyOnPrem(), { id: RULE_2, domainName: EXECUTE_API, ruleType: 'SYSTEM', targetIps: [] }),
      { id: ZONE, name: EXECUTE_API, hasRecord: ok(false) },
    )
    expectFinding(runCheck(dnsHybridForwarding, s), 'fail', { resource: ZONE })
  })

  it('public names with nothing capturing them: pass', () => {
    for (const base of [healthyVpceName, healthyAlias]) {
      const s = rules(healthyOtherVpcTgw())
      const t = base()
      s.target = t.target
      hy(s).resolvedName = t.target.connectHost
      const f = runCheck(dnsHybridForwarding, s)
      expectFinding(f, 'pass', { summary: [t.target.connectHost, 'public DNS', VPC_OTHER] })
    }
  })

  it('a custom domain with no zone: fail naming the VPC (on premises: where the inbound endpoint resolves)', () => {
    const f = runCheck(dnsHybridForwarding, healthyOnPrem(healthyCustomDomain))
    expectFinding(f, 'fail', {
      summary: [DOMAIN, VPC, 'where the inbound endpoint resolves'],
      resource: VPC,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(
      `aws route53 associate-vpc-with-hosted-zone --hosted-zone-id HOSTED_ZONE_ID --vpc VPCRegion=${REGION},VPCId=${VPC}`,
    )
    expect(lines[1]).toContain(`--dns-name ${DOMAIN})`)
  })

  it("a custom domain from another VPC with no zone: the caller's VPC is named", () => {
    const s = rules(healthyOtherVpcTgw())
    const d = healthyCustomDomain()
    s.target = d.target
    s.api.customDomain = d.api.customDomain
    hy(s).resolvedName = DOMAIN
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', { summary: [VPC_OTHER, "(the caller's VPC)"], resource: VPC_OTHER })
  })

  it("another VPC with nothing for the name: fail; the fix forwards it to the inbound endpoint's addresses", () => {
    const s = rules(healthyOtherVpcTgw())
    val(s.network.caller).subnetIds = [SUBNET_OTHER, 'subnet-00000000000000005']
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', {
      summary: [VPC_OTHER, HOST, VPCE, `serves only ${VPC}`],
      resource: VPC_OTHER,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(
      `# forward ${EXECUTE_API} from ${VPC_OTHER} to the Resolver inbound endpoint in ${VPC}: an outbound endpoint, a FORWARD rule, its association`,
    )
    expect(lines[1]).toContain(`--creator-request-id pvapi-outbound-${VPC_OTHER} `)
    expect(lines[1]).toContain(
      `--ip-addresses SubnetId=${SUBNET_OTHER} SubnetId=subnet-00000000000000005 --region ${REGION}`,
    )
    expect(lines[2]).toContain(
      `--creator-request-id pvapi-forward-${VPC_OTHER} --rule-type FORWARD --domain-name ${EXECUTE_API} `,
    )
    expect(lines[2]).toContain(`--target-ips Ip=${INBOUND_IPS[0]} Ip=${INBOUND_IPS[1]} --region ${REGION}`)
    expect(lines[3]).toBe(
      `aws route53resolver associate-resolver-rule --resolver-rule-id FORWARD_RULE_ID --vpc-id ${VPC_OTHER} --region ${REGION}`,
    )
    expect(lines[4]).toContain(
      `# OUTBOUND_SG_ID: a security group of ${VPC_OTHER} allowing TCP and UDP 53 out to ${VPC}`,
    )
    expect(lines).toHaveLength(7)
  })

  it('one caller subnet and no inbound endpoint: the fix uses placeholders and explains each', () => {
    const s = rules(healthyOtherVpcTgw())
    hy(s).inboundEndpoints = ok([]) as never
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    s.target.vpceId = undefined
    const f = runCheck(dnsHybridForwarding, s)
    expectFinding(f, 'fail', { summary: ["the endpoint's private DNS"] })
    const lines = f.fix!.split('\n')
    expect(lines[1]).toContain('--ip-addresses SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2 ')
    expect(lines[1]).not.toContain(SUBNET_OTHER)
    expect(lines[2]).toContain('--target-ips Ip=INBOUND_IP ')
    expect(lines.slice(7)).toEqual([
      `# SUBNET_ID_1: a subnet of ${VPC_OTHER} (aws ec2 describe-subnets)`,
      `# SUBNET_ID_2: another subnet of ${VPC_OTHER}, in another zone`,
      `# INBOUND_IP: an address of a Resolver inbound endpoint in ${VPC} (create one first: see dns.resolver-inbound)`,
    ])
  })
})
