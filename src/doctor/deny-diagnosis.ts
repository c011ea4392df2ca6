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
  policyObject,
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
  /** What the corrected copy changes, when that is more than adding what is missing. */
  readonly correctedNote?: string
}

function statementList(doc: Record<string, unknown>): Record<string, unknown>[] {
  const raw = doc.Statement
  const list = Array.isArray(raw) ? raw : raw ? [raw] : []
  doc.Statement = list
  return list as Record<string, unknown>[]
}

function principalValues(p: unknown): string[] {
  if (typeof p === 'string') return [p]
  if (!p || typeof p !== 'object') return []
  return Object.values(p as Record<string, unknown>).flatMap(v =>
    Array.isArray(v) ? v.map(String) : [String(v)],
  )
}

/** The ARN to exempt from a Deny: aws:PrincipalArn (the role ARN for a session); none when anonymous. */
function exemptArn(e: RequestEvaluation): string | undefined {
  const v = e.context['aws:PrincipalArn']
  const arn = Array.isArray(v) ? v[0] : v
  if (arn) return arn
  return e.principal.startsWith('arn:') ? e.principal : undefined
}

/** The Deny at `index` with one more condition that is false for `arn` (conditions are ANDed). */
function withDenyExemption(
  doc: Record<string, unknown>,
  index: number,
  arn: string,
): Record<string, unknown> {
  const st = statementList(doc)[index]!
  const cond = { ...((st.Condition as Record<string, Record<string, unknown>> | undefined) ?? {}) }
  const block = { ...(cond.ArnNotEquals ?? {}) }
  const existing = block['aws:PrincipalArn']
  const list =
    existing === undefined ? [] : Array.isArray(existing) ? existing.map(String) : [String(existing)]
  block['aws:PrincipalArn'] = list.length === 0 ? arn : [...new Set([...list, arn])]
  cond.ArnNotEquals = block
  st.Condition = cond
  return doc
}

/** The Deny at `index` with `arns` added to its NotPrincipal AWS list. */
function withNotPrincipal(
  doc: Record<string, unknown>,
  index: number,
  arns: readonly string[],
): Record<string, unknown> {
  const st = statementList(doc)[index]!
  const np = st.NotPrincipal
  const aws =
    np && typeof np === 'object' && 'AWS' in (np as Record<string, unknown>)
      ? principalValues({ AWS: (np as Record<string, unknown>).AWS })
      : []
  st.NotPrincipal = { ...(np && typeof np === 'object' ? np : {}), AWS: [...new Set([...aws, ...arns])] }
  return doc
}

function withoutStatement(doc: Record<string, unknown>, index: number): Record<string, unknown> {
  statementList(doc).splice(index, 1)
  return doc
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
    const raw = policyObject(doc)
    const rawStatement = raw ? statementList(raw)[deny.index] : undefined
    // A Deny with NotPrincipal applies to everyone *not* listed: the caller is outside the list.
    if (rawStatement && 'NotPrincipal' in rawStatement) {
      const listed = principalValues(rawStatement.NotPrincipal)
      const caller = exemptArn(e)
      return {
        summary: `${layer.label} ${name} denies every principal outside its NotPrincipal list (${listed.join(', ') || 'empty'}), and the caller ${e.principal} is not in it`,
        evidence,
        statement: name,
        ...(caller
          ? { corrected: withNotPrincipal(raw!, deny.index, [...new Set([caller, e.principal])]) }
          : {}),
        correctedNote: `the corrected policy adds the caller to ${name}'s NotPrincipal (the role and its session: NotPrincipal matches the session ARN)`,
      }
    }
    const exempt = exemptArn(e)
    const corrected = raw
      ? exempt
        ? withDenyExemption(raw, deny.index, exempt)
        : withoutStatement(raw, deny.index)
      : undefined
    return {
      summary: `${layer.label} ${name} explicitly denies the request${cond ? ` (${cond.operator} ${cond.key} ${JSON.stringify(cond.resolved ?? cond.expected)} is true: the request has ${cond.actual === null ? 'no value' : JSON.stringify(cond.actual)})` : ''}`,
      evidence,
      statement: name,
      ...(corrected ? { corrected } : {}),
      correctedNote: exempt
        ? `the corrected policy exempts ${exempt} from ${name} (ArnNotEquals aws:PrincipalArn); review whether the caller should be exempt, or change what it matches on`
        : `the corrected policy removes ${name}, which denies an unsigned caller whatever it does`,
    }
  }
  // Implicit: no Allow applies.
  const evidence = hintEvidence(hints, layer.layer)
  // A malformed ARN is the cause before any near miss: AWS would have refused the policy, so the
  // statement meant to allow names nobody (issue 12 E: `arn:aws:iam::ACCT::role/x` copied from a design doc).
  const near =
    hints.find(h => h.layer === layer.layer && h.kind === 'malformed-policy') ??
    hints.find(h => h.layer === layer.layer && h.statement)
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
  // An Allow that names the right caller, action and resource but another endpoint: the fix is
  // that endpoint added to its aws:SourceVpce values, not a new statement without the condition
  // (which would admit every endpoint, in any account).
  const nearAllow = near?.statement
    ? layer.statements.find(
        st =>
          st.index === near.statement!.index &&
          st.effect === 'Allow' &&
          st.principalMatched &&
          st.actionMatched &&
          st.resourceMatched,
      )
    : undefined
  const failing = nearAllow?.conditions.filter(c => !c.matched) ?? []
  const vpce = failing.length === 1 ? failing[0] : undefined
  const endpointFix =
    nearAllow &&
    vpce &&
    /^aws:sourcevpce$/i.test(vpce.key) &&
    !NEGATED.test(vpce.operator) &&
    vpce.actual?.[0]
      ? withConditionValue(doc, nearAllow.index, vpce.operator, vpce.key, vpce.actual[0])
      : undefined
  const corrected = endpointFix ?? withStatement(doc, suggestion ?? fallback)
  return {
    summary: near
      ? `no statement of the ${layer.label} allows the request: ${near.message}`
      : `no statement of the ${layer.label} allows ${e.action} on ${e.resource} for ${layer.caller}`,
    evidence,
    ...(near?.statement ? { statement: statementName(near.statement) } : {}),
    corrected,
  }
}
