/**
 * IPv6 ranges next to net.ts's IPv4 ones, so security group and NACL evaluation can judge an
 * IPv6 caller with the IPv6 rules (`CidrIpv6`, `Ipv6CidrBlock`, `::/0`). Pure.
 *
 * An IPv4 range holds numbers and an IPv6 range bigints: the two never compare, and a rule of
 * one family never matches a peer of the other (AWS evaluates `0.0.0.0/0` and `::/0` apart).
 */
import { parseIpBlock } from '../policy/conditions/ip.js'
import type { Ipv4Range } from './net.js'

/** An IPv6 range as inclusive 128-bit integer bounds. */
export interface Ipv6Range {
  readonly first: bigint
  readonly last: bigint
  /** The text it came from (`2600:1f18::/64`, `2600:1f18::10/128`). */
  readonly text: string
  readonly family: 6
}

/** An address range of either family. */
export type IpRange = Ipv4Range | Ipv6Range

/** Which family an address or CIDR is written in; undefined when it is neither. */
export function familyOf(text: string): 4 | 6 | undefined {
  return parseIpBlock(text)?.family
}

/** Parses an IPv6 address (a /128) or CIDR; undefined when it is not IPv6. */
export function parseCidr6(text: string): Ipv6Range | undefined {
  const b = parseIpBlock(text)
  if (!b || b.family !== 6) return undefined
  const host = 128n - BigInt(b.prefix)
  const first = (b.bits >> host) << host
  const last = first + (1n << host) - 1n
  const t = text.trim()
  return { first, last, text: t.includes('/') ? t : `${t}/128`, family: 6 }
}

export const isV6 = (r: IpRange): r is Ipv6Range => typeof r.first === 'bigint'

/** True when `outer` contains all of `inner` (never across families). */
export function containsRange(outer: IpRange, inner: IpRange): boolean {
  if (isV6(outer) !== isV6(inner)) return false
  return outer.first <= inner.first && inner.last <= outer.last
}

/** True when the ranges share an address (never across families). */
export function overlapsRange(a: IpRange, b: IpRange): boolean {
  if (isV6(a) !== isV6(b)) return false
  return a.first <= b.last && b.first <= a.last
}

/** The family of a list of peers (they are built one family at a time). */
export const peersFamily = (peers: readonly IpRange[]): 4 | 6 => (peers.some(isV6) ? 6 : 4)

/** `IPv4` / `IPv6`. */
export const familyName = (f: 4 | 6): string => `IPv${f}`
