import { fail, pass, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { evaluateSgs } from '../sg-eval.js'

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
    const ranges = d.callerRanges
    const peers = ranges.status === 'ok' ? ranges.value.ranges : []
    if (peers.length === 0 && net.value.securityGroupIds.length === 0)
      return unknown("the caller's address and security groups are unknown", [
        '--caller-ip, --subnet or --caller-sg',
      ])
    // Without addresses, an SG reference is the only rule we can judge; pretend the caller is one peer.
    const judged = peers.length > 0 ? peers : [{ first: -1, last: -1, text: 'the caller' }]
    const r = evaluateSgs(s, groups, false, judged, net.value.securityGroupIds)
    if (r.status === 'unknown')
      return unknown(`could not read the endpoint's rules: ${r.why}`, r.missing ?? [])
    const caller = `${net.value.securityGroupIds.join(', ') || 'no SG'}; ${peers.map(p => p.text).join(', ') || 'address unknown'}`
    const fix = net.value.securityGroupIds[0]
      ? `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${s.target.region} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${net.value.securityGroupIds[0]},Description="pvapi: from the caller"}]'`
      : [
          `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${s.target.region} --protocol tcp --port 443 --cidr ${peers[0]?.text ?? 'CALLER_CIDR'}`,
          ...(peers[0]
            ? []
            : ["# CALLER_CIDR: the caller's address or subnet range (--caller-ip, --subnet)"]),
        ].join('\n')
    if (r.status === 'allowed') {
      const bySg = r.allowing.some(x => x.referencedGroupId)
      const vpc = net.value.vpcId
      // With the path read (network.hybrid), sg.cross-vpc-reference says whether the reference applies.
      if (bySg && vpc && vpc !== ep.value.vpcId && !s.network.hybrid) {
        return warn(
          `${groups.join(', ')} allow the caller by security group reference across VPCs (${vpc} → ${ep.value.vpcId}): that works over same-region peering only, not through a transit gateway`,
          fix.replace(
            /UserIdGroupPairs=\[[^\]]*\]/,
            `IpRanges=[{CidrIp=${peers[0]?.text ?? 'CALLER_CIDR'}}]`,
          ),
          r.evidence,
          groups[0],
        )
      }
      if (ranges.status === 'ok' && !ranges.value.exact && !bySg) {
        return pass(
          `${groups.join(', ')} ${groups.length === 1 ? 'allows' : 'allow'} 443 in from the caller's subnets (${caller})`,
          r.evidence,
        )
      }
      return pass(
        `${groups.join(', ')} ${groups.length === 1 ? 'allows' : 'allow'} 443 in from the caller (${caller})`,
        r.evidence,
      )
    }
    const what =
      r.status === 'partial'
        ? `allow 443 in from only part of the caller's addresses (${r.uncovered.map(u => u.text).join(', ')} not covered)`
        : `do not allow TCP 443 in from the caller (${caller})`
    return fail(
      `${ep.value.id}'s security groups ${groups.join(', ')} ${what}: the connection times out`,
      fix,
      r.evidence,
      groups[0],
    )
  },
}
