import { fail, pass, unknown, warn, type Check, type Evidence } from '../finding.js'
import { addressFamily, familyEvidence, judgedFamily } from '../ip-family.js'
import { checkSubnetNacl, ipv4PathOpen, naclFixLines, naclPaths, type NaclProblem } from '../nacl-eval.js'

/** Hop 5: the endpoint subnets' NACLs allow 443 in from the caller and the return traffic out (row 20). */
export const naclEndpointSubnet: Check = {
  id: 'nacl.endpoint-subnet',
  hop: 5,
  title: "the endpoint subnets' network ACLs allow TCP 443 in and the ephemeral-port return traffic out",
  rows: [20],
  run(s, d) {
    // An IPv6 caller's traffic is judged by the ACLs' IPv6 entries (ip-family.ts says which family).
    const fam = addressFamily(s, d)
    const p = naclPaths(s, d, judgedFamily(fam))
    if ('unknown' in p) return unknown(`could not check the endpoint subnets' NACLs: ${p.unknown}`, p.missing)
    if (p.paths.length === 0)
      return pass(
        'the caller and the endpoint ENIs share a subnet: network ACLs do not apply within a subnet',
      )
    const problems: NaclProblem[] = []
    const evidence: Evidence[] = [...familyEvidence(fam)]
    const seen = new Set<string>()
    for (const path of p.paths) {
      const key = `${path.endpointSubnet}|${path.callerRange.text}`
      if (seen.has(key)) continue
      seen.add(key)
      const r = checkSubnetNacl(s, path.endpointSubnet, path.callerRange, false, d)
      if ('unknown' in r)
        return unknown(`could not check the endpoint subnets' NACLs: ${r.unknown}`, r.missing)
      problems.push(...r.problems)
      evidence.push(...r.evidence)
    }
    const first = problems.find(x => x.severity === 'fail') ?? problems[0]
    const fix = first ? naclFixLines(s.target.region, problems).join('\n') : ''
    // A dual-stack caller tries IPv6 first: with IPv4 open it still gets through, after a fallback.
    if (problems.some(x => x.severity === 'fail') && fam.fallback === 4 && ipv4PathOpen(s, d, 'endpoint'))
      return warn(
        `an endpoint subnet's network ACL drops the IPv6 connection (${first!.text}); IPv4 is allowed, so clients fall back to it after the IPv6 attempt fails (at once with Happy Eyeballs, after the connect timeout without)`,
        fix,
        evidence,
        first!.naclId,
      )
    if (problems.some(x => x.severity === 'fail'))
      return fail(
        `an endpoint subnet's network ACL drops the connection: ${first!.text}`,
        fix,
        evidence,
        first!.naclId,
      )
    if (first)
      return warn(
        `an endpoint subnet's network ACL denies part of the ephemeral range: ${first.text}`,
        fix,
        evidence,
        first.naclId,
      )
    return pass(`the endpoint subnets' network ACLs allow 443 in and the return traffic out`, evidence)
  },
}
