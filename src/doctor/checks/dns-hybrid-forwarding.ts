import { shq, json } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { labelCount, nameInDomain } from '../hybrid-path.js'
import { valueOf, type HostedZoneFacts } from '../snapshot.js'

/**
 * Hop 2: for a caller outside the endpoint's VPC, what the resolver that answers it does with
 * the API's name. Route 53 Resolver takes the most specific match among the VPC's Resolver rules
 * and private hosted zones, and a rule wins over a zone for the same name ("If you have a private
 * hosted zone and a Resolver rule for the same domain name, the Resolver rule takes precedence");
 * a matching zone without the record answers NXDOMAIN. The endpoint's own private DNS serves
 * only its VPC: another VPC must forward the name (a FORWARD rule to the inbound endpoint) or
 * hold it in a zone of its own.
 */
export const dnsHybridForwarding: Check = {
  id: 'dns.hybrid-forwarding',
  hop: 2,
  title:
    "the resolver answering a caller outside the endpoint's VPC sends the API's name to the endpoint (Resolver rules, private hosted zones)",
  rows: [12],
  run(s, d) {
    const h = s.network.hybrid
    if (!h) return skipped("the caller is in the endpoint's VPC (or nothing outside it was read)")
    const name = h.resolvedName
    const vpc = h.resolvingVpcId
    const onPrem = h.callerKind === 'on-premises'
    const region = s.target.region
    if (h.resolverRules.status !== 'ok') return unknownFrom(`the Resolver rules of ${vpc}`, h.resolverRules)
    if (h.hostedZones.status !== 'ok') return unknownFrom(`the private hosted zones of ${vpc}`, h.hostedZones)
    const rules = h.resolverRules.value
    const unreadable = rules.filter(r => !r.ruleType)
    const matching = rules.filter(
      r => r.ruleType && /^(FORWARD|SYSTEM)$/i.test(r.ruleType) && nameInDomain(name, r.domainName),
    )
    const rule = mostSpecific(matching, r => r.domainName)
    const zones = h.hostedZones.value
    const customerZone = mostSpecific(
      zones.filter(z => !z.ownedByService),
      z => z.name,
    )
    const evidence = [
      ...matching.map(
        r =>
          `Resolver rule ${r.id}${r.name ? ` (${r.name})` : ''}: ${r.ruleType} ${r.domainName}${r.targetIps.length ? ` → ${r.targetIps.join(', ')}` : ''}`,
      ),
      ...zones.map(
        z =>
          `private hosted zone ${z.id} ${z.name}${z.ownedByService ? ` (owned by ${z.owner ?? 'an AWS service'})` : ''}${z.hasRecord.status === 'ok' ? (z.hasRecord.value ? `: has ${name}` : `: no record for ${name}`) : ''}`,
      ),
    ]
    // Stryker disable next-line ArrayDeclaration: a placeholder endpoint has no addresses either
    const inbound = valueOf(h.inboundEndpoints) ?? []
    const inboundIps = inbound.flatMap(e => valueOf(e.ips)?.map(x => x.ip) ?? [])

    // A rule at least as specific as the best zone decides (a rule beats a zone of the same name).
    if (rule && (!customerZone || labelCount(rule.domainName) >= labelCount(customerZone.name))) {
      // Stryker disable next-line Regex,StringLiteral: the rule passed the FORWARD|SYSTEM filter above, so it has a type and the anchors change nothing
      if (/^FORWARD$/i.test(rule.ruleType ?? '')) {
        if (onPrem)
          return fail(
            `Resolver rule ${rule.id} (FORWARD ${rule.domainName} → ${rule.targetIps.join(', ') || '?'}) is associated with ${vpc}: queries arriving at the inbound endpoint are forwarded away instead of being answered by ${valueOf(d.endpoint)?.id ?? 'the endpoint'}'s private DNS`,
            systemRuleFix(
              name,
              vpc,
              region,
              s.target.hostKind === 'private-dns' ? `execute-api.${region}.amazonaws.com` : name,
            ),
            evidence,
            rule.id,
          )
        const targets = rule.targetIps.map(t => t.split(':')[0]!)
        if (targets.length > 0 && targets.every(t => inboundIps.includes(t)))
          return pass(
            `${vpc} forwards ${rule.domainName} (rule ${rule.id}) to the Resolver inbound endpoint in ${h.endpointVpcId}`,
            evidence,
          )
        return warn(
          `${vpc} forwards ${rule.domainName} (rule ${rule.id}) to ${rule.targetIps.join(', ') || 'no target'}, ${inboundIps.length ? `not to the inbound endpoint of ${h.endpointVpcId} (${inboundIps.join(', ')})` : `and ${h.endpointVpcId} has no inbound endpoint pvapi could read`}: what those servers answer for ${name} cannot be seen from here`,
          inboundIps.length
            ? `aws route53resolver update-resolver-rule --resolver-rule-id ${rule.id} --config ${shq(json({ TargetIps: inboundIps.map(ip => ({ Ip: ip, Port: 53 })) }))} --region ${region}`
            : [
                `aws route53resolver update-resolver-rule --resolver-rule-id ${rule.id} --config ${shq(json({ TargetIps: [{ Ip: 'INBOUND_IP', Port: 53 }] }))} --region ${region}`,
                `# INBOUND_IP: an address of a Resolver inbound endpoint in ${h.endpointVpcId} (see dns.resolver-inbound)`,
              ].join('\n'),
          evidence,
          rule.id,
        )
      }
      // SYSTEM: the VPC's own resolver answers; zones and the endpoint's private DNS apply below.
    }
    if (unreadable.length > 0 && !rule)
      return unknown(
        `${unreadable.map(r => r.id).join(', ')} ${unreadable.length === 1 ? 'is' : 'are'} associated with ${vpc} but not readable here (shared from another account): ${unreadable.length === 1 ? 'its' : 'their'} domain may capture ${name}`,
        ["route53resolver:ListResolverRules in the rule owner's account"],
        evidence,
      )
    if (customerZone) return zoneOutcome(customerZone, name, vpc, evidence, valueOf(d.endpoint)?.dnsNames)
    // Nothing of the account's own answers: the endpoint's private DNS (its VPC) or public DNS.
    if (s.target.hostKind === 'vpce' || s.target.hostKind === 'alias')
      return pass(`${name} is public DNS: no rule or private zone of ${vpc} captures it`, evidence)
    // A private custom domain name lives only in a private hosted zone the consumer creates.
    if (s.target.hostKind === 'custom')
      return fail(
        `no private hosted zone for ${name} is associated with ${vpc}${onPrem ? ' (where the inbound endpoint resolves)' : " (the caller's VPC)"} and no Resolver rule forwards it: the name does not resolve there`,
        [
          `aws route53 associate-vpc-with-hosted-zone --hosted-zone-id HOSTED_ZONE_ID --vpc VPCRegion=${region},VPCId=${vpc}`,
          `# HOSTED_ZONE_ID: the private hosted zone that holds ${name} (aws route53 list-hosted-zones-by-name --dns-name ${name}); none yet: create it with ${vpc} and a CNAME to the endpoint's DNS name`,
        ].join('\n'),
        evidence,
        vpc,
      )
    if (onPrem)
      return pass(
        `no Resolver rule or private hosted zone of ${vpc} captures ${name}: the endpoint's private DNS answers it at the inbound endpoint`,
        evidence,
      )
    // Stryker disable next-line ArrayDeclaration: one placeholder subnet or none, the fix uses SUBNET_ID_1/2 alike
    const callerSubnets = valueOf(s.network.caller)?.subnetIds ?? []
    return fail(
      `${vpc} (the caller's VPC) has no Resolver rule or private hosted zone for ${name}: it resolves to API Gateway's public addresses, because ${valueOf(d.endpoint)?.id ?? 'the endpoint'}'s private DNS serves only ${h.endpointVpcId}`,
      forwardFix(
        `execute-api.${region}.amazonaws.com`,
        vpc,
        h.endpointVpcId,
        region,
        inboundIps,
        callerSubnets,
      ),
      evidence,
      vpc,
    )
  },
}

function mostSpecific<T>(xs: readonly T[], domain: (x: T) => string): T | undefined {
  return [...xs].sort((a, b) => labelCount(domain(b)) - labelCount(domain(a)))[0]
}

function zoneOutcome(
  z: HostedZoneFacts,
  name: string,
  vpc: string,
  evidence: string[],
  endpointNames: readonly string[] | undefined,
) {
  if (z.hasRecord.status !== 'ok') return unknownFrom(`the records of ${z.id} (${z.name})`, z.hasRecord)
  if (z.hasRecord.value)
    return pass(`private hosted zone ${z.id} (${z.name}) associated with ${vpc} answers ${name}`, evidence)
  const target =
    endpointNames?.find(n => /vpce-[0-9a-f]+-[a-z0-9]+\.execute-api\./.test(n)) ?? 'VPCE_DNS_NAME'
  const batch = {
    Changes: [
      {
        Action: 'UPSERT',
        ResourceRecordSet: { Name: name, Type: 'CNAME', TTL: 300, ResourceRecords: [{ Value: target }] },
      },
    ],
  }
  return fail(
    `private hosted zone ${z.id} (${z.name}) is associated with ${vpc} and has no record for ${name}: the resolver answers NXDOMAIN (a matching private zone hides the public and the endpoint's names)`,
    [
      `aws route53 change-resource-record-sets --hosted-zone-id ${z.id} --change-batch ${shq(json(batch))}`,
      ...(target === 'VPCE_DNS_NAME'
        ? [
            "# VPCE_DNS_NAME: the endpoint's regional DNS name (aws ec2 describe-vpc-endpoints --query 'VpcEndpoints[].DnsEntries[0].DnsName')",
          ]
        : []),
    ].join('\n'),
    evidence,
    z.id,
  )
}

/** A SYSTEM rule for the API's domain: the VPC's resolver answers it, whatever broader rule forwards. */
function systemRuleFix(_name: string, vpc: string, region: string, domain: string): string {
  return [
    `aws route53resolver create-resolver-rule --name pvapi-execute-api-local --creator-request-id pvapi-system-${vpc} --rule-type SYSTEM --domain-name ${domain} --region ${region}`,
    `aws route53resolver associate-resolver-rule --resolver-rule-id SYSTEM_RULE_ID --vpc-id ${vpc} --region ${region}`,
    '# SYSTEM_RULE_ID: the Id the create-resolver-rule command prints',
  ].join('\n')
}

/** An outbound endpoint in the caller's VPC and a FORWARD rule to the inbound endpoint of the endpoint's VPC. */
function forwardFix(
  domain: string,
  callerVpc: string,
  endpointVpc: string,
  region: string,
  inboundIps: readonly string[],
  callerSubnets: readonly string[],
): string {
  const subnets =
    callerSubnets.length >= 2
      ? callerSubnets.map(sn => `SubnetId=${sn}`).join(' ')
      : 'SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2'
  const targets = inboundIps.length ? inboundIps.map(ip => `Ip=${ip}`).join(' ') : 'Ip=INBOUND_IP'
  return [
    `# forward ${domain} from ${callerVpc} to the Resolver inbound endpoint in ${endpointVpc}: an outbound endpoint, a FORWARD rule, its association`,
    `aws route53resolver create-resolver-endpoint --name pvapi-outbound --creator-request-id pvapi-outbound-${callerVpc} --direction OUTBOUND --security-group-ids OUTBOUND_SG_ID --ip-addresses ${subnets} --region ${region}`,
    `aws route53resolver create-resolver-rule --name pvapi-execute-api --creator-request-id pvapi-forward-${callerVpc} --rule-type FORWARD --domain-name ${domain} --resolver-endpoint-id OUTBOUND_ENDPOINT_ID --target-ips ${targets} --region ${region}`,
    `aws route53resolver associate-resolver-rule --resolver-rule-id FORWARD_RULE_ID --vpc-id ${callerVpc} --region ${region}`,
    `# OUTBOUND_SG_ID: a security group of ${callerVpc} allowing TCP and UDP 53 out to ${endpointVpc}`,
    '# OUTBOUND_ENDPOINT_ID: the Id the create-resolver-endpoint command prints',
    '# FORWARD_RULE_ID: the Id the create-resolver-rule command prints',
    ...(callerSubnets.length >= 2
      ? []
      : [
          `# SUBNET_ID_1: a subnet of ${callerVpc} (aws ec2 describe-subnets)`,
          `# SUBNET_ID_2: another subnet of ${callerVpc}, in another zone`,
        ]),
    ...(inboundIps.length
      ? []
      : [
          `# INBOUND_IP: an address of a Resolver inbound endpoint in ${endpointVpc} (create one first: see dns.resolver-inbound)`,
        ]),
  ].join('\n')
}
