/**
 * Least-privilege and correctness findings for one policy, with the path of each.
 *
 * Severity: `error` = the policy is invalid, or it does something the author almost
 * certainly did not intend (exposes a private API to every VPC endpoint, denies every call,
 * shorthand that will never expand); `warning` = broader than needed, or a statement that
 * can never match; `info` = worth knowing.
 */
import { apiFromArn, parseArn } from './arn.js'
import { canonicalOperatorName, OPERATORS } from './conditions/operators.js'
import { statementDefects } from './malformed.js'
import { analysePolicy } from './parse.js'
import { isShorthand } from './shorthand.js'
import type { ApiCoordinates, ParsedStatement, PolicyInput, PolicyKind, StatementRef } from './types.js'
import { hasVariables } from './variables.js'
import { actionMatches } from './wildcard.js'

/** How serious a finding is. */
export type LintSeverity = 'error' | 'warning' | 'info'

/** One finding. Plain data. */
export interface LintFinding {
  /** Stable id, e.g. `resource-wildcard`, `principal-star-without-vpc-guard`. */
  readonly code: string
  readonly severity: LintSeverity
  /** Where, e.g. `Statement[1].Resource`; empty for the whole document. */
  readonly path: string
  readonly message: string
  readonly statement?: StatementRef
}

/** What lint knows about the policy. */
export interface LintOptions {
  /** The kind of policy; resource and endpoint policies get the API Gateway checks. */
  readonly kind?: PolicyKind
  /** The API the policy belongs to, to flag ARNs of other APIs. */
  readonly api?: ApiCoordinates
  /** A resource policy of a private API must keep callers to its VPC endpoints. @default true */
  readonly privateApi?: boolean
}

/** VPC endpoint policies may hold at most 20,480 characters. */
export const ENDPOINT_POLICY_MAX_CHARS = 20_480

const EXECUTE_API_ACTIONS = [
  'execute-api:Invoke',
  'execute-api:InvalidateCache',
  'execute-api:ManageConnections',
]
const VPC_KEYS = ['aws:sourcevpce', 'aws:sourcevpc']

const ref = (s: ParsedStatement): StatementRef => ({
  index: s.index,
  ...(s.sid !== undefined ? { sid: s.sid } : {}),
  effect: s.effect,
})

function coversInvoke(s: ParsedStatement): boolean {
  return s.action
    ? s.action.some(a => actionMatches(a, 'execute-api:Invoke'))
    : !(s.notAction ?? []).some(a => actionMatches(a, 'execute-api:Invoke'))
}

function isWildcardResource(r: string): boolean {
  if (r === '*') return true
  const arn = parseArn(r)
  // arn:aws:execute-api:*:*:* or arn:aws:execute-api:* (every API of every account)
  return (
    arn !== undefined &&
    (arn.service === '*' || arn.service === 'execute-api') &&
    (arn.account === '*' || arn.account === '') &&
    /^\*?$/.test(arn.resource.split('/')[0] ?? '')
  )
}

function hasVpcGuard(s: ParsedStatement): boolean {
  return s.conditions.some(
    c => VPC_KEYS.includes(c.key.toLowerCase()) && !OPERATORS[c.base].negated && c.base !== 'Null',
  )
}

function isVpcDeny(s: ParsedStatement): boolean {
  return (
    s.effect === 'Deny' &&
    s.conditions.some(c => VPC_KEYS.includes(c.key.toLowerCase()) && OPERATORS[c.base].negated)
  )
}

function namesEveryone(s: ParsedStatement): boolean {
  return s.principal !== undefined && (s.principal.wildcard || s.principal.AWS.includes('*'))
}

/**
 * Lints a policy (any form parsePolicy accepts): grammar problems (as errors), then
 * least-privilege and never-matches findings. Never throws for an invalid policy: the
 * problems are findings.
 */
export function lintPolicy(input: PolicyInput, options: LintOptions = {}): LintFinding[] {
  const kind = options.kind
  const privateApi = options.privateApi ?? true
  const analysis = analysePolicy(input, kind ? { kind } : {})
  const out: LintFinding[] = analysis.issues.map(i => ({
    code: i.code,
    severity: 'error' as const,
    path: i.path,
    message:
      i.code === 'unknown-operator'
        ? `${i.message}: IAM rejects the policy, or the condition never matches`
        : i.message,
  }))
  const policy = analysis.policy
  if (!policy) return out
  const add = (
    code: string,
    severity: LintSeverity,
    path: string,
    message: string,
    s?: ParsedStatement,
  ): void => {
    out.push({ code, severity, path, message, ...(s ? { statement: ref(s) } : {}) })
  }

  if (kind === 'endpoint') {
    const size = typeof input === 'string' ? input.length : JSON.stringify(analysis.document).length
    if (size > ENDPOINT_POLICY_MAX_CHARS) {
      add(
        'endpoint-policy-too-large',
        'error',
        '',
        `the endpoint policy is ${size} characters; VPC endpoint policies may hold at most ${ENDPOINT_POLICY_MAX_CHARS}`,
      )
    }
  }
  const usesVariables = policy.statements.some(s =>
    [...(s.resource ?? []), ...(s.notResource ?? []), ...s.conditions.flatMap(c => c.values)].some(v =>
      v.includes('${'),
    ),
  )
  if (!policy.versionGiven) {
    add(
      'no-version',
      usesVariables ? 'warning' : 'info',
      'Version',
      'no Version: IAM applies 2008-10-17 rules, which treat ${…} policy variables as literal text; add "Version": "2012-10-17"',
    )
  } else if (policy.version === '2008-10-17' && usesVariables) {
    add(
      'variables-not-substituted',
      'warning',
      'Version',
      'Version 2008-10-17 does not substitute ${…} policy variables: they are compared as literal text',
    )
  }

  const arrayForm =
    typeof analysis.document === 'object' &&
    analysis.document !== null &&
    Array.isArray((analysis.document as Record<string, unknown>).Statement)
  const at = (s: ParsedStatement, element?: string): string =>
    `${arrayForm ? `Statement[${s.index}]` : 'Statement'}${element ? `.${element}` : ''}`

  const sids = new Map<string, number>()
  const vpcDenyExists = policy.statements.some(isVpcDeny)
  const apiGatewayKind = kind === 'resource' || kind === 'endpoint'

  for (const s of policy.statements) {
    if (s.sid !== undefined) {
      if (sids.has(s.sid))
        add(
          'duplicate-sid',
          'warning',
          at(s, 'Sid'),
          `Sid "${s.sid}" is also used by Statement[${sids.get(s.sid)}]; Sids must be unique`,
          s,
        )
      else sids.set(s.sid, s.index)
    }
    // Malformed ARNs: AWS refuses the policy when it is set ("Invalid principal in policy").
    for (const d of statementDefects(s))
      add(
        'malformed-arn',
        'error',
        at(s, d.element),
        `${d.message}: AWS would not accept this policy (an evaluation reads it as "does not match")`,
        s,
      )
    const resources = [...(s.resource ?? []), ...(s.notResource ?? [])]
    const resourceElement = s.resource ? 'Resource' : 'NotResource'

    if (s.effect === 'Allow' && coversInvoke(s)) {
      const wild = (s.resource ?? []).find(isWildcardResource)
      if (wild !== undefined) {
        add(
          'resource-wildcard',
          'warning',
          at(s, 'Resource'),
          `Resource ${JSON.stringify(wild)} with execute-api:Invoke allows every API in every account: name the API's ARN (and stages, methods, paths)`,
          s,
        )
      }
      if (s.notResource)
        add(
          'not-resource-allow',
          'warning',
          at(s, 'NotResource'),
          'Allow with NotResource grants every resource except those listed',
          s,
        )
    }
    if (s.effect === 'Allow') {
      const broad = (s.action ?? []).find(a => a === '*' || a.toLowerCase() === 'execute-api:*')
      if (broad !== undefined) {
        add(
          'action-wildcard',
          'warning',
          at(s, 'Action'),
          `Action ${JSON.stringify(broad)} grants ${broad === '*' ? 'every action of every service' : 'every execute-api action, including InvalidateCache and ManageConnections'}: grant "execute-api:Invoke"`,
          s,
        )
      }
      if (s.notAction)
        add(
          'not-action-allow',
          'warning',
          at(s, 'NotAction'),
          'Allow with NotAction grants every action except those listed',
          s,
        )
      if (s.notPrincipal)
        add(
          'not-principal-allow',
          'warning',
          at(s, 'NotPrincipal'),
          'Allow with NotPrincipal grants everyone except those listed, anonymous callers included',
          s,
        )
    }

    if (
      kind === 'resource' &&
      privateApi &&
      s.effect === 'Allow' &&
      namesEveryone(s) &&
      coversInvoke(s) &&
      !hasVpcGuard(s) &&
      !vpcDenyExists
    ) {
      add(
        'principal-star-without-vpc-guard',
        'error',
        at(s, 'Principal'),
        'Principal "*" on a private API with no aws:SourceVpce/aws:SourceVpc condition: any VPC endpoint, in any account, can call it. Add a Deny with StringNotEquals aws:SourceVpce (or a condition on this Allow)',
        s,
      )
    }
    if (kind === 'resource' && s.principal && !s.principal.wildcard && s.principal.AWS.some(p => p !== '*')) {
      add(
        'principal-requires-aws-iam',
        'info',
        at(s, 'Principal'),
        'a Principal naming AWS identities only matches on AWS_IAM methods: NONE, CUSTOM and Cognito methods see an anonymous caller',
        s,
      )
    }

    // Statements that can never match.
    for (const block of [s.principal, s.notPrincipal]) {
      for (const p of block?.AWS ?? []) {
        if (p !== '*' && p.includes('*')) {
          add(
            'never-matches',
            'warning',
            at(s, s.principal ? 'Principal' : 'NotPrincipal'),
            `principal ${JSON.stringify(p)} contains a wildcard, but Principal ARNs take none: it is compared literally. Use "*" with an aws:PrincipalArn ArnLike condition`,
            s,
          )
        }
      }
    }
    if (
      apiGatewayKind &&
      s.action &&
      !s.action.some(a => EXECUTE_API_ACTIONS.some(x => actionMatches(a, x)))
    ) {
      add(
        'never-matches',
        'warning',
        at(s, 'Action'),
        `no action here is an execute-api action, so this statement never applies to API Gateway requests`,
        s,
      )
    }
    if (
      kind === 'resource' &&
      s.resource &&
      s.resource.every(
        r =>
          r !== '*' &&
          !isShorthand(r) &&
          parseArn(r)?.service !== 'execute-api' &&
          parseArn(r)?.service !== '*',
      )
    ) {
      add(
        'never-matches',
        'warning',
        at(s, 'Resource'),
        'no resource here is an execute-api ARN, so this statement never applies to the API',
        s,
      )
    }
    for (const r of resources) {
      const arn = parseArn(r)
      const tail = isShorthand(r)
        ? r.slice('execute-api:/'.length)
        : arn?.service === 'execute-api'
          ? arn.resource.split('/').slice(1).join('/')
          : undefined
      if (tail !== undefined) {
        // tail is STAGE/METHOD/PATH
        const method = tail.split('/')[1]
        if (method !== undefined && /[a-z]/.test(method) && !/[*?]/.test(method)) {
          add(
            'never-matches',
            'warning',
            at(s, resourceElement),
            `method "${method}" in ${JSON.stringify(r)} is not upper case; execute-api ARNs use upper-case methods and matching is case-sensitive`,
            s,
          )
        }
      }
      if (options.api && arn?.service === 'execute-api') {
        const target = apiFromArn(r)
        if (
          target &&
          (target.apiId !== options.api.apiId ||
            target.account !== options.api.account ||
            target.region !== options.api.region)
        ) {
          add(
            'other-api',
            'warning',
            at(s, resourceElement),
            `${JSON.stringify(r)} names API ${target.apiId} in ${target.region}/${target.account}, not ${options.api.apiId} in ${options.api.region}/${options.api.account}`,
            s,
          )
        }
      }
      if (isShorthand(r)) {
        if (kind && kind !== 'resource') {
          add(
            'shorthand-will-not-expand',
            'error',
            at(s, resourceElement),
            `${JSON.stringify(r)}: only API Gateway resource policies expand the execute-api:/ shorthand; in this policy it matches nothing. Write the full ARN`,
            s,
          )
        } else if (!r.startsWith('execute-api:/')) {
          add(
            'shorthand-will-not-expand',
            'error',
            at(s, resourceElement),
            `${JSON.stringify(r)} is not valid shorthand: write "execute-api:/*" or "execute-api:/STAGE/METHOD/PATH"`,
            s,
          )
        } else if (!kind) {
          add(
            'shorthand-will-not-expand',
            'info',
            at(s, resourceElement),
            `${JSON.stringify(r)} expands only when the policy is an API Gateway resource policy`,
            s,
          )
        }
      }
    }

    const nullTrue = new Set(
      s.conditions
        .filter(c => c.base === 'Null' && c.values.every(v => v.toLowerCase() === 'true'))
        .map(c => c.key.toLowerCase()),
    )
    for (const c of s.conditions) {
      const cpath = at(s, `Condition.${c.operator}.${c.key}`)
      const canonical = canonicalOperatorName(c.base, c.set, c.ifExists)
      if (canonical !== c.operator)
        add(
          'operator-spelling',
          'info',
          cpath,
          `operator written "${c.operator}"; the documented spelling is "${canonical}"`,
          s,
        )
      const key = c.key.toLowerCase()
      if (c.base !== 'Null' && !c.ifExists && !c.set && !OPERATORS[c.base].negated && nullTrue.has(key)) {
        add(
          'never-matches',
          'warning',
          cpath,
          `the statement requires ${c.key} to be absent (Null) and to match ${c.operator}: it can never apply`,
          s,
        )
      }
      if (
        apiGatewayKind &&
        privateApi &&
        key === 'aws:sourceip' &&
        !c.ifExists &&
        (c.base === 'IpAddress' || c.base === 'NotIpAddress')
      ) {
        if (s.effect === 'Deny' && c.base === 'NotIpAddress') {
          add(
            'source-ip-through-vpce',
            'error',
            cpath,
            'requests through a VPC endpoint carry no aws:SourceIp, so this NotIpAddress Deny denies every call: use aws:VpcSourceIp or aws:SourceVpce',
            s,
          )
        } else if (c.base === 'IpAddress') {
          add(
            'source-ip-through-vpce',
            'warning',
            cpath,
            'requests through a VPC endpoint carry no aws:SourceIp, so this IpAddress condition never matches: use aws:VpcSourceIp or aws:SourceVpce',
            s,
          )
        }
      }
      const literal = c.values.filter(v => !/[*?]/.test(v) && !hasVariables(v, policy.version))
      if (key === 'aws:sourcevpce' && c.base.startsWith('String')) {
        for (const v of literal)
          if (!v.startsWith('vpce-'))
            add(
              'wrong-id-kind',
              'warning',
              cpath,
              `aws:SourceVpce holds a VPC endpoint id (vpce-…), but the value is ${JSON.stringify(v)}`,
              s,
            )
      }
      if (key === 'aws:sourcevpc' && c.base.startsWith('String')) {
        for (const v of literal)
          if (!v.startsWith('vpc-') || v.startsWith('vpce-'))
            add(
              'wrong-id-kind',
              'warning',
              cpath,
              `aws:SourceVpc holds a VPC id (vpc-…), but the value is ${JSON.stringify(v)}${v.startsWith('vpce-') ? ': use aws:SourceVpce for endpoint ids' : ''}`,
              s,
            )
      }
    }
  }
  return out
}
