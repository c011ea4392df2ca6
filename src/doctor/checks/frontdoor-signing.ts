import { patchOps } from '../check-helpers.js'
import { frontDoorOf, isOutcome } from '../front-door-helpers.js'
import { fail, pass, unknownFrom, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 1 (front door): an HTTP integration through a VPC link forwards the request unsigned, so
 * the private method must not be AWS_IAM (API Gateway would answer 403 "Missing Authentication
 * Token"). What works: a NONE method whose resource policy admits only this endpoint, or a
 * Lambda integration that signs the call.
 */
export const frontdoorSigning: Check = {
  id: 'frontdoor.signing',
  hop: 1,
  title: 'the private method accepts the unsigned call an HTTP integration makes (not AWS_IAM)',
  rows: [1],
  run(s, d) {
    const fd = frontDoorOf(s)
    if (isOutcome(fd)) return fd
    const m = d.method
    if (m.status !== 'ok')
      return unknownFrom("the private method's authorization type", m, ['--api-profile/--api-role-arn'])
    const type = m.value.method.authorizationType ?? 'NONE'
    const evidence = [
      `the front door's ${valueOf(fd.integration)?.type ?? 'HTTP'} integration through VPC link ${fd.vpcLinkId ?? '?'} sends no SigV4 signature`,
      `private method ${m.value.matchedAs} ${m.value.resource.path} of ${d.apiId ?? '?'}: ${type}`,
    ]
    if (type !== 'AWS_IAM') {
      const note = type === 'NONE' ? '' : ` (the ${type} authorizer reads the token the front door forwards)`
      return pass(
        `the private method is ${type}: an unsigned call from the front door is accepted${note}`,
        evidence,
      )
    }
    const apiId = d.apiId ?? 'API_ID'
    // The method is read only once the route is (derive.ts), so the stage is known whenever the
    // method is; STAGE is the type's fallback, never printed.
    // Stryker disable next-line all: unreachable (a readable method implies a readable route)
    const stage = valueOf(d.route)?.stage ?? 'STAGE'
    return fail(
      `the private method ${m.value.matchedAs} ${m.value.resource.path} is AWS_IAM, and an HTTP integration through a VPC link cannot sign: API Gateway answers 403 "Missing Authentication Token"`,
      [
        '# an HTTP integration never signs. Either make the private method NONE and let its resource policy admit only this endpoint (run in the API owner account):',
        `aws apigateway update-method --rest-api-id ${apiId} --resource-id ${m.value.resource.id} --http-method ${m.value.matchedAs} --region ${s.target.region} ${patchOps([{ op: 'replace', path: '/authorizationType', value: 'NONE' }])}`,
        `aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage} --region ${s.target.region}`,
        // Stryker disable next-line all: unreachable (see stage above)
        ...(stage === 'STAGE' ? [`# STAGE: the private API's stage the integration URI names`] : []),
        '# or keep AWS_IAM and replace the VPC-link integration with a Lambda integration that signs the call (pvapi createSignedRequest)',
      ].join('\n'),
      evidence,
      `${apiId} ${m.value.matchedAs} ${m.value.resource.path}`,
    )
  },
}
