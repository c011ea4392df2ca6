/**
 * Runs the policy engine (src/policy) over what the snapshot holds: the VPC endpoint policy,
 * the API's resource policy, the caller's identity policies, boundary and SCPs, with the
 * request context a real call through the endpoint would carry. Tracks, per layer, whether the
 * policy was read, supplied in a file, defaulted, absent or unknown, so a check can say
 * "unknown" instead of trusting a guess. Pure.
 */
import { callerIpsFirst } from './ip-family.js'
import {
  buildRequestContext,
  denialHints,
  evaluateRequest,
  parsePolicy,
  type AuthorizationType,
  type ContextValue,
  type DenialHint,
  type LayerEvaluation,
  type NamedPolicy,
  type ParsedPolicy,
  type PolicyKind,
  type RequestEvaluation,
} from '../policy/index.js'
import type { DerivedFacts } from './derived-facts.js'
import { missingFor, whyMissing } from './outcome.js'
import { valueOf, type DoctorSnapshot, type PolicyFacts, type VpcEndpointFacts } from './snapshot.js'

/** Where a layer's policy came from. */
export type LayerState = 'collected' | 'supplied' | 'default' | 'none' | 'unknown' | 'invalid'

export interface LayerInput {
  readonly state: LayerState
  /** Why it is unknown or invalid. */
  readonly why?: string
  /** What would reveal it. */
  readonly missing?: readonly string[]
  /** Where it came from, for evidence (`--resource-policy policy.json`, `DescribeVpcEndpoints`). */
  readonly from?: string
}

/** The engine's view of the request. */
export interface PolicyAnalysis {
  /** Absent when the engine could not run (principal, account or route unknown). */
  readonly evaluation?: RequestEvaluation
  readonly blocked?: { readonly summary: string; readonly missing: readonly string[] }
  readonly hints: readonly DenialHint[]
  readonly authorizationType: { readonly value: AuthorizationType; readonly assumed: boolean }
  readonly inputs: {
    readonly endpoint: LayerInput
    readonly resource: LayerInput
    readonly identity: LayerInput
    readonly boundary: LayerInput
    readonly scp: LayerInput
    readonly authorizer: LayerInput
  }
  /**
   * For methods that are not AWS_IAM: the same request as if the method were AWS_IAM and
   * signed, to tell "the endpoint policy names IAM principals" (row 26) from a plain deny.
   */
  readonly signedEvaluation?: RequestEvaluation
  readonly context: Readonly<Record<string, ContextValue>>
  /** Condition keys the request would carry but the snapshot could not establish. */
  readonly unknownKeys: readonly string[]
  /** Where the endpoint-owner keys (aws:VpceAccount, aws:VpceOrgID, aws:VpceOrgPaths) came from. */
  readonly vpceKeys: readonly string[]
}

/**
 * The 2025 endpoint-owner keys. aws:VpceAccount is the endpoint's OwnerId. The organization is
 * known only for the account the doctor reads as (DescribeOrganization answers for the calling
 * account); when the endpoint's owner is that account, its organization is the endpoint's.
 * Organization paths need organizations:ListParents from the management account: never read.
 */
export function vpceOwnerFacts(
  s: DoctorSnapshot,
  ep: VpcEndpointFacts | undefined,
): {
  facts: { vpceAccount?: string; vpceOrgId?: string; vpceOrgPaths?: readonly string[] }
  unknown: string[]
  notes: string[]
} {
  const notes: string[] = []
  const unknownKeys: string[] = ['aws:VpceOrgPaths']
  if (!ep?.ownerId) {
    notes.push('aws:VpceAccount, aws:VpceOrgID: unknown (the endpoint or its OwnerId was not read)')
    return { facts: {}, unknown: ['aws:VpceAccount', 'aws:VpceOrgID', ...unknownKeys], notes }
  }
  notes.push(`aws:VpceAccount = ${ep.ownerId} (the OwnerId of ${ep.id}, ec2:DescribeVpcEndpoints)`)
  const reader = valueOf(s.caller.identity)?.account
  const org = s.caller.organizationId
  let vpceOrgId: string | undefined
  if (reader === ep.ownerId && org.status === 'ok') {
    if (org.value) {
      vpceOrgId = org.value
      notes.push(
        `aws:VpceOrgID = ${org.value} (the organization of ${ep.ownerId}, organizations:DescribeOrganization)`,
      )
    } else notes.push(`aws:VpceOrgID: absent (${ep.ownerId} is in no organization)`)
  } else {
    unknownKeys.push('aws:VpceOrgID')
    notes.push(
      reader === ep.ownerId
        ? `aws:VpceOrgID: unknown (${whyMissing(org as never)})`
        : `aws:VpceOrgID: unknown (${ep.ownerId} owns the endpoint; the doctor reads as ${reader ?? 'an unknown account'} and can only ask Organizations about its own account)`,
    )
  }
  // What Organizations told about the owner when a policy tests these keys (DescribeAccount,
  // ListParents: the management account or a delegated administrator; collect/aws2026.ts).
  const owned = s.network.endpointOwnerOrg
  const read = owned?.status === 'ok' && owned.value.account === ep.ownerId ? owned.value : undefined
  if (read?.orgId && !vpceOrgId) {
    vpceOrgId = read.orgId
    unknownKeys.splice(unknownKeys.indexOf('aws:VpceOrgID'), 1)
    notes.splice(-1, 1, `aws:VpceOrgID = ${read.orgId} (${read.via})`)
  }
  const paths = read?.paths
  if (paths && paths.length > 0) {
    unknownKeys.splice(unknownKeys.indexOf('aws:VpceOrgPaths'), 1)
    notes.push(`aws:VpceOrgPaths = ${paths.join(', ')} (${read.via})`)
  } else
    notes.push(
      owned && owned.status !== 'ok'
        ? `aws:VpceOrgPaths: unknown (${whyMissing(owned)})`
        : read
          ? `aws:VpceOrgPaths: unknown (${read.via})`
          : 'aws:VpceOrgPaths: unknown (organization paths need organizations:ListParents in the management account)',
    )
  return {
    facts: {
      vpceAccount: ep.ownerId,
      ...(vpceOrgId ? { vpceOrgId } : {}),
      ...(paths && paths.length > 0 ? { vpceOrgPaths: paths } : {}),
    },
    unknown: unknownKeys,
    notes,
  }
}

const AUTH_TYPES: readonly AuthorizationType[] = ['AWS_IAM', 'NONE', 'CUSTOM', 'COGNITO_USER_POOLS']

/** True for the default full-access endpoint policy (or one equivalent to it). */
export function isDefaultEndpointPolicy(doc: unknown): boolean {
  let d = doc
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d)
    } catch {
      return false
    }
  }
  if (!d || typeof d !== 'object') return false
  const raw = (d as { Statement?: unknown }).Statement
  const statements = Array.isArray(raw) ? raw : raw ? [raw] : []
  if (statements.length !== 1) return false
  const s = statements[0] as Record<string, unknown>
  const star = (v: unknown) => v === '*' || (Array.isArray(v) && v.length === 1 && v[0] === '*')
  const principalStar =
    star(s.Principal) ||
    (typeof s.Principal === 'object' && s.Principal !== null && star((s.Principal as { AWS?: unknown }).AWS))
  return (
    s.Effect === 'Allow' &&
    principalStar &&
    star(s.Action) &&
    star(s.Resource) &&
    s.Condition === undefined &&
    s.NotAction === undefined &&
    s.NotResource === undefined
  )
}

interface Parsed {
  readonly input: LayerInput
  readonly policies: (NamedPolicy | ParsedPolicy)[]
}

function parseAll(
  list: readonly PolicyFacts[],
  kind: PolicyKind,
  state: LayerState,
  from: string,
  named = true,
): Parsed {
  const policies: (NamedPolicy | ParsedPolicy)[] = []
  for (const p of list) {
    try {
      const parsed: ParsedPolicy = parsePolicy(p.document, { kind, source: p.name })
      // The engine labels layers "<kind> <name>"; an unnamed policy is labelled by its kind alone.
      policies.push(named ? { name: p.name, document: parsed } : parsed)
    } catch (err) {
      return {
        input: { state: 'invalid', why: err instanceof Error ? err.message : String(err), from },
        policies: [],
      }
    }
  }
  return { input: { state, from }, policies }
}

/** Run the engine over the snapshot. */
export function analysePolicies(s: DoctorSnapshot, d: DerivedFacts): PolicyAnalysis {
  const method = valueOf(d.method)
  const rawType = method?.method.authorizationType
  const authorizationType =
    rawType && (AUTH_TYPES as readonly string[]).includes(rawType)
      ? { value: rawType as AuthorizationType, assumed: false }
      : { value: 'AWS_IAM' as const, assumed: true }

  // VPC endpoint policy.
  let endpoint: Parsed
  const ep = valueOf(d.endpoint)
  if (s.supplied.endpointPolicy)
    endpoint = parseAll(
      [s.supplied.endpointPolicy],
      'endpoint',
      'supplied',
      `--endpoint-policy ${s.supplied.endpointPolicy.name}`,
    )
  else if (ep && (ep.policy === undefined || isDefaultEndpointPolicy(ep.policy)))
    endpoint = { input: { state: 'default', from: `${ep.id} (default full-access policy)` }, policies: [] }
  else if (ep)
    endpoint = parseAll(
      [{ name: ep.id, document: ep.policy! }],
      'endpoint',
      'collected',
      `${ep.id} PolicyDocument`,
    )
  else if (d.endpoint.status !== 'ok')
    endpoint = {
      input: {
        state: 'unknown',
        why: whyMissing(d.endpoint),
        missing: [...missingFor(d.endpoint), '--endpoint-policy FILE'],
      },
      policies: [],
    }
  else endpoint = { input: { state: 'unknown' }, policies: [] }

  // Resource policy.
  let resource: Parsed
  const api = s.api.restApi
  if (s.supplied.resourcePolicy)
    resource = parseAll(
      [s.supplied.resourcePolicy],
      'resource',
      'supplied',
      `--resource-policy ${s.supplied.resourcePolicy.name}`,
    )
  else if (api.status === 'ok' && api.value.policy !== undefined)
    resource = parseAll(
      [{ name: 'resource policy', document: api.value.policy }],
      'resource',
      'collected',
      `GetRestApi ${api.value.id} policy`,
      false,
    )
  else if (api.status === 'ok')
    resource = { input: { state: 'none', from: `GetRestApi ${api.value.id}` }, policies: [] }
  else
    resource = {
      input: {
        state: 'unknown',
        why: whyMissing(api),
        missing: [...missingFor(api), '--resource-policy FILE'],
      },
      policies: [],
    }

  // Identity policies of the calling principal.
  let identity: Parsed
  const ids = s.caller.identityPolicies
  if (s.supplied.identityPolicies)
    identity = parseAll(s.supplied.identityPolicies, 'identity', 'supplied', '--identity-policy')
  else if (ids.status === 'ok') identity = parseAll(ids.value, 'identity', 'collected', 'IAM role policies')
  else
    identity = {
      input: {
        state: 'unknown',
        why: whyMissing(ids),
        missing: [...missingFor(ids), '--identity-policy FILE'],
      },
      policies: [],
    }

  let boundary: Parsed
  const pb = s.caller.permissionsBoundary
  if (pb.status === 'ok' && pb.value === null) boundary = { input: { state: 'none' }, policies: [] }
  else if (pb.status === 'ok' && pb.value)
    boundary = parseAll([pb.value], 'boundary', 'collected', pb.value.name)
  else
    boundary = {
      input:
        pb.status === 'ok'
          ? { state: 'none' }
          : { state: 'unknown', why: whyMissing(pb), missing: missingFor(pb) },
      policies: [],
    }

  let scp: Parsed
  const scps = s.caller.serviceControlPolicies
  if (s.supplied.serviceControlPolicies)
    scp = parseAll(s.supplied.serviceControlPolicies, 'scp', 'supplied', '--scp')
  else if (scps.status === 'ok')
    scp = scps.value.length
      ? parseAll(scps.value, 'scp', 'collected', 'organizations')
      : { input: { state: 'none' }, policies: [] }
  else
    scp = {
      input: { state: 'unknown', why: whyMissing(scps), missing: [...missingFor(scps), '--scp FILE'] },
      policies: [],
    }

  const authorizer: Parsed = s.supplied.authorizerPolicy
    ? parseAll(
        [s.supplied.authorizerPolicy],
        'authorizer',
        'supplied',
        `--authorizer-policy ${s.supplied.authorizerPolicy.name}`,
      )
    : { input: { state: 'none' }, policies: [] }

  const inputs = {
    endpoint: endpoint.input,
    resource: resource.input,
    identity: identity.input,
    boundary: boundary.input,
    scp: scp.input,
    authorizer: authorizer.input,
  }

  // The request context a call through the endpoint carries.
  const principal = valueOf(s.caller.principal)
  const role = valueOf(s.caller.role)
  const orgId = valueOf(s.caller.organizationId)
  // aws:VpcSourceIp is the address of the family the caller connects over (dual-stack callers: IPv6).
  const ips = callerIpsFirst(s, d)
  const domainArn =
    valueOf(s.api.customDomain?.domain)?.domainNameArn ??
    valueOf(s.api.customDomain?.consumerAssociations)?.[0]?.domainNameArn
  const owner = vpceOwnerFacts(s, ep)
  // The principal's keys are stripped by the engine for layers that see an anonymous caller.
  const context = buildRequestContext({
    principal: principal?.arn ?? 'anonymous',
    ...(role ? { roleArn: role.arn } : {}),
    ...(orgId ? { principalOrgId: orgId } : {}),
    ...(role?.tags ? { principalTags: role.tags } : {}),
    ...(ep
      ? { sourceVpce: ep.id, sourceVpc: ep.vpcId, ...owner.facts }
      : s.target.vpceId
        ? { sourceVpce: s.target.vpceId }
        : {}),
    ...(ips[0] ? { vpcSourceIp: ips[0] } : {}),
    ...(valueOf(api)?.tags ? { resourceTags: valueOf(api)!.tags! } : {}),
    region: s.target.region,
    ...(domainArn && s.target.customDomain
      ? { viaDomainArn: domainArn.replace(':apigateway:', ':execute-api:') }
      : {}),
    now: new Date(s.collectedAt),
  })
  const unknownKeys: string[] = []
  if (s.caller.organizationId.status !== 'ok') unknownKeys.push('aws:PrincipalOrgID', 'aws:PrincipalOrgPaths')
  if (!role) unknownKeys.push('aws:PrincipalTag/*')
  if (!ep) unknownKeys.push('aws:SourceVpce', 'aws:SourceVpc')
  unknownKeys.push(...owner.unknown)

  const base = {
    hints: [] as DenialHint[],
    authorizationType,
    inputs,
    context,
    unknownKeys: [...new Set(unknownKeys)],
    vpceKeys: owner.notes,
  }
  if (s.signing.authorization === 'sigv4' && !principal) {
    const p = s.caller.principal
    return {
      ...base,
      blocked: {
        summary: `the calling principal is unknown (${p.status === 'ok' ? '' : whyMissing(p)})`,
        missing: p.status === 'ok' ? [] : missingFor(p),
      },
    }
  }
  if (!d.methodArn) {
    const why = !d.apiId
      ? 'the API id is unknown'
      : !d.apiAccount
        ? "the API owner's account is unknown"
        : `the stage and path are unknown (${d.route.status === 'ok' ? '' : whyMissing(d.route)})`
    const missing = !d.apiAccount
      ? ['--api-account ID', '--api-profile/--api-role-arn (apigateway:GET)']
      : d.route.status !== 'ok'
        ? missingFor(d.route)
        : []
    return { ...base, blocked: { summary: why, missing } }
  }
  const apiCoordinates = { region: s.target.region, account: d.apiAccount!.account, apiId: d.apiId! }
  const run = (type: AuthorizationType, header: 'sigv4' | 'none' | 'other', who: string): RequestEvaluation =>
    evaluateRequest({
      principal: who,
      resource: d.methodArn!,
      resourceAccount: apiCoordinates.account,
      ...(principal ? { principalAccount: principal.account } : {}),
      authorizationType: type,
      authorizationHeader: header,
      context,
      identityPolicies: identity.policies,
      resourcePolicy: resource.policies[0] ?? null,
      vpcEndpointPolicy: endpoint.policies[0] ?? null,
      permissionsBoundary: boundary.policies[0] ?? null,
      serviceControlPolicies: scp.policies,
      authorizerPolicy: authorizer.policies[0] ?? null,
      api: apiCoordinates,
      privateApi: valueOf(api) ? valueOf(api)!.endpointTypes.includes('PRIVATE') : true,
    })
  const who = principal?.arn ?? 'anonymous'
  const header = principal
    ? s.signing.authorization
    : s.signing.authorization === 'sigv4'
      ? 'none'
      : s.signing.authorization
  try {
    const evaluation = run(authorizationType.value, header, who)
    const signedEvaluation =
      authorizationType.value !== 'AWS_IAM' && principal ? run('AWS_IAM', 'sigv4', principal.arn) : undefined
    return {
      ...base,
      evaluation,
      hints: denialHints(evaluation),
      ...(signedEvaluation ? { signedEvaluation } : {}),
    }
  } catch (err) {
    return {
      ...base,
      blocked: {
        summary: `the policy engine could not evaluate the request: ${err instanceof Error ? err.message : String(err)}`,
        missing: [],
      },
    }
  }
}

/** The applying layers of one kind in an evaluation. */

/**
 * When a layer's deciding statements test a condition key the snapshot could not establish
 * (say `aws:PrincipalOrgID` with Organizations unreadable), the outcome is not trustworthy:
 * returns that key.
 */
export function undecidableKey(layer: LayerEvaluation, unknownKeys: readonly string[]): string | undefined {
  const unknown = (key: string) =>
    unknownKeys.some(k =>
      k.endsWith('/*')
        ? key.toLowerCase().startsWith(k.slice(0, -1).toLowerCase())
        : k.toLowerCase() === key.toLowerCase(),
    )
  for (const st of layer.statements) {
    if (!st.principalMatched || !st.actionMatched || !st.resourceMatched) continue
    for (const c of st.conditions) if (c.actual === null && unknown(c.key)) return c.key
  }
  return undefined
}
