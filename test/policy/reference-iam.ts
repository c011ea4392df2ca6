/**
 * An independent reference evaluator for requests to a private API Gateway REST API, written
 * from the AWS documentation only (IAM "Policy evaluation logic", "Permissions boundaries for
 * IAM entities", "NotPrincipal", "Condition operators"; API Gateway "How resource policies
 * affect authorization workflow", "VPC endpoint policies for private APIs"). It shares no
 * code with src/policy/: it is deliberately plain (string splitting, loops, no caches) so a
 * reader can check each rule against the docs. test/policy/reference.test.ts compares the two
 * on random requests.
 *
 * Scope: what the generator produces. Policies are plain JSON with array-valued elements,
 * no policy variables, Version 2012-10-17, resources already written as full ARNs.
 */

export type Json = Record<string, unknown>
export type Verdict = 'allow' | 'explicit-deny' | 'implicit-deny'

export interface RefRequest {
  /** Session ARN, user ARN, or 'anonymous'. */
  readonly principal: string
  readonly action: string
  readonly resource: string
  readonly authorizationType: 'AWS_IAM' | 'NONE'
  /** Whether the request carries a valid SigV4 signature. */
  readonly signed: boolean
  /** Condition keys of the signed caller (principal keys included), as AWS would send them. */
  readonly context: Readonly<Record<string, string | readonly string[]>>
  readonly endpointPolicy?: Json
  readonly resourcePolicy?: Json
  readonly identityPolicies: readonly Json[]
  readonly boundary?: Json
  readonly scps: readonly Json[]
}

// ---- who is calling --------------------------------------------------------------------------

interface Who {
  readonly anonymous: boolean
  readonly arn: string
  readonly account: string
  /** For a session: the role name (session ARNs carry no path). */
  readonly roleName?: string
  readonly isUser: boolean
}

function who(principal: string): Who {
  if (principal === 'anonymous') return { anonymous: true, arn: '', account: '', isUser: false }
  const fields = principal.split(':')
  const account = fields[4] ?? ''
  const resource = fields.slice(5).join(':')
  if (resource.startsWith('assumed-role/')) {
    return { anonymous: false, arn: principal, account, roleName: resource.split('/')[1], isUser: false }
  }
  return { anonymous: false, arn: principal, account, isUser: resource.startsWith('user/') }
}

const PRINCIPAL_KEYS = [
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principalorgid',
  'aws:principalorgpaths',
  'aws:principaltype',
  'aws:userid',
  'aws:username',
  'aws:rolesessionname',
]

/** The context a layer sees: an anonymous caller carries no principal keys. */
function contextFor(req: RefRequest, anonymous: boolean): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const [k, v] of Object.entries(req.context)) {
    const key = k.toLowerCase()
    if (anonymous && (PRINCIPAL_KEYS.includes(key) || key.startsWith('aws:principaltag/'))) continue
    out.set(key, typeof v === 'string' ? [v] : [...v])
  }
  if (anonymous) out.set('aws:principaltype', ['Anonymous'])
  return out
}

// ---- how a statement names the caller ---------------------------------------------------------

/** 'direct' = the caller's own ARN; 'role' = its role; 'account'; 'everyone'; or null. */
type Naming = 'direct' | 'role' | 'account' | 'everyone' | null

function asList(v: unknown): unknown[] {
  if (v === undefined) return []
  return Array.isArray(v) ? v : [v]
}

function namesCaller(
  element: unknown,
  caller: Who,
  principalArn: string | undefined,
  awsStarCoversAnonymous: boolean,
): Naming {
  if (element === '*') return 'everyone'
  const found: Naming[] = []
  for (const value of asList((element as Json).AWS)) {
    const v = String(value)
    if (v === '*') {
      if (!caller.anonymous || awsStarCoversAnonymous) found.push('everyone')
      continue
    }
    if (caller.anonymous) continue
    if (/^\d{12}$/.test(v) || v === `arn:aws:iam::${v.split(':')[4]}:root`) {
      const acct = /^\d{12}$/.test(v) ? v : v.split(':')[4]
      if (acct === caller.account) found.push('account')
      continue
    }
    if (v === caller.arn) {
      found.push('direct')
      continue
    }
    // A role ARN names the role's sessions. The session ARN has no path; aws:PrincipalArn
    // (the role ARN with its path) tells whether the policy's role ARN is really this role.
    const parts = v.split(':')
    const res = parts.slice(5).join(':')
    if (parts[2] === 'iam' && res.startsWith('role/') && caller.roleName !== undefined) {
      const name = res.split('/').pop()
      if (parts[4] !== caller.account || name !== caller.roleName) continue
      if (principalArn === undefined || principalArn === v) found.push('role')
    }
  }
  for (const strength of ['direct', 'everyone', 'role', 'account'] as const)
    if (found.includes(strength)) return strength
  return null
}

// ---- actions and resources ---------------------------------------------------------------------

/** `*` any run of characters, `?` one character; everything else literal. */
function glob(pattern: string, value: string, ignoreCase = false): boolean {
  let re = '^'
  for (const ch of pattern) {
    if (ch === '*') re += '.*'
    else if (ch === '?') re += '.'
    else re += ch.replace(/[.+^${}()|[\]\\/]/g, '\\$&')
  }
  return new RegExp(`${re}$`, ignoreCase ? 'is' : 's').test(value)
}

/**
 * ARN matching: the first five colon-separated fields are compared one by one (a wildcard
 * stays inside its field), the sixth (the resource, which may itself hold colons and
 * slashes) as a whole. A pattern of fewer fields whose last field is `*` covers the rest.
 */
function arnGlob(pattern: string, value: string): boolean {
  if (pattern === '*') return true
  const p = pattern.split(':')
  const v = value.split(':')
  if (v.length < 6) return false
  const vFields = [...v.slice(0, 5), v.slice(5).join(':')]
  if (p.length < 6) {
    const last = p[p.length - 1]
    if (last !== '*') return false
    for (let i = 0; i < p.length - 1; i++) if (!glob(p[i] as string, vFields[i] as string)) return false
    return true
  }
  const pFields = [...p.slice(0, 5), p.slice(5).join(':')]
  for (let i = 0; i < 6; i++) if (!glob(pFields[i] as string, vFields[i] as string)) return false
  return true
}

// ---- conditions --------------------------------------------------------------------------------

function parseIp(text: string): { bits: bigint; width: number } | null {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (!m) return null
  let n = 0n
  for (const part of m.slice(1)) n = n * 256n + BigInt(Number(part))
  return { bits: n, width: 32 }
}

function inCidr(addr: string, cidr: string): boolean {
  const [base, len] = cidr.split('/')
  const a = parseIp(addr)
  const b = parseIp(base ?? '')
  if (!a || !b) return false
  const keep = BigInt(len === undefined ? 32 : Number(len))
  const drop = 32n - keep
  return a.bits >> drop === b.bits >> drop
}

function toTime(text: string): number {
  return /^\d+$/.test(text) ? Number(text) * 1000 : Date.parse(text)
}

/** One request value against one policy value, for a non-negated operator name. */
function compare(op: string, actual: string, wanted: string): boolean {
  switch (op) {
    case 'StringEquals':
      return actual === wanted
    case 'StringEqualsIgnoreCase':
      return actual.toLowerCase() === wanted.toLowerCase()
    case 'StringLike':
      return glob(wanted, actual)
    case 'NumericEquals':
      return Number(actual) === Number(wanted)
    case 'NumericLessThan':
      return Number(actual) < Number(wanted)
    case 'NumericLessThanEquals':
      return Number(actual) <= Number(wanted)
    case 'NumericGreaterThan':
      return Number(actual) > Number(wanted)
    case 'NumericGreaterThanEquals':
      return Number(actual) >= Number(wanted)
    case 'DateEquals':
      return toTime(actual) === toTime(wanted)
    case 'DateLessThan':
      return toTime(actual) < toTime(wanted)
    case 'DateLessThanEquals':
      return toTime(actual) <= toTime(wanted)
    case 'DateGreaterThan':
      return toTime(actual) > toTime(wanted)
    case 'DateGreaterThanEquals':
      return toTime(actual) >= toTime(wanted)
    case 'Bool':
      return actual.toLowerCase() === wanted.toLowerCase()
    case 'BinaryEquals':
      return Buffer.from(actual, 'base64').equals(Buffer.from(wanted, 'base64'))
    case 'IpAddress':
      return inCidr(actual, wanted)
    case 'ArnEquals':
    case 'ArnLike':
      return arnGlob(wanted, actual)
    default:
      throw new Error(`reference: unsupported operator ${op}`)
  }
}

const NEGATIONS: Record<string, string> = {
  StringNotEquals: 'StringEquals',
  StringNotEqualsIgnoreCase: 'StringEqualsIgnoreCase',
  StringNotLike: 'StringLike',
  NumericNotEquals: 'NumericEquals',
  DateNotEquals: 'DateEquals',
  NotIpAddress: 'IpAddress',
  ArnNotEquals: 'ArnEquals',
  ArnNotLike: 'ArnLike',
}

/** One `operator: { key: values }` test, per the Condition operators page. */
function conditionHolds(
  operator: string,
  key: string,
  wanted: string[],
  ctx: Map<string, string[]>,
): boolean {
  let op = operator
  let set: string | undefined
  if (op.includes(':')) [set, op] = op.split(':') as [string, string]
  const ifExists = op.endsWith('IfExists')
  if (ifExists) op = op.slice(0, -'IfExists'.length)
  const actual = ctx.get(key.toLowerCase())
  const present = actual !== undefined && actual.length > 0
  if (op === 'Null') return wanted.some(w => (w === 'true' ? !present : present))
  const negatedOf = NEGATIONS[op]
  if (!present) {
    // Absent key: IfExists → true; ForAllValues → true (no values to fail); ForAnyValue →
    // false; a negated operator → true; any other → false.
    if (ifExists) return true
    if (set === 'ForAllValues') return true
    if (set === 'ForAnyValue') return false
    return negatedOf !== undefined
  }
  const one = (value: string): boolean => {
    const hit = wanted.some(w => compare(negatedOf ?? op, value, w))
    return negatedOf ? !hit : hit
  }
  if (set === 'ForAllValues') return actual.every(one)
  if (set === 'ForAnyValue') return actual.some(one)
  // A single-valued key (the generator uses set operators for every multivalued key).
  return one(actual[0] as string)
}

function conditionsHold(condition: unknown, ctx: Map<string, string[]>): boolean {
  for (const [operator, block] of Object.entries((condition ?? {}) as Json))
    for (const [key, values] of Object.entries(block as Json))
      if (!conditionHolds(operator, key, asList(values).map(String), ctx)) return false
  return true
}

// ---- one policy -----------------------------------------------------------------------------

interface PolicyResult {
  readonly verdict: Verdict
  /** How each applying Allow named the caller ('none' for statements without Principal). */
  readonly allowNaming: readonly (Naming | 'none')[]
  /** Whether an applying "*" Allow narrowed the caller with a positive aws:PrincipalArn test. */
  readonly starWithPrincipalArn: boolean
}

interface LayerView {
  readonly caller: Who
  readonly ctx: Map<string, string[]>
  readonly awsStarCoversAnonymous: boolean
  /** IAM: a NotPrincipal Deny always applies to a principal that has a permissions boundary. */
  readonly callerHasBoundary: boolean
}

function evaluate(policy: Json | undefined, req: RefRequest, view: LayerView): PolicyResult {
  let deny = false
  const allowNaming: (Naming | 'none')[] = []
  let starWithPrincipalArn = false
  const principalArn = view.ctx.get('aws:principalarn')?.[0]
  for (const s of asList(policy?.Statement) as Json[]) {
    let naming: Naming | 'none' = 'none'
    if (s.Principal !== undefined) {
      naming = namesCaller(s.Principal, view.caller, principalArn, view.awsStarCoversAnonymous)
      if (naming === null) continue
    } else if (s.NotPrincipal !== undefined) {
      const listed =
        namesCaller(s.NotPrincipal, view.caller, principalArn, view.awsStarCoversAnonymous) !== null
      const boundaryRule = s.Effect === 'Deny' && view.callerHasBoundary && !view.caller.anonymous
      if (listed && !boundaryRule) continue
      naming = 'everyone'
    }
    const actionOk =
      s.Action !== undefined
        ? asList(s.Action).some(a => glob(String(a), req.action, true))
        : !asList(s.NotAction).some(a => glob(String(a), req.action, true))
    if (!actionOk) continue
    const resourceOk =
      s.Resource !== undefined
        ? asList(s.Resource).some(r => arnGlob(String(r), req.resource))
        : !asList(s.NotResource).some(r => arnGlob(String(r), req.resource))
    if (!resourceOk) continue
    if (!conditionsHold(s.Condition, view.ctx)) continue
    if (s.Effect === 'Deny') deny = true
    else {
      allowNaming.push(naming)
      const tests = Object.entries((s.Condition ?? {}) as Json).filter(
        ([op, block]) =>
          ['ArnEquals', 'ArnLike', 'StringEquals', 'StringLike', 'StringEqualsIgnoreCase'].includes(op) &&
          Object.keys(block as Json).some(k => k.toLowerCase() === 'aws:principalarn'),
      )
      if (naming === 'everyone' && s.Principal !== undefined && tests.length > 0) starWithPrincipalArn = true
    }
  }
  const verdict: Verdict = deny ? 'explicit-deny' : allowNaming.length > 0 ? 'allow' : 'implicit-deny'
  return { verdict, allowNaming, starWithPrincipalArn }
}

// ---- the whole request ------------------------------------------------------------------------

const FULL_ACCESS: Json = { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] }

/** The decision AWS would reach for `req`. */
export function referenceDecision(req: RefRequest): Verdict {
  const caller = who(req.principal)
  const anonymous: Who = who('anonymous')
  const hasBoundary = req.boundary !== undefined && (caller.isUser || caller.roleName !== undefined)
  const signedCtx = contextFor(req, caller.anonymous)
  const anonCtx = contextFor(req, true)

  if (req.authorizationType === 'NONE') {
    // The endpoint policy sees the signer when the request is signed and the endpoint has a
    // custom policy (API Gateway then reads the header); the method sees an anonymous caller.
    const endpointSeesSigner = req.signed && req.endpointPolicy !== undefined
    const endpoint = evaluate(req.endpointPolicy ?? FULL_ACCESS, req, {
      caller: endpointSeesSigner ? caller : anonymous,
      ctx: endpointSeesSigner ? signedCtx : anonCtx,
      awsStarCoversAnonymous: true,
      callerHasBoundary: endpointSeesSigner && hasBoundary,
    })
    // API Gateway: with Principal "AWS", authorization fails for methods not secured with
    // AWS_IAM, so {"AWS": "*"} does not cover the anonymous caller here.
    const rp = evaluate(req.resourcePolicy, req, {
      caller: anonymous,
      ctx: anonCtx,
      awsStarCoversAnonymous: false,
      callerHasBoundary: false,
    })
    if (endpoint.verdict === 'explicit-deny' || rp.verdict === 'explicit-deny') return 'explicit-deny'
    if (req.resourcePolicy === undefined) return 'implicit-deny'
    return endpoint.verdict === 'allow' && rp.verdict === 'allow' ? 'allow' : 'implicit-deny'
  }

  // AWS_IAM, validly signed.
  const signedView: LayerView = {
    caller,
    ctx: signedCtx,
    awsStarCoversAnonymous: true,
    callerHasBoundary: hasBoundary,
  }
  const identityView: LayerView = { ...signedView, callerHasBoundary: false }
  const endpoint = evaluate(req.endpointPolicy ?? FULL_ACCESS, req, signedView)
  const rp = evaluate(req.resourcePolicy, req, signedView)
  const ids = req.identityPolicies.map(p => evaluate(p, req, identityView))
  const boundary = req.boundary ? evaluate(req.boundary, req, identityView) : undefined
  const scps = req.scps.map(p => evaluate(p, req, identityView))
  const all = [endpoint, rp, ...ids, ...(boundary ? [boundary] : []), ...scps]
  if (all.some(r => r.verdict === 'explicit-deny')) return 'explicit-deny'
  if (req.resourcePolicy === undefined) return 'implicit-deny'
  if (endpoint.verdict !== 'allow') return 'implicit-deny'
  if (scps.some(r => r.verdict !== 'allow')) return 'implicit-deny'

  const identityAllows = ids.some(r => r.verdict === 'allow')
  const boundaryAllows = boundary === undefined || boundary.verdict === 'allow'
  const apiAccount = req.resource.split(':')[4]
  if (caller.account === apiAccount) {
    // Same account: either side may allow. A grant naming the caller's own ARN (session,
    // user) - or "*" narrowed to it by aws:PrincipalArn - is not limited by the boundary; a
    // grant to the role, to "*", or an identity-policy grant is. A grant to the account only
    // delegates: the identity still needs its own identity-policy allow.
    const direct = rp.allowNaming.includes('direct') || rp.starWithPrincipalArn
    if (direct) return 'allow'
    const rpNamesCaller = rp.allowNaming.some(n => n === 'role' || n === 'everyone' || n === 'none')
    return (rpNamesCaller || identityAllows) && boundaryAllows ? 'allow' : 'implicit-deny'
  }
  // Cross-account: both the resource policy (naming the caller or its account) and the
  // caller's identity policies must allow, and the boundary limits the identity side.
  return rp.verdict === 'allow' && identityAllows && boundaryAllows ? 'allow' : 'implicit-deny'
}
