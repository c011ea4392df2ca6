import { policyObject, putResourcePolicyFix, statementName, withConditionValue } from '../check-helpers.js'
import { fail, pass, skipped, unknown, unknownFrom, warn, type Check, type Evidence } from '../finding.js'
import { addressFamily, callerRangesOf, familyEvidence } from '../ip-family.js'
import { familyOf } from '../net6.js'
import { valueOf } from '../snapshot.js'

/** The IP keys a private API's policy can test (aws:SourceIp is absent through an endpoint). */
const IP_KEY = /^aws:(vpcsourceip|sourceip)$/i
const IP_OPERATOR = /^(?:for(?:any|all)value:)?(not)?ipaddress(?:ifexists)?$/i

interface Ipv4OnlyCondition {
  readonly index: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
  readonly operator: string
  readonly key: string
  readonly values: readonly string[]
  readonly negated: boolean
}

/** Statements whose IP conditions list IPv4 blocks only. */
function ipv4OnlyConditions(doc: Record<string, unknown>): Ipv4OnlyCondition[] {
  const raw = doc.Statement
  const list = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>
  const out: Ipv4OnlyCondition[] = []
  list.forEach((st, index) => {
    const effect = st.Effect === 'Deny' ? 'Deny' : 'Allow'
    const cond = (st.Condition ?? {}) as Record<string, Record<string, unknown>>
    for (const [operator, block] of Object.entries(cond)) {
      const m = IP_OPERATOR.exec(operator)
      // Any other non-object block (a string, a number) has no aws: key among its entries.
      if (!m || !block) continue
      for (const [key, v] of Object.entries(block)) {
        if (!IP_KEY.test(key)) continue
        const values = (Array.isArray(v) ? v : [v]).map(String)
        if (values.length === 0 || !values.every(x => familyOf(x) === 4)) continue
        out.push({
          index,
          ...(typeof st.Sid === 'string' ? { sid: st.Sid } : {}),
          effect,
          operator,
          key,
          values,
          negated: m[1] !== undefined,
        })
      }
    }
  })
  return out
}

/**
 * Hop 6 (dual-stack): IP conditions in the resource policy (`aws:VpcSourceIp`, `aws:SourceIp`)
 * written for IPv4 only, when the caller arrives over IPv6. An IPv6 address never matches an
 * IPv4 block: an Allow with `IpAddress` no longer lets the caller in, and a Deny with
 * `NotIpAddress` shuts every IPv6 caller out. AWS's IP address type page says so: policies must
 * be updated for IPv6 calls when an API becomes dual-stack (private APIs always are).
 */
export const apigwResourcePolicyIpFamily: Check = {
  id: 'apigw.resource-policy-ip-family',
  hop: 6,
  title: 'resource policy IP conditions (aws:VpcSourceIp) cover the IPv6 addresses of an IPv6 caller',
  rows: [],
  run(s, d) {
    const fam = addressFamily(s, d)
    // An IPv4 caller meets IPv4 conditions as they were written: nothing to read.
    if (fam.family === 4)
      return skipped(
        `the caller connects over IPv4, which the policy's IP conditions were written for (${fam.why})`,
      )
    const supplied = s.supplied.resourcePolicy
    const api = s.api.restApi
    if (!supplied && api.status !== 'ok') return unknownFrom('the resource policy', api)
    // Stryker disable next-line OptionalChaining: without a supplied policy the API was read (ok) above
    const doc = policyObject(supplied?.document ?? valueOf(api)?.policy)
    if (!doc) return skipped('the API has no resource policy (apigw.resource-policy-present reports it)')
    const found = ipv4OnlyConditions(doc)
    if (found.length === 0)
      return pass('no IP condition of the resource policy is IPv4-only', familyEvidence(fam))
    if (fam.family === undefined)
      return unknown(
        `the resource policy tests ${found[0]!.key} with IPv4 blocks only, and which family the caller uses is unknown: ${fam.why}`,
        fam.missing ?? [],
      )
    const evidence: Evidence[] = [
      ...familyEvidence(fam),
      ...found.map(c => ({
        text: `resource policy ${statementName(c)} ${c.effect} ${c.operator} ${c.key} ${JSON.stringify(c.values)}: IPv4 only; an IPv6 caller ${
          c.effect === 'Deny'
            ? c.negated
              ? 'always matches it (denied)'
              : 'never matches it (this Deny does not hold IPv6 callers back)'
            : c.negated
              ? 'always matches it (allowed whatever its address)'
              : 'never matches it (this Allow does not apply)'
        }`,
        statement: {
          policy: 'resource policy',
          index: c.index,
          ...(c.sid !== undefined ? { sid: c.sid } : {}),
          effect: c.effect,
        },
      })),
    ]
    // A Deny with NotIpAddress shuts IPv6 callers out; an Allow with IpAddress does only when no
    // other Allow is left for them (every Allow statement carries such a condition).
    const raw = doc.Statement
    const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Array<Record<string, unknown>>
    const allows = statements.map((st, i) => ({ st, i })).filter(x => x.st.Effect !== 'Deny')
    // (A condition found at an Allow statement's index is that Allow's own.)
    const everyAllowLimited = allows.every(x => found.some(c => c.index === x.i && !c.negated))
    const shuts = found.filter(c => (c.effect === 'Deny' ? c.negated : !c.negated && everyAllowLimited))
    // The caller's IPv6 block to add: its subnets' blocks (a Lambda's address is any of them), else its address.
    const range = callerRangesOf(s, d, 6)
    // Stryker disable next-line OptionalChaining: callerRangesOf is ok only with at least one range
    const cidr = range.status === 'ok' ? range.value.ranges[0]?.text : undefined
    // d.apiId is the URL's API id, else the one a base path mapping names.
    const apiId = d.apiId
    const stage = valueOf(d.route)?.stage
    const first = shuts[0] ?? found[0]!
    let fix: string
    if (cidr && apiId) {
      let next: Record<string, unknown> | undefined = doc
      for (const c of shuts.length > 0 ? shuts : [first])
        next = next && withConditionValue(next, c.index, c.operator, c.key, cidr)
      fix = next
        ? putResourcePolicyFix(s, apiId, stage, next)
        : // Stryker disable next-line StringLiteral: unreachable, every condition found is in the document withConditionValue edits
          `# add ${cidr} to ${first.key} in ${statementName(first)} of the resource policy`
    } else {
      fix = [
        `# add the caller's IPv6 block (CALLER_IPV6_CIDR) next to the IPv4 ones in ${statementName(first)} (${first.key}) of the resource policy, then redeploy:`,
        `aws apigateway get-rest-api --rest-api-id ${apiId ?? 'API_ID'} --query policy --region ${s.target.region}`,
        "# CALLER_IPV6_CIDR: the IPv6 block of the caller's subnets (aws ec2 describe-subnets --query 'Subnets[].Ipv6CidrBlockAssociationSet')",
      ].join('\n')
    }
    if (shuts.length > 0)
      return fail(
        `the resource policy's ${statementName(first)} tests ${first.key} with IPv4 blocks only (${first.values.join(', ')}), and the caller arrives over IPv6${cidr ? ` (${cidr})` : ''}: ${first.effect === 'Deny' ? 'the Deny matches every IPv6 address' : 'the Allow never matches an IPv6 address'}`,
        fix,
        evidence,
        apiId ?? s.target.hostname,
      )
    return warn(
      `the resource policy's ${statementName(first)} (${first.effect} ${first.operator} ${first.key}) is IPv4-only: ${
        first.effect === 'Deny'
          ? 'it does not hold IPv6 callers back'
          : first.negated
            ? 'it lets IPv6 callers in whatever their address'
            : 'it does not apply to IPv6 callers (another statement lets them in)'
      }`,
      fix,
      evidence,
      apiId ?? s.target.hostname,
    )
  },
}
