/**
 * Turns a policy layer's denial into a one-line diagnosis and a corrected policy document:
 * explicit denies name the statement and the condition that matched (with the wrong
 * `aws:SourceVpce`/`aws:SourceVpc` values called out), implicit denies name the near-miss
 * statement or the missing one. Pure.
 */
import type { DenialHint, LayerEvaluation, RequestEvaluation } from '../policy/index.js'
import {
  decidingEvidence,
  firstDeny,
  hintEvidence,
  statementName,
  suggestedStatement,
  withConditionValue,
  withStatement,
} from './check-helpers.js'
import type { Evidence } from './finding.js'

export interface DenyDiagnosis {
  readonly summary: string
  readonly evidence: readonly Evidence[]
  /** The policy with the fix applied, when one can be computed. */
  readonly corrected?: Record<string, unknown>
  /** `Statement[1] (Sid)` of the denying statement. */
  readonly statement?: string
}

const NEGATED =
  /^(ForAnyValue:|ForAllValues:)?(StringNotEquals|StringNotLike|StringNotEqualsIgnoreCase|ArnNotEquals|ArnNotLike)(IfExists)?$/i

/** Diagnose a denying layer. `doc` is the raw policy (for the corrected copy). */
export function diagnoseDeny(
  layer: LayerEvaluation,
  e: RequestEvaluation,
  hints: readonly DenialHint[],
  doc: Readonly<Record<string, unknown>> | string | undefined,
): DenyDiagnosis {
  const deny = firstDeny(layer)
  if (layer.decision === 'explicit-deny' && deny) {
    const name = statementName(deny)
    const evidence = [...decidingEvidence(layer), ...hintEvidence(hints, layer.layer)]
    const vpcCond = deny.conditions.find(c => /^aws:sourcevpce?$/i.test(c.key) && c.matched)
    if (vpcCond) {
      const key = vpcCond.key.toLowerCase() === 'aws:sourcevpce' ? 'aws:SourceVpce' : 'aws:SourceVpc'
      const expected = vpcCond.resolved ?? vpcCond.expected
      const actual = vpcCond.actual?.[0]
      const wrongKind =
        key === 'aws:SourceVpce' ? expected.some(v => /^vpc-/.test(v)) : expected.some(v => /^vpce-/.test(v))
      if (wrongKind) {
        const right = key === 'aws:SourceVpce' ? 'aws:SourceVpc' : 'aws:SourceVpce'
        const corrected = withConditionValue(doc, deny.index, vpcCond.operator, vpcCond.key, '', right)
        return {
          summary: `${layer.label} ${name} denies: ${key} is compared with ${expected.join(', ')}, which ${key === 'aws:SourceVpce' ? 'is a VPC id (use aws:SourceVpc)' : 'is an endpoint id (use aws:SourceVpce)'}`,
          evidence,
          statement: name,
          ...(corrected ? { corrected } : {}),
        }
      }
      const corrected =
        actual && NEGATED.test(vpcCond.operator)
          ? withConditionValue(doc, deny.index, vpcCond.operator, vpcCond.key, actual)
          : undefined
      return {
        summary: `${layer.label} ${name} denies: ${key} must be ${expected.join(' or ')}, but the request comes through ${actual ?? '(no endpoint)'}`,
        evidence,
        statement: name,
        ...(corrected ? { corrected } : {}),
      }
    }
    const cond = deny.conditions.find(c => c.matched)
    return {
      summary: `${layer.label} ${name} explicitly denies the request${cond ? ` (${cond.operator} ${cond.key} ${JSON.stringify(cond.resolved ?? cond.expected)} is true: the request has ${cond.actual === null ? 'no value' : JSON.stringify(cond.actual)})` : ''}`,
      evidence,
      statement: name,
    }
  }
  // Implicit: no Allow applies.
  const evidence = hintEvidence(hints, layer.layer)
  const near = hints.find(h => h.layer === layer.layer && h.statement)
  const suggestion = suggestedStatement(hints, layer.layer)
  const fallback = {
    Effect: 'Allow',
    ...(layer.layer === 'identity-policy' ||
    layer.layer === 'permissions-boundary' ||
    layer.layer === 'service-control-policy'
      ? {}
      : { Principal: layer.caller === 'anonymous' ? '*' : { AWS: e.principal } }),
    Action: e.action,
    Resource: e.resource,
  }
  const corrected = withStatement(doc, suggestion ?? fallback)
  return {
    summary: near
      ? `no statement of the ${layer.label} allows the request: ${near.message}`
      : `no statement of the ${layer.label} allows ${e.action} on ${e.resource} for ${layer.caller}`,
    evidence,
    ...(near?.statement ? { statement: statementName(near.statement) } : {}),
    corrected,
  }
}
