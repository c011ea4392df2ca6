import { fail, pass, skipped, unknown, unknownFrom, warn, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { addressFamily, familyEvidence, judgedFamily, overFamily } from '../ip-family.js'
import { endpointPeers, evaluateSgs } from '../sg-eval.js'

/** Hop 3: the caller's security groups allow TCP 443 out to the endpoint (rows 16, 18). */
export const sgCallerEgress443: Check = {
  id: 'sg.caller-egress-443',
  hop: 3,
  title: "the caller's security groups allow TCP 443 out to the endpoint's SG or ENI addresses",
  rows: [16, 18],
  run(s, d) {
    if (valueOf(s.network.caller)?.onPremises)
      return skipped('an on-premises caller (--caller-cidr) has no security group')
    const net = d.callerNetwork
    if (net.status !== 'ok')
      return unknownFrom("the caller's network", net, ['--lambda, --from-imds or --caller-sg'])
    const groups = net.value.securityGroupIds
    if (groups.length === 0)
      return unknown("the caller's security groups are unknown", [
        '--caller-sg sg-… (or --lambda / --from-imds)',
      ])
    const ep = d.endpoint
    if (ep.status !== 'ok') return unknownFrom('the VPC endpoint', ep)
    // A dual-stack caller is judged over the family it will use (ip-family.ts says which, and why).
    const fam = addressFamily(s, d)
    const family = judgedFamily(fam)
    const over = overFamily(fam)
    const peers = endpointPeers(s, d, family)
    if (!peers || peers.ranges.length === 0)
      return unknown(`the ${family === 6 ? 'IPv6 ' : ''}addresses of ${ep.value.id} are unknown`, [
        'ec2:DescribeNetworkInterfaces',
        'ec2:DescribeSubnets',
      ])
    const r0 = evaluateSgs(s, groups, true, peers.ranges, ep.value.securityGroupIds)
    const r = { ...r0, evidence: [...familyEvidence(fam), ...r0.evidence] }
    if (r.status === 'unknown') return unknown(`could not read the caller's rules: ${r.why}`, r.missing ?? [])
    const target = `${ep.value.id} (${ep.value.securityGroupIds.join(', ') || 'no SG'}; ${peers.ranges.map(p => p.text).join(', ')})`
    if (r.status === 'allowed')
      return pass(
        `${groups.join(', ')} ${groups.length === 1 ? 'allows' : 'allow'} 443 out to ${ep.value.id}${over}`,
        r.evidence,
      )
    const fix = `aws ec2 authorize-security-group-egress --group-id ${groups[0]} --region ${s.target.region} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${ep.value.securityGroupIds[0] ?? 'ENDPOINT_SG'},Description="pvapi: to the execute-api endpoint"}]'`
    const what =
      r.status === 'partial'
        ? `allow 443 out to only some of ${target}: connections to ${r.uncovered.map(u => u.text).join(', ')} time out`
        : `do not allow TCP 443 out to ${target}${over}: the connection times out`
    // IPv6 is tried first; when IPv4 is open the call still works, after a fallback.
    const v4 = fam.fallback === 4 ? endpointPeers(s, d, 4) : undefined
    if (
      v4 &&
      v4.ranges.length > 0 &&
      evaluateSgs(s, groups, true, v4.ranges, ep.value.securityGroupIds).status === 'allowed'
    )
      return warn(
        `the caller's security groups ${groups.join(', ')} ${what}; IPv4 is allowed, so clients fall back to it after the IPv6 attempt fails (at once with Happy Eyeballs, after the connect timeout without)`,
        fix,
        r.evidence,
        groups[0],
      )
    return fail(`the caller's security groups ${groups.join(', ')} ${what}`, fix, r.evidence, groups[0])
  },
}
