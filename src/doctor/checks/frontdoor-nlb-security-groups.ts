import { frontDoorOf, isOutcome } from '../front-door-helpers.js'
import { fail, pass, unknown, unknownFrom, type Check } from '../finding.js'
import { parseCidr, type Ipv4Range } from '../net.js'
import { evaluateSgs } from '../sg-eval.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 3 (front door): the endpoint's security groups admit TCP 443 from the NLB (its security
 * groups when it has some, else the addresses of its subnets: an NLB without security groups
 * connects to IP targets from its nodes' private addresses), and an NLB with security groups
 * lets 443 out to the endpoint. Health checks come from the same addresses.
 */
export const frontdoorNlbSecurityGroups: Check = {
  id: 'frontdoor.nlb-security-groups',
  hop: 3,
  title: "the endpoint's security groups admit the NLB on 443 (and the NLB's let 443 out)",
  rows: [17],
  run(s, d) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    if (fd.loadBalancer.status !== 'ok') return unknownFrom('the NLB', fd.loadBalancer)
    const lb = fd.loadBalancer.value
    const ep = d.endpoint
    if (ep.status !== 'ok') return unknownFrom('the VPC endpoint', ep)
    const groups = ep.value.securityGroupIds
    if (groups.length === 0)
      return unknown(`${ep.value.id} lists no security groups`, ['ec2:DescribeVpcEndpoints'])
    const r = s.target.region
    const subnets = lb.zones.flatMap(z => (z.subnetId ? [z.subnetId] : []))
    const ranges: Ipv4Range[] = []
    for (const id of subnets) {
      const sn = s.network.subnets[id]
      const range = valueOf(sn)?.cidrBlock ? parseCidr(valueOf(sn)!.cidrBlock!) : undefined
      if (range) ranges.push(range)
      else if (lb.securityGroupIds.length === 0)
        return sn && sn.status !== 'ok'
          ? unknownFrom(`the NLB subnet ${id}`, sn)
          : unknown(`the CIDR of the NLB subnet ${id} is unknown`, ['ec2:DescribeSubnets'])
    }
    const nlbSgs = lb.securityGroupIds
    const judged = ranges.length > 0 ? ranges : [{ first: -1, last: -1, text: 'the NLB' }]
    const inbound = evaluateSgs(s, groups, false, judged, nlbSgs)
    if (inbound.status === 'unknown')
      return unknown(`could not read the endpoint's rules: ${inbound.why}`, inbound.missing ?? [])
    const who = nlbSgs.length
      ? `the NLB's security group${nlbSgs.length === 1 ? '' : 's'} ${nlbSgs.join(', ')}`
      : `the NLB's subnets ${ranges.map(x => x.text).join(', ')} (it has no security groups)`
    const name = lb.name ?? lb.arn
    // Without the NLB's addresses only group references can be judged: a CIDR rule might admit it.
    if (inbound.status !== 'allowed' && ranges.length === 0 && inbound.nearMisses.length > 0)
      return unknown(
        `the CIDRs of the NLB's subnets ${subnets.join(', ') || '(none listed)'} are unknown, and ${groups.join(', ')} admit by CIDR: whether that covers the NLB cannot be told`,
        ['ec2:DescribeSubnets'],
        inbound.evidence,
      )
    if (inbound.status !== 'allowed') {
      const missing = inbound.status === 'partial' ? inbound.uncovered : ranges
      const fix = nlbSgs[0]
        ? `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${r} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${nlbSgs[0]},Description="pvapi: from the front-door NLB"}]'`
        : missing
            .map(
              x =>
                `aws ec2 authorize-security-group-ingress --group-id ${groups[0]} --region ${r} --protocol tcp --port 443 --cidr ${x.text}`,
            )
            .join('\n')
      return fail(
        `${ep.value.id}'s security groups ${groups.join(', ')} do not admit TCP 443 from ${who}: the NLB's connections and health checks time out`,
        fix,
        inbound.evidence,
        groups[0],
      )
    }
    if (nlbSgs.length > 0) {
      const addresses = valueOf(d.endpointAddresses) ?? []
      const peers = addresses.map(a => parseCidr(`${a.ip}/32`)).filter((x): x is Ipv4Range => x !== undefined)
      const out = evaluateSgs(
        s,
        nlbSgs,
        true,
        peers.length ? peers : [{ first: -1, last: -1, text: 'the endpoint' }],
        groups,
      )
      if (out.status === 'unknown')
        return unknown(`could not read the NLB's rules: ${out.why}`, out.missing ?? [])
      // Likewise without the endpoint's addresses (a default 0.0.0.0/0 egress admits them).
      if (out.status !== 'allowed' && peers.length === 0 && out.nearMisses.length > 0)
        return unknown(
          `${ep.value.id}'s ENI addresses are unknown, and ${nlbSgs.join(', ')} let 443 out by CIDR: whether that covers the endpoint cannot be told`,
          ['ec2:DescribeNetworkInterfaces'],
          out.evidence,
        )
      if (out.status !== 'allowed')
        return fail(
          `${name}'s security groups ${nlbSgs.join(', ')} do not let TCP 443 out to ${ep.value.id}`,
          `aws ec2 authorize-security-group-egress --group-id ${nlbSgs[0]} --region ${r} --ip-permissions 'IpProtocol=tcp,FromPort=443,ToPort=443,UserIdGroupPairs=[{GroupId=${groups[0]},Description="pvapi: to the execute-api endpoint"}]'`,
          out.evidence,
          nlbSgs[0],
        )
    }
    return pass(`${groups.join(', ')} admit TCP 443 from ${who}`, inbound.evidence)
  },
}
