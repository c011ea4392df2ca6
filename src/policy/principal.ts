/**
 * Who is calling, and whether a `Principal` element names them.
 *
 * IAM rules implemented here:
 * - `"*"` and `{"AWS": "*"}` name everyone, including anonymous callers (IAM documents the
 *   two as equivalent for anonymous access). Nothing else matches an anonymous caller.
 * - An account id or `arn:aws:iam::ACCT:root` names every principal of that account.
 * - A role ARN names the role's sessions. A session ARN
 *   (`arn:aws:sts::A:assumed-role/NAME/SESSION`) does not carry the role's path, so a role
 *   ARN with a path (`arn:aws:iam::A:role/team/NAME`) is matched on account and role name
 *   (role names are unique within an account, paths are not part of that uniqueness). When
 *   the context carries the role's full ARN in `aws:PrincipalArn`, that ARN is compared
 *   exactly instead, so a wrong path is caught.
 * - A session ARN names that session only; a user ARN that user only.
 * - Principal ARNs take no wildcards: `arn:aws:iam::A:role/*` is compared literally.
 * - Unique ids (`AROA…`, `AIDA…`), which IAM shows after a principal is deleted, match the
 *   caller only through `aws:userid`.
 */
import type { ParsedPrincipal } from './types.js'

/** A parsed caller identity. */
export type Caller =
  | { readonly kind: 'anonymous'; readonly account?: undefined }
  | { readonly kind: 'service'; readonly service: string; readonly account?: undefined }
  | { readonly kind: 'account'; readonly arn: string; readonly partition: string; readonly account: string }
  | {
      readonly kind: 'role'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly name: string
      readonly path: string
    }
  | {
      readonly kind: 'assumed-role'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly roleName: string
      readonly session: string
    }
  | {
      readonly kind: 'user'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly name: string
    }
  | {
      readonly kind: 'federated-user'
      readonly arn: string
      readonly partition: string
      readonly account: string
      readonly name: string
    }
  | { readonly kind: 'other'; readonly arn: string; readonly account?: string }

const callerCache = new Map<string, Caller>()

/** Reads a caller: an IAM ARN, a session ARN, an account id, a service principal or `anonymous`. */
export function parseCaller(principal: string): Caller {
  // Policies name the same principals on every evaluation; parse each once.
  let c = callerCache.get(principal)
  if (!c) {
    // Stryker disable next-line ConditionalExpression,EqualityOperator: a cache bound; no result depends on it
    if (callerCache.size > 10_000) callerCache.clear()
    c = readCaller(principal)
    callerCache.set(principal, c)
  }
  return c
}

function readCaller(principal: string): Caller {
  const p = principal.trim()
  if (p === '' || p.toLowerCase() === 'anonymous' || p === '*') return { kind: 'anonymous' }
  if (/^\d{12}$/.test(p))
    return { kind: 'account', arn: `arn:aws:iam::${p}:root`, partition: 'aws', account: p }
  if (/^[a-z0-9.-]+\.amazonaws\.com(\.cn)?$/i.test(p)) return { kind: 'service', service: p }
  // An IAM or STS ARN (the region part is empty in practice); `.+` runs to the end.
  const m = /^arn:([^:]+):(iam|sts):[^:]*:(\d{12}):(.+)/.exec(p)
  if (!m)
    return p.startsWith('arn:')
      ? { kind: 'other', arn: p, account: p.split(':')[4] || undefined }
      : { kind: 'other', arn: p }
  // Stryker disable next-line StringLiteral: the defaults are for the type checker; ARN's groups always match
  const [, partition = 'aws', service, account = '', rest = ''] = m
  if (service === 'iam' && rest === 'root') return { kind: 'account', arn: p, partition, account }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    // Stryker disable next-line StringLiteral: 'assumed-role/…' always splits into at least two parts
    const [, roleName = '', ...session] = rest.split('/')
    return { kind: 'assumed-role', arn: p, partition, account, roleName, session: session.join('/') }
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) {
    return { kind: 'federated-user', arn: p, partition, account, name: rest.slice('federated-user/'.length) }
  }
  if (service === 'iam' && (rest.startsWith('role/') || rest.startsWith('user/'))) {
    const segs = rest.split('/')
    // Stryker disable next-line StringLiteral: split always returns at least one part
    const name = segs[segs.length - 1] ?? ''
    const path = `/${segs
      .slice(1, -1)
      .map(s => `${s}/`)
      .join('')}`
    return rest.startsWith('role/')
      ? { kind: 'role', arn: p, partition, account, name, path }
      : { kind: 'user', arn: p, partition, account, name }
  }
  return { kind: 'other', arn: p, account }
}

/**
 * The role ARN of a session or role caller. A session ARN lacks the role path; `knownRoleArn`
 * (e.g. from `iam:GetRole` or `aws:PrincipalArn`) supplies it when it names the same role.
 */
export function roleArnOfCaller(
  caller: Extract<Caller, { kind: 'role' | 'assumed-role' }>,
  knownRoleArn?: string,
): string {
  if (caller.kind === 'role') return caller.arn
  if (knownRoleArn) {
    const known = parseCaller(knownRoleArn)
    if (known.kind === 'role' && known.account === caller.account && known.name === caller.roleName)
      return known.arn
  }
  return `arn:${caller.partition}:iam::${caller.account}:role/${caller.roleName}`
}

/** Extra facts from the request context that sharpen principal matching. */
export interface PrincipalFacts {
  /** `aws:PrincipalArn`: the role ARN with its path, for session callers. */
  readonly principalArn?: string
  /** `aws:userid`, for unique-id principals. */
  readonly userId?: string
  /**
   * Whether `{"AWS": "*"}` names an anonymous caller. IAM treats it as `"*"` (true, the
   * default); API Gateway resource policies on methods not secured with AWS_IAM do not (see
   * evaluate-request.ts).
   */
  readonly awsStarMatchesAnonymous?: boolean
}

/**
 * How a Principal element names the caller, strongest first. The difference matters to IAM:
 * - `direct`: the caller's own ARN (a role session, an IAM user, a federated user) or a user's
 *   unique id. Within one account such a grant is not limited by an implicit deny in a
 *   permissions boundary.
 * - `everyone`: `"*"` or `{"AWS": "*"}`.
 * - `role`: the role of a session (or a role's unique id); limited by the boundary.
 * - `account`: the caller's account (id or `:root`): a delegation to the account, which still
 *   needs an identity-policy allow inside it.
 * - `service`: a service principal.
 */
export type PrincipalMatch = 'direct' | 'everyone' | 'role' | 'account' | 'service'

// Stryker disable all: a module-level table, built once at load: a static mutant (README "Mutation testing"), which the vitest runner cannot run reliably; the tests pin the table instead
const RANK: Readonly<Record<PrincipalMatch, number>> = {
  direct: 5,
  everyone: 4,
  role: 3,
  service: 2,
  account: 1,
}
// Stryker restore all

function matchAwsValue(value: string, caller: Caller, facts: PrincipalFacts): PrincipalMatch | undefined {
  if (value === '*') {
    if (caller.kind === 'service') return undefined
    if (caller.kind === 'anonymous' && facts.awsStarMatchesAnonymous === false) return undefined
    return 'everyone'
  }
  // Stryker disable next-line ConditionalExpression,LogicalOperator,StringLiteral: a shortcut; no value below names an anonymous caller or a service
  if (caller.kind === 'anonymous' || caller.kind === 'service') return undefined
  if (/^A[A-Z]{3}[A-Z0-9]{12,}$/.test(value)) {
    // A unique id: AROA…:session for a role session, AIDA… for a user.
    const hit = facts.userId !== undefined && (facts.userId === value || facts.userId.startsWith(`${value}:`))
    return hit ? (value.startsWith('AIDA') ? 'direct' : 'role') : undefined
  }
  const target = parseCaller(value)
  switch (target.kind) {
    case 'account':
      return caller.account === target.account && caller.kind !== 'other' ? 'account' : undefined
    case 'role': {
      if (caller.kind === 'role') return caller.arn === target.arn ? 'role' : undefined
      // Stryker disable next-line ConditionalExpression: without it a user or federated user still fails the role-name test below
      if (caller.kind !== 'assumed-role') return undefined
      if (
        caller.account !== target.account ||
        caller.partition !== target.partition ||
        caller.roleName !== target.name
      )
        return undefined
      // Session ARNs drop the role path. If the context knows the full role ARN, hold the
      // policy to it exactly; otherwise account + role name identifies the role.
      const known = facts.principalArn ? parseCaller(facts.principalArn) : undefined
      if (known?.kind === 'role' && known.account === caller.account && known.name === caller.roleName)
        return known.arn === target.arn ? 'role' : undefined
      return 'role'
    }
    default:
      return 'arn' in caller && caller.arn === value ? 'direct' : undefined
  }
}

/** How `block` names `caller` (the strongest way, when several values do), or undefined. */
export function principalMatch(
  block: ParsedPrincipal,
  caller: Caller,
  facts: PrincipalFacts = {},
): PrincipalMatch | undefined {
  if (block.wildcard) return 'everyone'
  let best: PrincipalMatch | undefined
  for (const v of block.AWS) {
    const m = matchAwsValue(v, caller, facts)
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; 'direct' also wins on rank below
    if (m === 'direct') return m
    // Stryker disable next-line EqualityOperator,ConditionalExpression: replacing a match by one of equal rank changes nothing; RANK[undefined] never wins
    if (m !== undefined && (best === undefined || RANK[m] > RANK[best])) best = m
  }
  if (best !== undefined) return best
  if (
    caller.kind === 'service' &&
    block.Service.some(s => s === '*' || s.toLowerCase() === caller.service.toLowerCase())
  )
    return 'service'
  if (caller.kind === 'federated-user' || caller.kind === 'other') {
    if (block.Federated.some(f => f === caller.arn)) return 'direct'
  }
  return undefined
}

/** Whether `block` names `caller`. */
export function principalMatches(
  block: ParsedPrincipal,
  caller: Caller,
  facts: PrincipalFacts = {},
): boolean {
  return principalMatch(block, caller, facts) !== undefined
}
