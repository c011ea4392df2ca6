import {
  decidingEvidence,
  json,
  requestEvidence,
  shq,
  missingForKey,
  vpceKeyEvidence,
} from '../check-helpers.js'
import { diagnoseDeny } from '../deny-diagnosis.js'
import { fail, pass, unknown, type Check } from '../finding.js'
import { undecidableKey } from '../policy-analysis.js'
import { valueOf } from '../snapshot.js'

/** Hop 4: the VPC endpoint policy allows execute-api:Invoke on this method for this caller (rows 24, 25). */
export const vpcePolicyAllows: Check = {
  id: 'vpce.policy-allows',
  hop: 4,
  title: 'the VPC endpoint policy allows execute-api:Invoke on this method for this caller',
  rows: [24, 25],
  run(s, d) {
    const p = d.policy
    const input = p.inputs.endpoint
    if (input.state === 'default')
      // Stryker disable next-line OptionalChaining: 'default' is set only once the endpoint was read (policy-analysis.ts)
      return pass(`${valueOf(d.endpoint)?.id ?? 'the endpoint'} has the default full-access policy`)
    if (input.state === 'unknown')
      return unknown(`could not read the endpoint policy: ${input.why ?? ''}`, input.missing ?? [])
    if (input.state === 'invalid')
      return unknown(`the endpoint policy could not be parsed: ${input.why ?? ''}`, [])
    if (!p.evaluation)
      return unknown(
        // Stryker disable next-line OptionalChaining: analysePolicies returns `blocked` whenever it returns no evaluation
        `cannot evaluate the endpoint policy: ${p.blocked?.summary ?? ''}`,
        // Stryker disable next-line OptionalChaining: as above
        p.blocked?.missing ?? [],
      )
    const e = p.evaluation
    const layer = e.layers.find(l => l.layer === 'vpc-endpoint-policy')!
    const assumed = p.authorizationType.assumed ? [`the method could not be read: evaluated as AWS_IAM`] : []
    if (layer.decision === 'allow')
      return pass(`the endpoint policy allows the call`, [
        requestEvidence(e),
        ...decidingEvidence(layer),
        ...vpceKeyEvidence(layer, p.vpceKeys),
        ...assumed,
      ])
    const key = undecidableKey(layer, p.unknownKeys)
    if (key)
      return unknown(
        `the endpoint policy's decision depends on ${key}, which could not be established`,
        missingForKey(key),
        [...decidingEvidence(layer), ...vpceKeyEvidence(layer, p.vpceKeys)],
      )
    const ep = valueOf(d.endpoint)
    // Stryker disable next-line OptionalChaining: without a read endpoint the layer was evaluated from a supplied policy, so `ep` is not reached
    const doc = s.supplied.endpointPolicy?.document ?? ep?.policy
    const dx = diagnoseDeny(layer, e, p.hints, doc)
    const id = ep?.id ?? s.target.vpceId ?? 'vpce-…'
    return fail(
      `${dx.summary} (403 AccessDeniedException; the exact text for endpoint-policy denials is not documented)`,
      dx.corrected
        ? [
            ...(dx.correctedNote ? [`# ${dx.correctedNote}`] : []),
            `aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${id} --region ${s.target.region} --policy-document ${shq(json(dx.corrected))}`,
          ].join('\n')
        : [
            `# the endpoint policy of ${id} is not JSON pvapi can correct; read it, fix it, then write it back with modify-vpc-endpoint --policy-document:`,
            `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${id} --region ${s.target.region} --query 'VpcEndpoints[0].PolicyDocument' --output text`,
          ].join('\n'),
      [requestEvidence(e), ...dx.evidence, ...vpceKeyEvidence(layer, p.vpceKeys), ...assumed],
      dx.statement ? `${id} endpoint policy ${dx.statement}` : `${id} endpoint policy`,
    )
  },
}
