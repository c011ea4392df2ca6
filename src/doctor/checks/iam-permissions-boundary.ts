import { decidingEvidence, hintEvidence, json, shq } from '../check-helpers.js'
import { diagnoseDeny, type DenyDiagnosis } from '../deny-diagnosis.js'
import { fail, pass, skipped, unknown, type Check } from '../finding.js'
import { valueOf } from '../snapshot.js'

/**
 * A new default version of the boundary policy. A managed policy keeps at most 5 versions:
 * when it has 5, create-policy-version fails with LimitExceeded until one is deleted.
 */
function boundaryFix(arn: string, dx: DenyDiagnosis): string {
  if (!dx.corrected)
    return [
      `# the boundary ${arn} is not JSON pvapi can correct: read it, add an Allow for execute-api:Invoke, and create a new default version`,
      `aws iam get-policy --policy-arn ${arn} --query Policy.DefaultVersionId --output text`,
    ].join('\n')
  return [
    ...(dx.correctedNote ? [`# ${dx.correctedNote}`] : []),
    `aws iam create-policy-version --policy-arn ${arn} --set-as-default --policy-document ${shq(json(dx.corrected))}`,
    '# a managed policy keeps 5 versions at most: delete an old one first if this fails with LimitExceeded',
  ].join('\n')
}

/** Hop 7: the caller role's permissions boundary allows execute-api:Invoke (row 36). */
export const iamPermissionsBoundary: Check = {
  id: 'iam.permissions-boundary',
  hop: 7,
  title: "the caller role's permissions boundary (if any) allows execute-api:Invoke",
  rows: [36],
  run(s, d) {
    if (d.routeMissing)
      return skipped(
        `the route does not exist (${d.routeMissing}): API Gateway answers before authorizing (see hop 8)`,
      )
    const p = d.policy
    if (!p.authorizationType.assumed && p.authorizationType.value !== 'AWS_IAM')
      return skipped(`the method is ${p.authorizationType.value}: boundaries do not apply`)
    const input = p.inputs.boundary
    if (input.state === 'none') return pass('the caller role has no permissions boundary')
    if (input.state === 'unknown')
      return unknown(`could not read the permissions boundary: ${input.why ?? ''}`, input.missing ?? [])
    if (input.state === 'invalid')
      return unknown(`the permissions boundary could not be parsed: ${input.why ?? ''}`, [])
    if (!p.evaluation)
      return unknown(`cannot evaluate the boundary: ${p.blocked?.summary ?? ''}`, p.blocked?.missing ?? [])
    const layer = p.evaluation.layers.find(l => l.layer === 'permissions-boundary')
    if (!layer) return unknown('the boundary was not evaluated', [])
    if (layer.decision === 'allow')
      return pass(
        `the permissions boundary ${input.from ?? ''} allows execute-api:Invoke`,
        decidingEvidence(layer),
      )
    const arn = valueOf(s.caller.role)?.permissionsBoundaryArn ?? input.from ?? 'BOUNDARY_ARN'
    return fail(
      `the permissions boundary ${arn} ${layer.decision === 'explicit-deny' ? 'explicitly denies' : 'does not allow'} execute-api:Invoke: the role cannot call the API whatever its policies say`,
      boundaryFix(
        arn,
        // Stryker disable next-line OptionalChaining: the boundary was evaluated, so it was read (policy-analysis.ts parses it only from an ok permissionsBoundary)
        diagnoseDeny(layer, p.evaluation, p.hints, valueOf(s.caller.permissionsBoundary)?.document),
      ),
      [...decidingEvidence(layer), ...hintEvidence(p.hints, 'permissions-boundary')],
      arn,
    )
  },
}
