/**
 * Network ACL checks for the two subnets of the path (caller and endpoint), shared by the two
 * NACL checks. NACLs apply when traffic enters or leaves a subnet, not within it; they are
 * stateless, so the return traffic (ephemeral ports) must be allowed explicitly. Pure.
 */
import type { Derived } from './derive.js'
import { whyMissing, missingFor, type Evidence } from './finding.js'
import { evaluateNacl, evaluateNaclRange, parseCidr, portText, type Ipv4Range } from './net.js'
import { containsRange, familyOf, parseCidr6, type IpRange } from './net6.js'
import { callerRangesOf } from './ip-family.js'
import { valueOf, type DoctorSnapshot, type NaclEntryFacts } from './snapshot.js'

/** One path: a caller subnet (and its address range) to one endpoint ENI address. */
export interface NaclPath {
  readonly callerSubnet: string
  readonly callerRange: IpRange
  readonly endpointSubnet: string
  readonly endpointIp: IpRange
}

export interface NaclProblem {
  readonly text: string
  readonly naclId: string
  readonly rule: string
  readonly severity: 'fail' | 'warn'
  /** The direction the denied traffic travels at this subnet. */
  readonly egress: boolean
  /** The peer address range of the denied traffic (the CIDR a fix allows). */
  readonly peer: string
  /** The ports a fix allows: 443 for the request, the ephemeral range for the return traffic. */
  readonly ports: readonly [number, number]
  /** The ACL's entries, to pick free rule numbers for the fix. */
  readonly entries: readonly NaclEntryFacts[]
}

/**
 * The caller→endpoint paths that cross a subnet boundary, or why they cannot be listed, in one
 * address family (IPv6 paths are judged by the ACLs' IPv6 entries).
 */
export function naclPaths(
  s: DoctorSnapshot,
  d: Derived,
  family: 4 | 6 = 4,
): { paths: NaclPath[]; sameSubnet: number } | { unknown: string; missing: readonly string[] } {
  const net = d.callerNetwork
  if (net.status !== 'ok')
    return {
      unknown: `the caller's network: ${whyMissing(net)}`,
      missing: ['--lambda, --from-imds or --subnet'],
    }
  // An on-premises caller (--caller-cidr) has no subnet: only the endpoint's side is evaluated.
  if (net.value.onPremises) return onPremisesPaths(net.value.onPremises.cidrs, d)
  if (net.value.subnetIds.length === 0)
    return {
      unknown: "the caller's subnet is unknown",
      missing: ['--subnet subnet-… (or --lambda / --from-imds)'],
    }
  const addrs = d.endpointAddresses
  if (addrs.status !== 'ok')
    return { unknown: `the endpoint's addresses: ${whyMissing(addrs)}`, missing: missingFor(addrs) }
  if (family === 6) return naclPaths6(s, d)
  const paths: NaclPath[] = []
  let sameSubnet = 0
  for (const subnetId of net.value.subnetIds) {
    const sn = valueOf(s.network.subnets[subnetId])
    const ips = net.value.privateIps.map(ip => parseCidr(ip)).filter((r): r is Ipv4Range => r !== undefined)
    const own = sn?.cidrBlock ? parseCidr(sn.cidrBlock) : undefined
    const inSubnet = own ? ips.filter(ip => ip.first >= own.first && ip.last <= own.last) : ips
    const range = inSubnet[0] ?? own
    if (!range)
      return { unknown: `the address range of ${subnetId} is unknown`, missing: ['ec2:DescribeSubnets'] }
    for (const a of addrs.value) {
      const ip = parseCidr(a.ip)
      if (!ip || !a.subnetId) continue
      if (a.subnetId === subnetId) {
        sameSubnet++
        continue
      }
      paths.push({ callerSubnet: subnetId, callerRange: range, endpointSubnet: a.subnetId, endpointIp: ip })
    }
  }
  return { paths, sameSubnet }
}

function naclPaths6(
  s: DoctorSnapshot,
  d: Derived,
): { paths: NaclPath[]; sameSubnet: number } | { unknown: string; missing: readonly string[] } {
  const net = valueOf(d.callerNetwork)!
  const addrs = valueOf(d.endpointAddresses)!
  const caller = callerRangesOf(s, d, 6)
  if (!addrs.some(a => familyOf(a.ip) === 6))
    return {
      unknown: "the endpoint's ENIs have no IPv6 address read",
      missing: ['ec2:DescribeNetworkInterfaces'],
    }
  const paths: NaclPath[] = []
  let sameSubnet = 0
  for (const subnetId of net.subnetIds) {
    const blocks = (valueOf(s.network.subnets[subnetId])?.ipv6CidrBlocks ?? []).map(b => parseCidr6(b))
    const exact = caller.status === 'ok' && caller.value.exact ? caller.value.ranges : []
    const inSubnet = exact.filter(ip => blocks.some(b => b && containsRange(b, ip)))
    const range = inSubnet[0] ?? blocks.find(b => b !== undefined) ?? exact[0]
    if (!range)
      return {
        unknown: `the IPv6 block of ${subnetId} is unknown`,
        missing: ['ec2:DescribeSubnets', '--caller-ip with the IPv6 address'],
      }
    for (const a of addrs) {
      const ip = familyOf(a.ip) === 6 ? parseCidr6(a.ip) : undefined
      if (!ip || !a.subnetId) continue
      if (a.subnetId === subnetId) {
        sameSubnet++
        continue
      }
      paths.push({ callerSubnet: subnetId, callerRange: range, endpointSubnet: a.subnetId, endpointIp: ip })
    }
  }
  return { paths, sameSubnet }
}

/** Ephemeral ports a client uses: Lambda 1024–65535; Linux 32768–60999 (AWS recommends allowing 1024–65535). */
export function ephemeralRange(d: Derived): { required: [number, number]; recommended: [number, number] } {
  return valueOf(d.callerNetwork)?.source === 'lambda'
    ? { required: [1024, 65535], recommended: [1024, 65535] }
    : { required: [32768, 60999], recommended: [1024, 65535] }
}

/**
 * Evaluates one subnet's NACL: `out` TCP `port` to the peer in one direction, and the return
 * traffic on `ephemeral` ports in the other direction. `forward` says which direction the
 * request travels at this subnet: egress at the caller, ingress at the endpoint.
 */
export function checkSubnetNacl(
  s: DoctorSnapshot,
  subnetId: string,
  peer: IpRange,
  requestEgress: boolean,
  d: Derived,
): { problems: NaclProblem[]; evidence: Evidence[] } | { unknown: string; missing: readonly string[] } {
  const c = s.network.nacls[subnetId]
  if (!c)
    return { unknown: `the network ACL of ${subnetId} was not read`, missing: ['ec2:DescribeNetworkAcls'] }
  if (c.status !== 'ok')
    return { unknown: `the network ACL of ${subnetId}: ${whyMissing(c)}`, missing: missingFor(c) }
  const nacl = c.value
  const problems: NaclProblem[] = []
  const evidence: Evidence[] = []
  const dir = (egress: boolean) => (egress ? 'outbound' : 'inbound')
  // The request: TCP 443 (the endpoint's port) leaves the caller subnet / enters the endpoint subnet.
  const req = evaluateNacl(nacl.entries, requestEgress, peer, 443)
  const reqText = `${nacl.naclId} (${subnetId}) ${dir(requestEgress)} TCP 443 ${requestEgress ? 'to' : 'from'} ${peer.text}: rule ${req.rule} ${req.ruleAction}${req.partial ? ' (covers part of the range)' : ''}`
  evidence.push({ text: reqText, resource: nacl.naclId, rule: req.rule })
  if (!req.allowed)
    problems.push({
      text: reqText,
      naclId: nacl.naclId,
      rule: req.rule,
      severity: 'fail',
      egress: requestEgress,
      peer: peer.text,
      ports: [443, 443],
      entries: nacl.entries,
    })
  // The return traffic: the caller's ephemeral port, the other way.
  const { required, recommended } = ephemeralRange(d)
  const spans = evaluateNaclRange(nacl.entries, !requestEgress, peer, recommended[0], recommended[1])
  for (const sp of spans) {
    const inRequired = sp.to >= required[0] && sp.from <= required[1]
    const text = `${nacl.naclId} (${subnetId}) ${dir(!requestEgress)} TCP ${portText(sp.from, sp.to)} (return traffic) ${!requestEgress ? 'to' : 'from'} ${peer.text}: rule ${sp.verdict.rule} ${sp.verdict.ruleAction}`
    evidence.push({ text, resource: nacl.naclId, rule: sp.verdict.rule })
    if (!sp.verdict.allowed)
      problems.push({
        text,
        naclId: nacl.naclId,
        rule: sp.verdict.rule,
        severity: inRequired ? 'fail' : 'warn',
        egress: !requestEgress,
        peer: peer.text,
        ports: recommended,
        entries: nacl.entries,
      })
  }
  return { problems, evidence }
}

/** The last rule number a custom NACL entry may use (32767 is the implicit `*` rule). */
const MAX_RULE = 32766

/**
 * A free rule number that is evaluated before `before` (NACL rules run in ascending order and the
 * first match decides). For the implicit `*` rule any free number works: prefer a round one.
 * Undefined when every number below the denying rule is taken.
 */
export function freeRuleNumber(taken: ReadonlySet<number>, before: number): number | undefined {
  if (before > MAX_RULE) {
    for (let n = 100; n <= MAX_RULE; n += 10) if (!taken.has(n)) return n
    for (let n = 1; n <= MAX_RULE; n++) if (!taken.has(n)) return n
    return undefined
  }
  for (let n = before - 1; n >= 1; n--) if (!taken.has(n)) return n
  return undefined
}

/**
 * AWS CLI commands that add an allow entry for each denied direction, with a rule number that is
 * free in that ACL and direction and lower than the rule that denies (EC2 refuses a taken number
 * with NetworkAclEntryAlreadyExists, and a higher one would never be reached).
 */
export function naclFixLines(region: string, problems: readonly NaclProblem[]): string[] {
  const groups = new Map<string, NaclProblem[]>()
  for (const p of problems) {
    const key = `${p.naclId}|${p.egress}|${p.peer}|${p.ports[0]}-${p.ports[1]}`
    groups.set(key, [...(groups.get(key) ?? []), p])
  }
  const used = new Map<string, Set<number>>()
  const lines: string[] = []
  for (const list of groups.values()) {
    const p = list[0]!
    const dirKey = `${p.naclId}|${p.egress}`
    const taken =
      used.get(dirKey) ?? new Set(p.entries.filter(e => e.egress === p.egress).map(e => e.ruleNumber))
    used.set(dirKey, taken)
    const before = Math.min(...list.map(x => (x.rule === '*' ? MAX_RULE + 1 : Number(x.rule))))
    const n = freeRuleNumber(taken, before)
    const dir = p.egress ? 'outbound' : 'inbound'
    if (n === undefined) {
      lines.push(
        `# ${p.naclId}: every rule number below ${dir} rule ${before} is taken: renumber the rules below it (aws ec2 replace-network-acl-entry), then allow TCP ${portText(p.ports[0], p.ports[1])} ${p.egress ? 'to' : 'from'} ${p.peer} below rule ${before}`,
      )
      continue
    }
    taken.add(n)
    lines.push(
      `aws ec2 create-network-acl-entry --network-acl-id ${p.naclId} --region ${region} --${p.egress ? 'egress' : 'ingress'} --rule-number ${n} --protocol tcp --port-range From=${p.ports[0]},To=${p.ports[1]} ${p.peer.includes(':') ? '--ipv6-cidr-block' : '--cidr-block'} ${p.peer} --rule-action allow`,
    )
    lines.push(
      `# ${dir} rule ${n} is free and is evaluated before rule ${before === MAX_RULE + 1 ? '*' : before}, which denies it`,
    )
  }
  lines.push('# NACLs are stateless: the request and the return traffic each need an allow rule')
  return lines
}

/** Paths from an on-premises caller's ranges to each endpoint address (no caller subnet). */
function onPremisesPaths(
  cidrs: readonly string[],
  d: Derived,
): { paths: NaclPath[]; sameSubnet: number } | { unknown: string; missing: readonly string[] } {
  const addrs = d.endpointAddresses
  if (addrs.status !== 'ok')
    return { unknown: `the endpoint's addresses: ${whyMissing(addrs)}`, missing: missingFor(addrs) }
  const paths: NaclPath[] = []
  for (const cidr of cidrs) {
    const range = parseCidr(cidr)
    if (!range) continue
    for (const a of addrs.value) {
      const ip = parseCidr(a.ip)
      if (ip && a.subnetId)
        paths.push({ callerSubnet: cidr, callerRange: range, endpointSubnet: a.subnetId, endpointIp: ip })
    }
  }
  return { paths, sameSubnet: 0 }
}

/**
 * Whether the NACLs on one side (`caller`: the caller subnet, request out; `endpoint`: the
 * endpoint subnets, request in) let IPv4 through, for a dual-stack caller whose IPv6 path is
 * denied: then the client falls back to IPv4 and the call works, late. Undefined when unknown.
 */
export function ipv4PathOpen(
  s: DoctorSnapshot,
  d: Derived,
  side: 'caller' | 'endpoint',
): boolean | undefined {
  const p = naclPaths(s, d, 4)
  if ('unknown' in p) return undefined
  for (const path of p.paths) {
    const r =
      side === 'caller'
        ? checkSubnetNacl(s, path.callerSubnet, path.endpointIp, true, d)
        : checkSubnetNacl(s, path.endpointSubnet, path.callerRange, false, d)
    if ('unknown' in r) return undefined
    if (r.problems.some(x => x.severity === 'fail')) return false
  }
  return true
}
