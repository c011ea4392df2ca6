import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { addressFamily, callerRangesOf, familyEvidence, judgedFamily, overFamily } from '../ip-family.js'
import { parseCidr, sgRuleAllows } from '../net.js'
import { parseCidr6, type IpRange } from '../net6.js'
import { evaluateSgs } from '../sg-eval.js'

/** Every address of a family, standing for a caller whose address is unknown. */
function anyAddress(family: 4 | 6): IpRange {
  return family === 6 ? parseCidr6('::/0')! : parseCidr('0.0.0.0/0')!
}

/** Hop 3: the endpoint's security groups allow TCP 443 in from the caller (rows 17, 18). */
export const sgEndpointIngress443: Check = {
  id: 'sg.endpoint-ingress-443',
  hop: 3,
  title: "the endpoint's security groups allow TCP 443 in from the caller's SG or address",
  rows: [17, 18],
  run(s, d) {
    const ep = d.endpoint
    if (ep.status !== 'ok') return unknownFrom('the VPC endpoint', ep)
    const groups = ep.value.securityGroupIds
    if (groups.length === 0)
      return unknown(`${ep.value.id} lists no security groups`, ['ec2:DescribeVpcEndpoints'])
    const net = d.callerNetwork
    if (net.status !== 'ok')
      return unknownFrom("the caller's network", net, ['--lambda, --from-imds or --caller-sg/--caller-ip'])
    // A dual-stack caller is judged over the family it will use (ip-family.ts says which, and why).
    const fam = addressFamily(s, d)
    const family = judgedFamily(fam)
    const over = overFamily(fam)
    const ranges = callerRangesOf(s, d, family)
    const peers = ranges.status === 'ok' ? ranges.value.ranges : []
    if (peers.length === 0 && net.value.securityGroupIds.length === 0)
      return unknown("the caller's address and security groups are unknown", [
        '--caller-ip, --subnet or --caller-sg',
      ])
    // Without addresses the caller may be any address of its family: an SG reference, or a rule
    // open to the whole family (0.0.0.0/0, ::/0), lets it in; a narrower CIDR rule may or may not.
    const judged = peers.length > 0 ? peers : [anyAddress(family)]
    const r0 = evaluateSgs(s, groups, false, judged, net.value.securityGroupIds)
    const r = { ...r0, evidence: [...familyEvidence(fam), ...r0.evidence] }
    if (r.status === 'unknown')
      return unknown(`could not read the endpoint's rules: ${r.why}`, r.missing ?? [])
    const maybe =
      peers.length === 0
        ? r.nearMisses.filter(x => sgRuleAllows(x, 443, judged, net.value.securityGroupIds) === 'some')
        : []
    if (r.status !== 'allowed' && maybe.length > 0)
      return unknown(
        `the caller's address is unknown: whether ${maybe.map(x => `${x.groupId} ${x.ruleId} (${x.cidrIpv4 ?? x.cidrIpv6})`).join(', ')} lets it in on 443 cannot be told`,
        ['--caller-ip or --subnet'],
        r.evidence,
      )
    const caller = `${net.value.securityGroupIds.join(', ') || 'no SG'}; ${peers.map(p => p.text).join(', ') || 'address unknown'}`
    // Without a caller SG the caller's addresses are known (unknown was returned above otherwise).
    const fix = net.value.securityGroupIds[0]
      ? `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${s.target.region} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${net.value.securityGroupIds[0]},Description="pvapi: from the caller"}]'`
      : family === 6
        ? `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${s.target.region} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,Ipv6Ranges=[{CidrIpv6=${peers[0]!.text},Description="pvapi: from the caller over IPv6"}]'`
        : `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${s.target.region} --protocol tcp --port 443 --cidr ${peers[0]!.text}`
    if (r.status === 'allowed') {
      const bySg = r.allowing.some(x => x.referencedGroupId)
      const vpc = net.value.vpcId
      // With the path read (network.hybrid), sg.cross-vpc-reference says whether the reference applies.
      if (bySg && vpc && vpc !== ep.value.vpcId && !s.network.hybrid) {
        return warn(
          `${groups.join(', ')} allow the caller by security group reference across VPCs (${vpc} → ${ep.value.vpcId}): that works over same-region peering only, not through a transit gateway`,
          fix.replace(
            /UserIdGroupPairs=\[[^\]]*\]/,
            family === 6
              ? `Ipv6Ranges=[{CidrIpv6=${peers[0]?.text ?? 'CALLER_CIDR'}}]`
              : `IpRanges=[{CidrIp=${peers[0]?.text ?? 'CALLER_CIDR'}}]`,
          ),
          r.evidence,
          groups[0],
        )
      }
      if (ranges.status === 'ok' && !ranges.value.exact && !bySg) {
        return pass(
          `${groups.join(', ')} ${groups.length === 1 ? 'allows' : 'allow'} 443 in from the caller's subnets${over} (${caller})`,
          r.evidence,
        )
      }
      return pass(
        `${groups.join(', ')} ${groups.length === 1 ? 'allows' : 'allow'} 443 in from the caller${over} (${caller})`,
        r.evidence,
      )
    }
    const what =
      r.status === 'partial'
        ? `allow 443 in from only part of the caller's addresses (${r.uncovered.map(u => u.text).join(', ')} not covered)`
        : `do not allow TCP 443 in from the caller${over} (${caller})`
    // IPv6 is tried first; when IPv4 is open the call still works, after a fallback.
    const v4 = fam.fallback === 4 ? valueOf(d.callerRanges) : undefined
    if (
      v4 &&
      // Stryker disable next-line ConditionalExpression,EqualityOperator: callerRanges is never ok and empty (derive.ts)
      v4.ranges.length > 0 &&
      evaluateSgs(s, groups, false, v4.ranges, net.value.securityGroupIds).status === 'allowed'
    )
      return warn(
        `${ep.value.id}'s security groups ${groups.join(', ')} ${what}; IPv4 is allowed, so clients fall back to it after the IPv6 attempt fails (at once with Happy Eyeballs, after the connect timeout without)`,
        fix,
        r.evidence,
        groups[0],
      )
    return fail(
      `${ep.value.id}'s security groups ${groups.join(', ')} ${what}: the connection times out`,
      fix,
      r.evidence,
      groups[0],
    )
  },
}
