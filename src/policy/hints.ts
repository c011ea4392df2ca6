/**
 * What would make a denied request pass. For each layer that blocks, the hints name the
 * statement and condition at fault with the values on both sides (explicit denies), the
 * near-miss Allow statements and the one element that kept each from applying (implicit
 * denies), or the statement that is missing, with a suggested statement to add.
 */
import type { LayerEvaluation, RequestEvaluation } from './evaluate-request.js'
import { OPERATORS, parseOperatorName } from './conditions/operators.js'
import { parseCaller, roleArnOfCaller } from './principal.js'
import type { ConditionExplanation, DeniedBy, StatementEvaluation, StatementRef } from './types.js'

/** The kind of fix a hint points at. */
export type HintKind =
  | 'authentication'
  | 'explicit-deny'
  | 'condition-failed'
  | 'principal-mismatch'
  | 'action-mismatch'
  | 'resource-mismatch'
  | 'missing-statement'
  | 'missing-policy'
  | 'cross-account'
  | 'anonymous-caller'
  | 'malformed-policy'
  | 'iam-rule'

/** One suggestion. Plain data. */
export interface DenialHint {
  readonly layer: DeniedBy
  readonly kind: HintKind
  readonly message: string
  /** The layer's label, e.g. `identity policy invoke-items`. */
  readonly policy?: string
  readonly statement?: StatementRef
  readonly condition?: ConditionExplanation
  /** A statement that, added to the policy, would allow the request. */
  readonly suggestedStatement?: Readonly<Record<string, unknown>>
}

const ref = (s: StatementEvaluation): StatementRef => ({
  index: s.index,
  ...(s.sid !== undefined ? { sid: s.sid } : {}),
  effect: s.effect,
})
const name = (s: StatementEvaluation): string => `Statement[${s.index}]${s.sid ? ` (${s.sid})` : ''}`
const list = (v: readonly string[]): string => v.map(x => JSON.stringify(x)).join(', ')

function actualText(c: ConditionExplanation): string {
  if (c.actual === null) return `the request has no ${c.key}`
  if (c.actual.length === 0) return `the request's ${c.key} is empty`
  return `the request's ${c.key} is ${list(c.actual)}`
}

function expectedText(c: ConditionExplanation): string {
  return list(c.resolved ?? c.expected)
}

/** Why a failed condition in an Allow failed, and what to change. */
/** Whether the condition's operator is a negated one (names are matched without regard to case). */
function negated(c: ConditionExplanation): boolean {
  const op = parseOperatorName(c.operator)
  return op.ok && OPERATORS[op.base].negated
}

function failedConditionMessage(c: ConditionExplanation): string {
  const fix = negated(c)
    ? `send a value other than ${expectedText(c)}`
    : c.actual === null
      ? `send ${c.key} (expected ${expectedText(c)})`
      : `use a value matching ${expectedText(c)}, or add ${list(c.actual)} to the policy`
  return `${c.operator} ${c.key} expects ${expectedText(c)}, but ${actualText(c)}${c.reason ? ` (${c.reason})` : ''}: ${fix}`
}

/** Why a condition in a Deny matched, and what would make it not match. */
function matchedDenyConditionMessage(c: ConditionExplanation): string {
  const fix = negated(c)
    ? c.actual === null
      ? `the request must carry ${c.key} with one of ${expectedText(c)}`
      : `the request's ${c.key} must be one of ${expectedText(c)} (or add ${list(c.actual)} to that list)`
    : `the request's ${c.key} must not match ${expectedText(c)}`
  return `${c.operator} ${c.key} ${expectedText(c)} is true because ${actualText(c)}: ${fix}`
}

function principalForSuggestion(result: RequestEvaluation, layer: LayerEvaluation): unknown {
  if (layer.caller === 'anonymous') return '*'
  const caller = parseCaller(layer.caller)
  if (caller.kind === 'assumed-role') {
    const known = result.context['aws:PrincipalArn']
    return { AWS: roleArnOfCaller(caller, typeof known === 'string' ? known : undefined) }
  }
  return { AWS: 'arn' in caller ? caller.arn : layer.caller }
}

function suggestion(result: RequestEvaluation, layer: LayerEvaluation): Record<string, unknown> {
  const base = { Effect: 'Allow', Action: result.action, Resource: result.resource }
  if (layer.layer === 'resource-policy' || layer.layer === 'vpc-endpoint-policy') {
    return {
      Effect: 'Allow',
      Principal: principalForSuggestion(result, layer),
      Action: result.action,
      Resource: result.resource,
    }
  }
  return base
}

function hintsForExplicit(layer: LayerEvaluation, name_: DeniedBy): DenialHint[] {
  const out: DenialHint[] = []
  for (const s of layer.statements) {
    if (!(s.applies && s.effect === 'Deny')) continue
    if (s.notPrincipalBoundaryRule) {
      out.push({
        layer: name_,
        kind: 'iam-rule',
        policy: layer.label,
        statement: ref(s),
        message: `${layer.label} ${name(s)} denies although its NotPrincipal lists the caller: a NotPrincipal Deny always applies to a principal with a permissions boundary. Use Principal "*" with an ArnNotEquals aws:PrincipalArn condition instead`,
      })
      continue
    }
    if (s.conditions.length === 0) {
      out.push({
        layer: name_,
        kind: 'explicit-deny',
        policy: layer.label,
        statement: ref(s),
        message: `${layer.label} ${name(s)} denies this request without conditions: remove it, or narrow its Principal, Action or Resource`,
      })
      continue
    }
    for (const c of s.conditions) {
      out.push({
        layer: name_,
        kind: 'explicit-deny',
        policy: layer.label,
        statement: ref(s),
        condition: c,
        message: `${layer.label} ${name(s)} denies: ${matchedDenyConditionMessage(c)}`,
      })
    }
  }
  return out
}

function hintsForImplicit(result: RequestEvaluation, layer: LayerEvaluation, name_: DeniedBy): DenialHint[] {
  if (layer.source === 'missing') {
    return [
      {
        layer: name_,
        kind: 'missing-policy',
        policy: layer.label,
        message: `the API has no resource policy: a private API needs one that allows this caller (then redeploy the API)`,
        suggestedStatement: suggestion(result, layer),
      },
    ]
  }
  const out: DenialHint[] = []
  for (const s of layer.statements) {
    if (s.effect !== 'Allow') continue
    const parts = [s.principalMatched, s.actionMatched, s.resourceMatched, s.conditionsMatched]
    if (parts.filter(Boolean).length !== 3) continue
    const h = { layer: name_, policy: layer.label, statement: ref(s) }
    if (!s.conditionsMatched) {
      for (const c of s.conditions.filter(x => !x.matched)) {
        out.push({
          ...h,
          kind: 'condition-failed',
          condition: c,
          message: `${layer.label} ${name(s)} would allow this request, but ${failedConditionMessage(c)}`,
        })
      }
    } else if (!s.principalMatched && s.malformed) {
      out.push({
        ...h,
        kind: 'malformed-policy',
        message: `${layer.label} ${name(s)} is malformed: AWS would not have accepted this policy (${s.malformed.join('; ')}). Fix the ARN; as written it names nobody`,
      })
    } else if (!s.principalMatched) {
      const anonymous = layer.caller === 'anonymous'
      out.push({
        ...h,
        kind: anonymous ? 'anonymous-caller' : 'principal-mismatch',
        message: anonymous
          ? `${layer.label} ${name(s)} allows this action and resource, but only for named principals, and this layer sees the caller as anonymous` +
            (result.authorizationType === 'AWS_IAM'
              ? ' (the request is not validly signed)'
              : ` (${result.authorizationType} methods are not SigV4-authenticated: use Principal "*" with conditions, or switch the method to AWS_IAM)`)
          : `${layer.label} ${name(s)} allows this action and resource, but its Principal does not name ${layer.caller}: add the role ARN (or account) to it`,
      })
    } else if (!s.resourceMatched) {
      out.push({
        ...h,
        kind: 'resource-mismatch',
        message: `${layer.label} ${name(s)} would allow this caller, but its Resource does not cover ${result.resource}: check the region, account, API id, stage, method (upper case) and path`,
      })
    } else {
      out.push({
        ...h,
        kind: 'action-mismatch',
        message: `${layer.label} ${name(s)} would allow this caller and resource, but not the action ${result.action}`,
      })
    }
  }
  return out
}

function missingStatement(
  result: RequestEvaluation,
  layer: LayerEvaluation,
  name_: DeniedBy,
  what = layer.label,
): DenialHint {
  return {
    layer: name_,
    kind: 'missing-statement',
    policy: layer.label,
    message: `no statement in ${what} allows ${result.action} on ${result.resource} for ${layer.caller}`,
    suggestedStatement: suggestion(result, layer),
  }
}

/**
 * For a denied request: what would make it pass, layer by layer. Empty for an allowed request.
 */
export function denialHints(result: RequestEvaluation): DenialHint[] {
  if (result.decision === 'allow') return []
  const out: DenialHint[] = []
  for (const blocked of result.blockedBy) {
    if (blocked === 'authentication') {
      out.push({
        layer: 'authentication',
        kind: 'authentication',
        message:
          `${result.authentication.errorType ?? 'authentication failed'}: ${result.authentication.reason ?? ''}`.trim() +
          (result.authorizationType === 'AWS_IAM'
            ? ' - sign the request with SigV4 for service execute-api in the API region'
            : ''),
      })
      continue
    }
    const layers = result.layers.filter(l => l.layer === blocked && l.applies)
    const explicit = layers.filter(l => l.decision === 'explicit-deny')
    if (explicit.length > 0) {
      for (const l of explicit) out.push(...hintsForExplicit(l, blocked))
      continue
    }
    if (blocked === 'identity-policy' && layers.length === 0) {
      out.push({
        layer: blocked,
        kind: 'missing-statement',
        message: `no identity policy was given for ${result.principal}: the caller needs one that allows ${result.action} on ${result.resource}`,
        suggestedStatement: { Effect: 'Allow', Action: result.action, Resource: result.resource },
      })
      continue
    }
    if (blocked === 'identity-policy') {
      // One identity policy allowing is enough: report near misses across all of them, or
      // a single missing statement.
      const near = layers.flatMap(l => hintsForImplicit(result, l, blocked))
      const first = layers[0]
      if (near.length > 0) out.push(...near)
      else if (first)
        out.push(
          missingStatement(
            result,
            first,
            blocked,
            layers.length > 1 ? `any of the ${layers.length} identity policies` : first.label,
          ),
        )
      continue
    }
    // Every SCP (and the boundary, the endpoint policy, …) must allow on its own.
    for (const l of layers.filter(x => x.decision !== 'allow')) {
      const near = hintsForImplicit(result, l, blocked)
      out.push(...(near.length > 0 ? near : [missingStatement(result, l, blocked)]))
    }
  }
  out.push(...ruleHints(result))
  if (result.table === 'B' && result.authorizationType === 'AWS_IAM') {
    const idBlocked = result.blockedBy.includes('identity-policy')
    const rpBlocked = result.blockedBy.includes('resource-policy')
    const explicit = result.layers.some(
      l =>
        l.applies &&
        l.decision === 'explicit-deny' &&
        (l.layer === 'identity-policy' || l.layer === 'resource-policy'),
    )
    // Only an implicit deny on one side is the Table B trap; an explicit deny is its own story.
    if (idBlocked !== rpBlocked && !explicit) {
      const [missing, present] = idBlocked
        ? ['identity policy', 'resource policy']
        : ['resource policy', 'identity policy']
      out.push({
        layer: idBlocked ? 'identity-policy' : 'resource-policy',
        kind: 'cross-account',
        message: `cross-account call (caller account ${result.principalAccount ?? 'unknown'}, API account ${result.resourceAccount ?? 'unknown'}): both sides must allow (Table B); the ${present} allows, the ${missing} does not`,
      })
    }
  }
  return out
}

/** Applying Allow statements of the resource policy that name the caller in the given way. */
function rpGrantsBy(
  result: RequestEvaluation,
  how: StatementEvaluation['principalMatch'],
): StatementEvaluation[] {
  const rp = result.layers.find(l => l.layer === 'resource-policy' && l.source === 'given')
  return (rp?.statements ?? []).filter(s => s.applies && s.effect === 'Allow' && s.principalMatch === how)
}

/** IAM rules that explain a same-account denial the tables alone do not. */
function ruleHints(result: RequestEvaluation): DenialHint[] {
  if (result.authorizationType !== 'AWS_IAM' || result.sameAccount !== true) return []
  const out: DenialHint[] = []
  const boundary = result.layers.find(l => l.layer === 'permissions-boundary')
  if (result.blockedBy.includes('permissions-boundary') && boundary?.decision === 'implicit-deny') {
    for (const s of [...rpGrantsBy(result, 'role'), ...rpGrantsBy(result, 'account')])
      out.push({
        layer: 'permissions-boundary',
        kind: 'iam-rule',
        policy: 'resource policy',
        statement: ref(s),
        message: `resource policy ${name(s)} grants the role (or account), and a permissions boundary limits such a grant; within one account a grant to the session ARN or IAM user ARN is not limited by the boundary's implicit deny. Name the session or user there, or allow ${result.action} in the boundary`,
      })
  }
  if (result.blockedBy.includes('identity-policy')) {
    for (const s of rpGrantsBy(result, 'account'))
      out.push({
        layer: 'identity-policy',
        kind: 'iam-rule',
        policy: 'resource policy',
        statement: ref(s),
        message: `resource policy ${name(s)} allows account ${result.principalAccount ?? ''}, which delegates to the account rather than granting the caller: an identity in it still needs an identity-policy Allow. Add one, or name the role or session in the resource policy`,
      })
  }
  return out
}
