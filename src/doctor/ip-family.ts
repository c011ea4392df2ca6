/**
 * Which address family the caller's connection to the endpoint uses, and the caller's and the
 * endpoint's addresses in that family. Pure: from the snapshot only.
 *
 * The family follows from two facts. The name's records: the endpoint's `DnsRecordIpType`
 * (`ipv4` = A, `ipv6` = AAAA, `dualstack` = both, `service-defined` = A for the private DNS
 * name, A and AAAA for the `vpce-…` names), or the DNS answer itself when one speaks for the
 * caller. The caller's stack: a Lambda function sends IPv6 only with
 * `VpcConfig.Ipv6AllowedForDualStack` in dual-stack subnets; an instance only with an IPv6
 * address (IMDS `ipv6s`); `--caller-ip` says which addresses the caller has. When both families
 * are possible the client tries IPv6 first (RFC 6724 default address selection sorts the AAAA
 * answer first on a host with an IPv6 address; getaddrinfo, Node, curl, the JVM follow it), and
 * falls back to IPv4 only when the IPv6 connection fails: at once with Happy Eyeballs (curl,
 * Node ≥ 20), after the whole connect timeout without it.
 */
import type { DerivedFacts as Derived } from './derived-facts.js'
import type { Ipv4Range } from './net.js'
import { familyOf, parseCidr6, type IpRange, type Ipv6Range } from './net6.js'
import { notCollected, ok, valueOf, type Collected, type DoctorSnapshot } from './snapshot.js'

/** Which record types the connect host has, and how that is known. */
export interface RecordFamilies {
  readonly a: boolean
  readonly aaaa: boolean
  /** `the DNS answer` or `DnsRecordIpType dualstack of vpce-…`. */
  readonly source: string
}

/** Whether the caller can send over each family (undefined: cannot be told). */
export interface CallerStack {
  readonly v4: boolean | undefined
  readonly v6: boolean | undefined
  /** One sentence on how that is known. */
  readonly why: string
}

export interface FamilyChoice {
  /** The family the connection uses; undefined when it cannot be told or none works. */
  readonly family?: 4 | 6
  /** One sentence: why this family (or why none). */
  readonly why: string
  /** Set when the caller and the name share no family: the connection cannot be made. */
  readonly mismatch?: boolean
  /** IPv6 is tried first but IPv4 is there too: a failed IPv6 connection falls back to IPv4. */
  readonly fallback?: 4
  /** True when IPv6 plays a part (AAAA records or an IPv6 caller): reports then name the family. */
  readonly dualStackInPlay: boolean
  readonly records?: RecordFamilies
  readonly caller?: CallerStack
  readonly missing?: readonly string[]
}

const cache = new WeakMap<Derived, FamilyChoice>()

/** The family decision for a snapshot (computed once per derivation). */
export function addressFamily(s: DoctorSnapshot, d: Derived): FamilyChoice {
  let c = cache.get(d)
  if (!c) {
    c = decide(s, d)
    cache.set(d, c)
  }
  return c
}

/** The caller's addresses of one family (IMDS, `--caller-ip`). */
export function callerIpsOf(s: DoctorSnapshot, d: Derived, family: 4 | 6): string[] {
  void s
  return (valueOf(d.callerNetwork)?.privateIps ?? []).filter(ip => familyOf(ip) === family)
}

/**
 * The caller's source ranges in `family`: exact addresses when known, else its subnets' blocks.
 * IPv4 is derive.ts's `callerRanges`.
 */
export function callerRangesOf(
  s: DoctorSnapshot,
  d: Derived,
  family: 4 | 6,
): Collected<{ readonly ranges: readonly IpRange[]; readonly exact: boolean }> {
  if (family === 4) return d.callerRanges
  const net = d.callerNetwork
  if (net.status !== 'ok') return net
  const ips = callerIpsOf(s, d, 6)
    .map(ip => parseCidr6(ip))
    .filter((r): r is Ipv6Range => r !== undefined)
  if (ips.length > 0) return ok({ ranges: ips, exact: true })
  const blocks = d.callerSubnets.flatMap(sn => sn.ipv6CidrBlocks ?? [])
  const ranges = blocks.map(b => parseCidr6(b)).filter((r): r is Ipv6Range => r !== undefined)
  if (ranges.length > 0) return ok({ ranges, exact: false })
  return notCollected(
    "the caller's IPv6 address and its subnets' IPv6 blocks are unknown",
    '--caller-ip with the IPv6 address, or ec2:DescribeSubnets',
  )
}

/** The endpoint's addresses of one family (ENI IPs), as ranges. */
export function endpointIpsOf(d: Derived, family: 4 | 6): string[] {
  return (valueOf(d.endpointAddresses) ?? []).map(a => a.ip).filter(ip => familyOf(ip) === family)
}

/** The range of one endpoint address, in its own family. */
export type EndpointRange = Ipv4Range | Ipv6Range

function recordsOf(s: DoctorSnapshot, d: Derived): RecordFamilies | undefined {
  const host = s.target.connectHost
  const answer = valueOf(s.dns.answers[host])
  const speaks =
    answer &&
    (answer.server !== 'system' ||
      valueOf(d.callerNetwork)?.source === 'imds' ||
      s.target.hostKind === 'alias' ||
      s.target.hostKind === 'vpce')
  if (answer && speaks && answer.result === 'answer' && answer.addresses.length > 0) {
    const aaaaAsked = answer.asked?.includes('AAAA') ?? false
    const a = answer.addresses.some(x => familyOf(x) === 4)
    const aaaa = answer.addresses.some(x => familyOf(x) === 6)
    // An old answer (no `asked`) with A records never asked for AAAA: fall through to the endpoint.
    if (aaaa || aaaaAsked) return { a, aaaa, source: `the DNS answer for ${host} via ${answer.server}` }
  }
  const ep = valueOf(d.endpoint)
  if (!ep) return undefined
  const type = ep.dnsRecordIpType ?? (ep.ipAddressType === 'ipv6' ? 'ipv6' : 'ipv4')
  // No DnsRecordIpType in the answer: an endpoint from before dual-stack, which has A records.
  const source = ep.dnsRecordIpType
    ? `DnsRecordIpType ${ep.dnsRecordIpType} of ${ep.id}`
    : `IpAddressType ${ep.ipAddressType ?? 'ipv4'} of ${ep.id}`
  switch (type) {
    case 'ipv6':
      return { a: false, aaaa: true, source }
    case 'dualstack':
      return { a: true, aaaa: true, source }
    case 'service-defined':
      // A for the private DNS name; A and AAAA for the regional and zonal vpce-… names.
      return { a: true, aaaa: s.target.hostKind === 'vpce', source }
    default:
      return { a: true, aaaa: false, source }
  }
}

function callerStackOf(s: DoctorSnapshot, d: Derived): CallerStack | undefined {
  const net = valueOf(d.callerNetwork)
  if (!net) return undefined
  const v4 = callerIpsOf(s, d, 4)
  const v6 = callerIpsOf(s, d, 6)
  const subnets = d.callerSubnets
  const allRead = subnets.length > 0 && subnets.length === net.subnetIds.length
  const dualSubnets = allRead ? subnets.every(sn => (sn.ipv6CidrBlocks ?? []).length > 0) : undefined
  const native = allRead && subnets.every(sn => sn.ipv6Native === true)
  if (net.source === 'lambda') {
    const name = net.lambda?.functionName ?? 'the function'
    if (net.ipv6AllowedForDualStack !== true)
      return { v4: true, v6: false, why: `${name} has Ipv6AllowedForDualStack off: it sends IPv4 only` }
    if (dualSubnets === false)
      return {
        v4: true,
        v6: false,
        why: `${name} has Ipv6AllowedForDualStack on, but not all of its subnets have an IPv6 block: it sends IPv4`,
      }
    return {
      v4: !native,
      v6: dualSubnets,
      why: `${name} has Ipv6AllowedForDualStack on${dualSubnets ? ' in dual-stack subnets' : ' (its subnets were not read)'}`,
    }
  }
  if (v4.length > 0 || v6.length > 0) {
    const from = net.source === 'imds' ? 'the instance (IMDS)' : '--caller-ip'
    return {
      v4: v4.length > 0,
      v6: v6.length > 0,
      why: `${from} has ${[v4.length ? `IPv4 ${v4.join(', ')}` : '', v6.length ? `IPv6 ${v6.join(', ')}` : ''].filter(Boolean).join(' and ')}`,
    }
  }
  if (native) return { v4: false, v6: true, why: 'the caller subnets are IPv6-only' }
  return {
    v4: true,
    v6: dualSubnets ? undefined : false,
    why: dualSubnets
      ? 'the caller subnets are dual-stack, and whether the caller has an IPv6 address is unknown (give it with --caller-ip)'
      : 'the caller subnets have no IPv6 block',
  }
}

function decide(s: DoctorSnapshot, d: Derived): FamilyChoice {
  const records = recordsOf(s, d)
  const caller = callerStackOf(s, d)
  const v6InPlay = (records?.aaaa ?? false) || caller?.v6 === true
  const base = {
    dualStackInPlay: v6InPlay,
    ...(records ? { records } : {}),
    ...(caller ? { caller } : {}),
  }
  if (!records)
    return {
      ...base,
      why: 'which records the name has is unknown (the endpoint was not identified, no DNS answer)',
      missing: ['ec2:DescribeVpcEndpoints', '--dns-server'],
    }
  if (!caller)
    return {
      ...base,
      why: "the caller's network is unknown",
      missing: ['--lambda, --from-imds or --caller-ip'],
    }
  const names = `${records.a && records.aaaa ? 'A and AAAA' : records.aaaa ? 'only AAAA' : 'only A'} records (${records.source})`
  const can6 = records.aaaa && caller.v6 === true
  const can4 = records.a && caller.v4 !== false
  if (can6 && can4)
    return {
      ...base,
      family: 6,
      fallback: 4,
      why: `IPv6: the name has ${names} and ${caller.why}; clients try the AAAA answer first (RFC 6724) and use IPv4 only when the IPv6 connection fails`,
    }
  if (can6) return { ...base, family: 6, why: `IPv6: the name has ${names} and ${caller.why}` }
  if (can4) {
    const maybe = records.aaaa && caller.v6 === undefined
    return {
      ...base,
      family: 4,
      why: `IPv4: the name has ${names} and ${caller.why}${maybe ? '; if the caller has an IPv6 address it would use IPv6' : ''}`,
      ...(maybe ? { missing: ["--caller-ip with the caller's IPv6 address, if it has one"] } : {}),
    }
  }
  if (records.aaaa && caller.v6 === undefined)
    return {
      ...base,
      why: `the name has ${names} and ${caller.why}`,
      missing: ["--caller-ip with the caller's IPv6 address"],
    }
  return { ...base, mismatch: true, why: `the name has ${names}, but ${caller.why}` }
}

/** `IPv4`/`IPv6` and the family the checks judge: the chosen one, else IPv4 (as before dual-stack). */
export function judgedFamily(c: FamilyChoice): 4 | 6 {
  return c.family ?? 4
}

/** Evidence line naming the family and why, when IPv6 plays a part (else nothing: IPv4 as always). */
export function familyEvidence(c: FamilyChoice): Array<{ text: string }> {
  return c.dualStackInPlay ? [{ text: `address family: ${c.why}` }] : []
}

/** ` over IPv6` for summaries, when IPv6 plays a part. */
export function overFamily(c: FamilyChoice): string {
  return c.dualStackInPlay ? ` over IPv${judgedFamily(c)}` : ''
}

/** The caller's addresses, those of the family it connects over first (for aws:VpcSourceIp). */
export function callerIpsFirst(s: DoctorSnapshot, d: Derived): string[] {
  const all = valueOf(d.callerNetwork)?.privateIps ?? []
  const family = addressFamily(s, d).family ?? 4
  return [...all.filter(ip => familyOf(ip) === family), ...all.filter(ip => familyOf(ip) !== family)]
}
