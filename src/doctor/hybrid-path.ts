/**
 * Pure helpers for callers outside the endpoint's VPC (the hybrid checks): which route a table
 * uses for a range (longest prefix), which gateway carries the caller's traffic, and how a DNS
 * name matches Resolver rule and hosted zone domains.
 */
import { parseCidr, rangeContains, type Ipv4Range } from './net.js'
import { valueOf, type DoctorSnapshot, type RouteFacts, type RouteTableFacts } from './snapshot.js'

/** How many labels a domain has (`.` and '' have none: they match every name). */
export const labelCount = (domain: string): number =>
  domain === '' || domain === '.' ? 0 : domain.split('.').length

/** Is `domain` the name itself or one of its parent domains? */
export const nameInDomain = (name: string, domain: string): boolean =>
  domain === '.' || name === domain || name.endsWith(`.${domain}`)

/** The route a table uses for every address of `range`: the longest IPv4 prefix containing it. */
export function routeFor(table: RouteTableFacts, range: Ipv4Range): RouteFacts | undefined {
  let best: { route: RouteFacts; bits: number } | undefined
  for (const r of table.routes) {
    const dest = parseCidr(r.destination)
    if (!dest || !r.destination.includes('/') || !rangeContains(dest, range)) continue
    const bits = Number(r.destination.split('/')[1])
    if (!best || bits > best.bits) best = { route: r, bits }
  }
  return best?.route
}

/** Route destinations that are prefix lists (`pl-…`): their CIDRs are not read. */
export const prefixListRoutes = (table: RouteTableFacts): RouteFacts[] =>
  table.routes.filter(r => r.destination.startsWith('pl-'))

/** What kind of hop a route target is. */
export function targetKind(
  target: string,
): 'tgw' | 'vgw' | 'pcx' | 'local' | 'internet' | 'appliance' | 'other' {
  if (target === 'local') return 'local'
  if (target.startsWith('tgw-')) return 'tgw'
  if (target.startsWith('vgw-')) return 'vgw'
  if (target.startsWith('pcx-')) return 'pcx'
  if (/^(igw-|nat-|eigw-)/.test(target)) return 'internet'
  if (/^(eni-|vpce-|i-|arn:)/.test(target)) return 'appliance'
  return 'other'
}

/** The caller's ranges for routing: exact IPs or subnets, else the caller VPC's CIDRs. */
export function callerRoutingRanges(s: DoctorSnapshot, ranges: readonly Ipv4Range[]): readonly Ipv4Range[] {
  if (ranges.length > 0) return ranges
  const vpcId = valueOf(s.network.caller)?.vpcId
  const vpc = vpcId ? valueOf(s.network.vpcs[vpcId]) : undefined
  return (vpc?.cidrBlocks ?? []).map(c => parseCidr(c)).filter((r): r is Ipv4Range => r !== undefined)
}

/**
 * The gateway the caller's subnets use toward the endpoint (`tgw-…`, `pcx-…`), from the caller
 * subnets' route tables and the endpoint's addresses; undefined when no table says.
 */
export function callerGateway(s: DoctorSnapshot, endpointRanges: readonly Ipv4Range[]): string | undefined {
  const net = valueOf(s.network.caller)
  for (const sn of net?.subnetIds ?? []) {
    const table = valueOf(s.network.routeTables[sn])
    if (!table) continue
    for (const r of endpointRanges) {
      const route = routeFor(table, r)
      if (route && route.state !== 'blackhole' && /^(tgw-|pcx-)/.test(route.target)) return route.target
    }
  }
  return undefined
}
