import { json, methodToIamLines, shq, withStatement } from '../check-helpers.js'
import { fail, pass, skipped, unknown, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 4: an endpoint policy that names IAM principals only works for AWS_IAM (signed) methods;
 * for NONE, CUSTOM and Cognito methods the endpoint policy sees an anonymous caller (row 26).
 */
export const vpcePolicyIdentityRule: Check = {
  id: 'vpce.policy-identity-rule',
  hop: 4,
  title: 'an endpoint policy that names IAM principals is only matched for AWS_IAM methods',
  rows: [26],
  run(s, d) {
    const p = d.policy
    const state = p.inputs.endpoint.state
    if (state === 'default') return pass('default full-access endpoint policy: every caller matches')
    if (state === 'unknown')
      return unknown(
        `could not read the endpoint policy: ${p.inputs.endpoint.why ?? ''}`,
        p.inputs.endpoint.missing ?? [],
      )
    if (p.authorizationType.assumed)
      return unknown("the method's authorization type is unknown", [
        'apigateway:GET on the API (--api-profile/--api-role-arn)',
      ])
    if (p.authorizationType.value === 'AWS_IAM')
      return pass('the method is AWS_IAM: the endpoint policy sees the signing principal')
    const e = p.evaluation
    const signed = p.signedEvaluation
    if (!e || !signed) return skipped('no evaluation (see vpce.policy-allows)')
    const asAnon = e.layers.find(l => l.layer === 'vpc-endpoint-policy')!
    const asSigned = signed.layers.find(l => l.layer === 'vpc-endpoint-policy')!
    if (asAnon.decision === 'allow' || asSigned.decision !== 'allow')
      return pass(
        `the method is ${p.authorizationType.value} and the endpoint policy does not rely on the caller's identity`,
      )
    const ep = valueOf(d.endpoint)
    return fail(
      `the endpoint policy allows ${valueOf(s.caller.principal)?.arn ?? 'the signed caller'}, but the method is ${p.authorizationType.value}, so the endpoint sees an anonymous caller: 403 "User: anonymous is not authorized to perform: execute-api:Invoke"`,
      [
        `# either let the endpoint policy allow Principal "*" for ${e.resource}:`,
        `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${ep?.id ?? s.target.vpceId ?? 'VPCE_ID'} --region ${s.target.region} --policy-document ${shq(
          json(
            withStatement(s.supplied.endpointPolicy?.document ?? ep?.policy, {
              Effect: 'Allow',
              Principal: '*',
              Action: 'execute-api:Invoke',
              Resource: e.resource,
            }),
          ),
        )}`,
        ...(ep || s.target.vpceId
          ? []
          : ['# VPCE_ID: the execute-api endpoint the caller uses (aws ec2 describe-vpc-endpoints)']),
        '# or switch the method to AWS_IAM and sign the calls:',
        ...methodToIamLines(s, d),
      ].join('\n'),
      asSigned.statements
        .filter(st => st.applies && st.effect === 'Allow')
        .map(st => ({
          text: `${asSigned.label} Statement[${st.index}]${st.sid ? ` (${st.sid})` : ''} matches only a signed principal`,
          statement: {
            policy: asSigned.label,
            index: st.index,
            ...(st.sid !== undefined ? { sid: st.sid } : {}),
            effect: st.effect,
          },
        })),
      ep?.id,
    )
  },
}
