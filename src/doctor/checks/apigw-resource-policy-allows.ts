import {
  decidingEvidence,
  putResourcePolicyFix,
  requestEvidence,
  missingForKey,
  vpceKeyEvidence,
} from '../check-helpers.js'
import { diagnoseDeny } from '../deny-diagnosis.js'
import { fail, pass, skipped, unknown, type Check } from '../finding.js'
import { undecidableKey } from '../policy-analysis.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 6: the resource policy, evaluated with the request context a call through the endpoint
 * carries (aws:SourceVpce, aws:SourceVpc, the principal), lets the call through (rows 28, 29, 31).
 */
export const apigwResourcePolicyAllows: Check = {
  id: 'apigw.resource-policy-allows',
  hop: 6,
  title:
    'the resource policy allows this caller, endpoint and route (aws:SourceVpce / aws:SourceVpc, Resource)',
  rows: [28, 29, 31],
  run(s, d) {
    if (d.routeMissing)
      return skipped(
        `the route does not exist (${d.routeMissing}): API Gateway answers before authorizing (see hop 8)`,
      )
    const p = d.policy
    const input = p.inputs.resource
    if (input.state === 'none')
      return skipped('the API has no resource policy (see apigw.resource-policy-present)')
    if (input.state === 'unknown')
      // Stryker disable next-line ArrayDeclaration: policy-analysis.ts gives an unknown input its missing
      return unknown(`could not read the resource policy: ${input.why ?? ''}`, input.missing ?? [])
    if (input.state === 'invalid')
      return unknown(`the resource policy could not be parsed: ${input.why ?? ''}`, [])
    // policy-analysis.ts sets blocked whenever there is no evaluation.
    if (!p.evaluation)
      return unknown(
        // Stryker disable next-line OptionalChaining: blocked is set (above)
        `cannot evaluate the resource policy: ${p.blocked?.summary ?? ''}`,
        // Stryker disable next-line OptionalChaining,ArrayDeclaration: blocked is set (above)
        p.blocked?.missing ?? [],
      )
    const e = p.evaluation
    const layer = e.layers.find(l => l.layer === 'resource-policy')!
    const from = input.from ? [`policy: ${input.from}`] : []
    const assumed = p.authorizationType.assumed
      ? [`the method could not be read: evaluated as ${p.authorizationType.value}`]
      : []
    if (!e.blockedBy.includes('resource-policy')) {
      if (layer.decision === 'allow')
        return pass(`the resource policy allows the call`, [
          requestEvidence(e),
          ...decidingEvidence(layer),
          ...vpceKeyEvidence(layer, p.vpceKeys),
          ...from,
          ...assumed,
        ])
      return pass(
        `the resource policy does not allow on its own, but caller and API share an account and the identity policy allows (Table A)`,
        [requestEvidence(e), ...from, ...assumed],
      )
    }
    const key = undecidableKey(layer, p.unknownKeys)
    if (key)
      return unknown(
        `the resource policy's decision depends on ${key}, which could not be established`,
        missingForKey(key),
        [...decidingEvidence(layer), ...vpceKeyEvidence(layer, p.vpceKeys)],
      )
    // Stryker disable next-line OptionalChaining: the API was read (input.state is 'unknown' otherwise)
    const doc = s.supplied.resourcePolicy?.document ?? valueOf(s.api.restApi)?.policy
    const dx = diagnoseDeny(layer, e, p.hints, doc)
    // Stryker disable next-line StringLiteral: an evaluation needs the method ARN, so the API id is known
    const apiId = d.apiId ?? 'API_ID'
    const response =
      e.deniedBy === 'resource-policy' && e.response
        ? [`the client sees 403 ${e.response.errorType}: "${e.response.message}"`]
        : []
    return fail(
      dx.summary,
      dx.corrected
        ? [
            ...(dx.correctedNote ? [`# ${dx.correctedNote}`] : []),
            // Stryker disable next-line OptionalChaining: an evaluation needs the method ARN, so the route is known
            putResourcePolicyFix(s, apiId, valueOf(d.route)?.stage, dx.corrected),
          ].join('\n')
        : [
            `# the resource policy of ${apiId} is not JSON pvapi can correct; read it, fix it, then write it back:`,
            `aws apigateway get-rest-api --rest-api-id ${apiId} --region ${s.target.region} --query policy --output text`,
          ].join('\n'),
      [
        requestEvidence(e),
        ...dx.evidence,
        ...vpceKeyEvidence(layer, p.vpceKeys),
        ...response,
        ...from,
        ...assumed,
      ],
      dx.statement ? `${apiId} resource policy ${dx.statement}` : `${apiId} resource policy`,
    )
  },
}
