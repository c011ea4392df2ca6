/**
 * Area "identity": who calls (account A). STS GetCallerIdentity (for the doctor's credentials and,
 * with `--api-profile`/`--api-role-arn`, for account B's), the organization, the principal that
 * signs the call (a `--lambda` function's role session, else the doctor's identity), and that
 * role's IAM side: the role, its policies, its permissions boundary. Builds `snapshot.caller`.
 */
import {
  notCollected,
  ok,
  valueOf,
  type CallerFacts,
  type Collected,
  type IdentityFacts,
  type PolicyFacts,
  type RoleFacts,
} from '../../doctor/snapshot.js'
import type { CallerReads } from './caller.js'
import { allNamed, type CollectContext } from './context.js'
import type { StsPort } from './ports.js'

type StsAnswer = Awaited<ReturnType<StsPort['callerIdentity']>>
export type Principal = CallerFacts['principal']

export interface IdentityReads {
  /** GetCallerIdentity with the doctor's credentials (account A), with the answer's Date header. */
  readonly identity: Promise<Collected<StsAnswer>>
  /** GetCallerIdentity with account B's credentials; the caller's when there are none. */
  readonly apiIdentity: Promise<Collected<StsAnswer>>
  readonly organizationId: Promise<Collected<string | null>>
  readonly principal: Promise<Principal>
  readonly role: Promise<Collected<RoleFacts>>
  readonly identityPolicies: Promise<Collected<readonly PolicyFacts[]>>
  readonly permissionsBoundary: Promise<Collected<PolicyFacts | null>>
}

/** The role name behind an assumed-role session or role ARN. */
export function roleNameOf(arn: string): string | undefined {
  return /:assumed-role\/([^/]+)\//.exec(arn)?.[1] ?? /:role\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1]
}

export function startIdentity(
  { req, ports, get }: CollectContext,
  { lambda }: Pick<CallerReads, 'lambda'>,
): IdentityReads {
  const identity = get('sts:GetCallerIdentity', () => ports.callerSts.callerIdentity())
  const apiIdentity = ports.apiSts
    ? get('sts:GetCallerIdentity', () => ports.apiSts!.callerIdentity())
    : identity
  const organizationId = get('organizations:DescribeOrganization', () => ports.organizations.organizationId())

  const principal: Promise<Principal> = (async () => {
    const cfg = lambda ? await lambda : undefined
    const fn = cfg && valueOf(cfg)
    if (fn) {
      const account = /^arn:[^:]+:iam::(\d{12}):/.exec(fn.roleArn)?.[1] ?? ''
      return ok({
        arn: `arn:aws:sts::${account}:assumed-role/${roleNameOf(fn.roleArn)}/${fn.functionName}`,
        account,
        source: 'lambda' as const,
      })
    }
    if (cfg && cfg.status !== 'ok') return cfg
    const id = await identity
    if (id.status !== 'ok') return id
    return ok({
      arn: id.value.identity.arn,
      account: id.value.identity.account,
      source: req.network.fromImds ? ('imds' as const) : ('sts' as const),
    })
  })()

  // The doctor signs as the last role of --role-arn: its name is known before STS answers, so
  // the IAM reads need not wait for GetCallerIdentity (one round trip less on the critical path).
  const chain = req.credentials.status === 'ok' ? req.credentials.value.roleChain : []
  const chainRole = !req.network.lambda && chain.length > 0 ? roleNameOf(chain.at(-1)!) : undefined
  const roleName = chainRole
    ? Promise.resolve(chainRole)
    : principal.then(p => (p.status === 'ok' ? roleNameOf(p.value.arn) : undefined))
  const notRole = (p: Principal) =>
    notCollected(
      p.status === 'ok'
        ? `${p.value.arn} is not a role session: identity policies of users are not read`
        : 'the calling principal is unknown',
      '--identity-policy FILE',
    )
  const role = roleName.then(async name =>
    name ? get('iam:GetRole', () => ports.iam.role(name)) : notRole(await principal),
  )
  const identityPolicies = roleName.then(async name =>
    name ? get('iam:ListRolePolicies', () => ports.iam.rolePolicies(name)) : notRole(await principal),
  )
  const permissionsBoundary = role.then(async (r): Promise<Collected<PolicyFacts | null>> => {
    if (r.status !== 'ok') return r
    const arn = r.value.permissionsBoundaryArn
    return arn
      ? get<PolicyFacts | null>('iam:GetPolicyVersion', () => ports.iam.managedPolicy(arn))
      : ok(null)
  })
  return { identity, apiIdentity, organizationId, principal, role, identityPolicies, permissionsBoundary }
}

/** `snapshot.caller`, once its reads are in. */
export async function callerSection(
  { req, startedAt }: CollectContext,
  reads: IdentityReads,
): Promise<CallerFacts> {
  const r = await allNamed(reads)
  const id = r.identity
  const serverDate = valueOf(id)?.serverDate
  return {
    identity: identityOf(id),
    credentials: req.credentials,
    clock: serverDate
      ? ok({
          localTime: new Date(startedAt).toISOString(),
          serverTime: serverDate,
          skewMs: startedAt - Date.parse(serverDate),
        })
      : id.status === 'ok'
        ? notCollected('the STS answer had no Date header')
        : id,
    principal: r.principal,
    role: r.role,
    identityPolicies: r.identityPolicies,
    permissionsBoundary: r.permissionsBoundary,
    serviceControlPolicies: notCollected(
      'member accounts cannot read the SCPs that apply to them',
      '--scp FILE',
    ),
    organizationId: r.organizationId,
    assumesRoleInVpc: req.assumesRoleInVpc,
  }
}

/** The identity of an STS answer (its Date header is the clock's, not the identity's). */
export function identityOf(a: Collected<StsAnswer>): Collected<IdentityFacts> {
  return a.status === 'ok' ? ok(a.value.identity) : a
}
