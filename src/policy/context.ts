/**
 * The request context: condition keys and their values.
 *
 * `normalizeContext` turns caller input into the case-insensitive lookup the evaluator uses.
 * `buildRequestContext` derives the keys a real request to a private API carries, from facts
 * the doctor collected, so conditions are evaluated against what AWS would see rather than
 * against what a user remembered to type.
 */
import { parseCaller, roleArnOfCaller } from './principal.js'
import type { ContextInput, ContextScalar, ContextValue } from './types.js'

/** One key's values. `multi` is true when the key was given as an array (a multivalued key). */
export interface ContextEntry {
  /** The key as the caller spelled it. */
  readonly key: string
  readonly values: readonly string[]
  readonly multi: boolean
}

/** A case-insensitive view of the request context. */
export interface RequestContext {
  get(key: string): ContextEntry | undefined
  /** All entries, in input order. */
  entries(): readonly ContextEntry[]
}

const scalarText = (v: ContextScalar): string => String(v)

class MapContext implements RequestContext {
  constructor(private readonly map: ReadonlyMap<string, ContextEntry>) {}
  get(key: string): ContextEntry | undefined {
    return this.map.get(key.toLowerCase())
  }
  entries(): readonly ContextEntry[] {
    return [...this.map.values()]
  }
}

/**
 * Normalizes context input: keys become case-insensitive (IAM condition key names are),
 * booleans and numbers become strings (IAM compares `true` and `"true"` alike), arrays mark
 * multivalued keys, and `null`/`undefined` mean the key is absent.
 */
export function normalizeContext(input: ContextInput | RequestContext | undefined): RequestContext {
  if (
    input &&
    // Stryker disable next-line ConditionalExpression: ContextInput values are scalars or arrays, never functions, so either test alone tells a RequestContext apart
    typeof (input as RequestContext).get === 'function' &&
    // Stryker disable next-line ConditionalExpression: as above
    typeof (input as RequestContext).entries === 'function'
  ) {
    return input as RequestContext
  }
  const map = new Map<string, ContextEntry>()
  for (const [key, raw] of Object.entries((input ?? {}) as ContextInput)) {
    if (raw === undefined || raw === null) continue
    const multi = Array.isArray(raw)
    const values = multi
      ? (raw as readonly ContextScalar[]).map(scalarText)
      : [scalarText(raw as ContextScalar)]
    map.set(key.toLowerCase(), { key, values, multi })
  }
  return new MapContext(map)
}

/** The context as plain data (for reports). */
export function contextToJson(context: RequestContext): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {}
  // Stryker disable next-line StringLiteral: a single-valued entry always holds one value; '' only satisfies the types
  for (const e of context.entries()) out[e.key] = e.multi ? [...e.values] : (e.values[0] ?? '')
  return out
}

// Keys that only exist when AWS authenticated the caller. An anonymous caller (no SigV4,
// or a method whose Authorization header API Gateway does not read) carries none of them.
// A function, not a module constant, so mutation testing can run its mutants.
function isPrincipalKey(key: string): boolean {
  return /^aws:(principal(?!type$|isawsservice$)|userid$|username$|multifactorauth|tokenissuetime$|sourceidentity$|rolesessionname$|federatedprovider$|assumedroot$|ec2instancesourcevpc$|ec2instancesourceprivateipv4$)/i.test(
    key,
  )
}

/**
 * The context as an anonymous caller would present it: without principal-scoped keys, and
 * with `aws:PrincipalType` = `Anonymous`. Used for every layer that sees the caller as anonymous.
 */
export function anonymousView(context: RequestContext): RequestContext {
  const map = new Map<string, ContextEntry>()
  for (const e of context.entries()) {
    if (isPrincipalKey(e.key) || e.key.toLowerCase() === 'aws:principaltype') continue
    map.set(e.key.toLowerCase(), e)
  }
  map.set('aws:principaltype', { key: 'aws:PrincipalType', values: ['Anonymous'], multi: false })
  return new MapContext(map)
}

/** Facts about one request, from which buildRequestContext derives the condition keys. */
export interface RequestContextFacts {
  /** The caller: session ARN, role/user ARN, account root, or `anonymous`. */
  readonly principal: string
  /**
   * The role's full ARN, path included, when known (from `iam:GetRole`). A session ARN does
   * not carry the role path, so without this `aws:PrincipalArn` is `arn:…:role/NAME`.
   */
  readonly roleArn?: string
  /** `aws:PrincipalOrgID`, when the caller's account is in an organization and we know it. */
  readonly principalOrgId?: string
  readonly principalOrgPaths?: readonly string[]
  /** Tags on the role or user (and session tags, which take precedence), for `aws:PrincipalTag/*`. */
  readonly principalTags?: Readonly<Record<string, string>>
  /** Unique id for `aws:userid` (e.g. `AROA…:session`), when known. */
  readonly userId?: string
  /** The VPC endpoint the request goes through. */
  readonly sourceVpce?: string
  /** The VPC of that endpoint. */
  readonly sourceVpc?: string
  /**
   * The account that owns the endpoint (`aws:VpceAccount`, August 2025). Like the two keys
   * below, AWS adds it only to requests that go through a VPC endpoint.
   */
  readonly vpceAccount?: string
  /** The organization of the endpoint's owner (`aws:VpceOrgID`), when it is in one and we know it. */
  readonly vpceOrgId?: string
  /**
   * The owner account's organization paths (`aws:VpceOrgPaths`, multivalued, e.g.
   * `o-abc/r-ab12/ou-ab12-11111111/`), when known.
   */
  readonly vpceOrgPaths?: readonly string[]
  /** The caller's private IP, as `aws:VpcSourceIp`. */
  readonly vpcSourceIp?: string
  /**
   * True when the request goes through a VPC endpoint (always, for a private API). Such a
   * request carries no `aws:SourceIp`.
   * @default true
   */
  readonly viaVpcEndpoint?: boolean
  /** The public source IP: only used when `viaVpcEndpoint` is false. */
  readonly sourceIp?: string
  /** Tags on the REST API, for `aws:ResourceTag/*`. */
  readonly resourceTags?: Readonly<Record<string, string>>
  /** The API's region, for `aws:RequestedRegion`. */
  readonly region?: string
  /** A private custom domain ARN the request came through (`execute-api:viaDomainArn`). */
  readonly viaDomainArn?: string
  /** @default true (private APIs accept only HTTPS) */
  readonly secureTransport?: boolean
  /** The request time. @default new Date() */
  readonly now?: Date
  /** Keys to add or override, applied last. */
  readonly extra?: ContextInput
}

/**
 * Derives the request context of a call to a private API from what is known about it:
 * `aws:PrincipalArn` (the **role** ARN for a session, not the session ARN),
 * `aws:PrincipalAccount`, `aws:PrincipalOrgID`/`OrgPaths` when known, `aws:PrincipalTag/*`,
 * `aws:PrincipalType`, `aws:username` (IAM users only), `aws:SourceVpce`, `aws:SourceVpc`,
 * `aws:VpceAccount`, `aws:VpceOrgID`, `aws:VpceOrgPaths` (only through an endpoint), `aws:ResourceTag/*`, `aws:SecureTransport`, `aws:CurrentTime`,
 * `aws:EpochTime`. Keys that a request through a VPC endpoint does not carry, such as
 * `aws:SourceIp`, are left out, so a condition on them behaves as IAM defines for absent keys.
 */
export function buildRequestContext(facts: RequestContextFacts): Record<string, ContextValue> {
  const out: Record<string, ContextValue> = {}
  const caller = parseCaller(facts.principal)
  if (caller.kind === 'anonymous') {
    out['aws:PrincipalType'] = 'Anonymous'
  } else if (caller.kind === 'service') {
    out['aws:PrincipalIsAWSService'] = true
    out['aws:PrincipalServiceName'] = caller.service
  } else {
    out['aws:PrincipalArn'] =
      caller.kind === 'assumed-role' ? roleArnOfCaller(caller, facts.roleArn) : caller.arn
    if (caller.account) out['aws:PrincipalAccount'] = caller.account
    out['aws:PrincipalIsAWSService'] = false
    const type = {
      account: 'Account',
      role: 'AssumedRole',
      'assumed-role': 'AssumedRole',
      user: 'User',
      'federated-user': 'FederatedUser',
      other: undefined,
    }[caller.kind]
    if (type) out['aws:PrincipalType'] = type
    if (caller.kind === 'user') out['aws:username'] = caller.name
    if (caller.kind === 'assumed-role') out['aws:RoleSessionName'] = caller.session
    if (facts.userId) out['aws:userid'] = facts.userId
    if (facts.principalOrgId) out['aws:PrincipalOrgID'] = facts.principalOrgId
    if (facts.principalOrgPaths) out['aws:PrincipalOrgPaths'] = [...facts.principalOrgPaths]
    for (const [k, v] of Object.entries(facts.principalTags ?? {})) out[`aws:PrincipalTag/${k}`] = v
  }
  const viaVpce = facts.viaVpcEndpoint ?? true
  if (viaVpce) {
    if (facts.sourceVpce) out['aws:SourceVpce'] = facts.sourceVpce
    if (facts.sourceVpc) out['aws:SourceVpc'] = facts.sourceVpc
    if (facts.vpceAccount) out['aws:VpceAccount'] = facts.vpceAccount
    if (facts.vpceOrgId) out['aws:VpceOrgID'] = facts.vpceOrgId
    if (facts.vpceOrgPaths && facts.vpceOrgPaths.length > 0) out['aws:VpceOrgPaths'] = [...facts.vpceOrgPaths]
    if (facts.vpcSourceIp) out['aws:VpcSourceIp'] = facts.vpcSourceIp
  } else if (facts.sourceIp) {
    out['aws:SourceIp'] = facts.sourceIp
  }
  for (const [k, v] of Object.entries(facts.resourceTags ?? {})) out[`aws:ResourceTag/${k}`] = v
  if (facts.region) out['aws:RequestedRegion'] = facts.region
  if (facts.viaDomainArn) out['execute-api:viaDomainArn'] = facts.viaDomainArn
  out['aws:SecureTransport'] = facts.secureTransport ?? true
  const now = facts.now ?? new Date()
  // Stryker disable next-line Regex: toISOString always ends in .sssZ, so the end anchor changes nothing
  out['aws:CurrentTime'] = now.toISOString().replace(/\.\d{3}Z$/, 'Z')
  out['aws:EpochTime'] = Math.floor(now.getTime() / 1000)
  for (const [k, v] of Object.entries(facts.extra ?? {})) {
    // Replace a key regardless of the caller's casing of it.
    for (const existing of Object.keys(out))
      if (existing.toLowerCase() === k.toLowerCase()) delete out[existing]
    if (v !== undefined && v !== null) out[k] = v
  }
  return out
}
