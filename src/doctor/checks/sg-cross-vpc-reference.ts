import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { callerGateway } from '../hybrid-path.js'
import { coversTcp, parseCidr, portInRange, type Ipv4Range } from '../net.js'
import { evaluateSgs } from '../sg-eval.js'
import { valueOf, type DoctorSnapshot, type SgRuleFacts } from '../snapshot.js'

/**
 * Hop 3: a security group rule naming a group of the other VPC works only on some paths. Over a
 * peering connection in the same Region both directions work (not across Regions). Over a transit
 * gateway (since Sept 2024) only inbound rules do, and only when the transit gateway and the VPC
 * attachments have SecurityGroupReferencingSupport on (the gateway's default is off); an outbound
 * rule naming the endpoint's group never matches there. A reference that does not apply matches
 * nothing: unless a CIDR rule also covers the peer, the connection times out.
 */
export const sgCrossVpcReference: Check = {
  id: 'sg.cross-vpc-reference',
  hop: 3,
  title:
    "security group rules naming the other VPC's group apply on this path (peering in one Region, or a transit gateway with referencing on; inbound only)",
  rows: [17],
  run(s, d) {
    const h = s.network.hybrid
    if (!h || h.callerKind !== 'other-vpc')
      return skipped('not a caller in another VPC: no security group reference crosses VPCs')
    if (d.endpoint.status !== 'ok') return unknownFrom('the VPC endpoint', d.endpoint)
    const ep = d.endpoint.value
    const net = valueOf(d.callerNetwork)
    if (!net || net.securityGroupIds.length === 0)
      return skipped("the caller's security groups are not known: no reference to judge")
    const callerSgs = net.securityGroupIds
    const rulesOf = (groups: readonly string[], egress: boolean, peers: readonly string[]) => {
      const out: SgRuleFacts[] = []
      for (const g of groups) {
        const r = s.network.securityGroups[g]?.rules
        if (!r || r.status !== 'ok') return undefined
        out.push(
          ...r.value.filter(
            x =>
              x.egress === egress &&
              peers.some(p => p === x.referencedGroupId) &&
              coversTcp(x.protocol) &&
              portInRange(443, x.fromPort, x.toPort),
          ),
        )
      }
      return out
    }
    const inbound = rulesOf(ep.securityGroupIds, false, callerSgs)
    const outbound = rulesOf(callerSgs, true, ep.securityGroupIds)
    if (!inbound || !outbound)
      return unknown('the security group rules were not read', ['ec2:DescribeSecurityGroupRules'])
    if (inbound.length === 0 && outbound.length === 0)
      return skipped('no rule on 443 names a security group of the other VPC (sg.* judge the CIDR rules)')
    const epRanges = (valueOf(d.endpointAddresses) ?? [])
      .map(a => parseCidr(a.ip))
      .filter((r): r is Ipv4Range => r !== undefined)
    const gw = callerGateway(s, epRanges)
    const evidence = [
      ...inbound.map(
        r => `${r.groupId} ${r.ruleId}: ingress 443 from ${r.referencedGroupId} (the caller's group)`,
      ),
      ...outbound.map(
        r => `${r.groupId} ${r.ruleId}: egress 443 to ${r.referencedGroupId} (the endpoint's group)`,
      ),
      `the caller's subnets reach ${ep.id} through ${gw ?? 'no transit gateway or peering route pvapi could read'}`,
    ]
    if (!gw)
      return unknown(
        'which path joins the two VPCs is unknown, so whether the group references apply is too',
        ['ec2:DescribeRouteTables', '--subnet'],
        evidence,
      )
    const region = s.target.region
    const callerRanges = valueOf(d.callerRanges)?.ranges ?? []
    // Fixes name whole subnets (the caller's; the endpoint's), not one address.
    const callerSubnetRanges = d.callerSubnets
      .map(sn => (sn.cidrBlock ? parseCidr(sn.cidrBlock) : undefined))
      .filter((r): r is Ipv4Range => r !== undefined)
    const fixRanges = callerSubnetRanges.length ? callerSubnetRanges : callerRanges
    const endpointSubnetRanges = ep.subnetIds
      .map(id => valueOf(s.network.subnets[id])?.cidrBlock)
      .map(c => (c ? parseCidr(c) : undefined))
      .filter((r): r is Ipv4Range => r !== undefined)
    if (gw.startsWith('pcx-')) {
      const pcx = valueOf(h.peeringConnections)?.find(p => p.id === gw)
      if (!pcx)
        return unknownFrom(
          `peering connection ${gw}`,
          h.peeringConnections.status === 'ok' ? { status: 'not-found' } : h.peeringConnections,
        )
      const regions = [pcx.requester.region, pcx.accepter.region]
      if (regions.every(r => r) && regions[0] !== regions[1]) {
        const cidrOk = inboundCoveredByCidr(s, ep.securityGroupIds, callerRanges)
        if (cidrOk)
          return pass(
            `the references do not apply across Regions (${gw}), but a CIDR rule allows the caller`,
            evidence,
          )
        return fail(
          `${gw} joins two Regions (${regions.join(', ')}): security group references do not work across Regions, so ${inbound[0]?.ruleId ?? outbound[0]!.ruleId} matches nothing`,
          cidrFix(ep.securityGroupIds[0]!, fixRanges, region, false),
          evidence,
          inbound[0]?.groupId ?? outbound[0]!.groupId,
        )
      }
      return pass(`${gw} is a same-Region peering: security group references work both ways`, evidence)
    }
    // A transit gateway: inbound references only, with the option on the gateway and its attachments.
    const tgw = valueOf(h.transitGateways)?.find(t => t.id === gw)
    const attachments = h.tgwAttachments
    if (!tgw || attachments.status !== 'ok')
      return unknownFrom(
        `transit gateway ${gw}`,
        !tgw && h.transitGateways.status !== 'ok'
          ? h.transitGateways
          : attachments.status !== 'ok'
            ? attachments
            : { status: 'not-found', message: `${gw} is not visible from this account` },
      )
    const atts = attachments.value.filter(a => a.transitGatewayId === gw)
    const callerVpc = net.vpcId
    const attFor = (vpc: string | undefined) => atts.find(a => a.vpcId === vpc)
    const off = [
      ...(tgw.securityGroupReferencingSupport === 'enable'
        ? []
        : [`${gw} (${tgw.securityGroupReferencingSupport ?? 'not reported'})`]),
      ...[attFor(h.endpointVpcId), attFor(callerVpc)].flatMap(a =>
        a && a.securityGroupReferencingSupport !== 'enable'
          ? [`${a.id} (${a.securityGroupReferencingSupport ?? 'not reported'})`]
          : [],
      ),
    ]
    evidence.push(
      `${gw}: SecurityGroupReferencingSupport ${tgw.securityGroupReferencingSupport ?? 'not reported'}`,
      ...atts.map(
        a =>
          `${a.id} (${a.vpcId}): SecurityGroupReferencingSupport ${a.securityGroupReferencingSupport ?? 'not reported'}`,
      ),
    )
    if (inbound.length > 0 && off.length > 0 && !inboundCoveredByCidr(s, ep.securityGroupIds, callerRanges))
      return fail(
        `${inbound[0]!.groupId} ${inbound[0]!.ruleId} names the caller's group across ${gw}, but security group referencing is off on ${off.join(', ')}: the rule matches nothing and the connection times out`,
        [
          '# allow the caller by address (or turn SecurityGroupReferencingSupport on for the transit gateway and both VPC attachments):',
          cidrFix(inbound[0]!.groupId, fixRanges, region, false),
        ].join('\n'),
        evidence,
        inbound[0]!.groupId,
      )
    if (outbound.length > 0 && !outboundCoveredByCidr(s, callerSgs, epRanges))
      return fail(
        `${outbound[0]!.groupId} ${outbound[0]!.ruleId} names the endpoint's group in an outbound rule across ${gw}: transit gateways honour references in inbound rules only, so it matches nothing and the connection times out`,
        cidrFix(
          outbound[0]!.groupId,
          endpointSubnetRanges.length ? endpointSubnetRanges : epRanges,
          region,
          true,
        ),
        evidence,
        outbound[0]!.groupId,
      )
    return pass(
      inbound.length > 0 && off.length === 0
        ? `inbound references across ${gw} apply: SecurityGroupReferencingSupport is on for the gateway and the attachments`
        : `the caller is allowed by address as well; the references across ${gw} are not needed`,
      evidence,
    )
  },
}

/** Do the endpoint's CIDR rules alone allow 443 in from every caller range? */
function inboundCoveredByCidr(
  s: DoctorSnapshot,
  groups: readonly string[],
  ranges: readonly Ipv4Range[],
): boolean {
  // Stryker disable next-line ArrayDeclaration: equivalent: no rule names the mutant's group; [] = CIDR rules only
  return ranges.length > 0 && evaluateSgs(s, groups, false, ranges, []).status === 'allowed'
}

/**
 * Do the caller's CIDR rules alone allow 443 out to every endpoint address? `ranges` is never
 * empty: the transit gateway was found by routing these addresses.
 */
function outboundCoveredByCidr(
  s: DoctorSnapshot,
  groups: readonly string[],
  ranges: readonly Ipv4Range[],
): boolean {
  // Stryker disable next-line ArrayDeclaration: equivalent: no rule names the mutant's group; [] = CIDR rules only
  return evaluateSgs(s, groups, true, ranges, []).status === 'allowed'
}

function cidrFix(group: string, ranges: readonly Ipv4Range[], region: string, egress: boolean): string {
  const verb = egress ? 'authorize-security-group-egress' : 'authorize-security-group-ingress'
  const cidrs = ranges.length ? ranges.map(r => r.text) : ['PEER_CIDR']
  // Only an ingress fix can lack ranges (the caller's): an egress fix names the endpoint's
  // addresses, which are known whenever a route to them through a gateway was found.
  return [
    `aws ec2 ${verb} --group-id ${group} --region ${region} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,IpRanges=[${cidrs.map(c => `{CidrIp=${c},Description="pvapi: across the VPCs"}`).join(',')}]'`,
    ...(ranges.length ? [] : ["# PEER_CIDR: the caller's address range"]),
  ].join('\n')
}
