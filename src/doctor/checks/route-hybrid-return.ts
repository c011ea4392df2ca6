import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { notReadForOnPrem } from './dns-resolver-inbound.js'
import { callerRoutingRanges, prefixListRoutes, routeFor, targetKind } from '../hybrid-path.js'
import { parseCidr, type Ipv4Range } from '../net.js'
import { valueOf, type DoctorSnapshot, type HybridFacts, type RouteFacts } from '../snapshot.js'

/**
 * Hop 5: the endpoint's subnets route replies back to a caller outside its VPC. The endpoint's
 * ENIs answer from their own subnets, whose route tables must send the caller's range to the
 * transit gateway, virtual private gateway or peering connection it came through: without that
 * route, the SYN-ACK goes nowhere and the call times out. For a caller in another VPC its own
 * subnets must route to the endpoint too. Traffic from on premises cannot cross a peering
 * connection (no transitive routing), and a peering route must name a connection that joins the
 * two VPCs and is active.
 */
export const routeHybridReturn: Check = {
  id: 'route.hybrid-return',
  hop: 5,
  title: "the endpoint's subnets route back to a caller outside its VPC (and its subnets to the endpoint)",
  rows: [12],
  run(s, d) {
    const h = s.network.hybrid
    if (!h && valueOf(s.network.caller)?.onPremises) return notReadForOnPrem(d)
    if (!h) return skipped("the caller is in the endpoint's VPC (or nothing outside it was read)")
    if (d.endpoint.status !== 'ok') return unknownFrom('the VPC endpoint', d.endpoint)
    const ep = d.endpoint.value
    const given = valueOf(d.callerRanges)?.ranges ?? []
    const ranges = callerRoutingRanges(s, given)
    if (ranges.length === 0)
      return unknown("the caller's addresses are unknown", ['--caller-cidr, --caller-ip or --subnet'])
    const evidence: string[] = []
    const problems: Array<{
      table: string
      subnet: string
      range: Ipv4Range
      why: string
      direction: 'reply' | 'request'
    }> = []
    // Replies: from every endpoint subnet to every caller range.
    for (const sn of ep.subnetIds) {
      const t = h.endpointRouteTables[sn]
      if (!t || t.status !== 'ok')
        return unknownFrom(`the route table of ${sn}`, t ?? { status: 'not-found' })
      for (const range of ranges) {
        const route = routeFor(t.value, range)
        evidence.push(
          `${sn} ${t.value.routeTableId}${t.value.main ? ' (main)' : ''}: ${range.text} → ${route ? `${route.target}${route.state ? ` (${route.state})` : ''} via ${route.destination}` : 'no route'}`,
        )
        const why = judge(s, h, route, 'reply')
        if (!route && prefixListRoutes(t.value).length > 0)
          return unknown(
            `${t.value.routeTableId} routes to a prefix list whose CIDRs were not read; it may cover ${range.text}`,
            ['ec2:GetManagedPrefixListEntries'],
            evidence,
          )
        if (why) problems.push({ table: t.value.routeTableId, subnet: sn, range, why, direction: 'reply' })
      }
    }
    // Requests: for a caller in another VPC, from its subnets to the endpoint.
    const net = valueOf(s.network.caller)
    const epRanges = (valueOf(d.endpointAddresses) ?? [])
      .map(a => parseCidr(a.ip))
      .filter((r): r is Ipv4Range => r !== undefined)
    if (h.callerKind === 'other-vpc')
      // Stryker disable next-line OptionalChaining,ArrayDeclaration: a caller in another VPC whose network is unread has no ranges (unknown above)
      for (const sn of net?.subnetIds ?? []) {
        const t = s.network.routeTables[sn]
        if (!t || t.status !== 'ok')
          return unknownFrom(`the route table of ${sn}`, t ?? { status: 'not-found' })
        for (const range of epRanges) {
          const route = routeFor(t.value, range)
          evidence.push(
            `${sn} ${t.value.routeTableId}: ${range.text} (endpoint ENI) → ${route ? `${route.target} via ${route.destination}` : 'no route'}`,
          )
          // Stryker disable next-line StringLiteral: judge tests for 'reply'; any other direction is the request
          const why = judge(s, h, route, 'request')
          if (why)
            // Stryker disable next-line StringLiteral: routeFix tests for 'reply'; any other direction is the request
            problems.push({ table: t.value.routeTableId, subnet: sn, range, why, direction: 'request' })
        }
      }
    if (problems.length === 0)
      return pass(
        h.callerKind === 'on-premises'
          ? `the endpoint's subnets route ${ranges.map(r => r.text).join(', ')} back toward on premises (the on-premises side's routes are not visible here)`
          : `the caller's and the endpoint's subnets route to each other`,
        evidence,
      )
    const p = problems[0]!
    // A peering connection that is not active yet is accepted, not routed around.
    const pending = /sends it to (pcx-[0-9a-f]+), which is pending-acceptance/.exec(p.why)?.[1]
    return fail(
      `${p.table} (${p.subnet}) ${p.why}: the connection to ${ep.id} times out`,
      pending
        ? `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id ${pending} --region ${s.target.region}`
        : routeFix(s, h, p.table, p.range, p.direction),
      [...problems.map(x => `${x.table} (${x.subnet}): ${x.range.text} ${x.why}`), ...evidence],
      p.table,
    )
  },
}

/** What is wrong with the route a table uses toward the other side; undefined when it is fine. */
function judge(
  s: DoctorSnapshot,
  h: HybridFacts,
  route: RouteFacts | undefined,
  direction: 'reply' | 'request',
): string | undefined {
  const toWhat =
    direction === 'reply' ? "has no route back to the caller's range" : 'has no route to the endpoint ENI'
  if (!route) return toWhat
  if (route.state === 'blackhole')
    return `routes it to ${route.target}, which is a blackhole (deleted or detached)`
  const kind = targetKind(route.target)
  // Overlapping CIDRs: the VPC's own local route captures the other side's address, so the
  // packet never leaves the VPC (a route more specific than local can only target an appliance).
  if (kind === 'local')
    return direction === 'reply'
      ? `sends ${route.destination} to local: the caller's range overlaps ${h.endpointVpcId}'s own CIDR`
      : // Stryker disable next-line OptionalChaining: the request direction is judged only for a caller whose network was read
        `sends ${route.destination} to local: the endpoint ENI's address overlaps ${valueOf(s.network.caller)?.vpcId ?? 'the caller VPC'}'s own CIDR`
  if (kind === 'internet') return `sends it to ${route.target} (the internet), not to the caller`
  if (kind === 'pcx') {
    if (h.callerKind === 'on-premises')
      return `sends it to ${route.target}: a peering connection does not carry traffic to or from on premises (no transitive routing)`
    const pcx = valueOf(h.peeringConnections)?.find(p => p.id === route.target)
    if (!pcx) return undefined // not readable: the route is all there is to go by
    const vpcs = [pcx.requester.vpcId, pcx.accepter.vpcId]
    // Stryker disable next-line OptionalChaining: a caller in another VPC was read (else no ranges, unknown above)
    const callerVpc = valueOf(s.network.caller)?.vpcId
    if (!vpcs.includes(h.endpointVpcId) || (callerVpc && !vpcs.includes(callerVpc)))
      return `sends it to ${route.target}, which joins ${vpcs.join(' and ')}, not the caller's and the endpoint's VPCs`
    if (pcx.status && pcx.status !== 'active')
      return `sends it to ${route.target}, which is ${pcx.status}, not active`
    return undefined
  }
  if (kind === 'tgw') {
    const atts = valueOf(h.tgwAttachments)
    // Stryker disable next-line OptionalChaining: the request direction is judged only for a caller whose network was read
    const vpc = direction === 'reply' ? h.endpointVpcId : valueOf(s.network.caller)?.vpcId
    // The caller's VPC unknown: which attachment it needs cannot be told; the route is all there is.
    if (!vpc) return undefined
    if (atts && !atts.some(a => a.transitGatewayId === route.target && a.vpcId === vpc))
      return `sends it to ${route.target}, which has no attachment for ${vpc}`
    const att = atts?.find(a => a.transitGatewayId === route.target && a.vpcId === vpc)
    if (att?.state && att.state !== 'available')
      return `sends it to ${route.target}, whose attachment ${att.id} is ${att.state}`
    return undefined
  }
  if (kind === 'vgw' && h.callerKind === 'other-vpc')
    return `sends it to ${route.target} (a VPN gateway), not to the caller's VPC`
  return undefined
}

/** `aws ec2 create-route` (or replace-route) through the gateway that joins the two sides. */
function routeFix(
  s: DoctorSnapshot,
  h: HybridFacts,
  table: string,
  range: Ipv4Range,
  direction: 'reply' | 'request',
): string {
  const region = s.target.region
  // Stryker disable next-line OptionalChaining: a fix is printed only after the caller's ranges were known, from its network
  const callerVpc = valueOf(s.network.caller)?.vpcId
  const vpc = direction === 'reply' ? h.endpointVpcId : callerVpc
  const tgw = valueOf(h.tgwAttachments)?.find(a => a.vpcId === vpc)?.transitGatewayId
  const pcx = valueOf(h.peeringConnections)?.find(
    p =>
      p.status === 'active' &&
      [p.requester.vpcId, p.accepter.vpcId].includes(h.endpointVpcId) &&
      (!callerVpc || [p.requester.vpcId, p.accepter.vpcId].includes(callerVpc)),
  )?.id
  // The destination: the caller's whole VPC or on-premises range rather than one address.
  const dest =
    direction === 'reply'
      ? h.callerKind === 'on-premises'
        ? range.text
        : // Stryker disable next-line StringLiteral: no VPC has an empty or placeholder id, so either key finds none
          (valueOf(s.network.vpcs[callerVpc ?? ''])?.cidrBlocks[0] ?? range.text)
      : (valueOf(s.network.vpcs[h.endpointVpcId])?.cidrBlocks[0] ?? range.text)
  const via =
    h.callerKind === 'other-vpc' && pcx
      ? `--vpc-peering-connection-id ${pcx}`
      : tgw
        ? `--transit-gateway-id ${tgw}`
        : h.callerKind === 'on-premises'
          ? '--gateway-id VGW_ID'
          : '--transit-gateway-id TRANSIT_GATEWAY_ID'
  return [
    `aws ec2 create-route --route-table-id ${table} --destination-cidr-block ${dest} ${via} --region ${region}`,
    ...(via.endsWith('VGW_ID')
      ? [
          `# VGW_ID: the virtual private gateway attached to ${h.endpointVpcId} (aws ec2 describe-vpn-gateways --filters Name=attachment.vpc-id,Values=${h.endpointVpcId}); through a transit gateway, use --transit-gateway-id instead`,
        ]
      : via.endsWith('TRANSIT_GATEWAY_ID')
        ? [
            `# TRANSIT_GATEWAY_ID: the transit gateway both VPCs are attached to (aws ec2 describe-transit-gateway-vpc-attachments --filters Name=vpc-id,Values=${h.endpointVpcId})`,
          ]
        : []),
    '# if the table already has a route for that destination, use replace-route with the same arguments',
  ].join('\n')
}
