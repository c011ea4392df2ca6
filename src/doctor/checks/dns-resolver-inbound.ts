import type { Derived } from '../derive.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/** An on-premises caller whose endpoint (and so its VPC) could not be identified. */
export function notReadForOnPrem(d: Derived) {
  return unknown(
    `the endpoint the on-premises caller reaches could not be identified (${d.endpointHow}), so its VPC's Resolver and routes were not read`,
    ['--vpce <id>', "--from-vpc naming the endpoint's VPC"],
  )
}

/**
 * Hop 2: an on-premises caller resolves the endpoint's private names only through a Route 53
 * Resolver INBOUND endpoint in the endpoint's VPC: its DNS servers forward the domain to the
 * inbound endpoint's addresses, and the VPC's resolver answers from the endpoint's private DNS.
 * Public names (the endpoint-specific `vpce-…` names and the `{api}-{vpce}` alias) need none.
 */
export const dnsResolverInbound: Check = {
  id: 'dns.resolver-inbound',
  hop: 2,
  title:
    "an on-premises caller has a Route 53 Resolver inbound endpoint in the endpoint's VPC to forward the API's name to",
  rows: [12],
  run(s, d) {
    const h = s.network.hybrid
    // --caller-cidr was given but nothing was read for it: say so, never pass over the flag.
    if (!h && valueOf(s.network.caller)?.onPremises) return notReadForOnPrem(d)
    if (!h || h.callerKind !== 'on-premises')
      return skipped('not an on-premises caller (--caller-cidr): its VPC resolver answers it')
    const kind = s.target.hostKind
    if (kind === 'vpce' || kind === 'alias')
      return skipped(
        `${h.resolvedName} is public DNS (it resolves to the endpoint's addresses from anywhere)`,
      )
    // What on-premises DNS servers must forward: the API's private DNS domain, or the custom domain.
    const domain = kind === 'custom' ? h.resolvedName : `execute-api.${s.target.region}.amazonaws.com`
    const c = h.inboundEndpoints
    if (c.status !== 'ok') return unknownFrom(`the Resolver inbound endpoints of ${h.endpointVpcId}`, c)
    const usable = c.value.filter(e => (e.status ?? 'OPERATIONAL').toUpperCase() === 'OPERATIONAL')
    const ips = usable.flatMap(e => valueOf(e.ips)?.map(x => x.ip) ?? [])
    const evidence = c.value.map(
      e =>
        `${e.id}${e.name ? ` (${e.name})` : ''}: ${e.status ?? 'status unknown'}, ${
          valueOf(e.ips)
            ?.map(x => x.ip)
            .join(', ') || 'addresses not read'
        }`,
    )
    // ips are the usable endpoints' addresses: some listed means a usable endpoint.
    if (ips.length > 0)
      return pass(
        `forward ${domain} from the on-premises DNS servers to ${ips.join(', ')} (Resolver inbound endpoint in ${h.endpointVpcId})`,
        evidence,
      )
    if (usable.length > 0) {
      const e = usable[0]!
      return unknownFrom(
        `the addresses of ${e.id}`,
        e.ips.status === 'ok' ? { status: 'not-found', message: 'no address listed' } : e.ips,
      )
    }
    const ep = valueOf(d.endpoint)
    // Stryker disable next-line ArrayDeclaration: one placeholder subnet or none, the fix uses SUBNET_ID_1/2 alike
    const subnets = ep?.subnetIds ?? []
    const cidrs = valueOf(s.network.caller)?.onPremises?.cidrs ?? []
    const broken = c.value[0]
    return fail(
      broken
        ? `the Resolver inbound endpoint ${broken.id} in ${h.endpointVpcId} is ${broken.status}, not OPERATIONAL: on-premises DNS has nowhere to forward ${domain}, so ${h.resolvedName} resolves to API Gateway's public addresses (403) or not at all`
        : `${h.endpointVpcId} has no Route 53 Resolver inbound endpoint: on-premises DNS has nowhere to forward ${domain}, so ${h.resolvedName} resolves to API Gateway's public addresses (403) or not at all`,
      [
        `aws route53resolver create-resolver-endpoint --name pvapi-inbound --creator-request-id pvapi-inbound-${h.endpointVpcId} --direction INBOUND --security-group-ids RESOLVER_SG_ID --ip-addresses ${subnets.length >= 2 ? subnets.map(sn => `SubnetId=${sn}`).join(' ') : 'SubnetId=SUBNET_ID_1 SubnetId=SUBNET_ID_2'} --region ${s.target.region}`,
        `# RESOLVER_SG_ID: a security group of ${h.endpointVpcId} allowing TCP and UDP 53 in from ${cidrs.join(', ') || 'the on-premises DNS servers'} (aws ec2 create-security-group)`,
        ...(subnets.length >= 2
          ? []
          : [
              `# SUBNET_ID_1: a subnet of ${h.endpointVpcId} (aws ec2 describe-subnets)`,
              `# SUBNET_ID_2: another subnet of ${h.endpointVpcId}, in another zone`,
            ]),
        `# then forward ${domain} from the on-premises DNS servers to the two addresses the new endpoint gets`,
      ].join('\n'),
      evidence,
      broken?.id ?? h.endpointVpcId,
    )
  },
}
