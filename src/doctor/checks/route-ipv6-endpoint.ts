import { fail, pass, skipped, unknown, type Check, type Evidence } from '../finding.js'
import { addressFamily, endpointIpsOf, familyEvidence } from '../ip-family.js'
import { containsRange, parseCidr6, type Ipv6Range } from '../net6.js'
import { valueOf, type RouteFacts } from '../snapshot.js'

/** Targets that carry traffic to another VPC's private addresses. */
const PRIVATE_PATH = /^(local|pcx-|tgw-|eni-|vgw-)/

/** The most specific active IPv6 route for an address (longest prefix wins, as in a VPC). */
function routeFor(routes: readonly RouteFacts[], ip: Ipv6Range): RouteFacts | undefined {
  let best: { r: RouteFacts; bits: bigint } | undefined
  for (const r of routes) {
    if (r.state === 'blackhole') continue
    const range = parseCidr6(r.destination)
    if (!range || !containsRange(range, ip)) continue
    const size = range.last - range.first
    if (!best || size < best.bits) best = { r, bits: size }
  }
  return best?.r
}

/**
 * Hop 5 (dual-stack): an IPv6 caller's subnets route the endpoint's IPv6 addresses. In the
 * endpoint's own VPC the `local` route of the VPC's IPv6 block does it; from another VPC a route
 * to a peering connection or transit gateway must cover the endpoint subnets' IPv6 blocks (IPv4
 * routes do not carry IPv6, and a `::/0` to an egress-only or internet gateway leaves the VPC).
 */
export const routeIpv6Endpoint: Check = {
  id: 'route.ipv6-endpoint',
  hop: 5,
  title: "an IPv6 caller's subnets route the endpoint's IPv6 addresses over a private path",
  rows: [],
  run(s, d) {
    const fam = addressFamily(s, d)
    // A name with A records only is never reached over IPv6, whatever the caller has.
    const aOnly = fam.records?.aaaa === false
    if (fam.family === undefined && !aOnly && (fam.dualStackInPlay || fam.caller?.v6 !== false))
      return unknown(`could not tell whether the caller uses IPv6: ${fam.why}`, fam.missing ?? [])
    if (fam.family !== 6) return skipped(`no IPv6 route is used: ${fam.why}`)
    // IPv6 is chosen only from the caller's network (its addresses or subnets): it was read.
    const net = valueOf(d.callerNetwork)!
    if (net.subnetIds.length === 0)
      return unknown("the caller's subnets are unknown", ['--lambda, --from-imds or --subnet'])
    // endpointIpsOf keeps the addresses that parse as IPv6.
    const ips = endpointIpsOf(d, 6).map(ip => parseCidr6(ip)!)
    if (ips.length === 0)
      return unknown("the endpoint's IPv6 addresses are unknown", ['ec2:DescribeNetworkInterfaces'])
    const evidence: Evidence[] = [...familyEvidence(fam)]
    const missing: Array<{ subnet: string; table: string; ip: string; via?: RouteFacts }> = []
    for (const id of net.subnetIds) {
      const rt = s.network.routeTables[id]
      if (!rt || rt.status !== 'ok')
        return unknown(`the route table of ${id} was not read`, ['ec2:DescribeRouteTables'])
      for (const ip of ips) {
        const r = routeFor(rt.value.routes, ip)
        const addr = ip.text.replace('/128', '')
        if (r && PRIVATE_PATH.test(r.target)) {
          evidence.push({
            text: `${id} (${rt.value.routeTableId}): ${addr} → ${r.destination} via ${r.target}`,
            resource: rt.value.routeTableId,
          })
          continue
        }
        evidence.push({
          text: `${id} (${rt.value.routeTableId}): ${addr} → ${r ? `${r.destination} via ${r.target} (leaves the VPC)` : 'no IPv6 route'}`,
          resource: rt.value.routeTableId,
        })
        missing.push({ subnet: id, table: rt.value.routeTableId, ip: addr, ...(r ? { via: r } : {}) })
      }
    }
    if (missing.length === 0)
      return pass("the caller's subnets route the endpoint's IPv6 addresses over a private path", evidence)
    const first = missing[0]!
    // The addresses are the endpoint's ENIs': the endpoint was read.
    const ep = valueOf(d.endpoint)!
    const blocks = [
      ...new Set(ep.subnetIds.flatMap(id => valueOf(s.network.subnets[id])?.ipv6CidrBlocks ?? [])),
    ]
    const sameVpc = net.vpcId === ep.vpcId
    const tables = [...new Set(missing.map(m => m.table))]
    const fix = sameVpc
      ? [
          `# ${ep.vpcId} has no local route for the endpoint's IPv6 addresses: associate an IPv6 block with the VPC and the endpoint subnets, or call over IPv4 (pvapi call -4)`,
          `aws ec2 describe-vpcs --vpc-ids ${ep.vpcId} --query 'Vpcs[0].Ipv6CidrBlockAssociationSet' --region ${s.target.region}`,
        ]
      : [
          ...tables.flatMap(t =>
            (blocks.length > 0 ? blocks : ['ENDPOINT_IPV6_CIDR']).map(
              b =>
                `aws ec2 create-route --route-table-id ${t} --destination-ipv6-cidr-block ${b} --vpc-peering-connection-id PCX_ID --region ${s.target.region}`,
            ),
          ),
          `# PCX_ID: the peering connection between ${net.vpcId ?? 'the caller VPC'} and ${ep.vpcId} (aws ec2 describe-vpc-peering-connections --region ${s.target.region}); through a transit gateway use --transit-gateway-id instead`,
          ...(blocks.length > 0
            ? []
            : [
                "# ENDPOINT_IPV6_CIDR: the IPv6 block of the endpoint's subnets (aws ec2 describe-subnets --query 'Subnets[].Ipv6CidrBlockAssociationSet')",
              ]),
        ]
    return fail(
      `${first.subnet} (${first.table}) has no private route to the endpoint's IPv6 address ${first.ip}${first.via ? ` (${first.via.destination} goes to ${first.via.target})` : ''}: the IPv6 connection cannot be made`,
      fix.join('\n'),
      evidence,
      first.table,
    )
  },
}
