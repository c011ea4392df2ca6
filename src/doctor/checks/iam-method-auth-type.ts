import { pass, unknownFrom, skipped, type Check } from '../finding.js'

/** Hop 7: which authorization the method uses decides whether IAM policies are consulted at all. */
export const iamMethodAuthType: Check = {
  id: 'iam.method-auth-type',
  hop: 7,
  title: "the method's authorization type (AWS_IAM consults the caller's IAM policies)",
  rows: [],
  run(_s, d) {
    const m = d.method
    if (m.status === 'not-found') return skipped('no method (see handler.route-exists)')
    if (m.status !== 'ok')
      return unknownFrom("the method's authorization type", m, ['--api-profile/--api-role-arn'])
    const type = m.value.method.authorizationType ?? 'NONE'
    if (type === 'AWS_IAM')
      return pass(
        `${m.value.matchedAs} ${m.value.resource.path} is AWS_IAM: the caller's identity policies and the resource policy decide (Tables A/B)`,
      )
    return pass(
      `${m.value.matchedAs} ${m.value.resource.path} is ${type}: API Gateway does not consult the caller's IAM policies; the resource policy alone must allow`,
    )
  },
}
