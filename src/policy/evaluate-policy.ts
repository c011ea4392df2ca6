/**
 * One policy against one request: IAM's per-policy logic. A statement applies when its
 * principal, action, resource and every condition match; any applying Deny makes the policy
 * an explicit deny, otherwise any applying Allow makes it allow, otherwise it is an implicit
 * deny. Every statement is evaluated in full (no short-circuit) so the result explains each
 * one, which the hints and the doctor rely on.
 */
import { evaluateCondition } from './conditions/evaluate.js'
import { normalizeContext, type RequestContext } from './context.js'
import { parsePolicy, type ParseOptions } from './parse.js'
import { statementDefects } from './malformed.js'
import { parseCaller, principalMatch, type Caller, type PrincipalFacts } from './principal.js'
import type {
  ContextInput,
  Decision,
  ParsedPolicy,
  ParsedStatement,
  PolicyEvaluation,
  PolicyInput,
  StatementEvaluation,
  StatementRef,
} from './types.js'
import { hasVariables, resolveVariables } from './variables.js'
import { actionMatches, resourceMatches } from './wildcard.js'

/** The request as one policy sees it. */
export interface PolicyRequest {
  /**
   * The caller: an ARN, a service principal, or `anonymous`. Only statements with a
   * Principal/NotPrincipal look at it; identity-style statements apply to whoever holds them.
   * @default 'anonymous'
   */
  readonly principal?: string
  /** @default 'execute-api:Invoke' */
  readonly action?: string
  readonly resource: string
  readonly context?: ContextInput | RequestContext
}

function elementMatches(patterns: readonly string[], test: (p: string) => boolean): boolean {
  for (const p of patterns) if (test(p)) return true
  return false
}

/** Options of evaluateParsed that only the request-level evaluation knows. */
export interface EvaluateOptions {
  /** @see PrincipalFacts.awsStarMatchesAnonymous @default true */
  readonly awsStarMatchesAnonymous?: boolean
  /**
   * The caller is an IAM user or role with a permissions boundary, and this is a
   * resource-based policy. IAM ("Permissions boundaries for IAM entities"): a `Deny` with
   * `NotPrincipal` always denies such a principal, whatever `NotPrincipal` lists.
   */
  readonly callerHasBoundary?: boolean
}

function evaluateStatement(
  s: ParsedStatement,
  policy: ParsedPolicy,
  caller: Caller,
  facts: PrincipalFacts,
  action: string,
  resource: string,
  context: RequestContext,
  callerHasBoundary: boolean,
): StatementEvaluation {
  const match = s.principal ? principalMatch(s.principal, caller, facts) : undefined
  const excluded = s.notPrincipal ? principalMatch(s.notPrincipal, caller, facts) !== undefined : false
  // A NotPrincipal Deny always applies to a principal with a permissions boundary.
  const boundaryRule = excluded && callerHasBoundary && s.effect === 'Deny'
  const principalMatched = s.principal ? match !== undefined : !excluded || boundaryRule
  const actionMatched = s.action
    ? elementMatches(s.action, p => actionMatches(p, action))
    : // Stryker disable next-line ArrayDeclaration: parsePolicy rejects a statement with neither Action nor NotAction, so the fallback is never read
      !elementMatches(s.notAction ?? [], p => actionMatches(p, action))
  const resourceTest = (p: string): boolean => {
    // Stryker disable next-line ConditionalExpression: a fast path; resolveVariables returns the same plain piece for a value without variables
    if (!hasVariables(p, policy.version)) return resourceMatches(p, resource)
    // Variables in Resource resolve against the request; an unresolvable one matches nothing.
    const pieces = resolveVariables(p, policy.version, context)
    return pieces !== undefined && resourceMatches(pieces, resource)
  }
  const resourceMatched = s.resource
    ? elementMatches(s.resource, resourceTest)
    : s.notResource
      ? !elementMatches(s.notResource, resourceTest)
      : // Stryker disable next-line BooleanLiteral: parsing gives every statement a Resource or NotResource (an SCP without one gets "*")
        true
  const conditions = s.conditions.map(c => evaluateCondition(c, policy.version, context))
  const conditionsMatched = conditions.every(c => c.matched)
  const defects = statementDefects(s)
  // Built in place: optional fields are added only when present, without object spreads
  // (this runs for every statement of every layer of every evaluation).
  const out: { -readonly [K in keyof StatementEvaluation]: StatementEvaluation[K] } = {
    index: s.index,
    effect: s.effect,
    applies: principalMatched && actionMatched && resourceMatched && conditionsMatched,
    principalMatched,
    actionMatched,
    resourceMatched,
    conditionsMatched,
    conditions,
  }
  if (s.sid !== undefined) out.sid = s.sid
  if (match !== undefined) out.principalMatch = match
  if (boundaryRule) out.notPrincipalBoundaryRule = true
  if (defects.length > 0) out.malformed = defects.map(d => `${d.element}: ${d.message}`)
  return out
}

/** The decision of a set of statement results. */
export function decisionOf(statements: readonly StatementEvaluation[]): Decision {
  if (statements.some(s => s.applies && s.effect === 'Deny')) return 'explicit-deny'
  // Stryker disable next-line ConditionalExpression: an applying Deny returned above, so every applying statement here is an Allow
  if (statements.some(s => s.applies && s.effect === 'Allow')) return 'allow'
  return 'implicit-deny'
}

/** Statement references (index, Sid, effect) of the statements that apply. */
export function matchedRefs(statements: readonly StatementEvaluation[]): StatementRef[] {
  return statements
    .filter(s => s.applies)
    .map(s => ({ index: s.index, ...(s.sid !== undefined ? { sid: s.sid } : {}), effect: s.effect }))
}

/**
 * Evaluates one policy for one request: `explicit-deny`, `allow` or `implicit-deny`, with
 * every statement's result and, per condition, the key, operator, expected and actual values.
 * `input` may be anything parsePolicy accepts.
 * @throws PolicyParseError when the policy is not valid.
 */
export function evaluatePolicy(
  input: PolicyInput,
  request: PolicyRequest,
  options: ParseOptions = {},
): PolicyEvaluation {
  const policy = parsePolicy(input, options)
  // Stryker disable next-line StringLiteral: parseCaller reads '' as anonymous too
  const caller = parseCaller(request.principal ?? 'anonymous')
  const context = normalizeContext(request.context)
  return evaluateParsed(policy, caller, request.action ?? 'execute-api:Invoke', request.resource, context)
}

/** evaluatePolicy on parsed inputs (used by evaluateRequest to avoid re-parsing). */
export function evaluateParsed(
  policy: ParsedPolicy,
  caller: Caller,
  action: string,
  resource: string,
  context: RequestContext,
  options: EvaluateOptions = {},
): PolicyEvaluation {
  const principalArn = context.get('aws:PrincipalArn')?.values[0]
  const userId = context.get('aws:userid')?.values[0]
  // Stryker disable ConditionalExpression: principalMatch reads an undefined fact as an absent one
  const facts: PrincipalFacts = {
    ...(principalArn !== undefined ? { principalArn } : {}),
    ...(userId !== undefined ? { userId } : {}),
    // Stryker restore ConditionalExpression
    ...(options.awsStarMatchesAnonymous === false ? { awsStarMatchesAnonymous: false } : {}),
  }
  const boundary = options.callerHasBoundary === true
  const statements = policy.statements.map(s =>
    evaluateStatement(s, policy, caller, facts, action, resource, context, boundary),
  )
  let malformed: string[] | undefined
  for (const s of statements)
    for (const m of s.malformed ?? []) (malformed ??= []).push(`Statement[${s.index}].${m}`)
  return {
    decision: decisionOf(statements),
    matchedStatements: matchedRefs(statements),
    statements,
    ...(malformed ? { malformed } : {}),
  }
}
