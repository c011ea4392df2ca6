import { decidingEvidence, hintEvidence, json, shq, withStatement } from '../check-helpers.js'
import { diagnoseDeny } from '../deny-diagnosis.js'
import { fail, pass, skipped, unknown, type Check } from '../finding.js'
import { valueOf, type DoctorSnapshot, type PolicyFacts } from '../snapshot.js'
import type { DenyDiagnosis } from '../deny-diagnosis.js'

/**
 * The document of the SCP a layer label names: the engine labels each SCP `SCP <name>` (an
 * unnamed one `SCP #n`, matching none). Matched exactly: SCP names may contain spaces, so a
 * suffix would take "deny" for "team deny".
 */
function scpDocument(s: DoctorSnapshot, label: string): PolicyFacts['document'] | undefined {
  // Stryker disable next-line ArrayDeclaration: the SCPs were read or supplied (iam.scp is skipped otherwise)
  const list = s.supplied.serviceControlPolicies ?? valueOf(s.caller.serviceControlPolicies) ?? []
  return list.find(p => label === `SCP ${p.name}`)?.document
}

/** `organizations update-policy` with the corrected SCP, run in the management account. */
function scpFix(label: string, resource: string, dx: DenyDiagnosis): string {
  // Every SCP in the path must allow: a Deny-only SCP evaluated on its own allows nothing, so
  // the corrected copy also allows the call (an SCP Allow grants nothing by itself).
  const doc = dx.corrected
  const corrected =
    doc && !([doc.Statement].flat() as Array<{ Effect?: string }>).some(st => st.Effect === 'Allow')
      ? withStatement(doc, { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource })
      : doc
  const head = `# in the organization's management account (or move the account to an OU without ${label}):`
  const id =
    '# SCP_POLICY_ID: the id (p-xxxxxxxx) of this SCP: aws organizations list-policies --filter SERVICE_CONTROL_POLICY'
  if (!dx.corrected)
    return [
      head,
      `# ${label} is not JSON pvapi can correct: read it, fix it, and write it back`,
      `aws organizations describe-policy --policy-id SCP_POLICY_ID`,
      id,
    ].join('\n')
  return [
    head,
    ...(dx.correctedNote ? [`# ${dx.correctedNote}`] : []),
    `aws organizations update-policy --policy-id SCP_POLICY_ID --content ${shq(json(corrected))}`,
    id,
  ].join('\n')
}

/** Hop 7: the SCPs of the caller's account allow execute-api:Invoke (row 36). */
export const iamScp: Check = {
  id: 'iam.scp',
  hop: 7,
  title: "the service control policies of the caller's account allow execute-api:Invoke (given with --scp)",
  rows: [36],
  run(s, d) {
    if (d.routeMissing)
      return skipped(
        `the route does not exist (${d.routeMissing}): API Gateway answers before authorizing (see hop 8)`,
      )
    const p = d.policy
    if (!p.authorizationType.assumed && p.authorizationType.value !== 'AWS_IAM')
      return skipped(`the method is ${p.authorizationType.value}: SCPs do not apply to the invocation`)
    const input = p.inputs.scp
    // Member accounts cannot read their SCPs; not knowing them is the normal case, not a gap in this run.
    if (input.state === 'unknown')
      return skipped(
        'SCPs were not read (member accounts cannot list them): pass them with --scp FILE to include them',
      )
    if (input.state === 'none') return pass('no service control policies apply')
    if (input.state === 'invalid') return unknown(`an SCP could not be parsed: ${input.why ?? ''}`, [])
    // policy-analysis.ts sets blocked whenever there is no evaluation.
    if (!p.evaluation)
      return unknown(
        // Stryker disable next-line OptionalChaining: blocked is set (above)
        `cannot evaluate the SCPs: ${p.blocked?.summary ?? ''}`,
        // Stryker disable next-line OptionalChaining,ArrayDeclaration: blocked is set (above)
        p.blocked?.missing ?? [],
      )
    const layers = p.evaluation.layers.filter(l => l.layer === 'service-control-policy')
    const bad = layers.find(l => l.decision !== 'allow')
    if (!bad) return pass(`the ${layers.length} SCP(s) allow execute-api:Invoke`)
    return fail(
      `${bad.label} ${bad.decision === 'explicit-deny' ? 'explicitly denies' : 'does not allow'} execute-api:Invoke for the caller's account`,
      scpFix(
        bad.label,
        p.evaluation.resource,
        diagnoseDeny(bad, p.evaluation, p.hints, scpDocument(s, bad.label)),
      ),
      [...decidingEvidence(bad), ...hintEvidence(p.hints, 'service-control-policy')],
      bad.label,
    )
  },
}
