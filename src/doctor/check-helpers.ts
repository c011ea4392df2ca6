/**
 * Small pure helpers the checks share: evidence from policy evaluations, and fixes written as
 * AWS CLI commands and policy snippets with the real ids.
 */
import type { DenialHint, LayerEvaluation, RequestEvaluation, StatementEvaluation } from '../policy/index.js'
import type { Derived } from './derive.js'
import type { Evidence } from './finding.js'
import { valueOf, type DoctorSnapshot } from './snapshot.js'

/** Quote for a POSIX shell (single quotes). */
export function shq(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`
}

/** Compact JSON for a fix snippet. */
export const json = (v: unknown): string => JSON.stringify(v)

/** Pretty JSON, indented, for policy snippets. */
export const pretty = (v: unknown): string => JSON.stringify(v, null, 2)

/** `Statement[2] (Sid DenyOtherVpce)` */
export function statementName(st: { readonly index: number; readonly sid?: string }): string {
  return `Statement[${st.index}]${st.sid ? ` (${st.sid})` : ''}`
}

/** Evidence naming one statement of a layer, with its conditions. */
export function statementEvidence(layer: LayerEvaluation, st: StatementEvaluation, verb: string): Evidence[] {
  const head: Evidence = {
    text: `${layer.label} ${statementName(st)} ${verb}`,
    statement: {
      policy: layer.label,
      index: st.index,
      ...(st.sid !== undefined ? { sid: st.sid } : {}),
      effect: st.effect,
    },
  }
  const conds: Evidence[] = st.conditions.map(c => ({
    text: `  ${c.operator} ${c.key} ${JSON.stringify(c.resolved ?? c.expected)} vs request ${c.actual === null ? '(absent)' : JSON.stringify(c.actual)}: ${c.matched ? 'true' : 'false'}${c.reason ? ` (${c.reason})` : ''}`,
    condition: c,
  }))
  return [head, ...conds]
}

/** Evidence for the statements that decided a layer: applying Denies, else applying Allows. */
export function decidingEvidence(layer: LayerEvaluation): Evidence[] {
  const denies = layer.statements.filter(s => s.applies && s.effect === 'Deny')
  if (denies.length > 0) return denies.flatMap(s => statementEvidence(layer, s, 'denies'))
  const allows = layer.statements.filter(s => s.applies && s.effect === 'Allow')
  return allows.flatMap(s => statementEvidence(layer, s, 'allows'))
}

/** Evidence from the engine's denial hints for one layer. */
export function hintEvidence(hints: readonly DenialHint[], layer: string): Evidence[] {
  return hints
    .filter(h => h.layer === layer)
    .map(h => ({
      text: h.message,
      ...(h.statement && h.policy
        ? {
            statement: {
              policy: h.policy,
              index: h.statement.index,
              ...(h.statement.sid !== undefined ? { sid: h.statement.sid } : {}),
              effect: h.statement.effect,
            },
          }
        : {}),
      ...(h.condition ? { condition: h.condition } : {}),
    }))
}

/** The first applying Deny statement of a layer (for the verdict's "statement or rule"). */
export function firstDeny(layer: LayerEvaluation): StatementEvaluation | undefined {
  return layer.statements.find(s => s.applies && s.effect === 'Deny')
}

/** A suggested Allow statement from the engine's hints for a layer, if any. */
export function suggestedStatement(
  hints: readonly DenialHint[],
  layer: string,
): Readonly<Record<string, unknown>> | undefined {
  return hints.find(h => h.layer === layer && h.suggestedStatement)?.suggestedStatement
}

/** The region-qualified AWS CLI flags. */
export const regionFlag = (s: DoctorSnapshot): string => `--region ${s.target.region}`

/** Evidence line on which request the engine evaluated. */
export function requestEvidence(e: RequestEvaluation): Evidence {
  return {
    text: `request: ${e.principal} ${e.action} on ${e.resource} (${e.authorizationType}${e.table ? `, Table ${e.table}` : ''})`,
  }
}

/**
 * `--patch-operations` for API Gateway, as JSON. The CLI's shorthand (`op=replace,path=…,value=…`)
 * cannot carry a JSON value: its parser stops at the first `{` or `"` ("Expected: '='"), so
 * every fix passes the list as JSON, quoted for a POSIX shell.
 */
export function patchOps(
  ops: ReadonlyArray<{ readonly op: string; readonly path: string; readonly value?: string }>,
): string {
  return `--patch-operations ${shq(json(ops))}`
}

/**
 * The redeploy command: resource policy, method and route changes reach callers only with a
 * new deployment of the stage. When the stage is not known, the placeholder is explained.
 */
export function redeployLines(s: DoctorSnapshot, apiId: string, stage: string | undefined): string[] {
  return [
    `# the change takes effect only when the stage is redeployed:`,
    `aws apigateway create-deployment --rest-api-id ${apiId} --stage-name ${stage ?? 'STAGE'} ${regionFlag(s)}`,
    ...(stage
      ? []
      : [
          `# STAGE: the stage the caller uses (aws apigateway get-stages --rest-api-id ${apiId} ${regionFlag(s)})`,
        ]),
  ]
}

/** `aws apigateway update-rest-api … /policy` + redeploy, for a new resource policy. */
export function putResourcePolicyFix(
  s: DoctorSnapshot,
  apiId: string,
  stage: string | undefined,
  policy: unknown,
): string {
  return [
    `aws apigateway update-rest-api --rest-api-id ${apiId} ${regionFlag(s)} ${patchOps([{ op: 'replace', path: '/policy', value: json(policy) }])}`,
    ...redeployLines(s, apiId, stage),
  ].join('\n')
}

/** A policy document as an object (parsing JSON text), or undefined when it is not JSON. */
export function policyObject(
  doc: Readonly<Record<string, unknown>> | string | undefined,
): Record<string, unknown> | undefined {
  if (doc === undefined) return undefined
  if (typeof doc !== 'string') return structuredClone(doc) as Record<string, unknown>
  try {
    const v: unknown = JSON.parse(doc)
    return v && typeof v === 'object' ? (v as Record<string, unknown>) : undefined
  } catch {
    return undefined
  }
}

function statementsOf(doc: Record<string, unknown>): Record<string, unknown>[] {
  const raw = doc.Statement
  const list = Array.isArray(raw) ? raw : raw ? [raw] : []
  doc.Statement = list
  return list as Record<string, unknown>[]
}

/** The document with one more statement (for "add this Allow" fixes). */
export function withStatement(
  doc: Readonly<Record<string, unknown>> | string | undefined,
  statement: Readonly<Record<string, unknown>>,
): Record<string, unknown> {
  const d = policyObject(doc) ?? { Version: '2012-10-17', Statement: [] }
  statementsOf(d).push({ ...statement })
  return d
}

/**
 * The document with a condition's values extended by `value` (for a Deny whose negated
 * condition - `StringNotEquals aws:SourceVpce` - lists the wrong endpoint), or with a wrong
 * key renamed (a VPC id under aws:SourceVpce). Undefined when the statement is not found.
 */
export function withConditionValue(
  doc: Readonly<Record<string, unknown>> | string | undefined,
  index: number,
  operator: string,
  key: string,
  value: string,
  renameKeyTo?: string,
): Record<string, unknown> | undefined {
  const d = policyObject(doc)
  if (!d) return undefined
  const st = statementsOf(d)[index]
  const cond = st?.Condition as Record<string, Record<string, unknown>> | undefined
  const block = cond?.[operator]
  if (!block) return undefined
  const actualKey = Object.keys(block).find(k => k.toLowerCase() === key.toLowerCase())
  if (!actualKey) return undefined
  const existing = block[actualKey]
  if (renameKeyTo) {
    delete block[actualKey]
    block[renameKeyTo] = existing
    return d
  }
  const list = Array.isArray(existing)
    ? existing.map(String)
    : existing === undefined
      ? []
      : [String(existing)]
  block[actualKey] = list.includes(value) ? list : [...list, value]
  return d
}

/**
 * Switch the matched method to AWS_IAM (callers must then sign), and redeploy: a method's
 * settings reach callers only with a new deployment.
 */
export function methodToIamLines(s: DoctorSnapshot, d: Derived): string[] {
  const m = valueOf(d.method)
  const apiId = d.apiId ?? s.target.apiId
  if (!m || !apiId) return []
  return [
    `aws apigateway update-method --rest-api-id ${apiId} --resource-id ${m.resource.id} --http-method ${m.matchedAs} ${regionFlag(s)} ${patchOps([{ op: 'replace', path: '/authorizationType', value: 'AWS_IAM' }])}`,
    ...redeployLines(s, apiId, valueOf(d.route)?.stage),
  ]
}

const VPCE_OWNER_KEY = /^aws:vpce(account|orgid|orgpaths)$/i

/**
 * Which values were used for aws:VpceAccount / aws:VpceOrgID / aws:VpceOrgPaths, when a statement
 * of the layer tests one of them (so the report says where a decisive value came from).
 */
export function vpceKeyEvidence(layer: LayerEvaluation, notes: readonly string[]): Evidence[] {
  const used = layer.statements.some(st => st.conditions.some(c => VPCE_OWNER_KEY.test(c.key)))
  return used ? notes.map(text => ({ text })) : []
}

/** The permission or input that would establish a condition key the snapshot lacks. */
export function missingForKey(key: string): string[] {
  if (/^aws:PrincipalOrg/i.test(key)) return ['organizations:DescribeOrganization']
  if (/^aws:VpceOrgPaths$/i.test(key))
    return ["organizations:ListParents in the management account (the endpoint owner's OU path)"]
  if (/^aws:VpceOrgID$/i.test(key))
    return ["organizations:DescribeOrganization as the endpoint owner's account (--profile of that account)"]
  if (/^aws:(VpceAccount|SourceVpce?)$/i.test(key)) return ['ec2:DescribeVpcEndpoints']
  return ['iam:GetRole']
}
