/**
 * Security group reachability for one direction, shared by the two SG checks. Pure.
 */
import type { Derived } from './derive.js'
import { missingFor, whyMissing, type Evidence } from './finding.js'
import { parseCidr, sgRuleAllows, type Ipv4Range } from './net.js'
import { familyOf, parseCidr6, peersFamily, type IpRange, type Ipv6Range } from './net6.js'
import { valueOf, type DoctorSnapshot, type SgRuleFacts } from './snapshot.js'

export interface SgEvaluation {
  readonly status: 'allowed' | 'partial' | 'blocked' | 'unknown'
  readonly allowing: readonly SgRuleFacts[]
  /** Peers no rule covers. */
  readonly uncovered: readonly IpRange[]
  /** CIDR rules on the right port that cover only part of a peer, or none of it (row 18). */
  readonly nearMisses: readonly SgRuleFacts[]
  readonly evidence: readonly Evidence[]
  readonly why?: string
  readonly missing?: readonly string[]
}

/**
 * Does any rule of `groups` in direction `egress` allow TCP 443 to/from every peer range?
 * Rules across all of an ENI's security groups add up (a union of allows). The peers are of one
 * family, and only that family's CIDR rules (and security group references) apply to them.
 */
export function evaluateSgs(
  s: DoctorSnapshot,
  groups: readonly string[],
  egress: boolean,
  peers: readonly IpRange[],
  peerGroups: readonly string[],
): SgEvaluation {
  const v6 = peersFamily(peers) === 6
  const cidrOf = (r: SgRuleFacts) => (v6 ? r.cidrIpv6 : r.cidrIpv4)
  const rules: SgRuleFacts[] = []
  for (const g of groups) {
    const sg = s.network.securityGroups[g]
    if (!sg)
      return {
        status: 'unknown',
        allowing: [],
        uncovered: [],
        nearMisses: [],
        evidence: [],
        why: `${g} was not read`,
        missing: ['ec2:DescribeSecurityGroupRules'],
      }
    if (sg.rules.status !== 'ok')
      return {
        status: 'unknown',
        allowing: [],
        uncovered: [],
        nearMisses: [],
        evidence: [],
        why: `the rules of ${g}: ${whyMissing(sg.rules)}`,
        missing: missingFor(sg.rules),
      }
    rules.push(...sg.rules.value.filter(r => r.egress === egress))
  }
  // A rule to a managed prefix list covers the list's CIDRs: evaluate it as one rule per entry.
  const unreadable: Array<{ rule: SgRuleFacts; why: string; missing: readonly string[] }> = []
  const expanded: SgRuleFacts[] = []
  for (const r of rules) {
    if (!r.prefixListId || r.cidrIpv4 || r.cidrIpv6 || r.referencedGroupId) {
      expanded.push(r)
      continue
    }
    const pl = s.network.prefixLists?.[r.prefixListId]
    if (pl?.status === 'ok' && Array.isArray(pl.value.cidrs))
      expanded.push(
        ...pl.value.cidrs
          .filter(c => familyOf(c) === (v6 ? 6 : 4))
          .map(c => (v6 ? { ...r, cidrIpv6: c } : { ...r, cidrIpv4: c })),
      )
    else
      unreadable.push({
        rule: r,
        why: pl && pl.status !== 'ok' ? whyMissing(pl) : 'its entries were not read',
        missing: pl && pl.status !== 'ok' ? missingFor(pl) : ['ec2:GetManagedPrefixListEntries'],
      })
  }
  rules.splice(0, rules.length, ...expanded)
  const allowing = new Set<SgRuleFacts>()
  const uncovered: IpRange[] = []
  for (const p of peers) {
    const r = rules.find(rule => sgRuleAllows(rule, 443, [p], peerGroups) === 'all')
    if (r) allowing.add(r)
    else uncovered.push(p)
  }
  const nearMisses = rules.filter(
    r =>
      cidrOf(r) &&
      sgRuleAllows(r, 443, peers, peerGroups) !== 'all' &&
      (r.protocol === '-1' || r.protocol === 'tcp' || r.protocol === '6'),
  )
  const describe = (r: SgRuleFacts) =>
    `${r.groupId} ${r.ruleId}: ${egress ? 'egress to' : 'ingress from'} ${r.referencedGroupId ?? (r.prefixListId && cidrOf(r) ? `${r.prefixListId} (entry ${cidrOf(r)})` : undefined) ?? r.cidrIpv4 ?? r.cidrIpv6 ?? r.prefixListId ?? '?'} ${r.protocol === '-1' ? 'all traffic' : `${r.protocol} ${r.fromPort === r.toPort ? r.fromPort : `${r.fromPort}-${r.toPort}`}`}`
  const evidence: Evidence[] = [
    ...[...allowing].map(r => ({ text: `allowed by ${describe(r)}`, resource: r.groupId, rule: r.ruleId })),
    ...nearMisses
      .filter(r => !allowing.has(r))
      .map(r => ({ text: `does not cover the peer: ${describe(r)}`, resource: r.groupId, rule: r.ruleId })),
    ...rules
      .filter(r => (v6 ? r.cidrIpv4 && !r.cidrIpv6 : r.cidrIpv6 && !r.cidrIpv4))
      .map(r => ({
        text: v6
          ? `IPv4-only, does not apply to IPv6 traffic: ${describe(r)}`
          : `IPv6-only, does not apply to IPv4 traffic: ${describe(r)}`,
        resource: r.groupId,
        rule: r.ruleId,
      })),
  ]
  // A peer that some rule covers in part (a /25 of the caller's /24) is "only part", not "none":
  // the caller works from some addresses and times out from others (row 18).
  const partlyCovered = uncovered.some(p =>
    rules.some(rule => sgRuleAllows(rule, 443, [p], peerGroups) === 'some'),
  )
  const status =
    uncovered.length === 0
      ? 'allowed'
      : uncovered.length < peers.length || partlyCovered
        ? 'partial'
        : 'blocked'
  // A prefix list that could not be read might cover what no other rule does: unknown, never fail.
  const relevant = unreadable.filter(
    u =>
      sgRuleAllows(
        v6 ? { ...u.rule, cidrIpv6: '::/0' } : { ...u.rule, cidrIpv4: '0.0.0.0/0' },
        443,
        peers,
        peerGroups,
      ) !== 'none',
  )
  if (status !== 'allowed' && relevant.length > 0)
    return {
      status: 'unknown',
      allowing: [...allowing],
      uncovered,
      nearMisses,
      evidence,
      why: `${relevant.map(u => `${u.rule.groupId} ${u.rule.ruleId} names ${u.rule.prefixListId}`).join(', ')}, whose entries could not be read (${relevant[0]!.why})`,
      missing: [...new Set(relevant.flatMap(u => u.missing))],
    }
  return { status, allowing: [...allowing], uncovered, nearMisses, evidence }
}

/** The endpoint's addresses as ranges (exact ENI IPs, else its subnets' blocks), in one family. */
export function endpointPeers(
  s: DoctorSnapshot,
  d: Derived,
  family: 4 | 6 = 4,
): { ranges: IpRange[]; exact: boolean } | undefined {
  const addrs = valueOf(d.endpointAddresses)
  if (addrs) {
    const ranges: IpRange[] = addrs
      .map(a => (family === 6 ? parseCidr6(a.ip) : parseCidr(a.ip)))
      .filter((r): r is Ipv4Range | Ipv6Range => r !== undefined)
    // An endpoint with no address of this family (IPv4-only ENIs, an IPv6 caller): none to judge.
    if (ranges.length > 0 || family === 4) return { ranges, exact: true }
  }
  const ep = valueOf(d.endpoint)
  if (!ep) return undefined
  if (family === 6) {
    const blocks = ep.subnetIds.flatMap(id => valueOf(s.network.subnets[id])?.ipv6CidrBlocks ?? [])
    const ranges = blocks.map(b => parseCidr6(b)).filter((r): r is Ipv6Range => r !== undefined)
    return ranges.length > 0 ? { ranges, exact: false } : undefined
  }
  const cidrs = ep.subnetIds
    .map(id => valueOf(s.network.subnets[id])?.cidrBlock)
    .map(c => (c ? parseCidr(c) : undefined))
  if (cidrs.length === 0 || cidrs.some(c => c === undefined)) return undefined
  return { ranges: cidrs as Ipv4Range[], exact: false }
}
