import { decidingEvidence, hintEvidence, patchOps, redeployLines } from '../check-helpers.js'
import { valueOf } from '../snapshot.js'
import { fail, pass, skipped, unknownFrom, warn, type Check } from '../finding.js'

/** Hop 8: a CUSTOM method's Lambda authorizer exists, gets its token, and (given its policy) allows (row 37). */
export const handlerAuthorizer: Check = {
  id: 'handler.authorizer',
  hop: 8,
  title: 'a Lambda authorizer exists, receives its identity source, and its policy allows the call',
  rows: [37],
  run(s, d) {
    if (d.method.status !== 'ok') return skipped('no method to inspect (see handler.route-exists)')
    const m = d.method.value.method
    if (m.authorizationType === 'COGNITO_USER_POOLS')
      return pass(
        'the method uses a Cognito user pool authorizer: it validates the token; the resource policy must still allow',
      )
    if (m.authorizationType !== 'CUSTOM')
      return skipped(`the method is ${m.authorizationType ?? 'unknown'}: no Lambda authorizer`)
    const auths = s.api.authorizers
    if (auths.status !== 'ok') return unknownFrom('the authorizers', auths)
    const a = auths.value.find(x => x.id === m.authorizerId)
    if (!a)
      return fail(
        `the method's authorizer ${m.authorizerId ?? '(none)'} does not exist: every call fails`,
        [
          `aws apigateway update-method --rest-api-id ${d.apiId ?? 'API_ID'} --resource-id ${d.method.value.resource.id} --http-method ${d.method.value.matchedAs} --region ${s.target.region} ${patchOps([{ op: 'replace', path: '/authorizerId', value: 'AUTHORIZER_ID' }])}`,
          `# AUTHORIZER_ID: an authorizer of the API (aws apigateway get-authorizers --rest-api-id ${d.apiId ?? 'API_ID'} --region ${s.target.region})`,
          // Stryker disable next-line OptionalChaining: a readable method implies a readable route (derive.ts)
          ...redeployLines(s, d.apiId ?? 'API_ID', valueOf(d.route)?.stage),
        ].join('\n'),
        [],
        m.authorizerId,
      )
    const evidence = [
      `authorizer ${a.name ?? a.id} (${a.type ?? '?'}) identity source ${a.identitySource ?? '?'}${a.authorizerUri ? `, ${a.authorizerUri}` : ''}`,
    ]
    if (
      a.type === 'TOKEN' &&
      // Stryker disable next-line StringLiteral: any text without "Authorization" reads the same
      /Authorization/i.test(a.identitySource ?? '') &&
      s.signing.authorization === 'none'
    ) {
      return fail(
        `the TOKEN authorizer ${a.name ?? a.id} reads the Authorization header, and the request sends none: 401 Unauthorized`,
        `send the token: pvapi call ${s.target.url} --no-sign -H 'Authorization: Bearer TOKEN'`,
        evidence,
        a.id,
      )
    }
    const e = d.policy.evaluation
    const layer = e?.layers.find(l => l.layer === 'authorizer-policy' && l.source === 'given')
    if (e && layer) {
      // An explicit deny always blocks too (policy/request/combine.ts); the first test names it.
      // Stryker disable next-line ConditionalExpression,StringLiteral: the blockedBy test alone decides the branch
      if (layer.decision === 'explicit-deny' || e.blockedBy.includes('authorizer-policy')) {
        return fail(
          `the authorizer's policy denies the call: 403 "User is not authorized to access this resource${layer.decision === 'explicit-deny' ? ' with an explicit deny' : ''}"`,
          `# no AWS API change: change what ${a.name ?? a.id} returns for this caller: it must Allow execute-api:Invoke on ${d.methodArn ?? 'the method ARN'}`,
          [...evidence, ...decidingEvidence(layer), ...hintEvidence(d.policy.hints, 'authorizer-policy')],
          a.id,
        )
      }
      return pass(`the authorizer's policy (given) allows the call`, [
        ...evidence,
        ...decidingEvidence(layer),
      ])
    }
    return warn(
      `the Lambda authorizer ${a.name ?? a.id} decides at run time: its answer cannot be read from configuration`,
      [
        '# give the policy it returns with --authorizer-policy FILE to evaluate it, or read its log group:',
        `aws logs tail /aws/lambda/${a.authorizerUri?.match(/function:([^/:]+)/)?.[1] ?? 'AUTHORIZER_FUNCTION'} --since 1h --region ${s.target.region}`,
        // Stryker disable next-line Regex: only whether a name follows "function:" matters here
        ...(a.authorizerUri?.match(/function:([^/:]+)/)
          ? []
          : ['# AUTHORIZER_FUNCTION: the Lambda function of the authorizer (its authorizerUri)']),
      ].join('\n'),
      evidence,
      a.id,
    )
  },
}
