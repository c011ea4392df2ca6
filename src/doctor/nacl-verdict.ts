/**
 * The verdict on one side's network ACLs over every caller → endpoint path, shared by
 * nacl.caller-subnet and nacl.endpoint-subnet: each path judged once, a failing problem named
 * before a warning one, and a dual-stack caller's IPv6 failure softened to a warning when IPv4
 * gets through the same side (the client falls back). Pure.
 */
import type { Derived } from './derive.js'
import type { Evidence } from './finding.js'
import { addressFamily, familyEvidence, judgedFamily } from './ip-family.js'
import { checkSubnetNacl, ipv4PathOpen, naclFixLines, naclPaths, type NaclProblem } from './nacl-eval.js'
import { fail, pass, unknown, warn, type CheckOutcome } from './outcome.js'
import type { DoctorSnapshot } from './snapshot.js'

/** Whose subnets' ACLs are judged, and how the findings name them. */
export interface NaclSide {
  readonly side: 'caller' | 'endpoint'
  /** The ACL in a summary: "the caller subnet's network ACL". */
  readonly acl: string
  /** What could not be checked: "the caller subnet's NACL". */
  readonly what: string
  /** The summary when every path is open. */
  readonly passes: string
}

export function naclVerdict(s: DoctorSnapshot, d: Derived, side: NaclSide): CheckOutcome {
  // An IPv6 caller's traffic is judged by the ACLs' IPv6 entries (ip-family.ts says which family).
  const fam = addressFamily(s, d)
  const p = naclPaths(s, d, judgedFamily(fam))
  if ('unknown' in p) return unknown(`could not check ${side.what}: ${p.unknown}`, p.missing)
  if (p.paths.length === 0)
    return pass('the caller and the endpoint ENIs share a subnet: network ACLs do not apply within a subnet')
  const problems: NaclProblem[] = []
  const evidence: Evidence[] = [...familyEvidence(fam)]
  const seen = new Set<string>()
  for (const path of p.paths) {
    // The caller's subnet sends to an endpoint address; an endpoint subnet receives from the caller.
    const [subnet, peer] =
      side.side === 'caller' ? [path.callerSubnet, path.endpointIp] : [path.endpointSubnet, path.callerRange]
    const key = `${subnet}|${peer.text}`
    if (seen.has(key)) continue
    seen.add(key)
    const r = checkSubnetNacl(s, subnet, peer, side.side === 'caller', d)
    if ('unknown' in r) return unknown(`could not check ${side.what}: ${r.unknown}`, r.missing)
    problems.push(...r.problems)
    evidence.push(...r.evidence)
  }
  const failing = problems.find(x => x.severity === 'fail')
  const first = failing ?? problems[0]
  const fix = naclFixLines(s.target.region, problems).join('\n')
  // A dual-stack caller tries IPv6 first: with IPv4 open it still gets through, after a fallback.
  if (failing && fam.fallback === 4 && ipv4PathOpen(s, d, side.side))
    return warn(
      `${side.acl} drops the IPv6 connection (${failing.text}); IPv4 is allowed, so clients fall back to it after the IPv6 attempt fails (at once with Happy Eyeballs, after the connect timeout without)`,
      fix,
      evidence,
      failing.naclId,
    )
  if (failing) return fail(`${side.acl} drops the connection: ${failing.text}`, fix, evidence, failing.naclId)
  if (first)
    return warn(`${side.acl} denies part of the ephemeral range: ${first.text}`, fix, evidence, first.naclId)
  return pass(side.passes, evidence)
}
