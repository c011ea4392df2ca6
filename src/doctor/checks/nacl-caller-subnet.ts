import { fail, pass, skipped, unknown, warn, type Check, type Evidence } from '../finding.js'
import { valueOf } from '../snapshot.js'
import { addressFamily, familyEvidence, judgedFamily } from '../ip-family.js'
import { checkSubnetNacl, ipv4PathOpen, naclFixLines, naclPaths, type NaclProblem } from '../nacl-eval.js'

/** Hop 5: the caller subnet's NACL allows 443 out to the endpoint and the return traffic in (row 19). */
export const naclCallerSubnet: Check = {
  id: 'nacl.caller-subnet',
  hop: 5,
  title: "the caller subnet's network ACL allows TCP 443 out and the ephemeral-port return traffic in",
  rows: [19],
  run(s, d) {
    if (valueOf(s.network.caller)?.onPremises)
      return skipped('an on-premises caller (--caller-cidr) has no subnet: see nacl.endpoint-subnet')
    // An IPv6 caller's traffic is judged by the ACLs' IPv6 entries (ip-family.ts says which family).
    const fam = addressFamily(s, d)
    const p = naclPaths(s, d, judgedFamily(fam))
    if ('unknown' in p) return unknown(`could not check the caller subnet's NACL: ${p.unknown}`, p.missing)
    if (p.paths.length === 0)
      return pass(
        'the caller and the endpoint ENIs share a subnet: network ACLs do not apply within a subnet',
      )
    const problems: NaclProblem[] = []
    const evidence: Evidence[] = [...familyEvidence(fam)]
    const seen = new Set<string>()
    for (const path of p.paths) {
      const key = `${path.callerSubnet}|${path.endpointIp.text}`
      if (seen.has(key)) continue
      seen.add(key)
      const r = checkSubnetNacl(s, path.callerSubnet, path.endpointIp, true, d)
      if ('unknown' in r) return unknown(`could not check the caller subnet's NACL: ${r.unknown}`, r.missing)
      problems.push(...r.problems)
      evidence.push(...r.evidence)
    }
    const first = problems.find(x => x.severity === 'fail') ?? problems[0]
    const fix = naclFixLines(s.target.region, problems).join('\n')
    // A dual-stack caller tries IPv6 first: with IPv4 open it still gets through, after a fallback.
    if (problems.some(x => x.severity === 'fail') && fam.fallback === 4 && ipv4PathOpen(s, d, 'caller'))
      return warn(
        `the caller subnet's network ACL drops the IPv6 connection (${first!.text}); IPv4 is allowed, so clients fall back to it after the IPv6 attempt fails (at once with Happy Eyeballs, after the connect timeout without)`,
        fix,
        evidence,
        first!.naclId,
      )
    if (problems.some(x => x.severity === 'fail'))
      return fail(
        `the caller subnet's network ACL drops the connection: ${first!.text}`,
        fix,
        evidence,
        first!.naclId,
      )
    if (first)
      return warn(
        `the caller subnet's network ACL denies part of the ephemeral range: ${first.text}`,
        fix,
        evidence,
        first.naclId,
      )
    return pass(`the caller subnet's network ACL allows 443 out and the return traffic in`, evidence)
  },
}
