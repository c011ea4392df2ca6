import { parsePolicy, type ParsedStatement } from '../../policy/index.js'
import { methodToIamLines, putResourcePolicyFix, statementName, withStatement } from '../check-helpers.js'
import type { Derived } from '../derive.js'
import { fail, pass, skipped, unknown, unknownFrom, type Check } from '../finding.js'
import { valueOf, type DoctorSnapshot, type PolicyFacts } from '../snapshot.js'

/** Either sign (AWS_IAM), or allow anonymous callers that come through the endpoint. */
function principalAuthFix(s: DoctorSnapshot, d: Derived, doc: PolicyFacts['document']): string {
  const apiId = d.apiId ?? 'API_ID'
  const vpce = valueOf(d.endpoint)?.id ?? s.target.vpceId
  const allow = {
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource:
      d.methodArn ?? `arn:aws:execute-api:${s.target.region}:${d.apiAccount?.account ?? '*'}:${apiId}/*`,
    ...(vpce ? { Condition: { StringEquals: { 'aws:SourceVpce': vpce } } } : {}),
  }
  return [
    '# either switch the method to AWS_IAM and sign the calls:',
    ...methodToIamLines(s, d),
    `# or allow anonymous callers${vpce ? ` that come through ${vpce}` : ''} in the resource policy:`,
    // Stryker disable next-line OptionalChaining: the route is read whenever the method is
    putResourcePolicyFix(s, apiId, valueOf(d.route)?.stage, withStatement(doc, allow)),
  ].join('\n')
}

/**
 * Hop 6: a resource policy that allows named IAM principals only works for AWS_IAM methods; for
 * NONE, CUSTOM and Cognito methods API Gateway sees an anonymous caller (row 32).
 */
export const apigwResourcePolicyPrincipalAuth: Check = {
  id: 'apigw.resource-policy-principal-auth',
  hop: 6,
  title: 'Principal ARNs in the resource policy are only matched on AWS_IAM methods',
  rows: [32],
  run(s, d) {
    if (d.routeMissing)
      return skipped(
        `the route does not exist (${d.routeMissing}): API Gateway answers before authorizing (see hop 8)`,
      )
    const input = d.policy.inputs.resource
    if (input.state === 'none') return skipped('no resource policy')
    if (input.state === 'unknown')
      // Stryker disable next-line ArrayDeclaration: policy-analysis.ts gives an unknown input its missing
      return unknown(`could not read the resource policy: ${input.why ?? ''}`, input.missing ?? [])
    const m = d.method
    if (m.status !== 'ok')
      return m.status === 'not-found'
        ? skipped('no method (see handler.route-exists)')
        : unknownFrom("the method's authorization type", m)
    const type = m.value.method.authorizationType ?? 'NONE'
    if (type === 'AWS_IAM') return pass('the method is AWS_IAM: Principal ARNs match the signer')
    // Stryker disable next-line OptionalChaining: the API was read (input.state is 'unknown' otherwise)
    const doc = s.supplied.resourcePolicy?.document ?? valueOf(s.api.restApi)?.policy
    // Stryker disable next-line ConditionalExpression,StringLiteral: unreachable, input.state 'none' returned above
    if (doc === undefined) return skipped('no resource policy')
    let named: ParsedStatement[]
    try {
      named = parsePolicy(doc, { kind: 'resource' }).statements.filter(
        st =>
          st.effect === 'Allow' &&
          st.principal &&
          !st.principal.wildcard &&
          st.principal.AWS.length > 0 &&
          !st.principal.AWS.includes('*'),
      )
    } catch (err) {
      return unknown(
        `the resource policy could not be parsed: ${err instanceof Error ? err.message : String(err)}`,
        [],
      )
    }
    const blocked = d.policy.evaluation?.blockedBy.includes('resource-policy') ?? true
    if (named.length === 0 || !blocked)
      return pass(`the method is ${type} and the resource policy does not depend on IAM principals`)
    const st = named[0]!
    return fail(
      `the method is ${type}, so API Gateway sees an anonymous caller, and the resource policy's ${statementName(st)} allows only ${st.principal!.AWS.join(', ')}: 403 "User: anonymous is not authorized to perform: execute-api:Invoke"`,
      principalAuthFix(s, d, doc),
      named.map(n => ({
        text: `${statementName(n)} Principal AWS: ${n.principal!.AWS.join(', ')}`,
        statement: {
          policy: 'resource policy',
          index: n.index,
          ...(n.sid !== undefined ? { sid: n.sid } : {}),
          effect: 'Allow' as const,
        },
      })),
      `${d.apiId ?? ''} resource policy ${statementName(st)}`,
    )
  },
}
