/**
 * IPv4 address arithmetic, security group rule matching and network ACL evaluation. Pure.
 *
 * The rules implemented are AWS's: security groups are stateful allow-lists (any matching rule
 * allows, return traffic is implicit); network ACLs are stateless, evaluated per direction in
 * ascending rule number, first match wins, with a final implicit deny (`*`).
 */
import { containsRange, isV6, overlapsRange, parseCidr6, peersFamily, type IpRange } from './net6.js'
import type { NaclEntryFacts, SgRuleFacts } from './snapshot.js'

/** A CIDR of either family; undefined when it is neither. */
export const parseAnyCidr = (text: string): IpRange | undefined => parseCidr(text) ?? parseCidr6(text)

/** An IPv4 range as inclusive integer bounds. */
export interface Ipv4Range {
  readonly first: number
  readonly last: number
  /** The text it came from (`10.0.1.15/32`, `10.0.0.0/16`). */
  readonly text: string
}

/** Parses a dotted IPv4 address; undefined when it is not one. */
export function parseIpv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim())
  if (!m) return undefined
  const parts = m.slice(1, 5).map(Number)
  if (parts.some(p => p > 255)) return undefined
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!
}

/** Parses `a.b.c.d/n` or a bare address (a /32); undefined when it is not IPv4. */
export function parseCidr(text: string): Ipv4Range | undefined {
  const [addr = '', bitsText] = text.trim().split('/')
  const base = parseIpv4(addr)
  if (base === undefined) return undefined
  const bits = bitsText === undefined ? 32 : Number(bitsText)
  if (!Number.isInteger(bits) || bits < 0 || bits > 32) return undefined
  const size = 2 ** (32 - bits)
  const first = Math.floor(base / size) * size
  return { first, last: first + size - 1, text: bitsText === undefined ? `${addr}/32` : text.trim() }
}

/** True when `outer` contains all of `inner`. */
export function rangeContains(outer: Ipv4Range, inner: Ipv4Range): boolean {
  return outer.first <= inner.first && inner.last <= outer.last
}

/** True when the ranges share at least one address. */
export function rangesOverlap(a: Ipv4Range, b: Ipv4Range): boolean {
  return a.first <= b.last && b.first <= a.last
}

/** Does an SG/NACL protocol value cover TCP? (`-1` all, `tcp`, `6`). */
export function coversTcp(protocol: string): boolean {
  const p = protocol.toLowerCase()
  return p === '-1' || p === 'all' || p === 'tcp' || p === '6'
}

/** Does the rule's port range include `port`? Absent ports (protocol -1) cover every port. */
export function portInRange(port: number, from: number | undefined, to: number | undefined): boolean {
  if (from === undefined || to === undefined || from === -1 || to === -1) return true
  return from <= port && port <= to
}

/** How an SG rule's peer relates to a set of peer ranges. */
export type PeerMatch = 'all' | 'some' | 'none'

/**
 * Does one SG rule allow TCP `port` to/from `peers`? `peerGroups` are the security groups the
 * peer belongs to (a rule referencing one of them matches every peer address, of either family).
 * Peers are of one family: IPv4 peers are judged by `CidrIpv4` rules, IPv6 peers by `CidrIpv6`.
 */
export function sgRuleAllows(
  rule: SgRuleFacts,
  port: number,
  peers: readonly IpRange[],
  peerGroups: readonly string[],
): PeerMatch {
  if (!coversTcp(rule.protocol) || !portInRange(port, rule.fromPort, rule.toPort)) return 'none'
  if (rule.referencedGroupId) return peerGroups.includes(rule.referencedGroupId) ? 'all' : 'none'
  const v6 = peersFamily(peers) === 6
  const cidr = v6 ? rule.cidrIpv6 : rule.cidrIpv4
  if (cidr) {
    const r = v6 ? parseCidr6(cidr) : parseCidr(cidr)
    if (!r || peers.length === 0) return 'none'
    const inside = peers.filter(p => containsRange(r, p)).length
    return inside === peers.length
      ? 'all'
      : inside > 0 || peers.some(p => overlapsRange(r, p))
        ? 'some'
        : 'none'
  }
  // A rule of the other family, or a prefix list (expanded by the caller), covers none of them.
  return 'none'
}

/** The outcome of a NACL evaluation for one flow. */
export interface NaclVerdict {
  readonly allowed: boolean
  /** The deciding rule (`*` = the final implicit deny). */
  readonly rule: string
  readonly ruleAction: 'allow' | 'deny'
  /** Set when the deciding rule only partly covers the peer range. */
  readonly partial?: boolean
}

/**
 * Evaluates a NACL for TCP traffic in one direction (`egress` true = leaving the subnet) to or
 * from `peer` on one `port`: ascending rule number, first match wins.
 */
export function evaluateNacl(
  entries: readonly NaclEntryFacts[],
  egress: boolean,
  peer: IpRange,
  port: number,
): NaclVerdict {
  // IPv4 entries decide IPv4 traffic and IPv6 entries IPv6 traffic; the numbering is shared.
  const v6 = isV6(peer)
  const rules = entries
    .filter(e => e.egress === egress && e.ruleNumber !== 32767)
    .sort((a, b) => a.ruleNumber - b.ruleNumber)
  for (const e of rules) {
    if (!coversTcp(e.protocol) || !portInRange(port, e.fromPort, e.toPort)) continue
    const r = v6
      ? e.ipv6CidrBlock
        ? parseCidr6(e.ipv6CidrBlock)
        : undefined
      : e.cidrBlock
        ? parseCidr(e.cidrBlock)
        : undefined
    if (!r) continue
    if (containsRange(r, peer))
      return { allowed: e.action === 'allow', rule: String(e.ruleNumber), ruleAction: e.action }
    if (overlapsRange(r, peer))
      return {
        allowed: e.action === 'allow',
        rule: String(e.ruleNumber),
        ruleAction: e.action,
        partial: true,
      }
  }
  return { allowed: false, rule: '*', ruleAction: 'deny' }
}

/** A port interval with the NACL verdict that applies to all of it. */
export interface PortSpan {
  readonly from: number
  readonly to: number
  readonly verdict: NaclVerdict
}

/**
 * Evaluates a NACL over a whole port range (return traffic uses ephemeral ports), splitting the
 * range wherever a rule's port bounds change the answer. Adjacent spans with the same rule merge.
 */
export function evaluateNaclRange(
  entries: readonly NaclEntryFacts[],
  egress: boolean,
  peer: IpRange,
  from: number,
  to: number,
): PortSpan[] {
  const cuts = new Set<number>([from, to + 1])
  for (const e of entries) {
    if (e.fromPort !== undefined && e.fromPort > from && e.fromPort <= to) cuts.add(e.fromPort)
    if (e.toPort !== undefined && e.toPort + 1 > from && e.toPort + 1 <= to) cuts.add(e.toPort + 1)
  }
  const points = [...cuts].sort((a, b) => a - b)
  const spans: PortSpan[] = []
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!
    const end = points[i + 1]! - 1
    const verdict = evaluateNacl(entries, egress, peer, start)
    const last = spans[spans.length - 1]
    if (
      last &&
      last.verdict.rule === verdict.rule &&
      last.verdict.allowed === verdict.allowed &&
      last.to + 1 === start
    ) {
      spans[spans.length - 1] = { from: last.from, to: end, verdict }
    } else {
      spans.push({ from: start, to: end, verdict })
    }
  }
  return spans
}

/** `1024-65535` style text for a port span. */
export const portText = (from: number, to: number): string => (from === to ? String(from) : `${from}-${to}`)
