/**
 * Network ACL checks for the two subnets of the path (caller and endpoint), shared by the two
 * NACL checks. NACLs apply when traffic enters or leaves a subnet, not within it; they are
 * stateless, so the return traffic (ephemeral ports) must be allowed explicitly. Pure.
 */
import type { Derived } from './derive.js'
import { whyMissing, missingFor, type Evidence } from './finding.js'
import { evaluateNacl, evaluateNaclRange, parseCidr, portText, type Ipv4Range } from './net.js'
import { valueOf, type DoctorSnapshot } from './snapshot.js'

/** One path: a caller subnet (and its address range) to one endpoint ENI address. */
export interface NaclPath {
  readonly callerSubnet: string
  readonly callerRange: Ipv4Range
  readonly endpointSubnet: string
  readonly endpointIp: Ipv4Range
}

export interface NaclProblem {
  readonly text: string
  readonly naclId: string
  readonly rule: string
  readonly severity: 'fail' | 'warn'
}

/** The caller→endpoint paths that cross a subnet boundary, or why they cannot be listed. */
export function naclPaths(
  s: DoctorSnapshot,
  d: Derived,
): { paths: NaclPath[]; sameSubnet: number } | { unknown: string; missing: readonly string[] } {
  const net = d.callerNetwork
  if (net.status !== 'ok')
    return {
      unknown: `the caller's network: ${whyMissing(net)}`,
      missing: ['--lambda, --from-imds or --subnet'],
    }
  if (net.value.subnetIds.length === 0)
    return {
      unknown: "the caller's subnet is unknown",
      missing: ['--subnet subnet-… (or --lambda / --from-imds)'],
    }
  const addrs = d.endpointAddresses
  if (addrs.status !== 'ok')
    return { unknown: `the endpoint's addresses: ${whyMissing(addrs)}`, missing: missingFor(addrs) }
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
  peer: Ipv4Range,
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
  if (!req.allowed) problems.push({ text: reqText, naclId: nacl.naclId, rule: req.rule, severity: 'fail' })
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
      })
  }
  return { problems, evidence }
}
