import {
  decidingEvidence,
  hintEvidence,
  json,
  requestEvidence,
  shq,
  statementName,
} from '../check-helpers.js'
import { fail, pass, skipped, unknown, warn, type Check } from '../finding.js'
import { undecidableKey } from '../policy-analysis.js'
import { valueOf } from '../snapshot.js'

/**
 * Hop 7: for AWS_IAM methods, the caller's identity policies allow execute-api:Invoke on the
 * exact method ARN; cross-account both sides must allow (Table B) (rows 33, 34, 35).
 */
export const iamIdentityAllows: Check = {
  id: 'iam.identity-allows',
  hop: 7,
  title:
    "the caller's identity policies allow execute-api:Invoke on the method ARN (both sides cross-account)",
  rows: [33, 34, 35],
  run(s, d) {
    if (d.routeMissing)
      return skipped(
        `the route does not exist (${d.routeMissing}): API Gateway answers before authorizing (see hop 8)`,
      )
    const p = d.policy
    if (!p.authorizationType.assumed && p.authorizationType.value !== 'AWS_IAM')
      return skipped(`the method is ${p.authorizationType.value}: identity policies are not consulted`)
    const input = p.inputs.identity
    if (input.state === 'unknown')
      return unknown(`could not read the caller's identity policies: ${input.why ?? ''}`, input.missing ?? [])
    if (input.state === 'invalid')
      return unknown(`an identity policy could not be parsed: ${input.why ?? ''}`, [])
    if (!p.evaluation)
      return unknown(
        `cannot evaluate the identity policies: ${p.blocked?.summary ?? ''}`,
        p.blocked?.missing ?? [],
      )
    const e = p.evaluation
    const layers = e.layers.filter(l => l.layer === 'identity-policy')
    const assumedNote = p.authorizationType.assumed
      ? [`the method could not be read: evaluated as AWS_IAM`]
      : []
    const explicit = layers.find(l => l.decision === 'explicit-deny')
    const role = valueOf(s.caller.role)
    const roleName =
      role?.name ?? valueOf(s.caller.principal)?.arn.match(/assumed-role\/([^/]+)/)?.[1] ?? 'ROLE'
    const allowStatement = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: e.resource }],
    }
    const fix = `aws iam put-role-policy --role-name ${roleName} --policy-name invoke-${d.apiId ?? 'api'} --policy-document ${shq(json(allowStatement))}`
    if (explicit) {
      const deny = explicit.statements.find(st => st.applies && st.effect === 'Deny')!
      return fail(
        `${explicit.label} ${statementName(deny)} explicitly denies execute-api:Invoke on ${e.resource}`,
        `remove or narrow ${statementName(deny)} of ${explicit.label}`,
        [requestEvidence(e), ...decidingEvidence(explicit)],
        `${explicit.label} ${statementName(deny)}`,
      )
    }
    const allowing = layers.filter(l => l.decision === 'allow')
    if (!e.blockedBy.includes('identity-policy')) {
      if (allowing.length > 0)
        return pass(
          `${allowing.map(l => l.label).join(', ')} allow${allowing.length === 1 ? 's' : ''} execute-api:Invoke on the method`,
          [requestEvidence(e), ...allowing.flatMap(decidingEvidence), ...assumedNote],
        )
      if (p.inputs.resource.state === 'unknown' && e.sameAccount)
        return unknown(
          'no identity policy allows the call; in the same account the resource policy could (Table A), but it could not be read',
          p.inputs.resource.missing ?? [],
        )
      return pass(
        `no identity policy allows, but caller and API share an account and the resource policy allows (Table A)`,
        [requestEvidence(e)],
      )
    }
    // Same account (Table A): an unread resource policy could still allow the call on its own, so
    // "neither allows" cannot be said.
    if (e.sameAccount && p.inputs.resource.state === 'unknown')
      return unknown(
        'no identity policy allows the call; in the same account the resource policy could (Table A), but it could not be read',
        p.inputs.resource.missing ?? [],
      )
    const key = layers.map(l => undecidableKey(l, p.unknownKeys)).find(Boolean)
    if (key)
      return unknown(`the identity policies' decision depends on ${key}, which could not be established`, [
        'organizations:DescribeOrganization',
        'iam:GetRole',
      ])
    const evidence = [
      requestEvidence(e),
      ...hintEvidence(p.hints, 'identity-policy'),
      ...layers.map(l => `${l.label}: ${l.decision}`),
      ...assumedNote,
    ]
    const who = valueOf(s.caller.principal)?.arn ?? e.principal
    const summary =
      e.table === 'B'
        ? `cross-account call (caller ${e.principalAccount ?? '?'}, API ${e.resourceAccount ?? '?'}): no identity policy of ${who} allows execute-api:Invoke on ${e.resource}, and Table B needs both sides to allow (the resource policy alone is not enough)`
        : `no identity policy of ${who} allows execute-api:Invoke on ${e.resource}, and the resource policy does not allow either (Table A)`
    if (p.authorizationType.assumed)
      return warn(`${summary} — this fails if the method is AWS_IAM`, fix, evidence, role?.arn ?? who)
    return fail(summary, fix, evidence, role?.arn ?? who)
  },
}
