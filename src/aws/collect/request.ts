/**
 * What the doctor asks the collector for: the target, how to reach the caller's network, limits;
 * built from what the command settled (collectRequest), with the credentials described (no secret).
 */
import type {
  Collected,
  CredentialFacts,
  SigningFacts,
  SuppliedFacts,
  TargetFacts,
} from '../../doctor/snapshot.js'
import type { AttemptOptions } from './attempt.js'

/** What the doctor was asked to diagnose, and how to reach the caller's network. */
export interface CollectRequest {
  readonly target: TargetFacts
  readonly signing: SigningFacts
  /** `--vpce`: an endpoint id (its DNS name is looked up) or a DNS name. */
  readonly vpce?: {
    readonly id?: string
    readonly hostname?: string /** Stands in for the id's DNS name in target/signing until it is looked up. */
    readonly placeholder?: string
  }
  /** Where the caller's credentials came from (no secrets). */
  readonly credentials: Collected<CredentialFacts>
  readonly apiReadWith: 'caller-credentials' | 'api-credentials'
  readonly network: {
    readonly lambda?: string
    readonly fromImds?: boolean
    readonly vpcId?: string
    readonly subnetIds: readonly string[]
    readonly securityGroupIds: readonly string[]
    readonly privateIps: readonly string[]
  }
  readonly assumesRoleInVpc: boolean
  readonly supplied: SuppliedFacts
  /** Collection time: the snapshot's `collectedAt`. */
  readonly now: Date
  readonly version: string
  /** Values to scrub from the snapshot wherever they appear (session tokens, secret keys). */
  readonly secrets?: readonly string[]
  readonly attempt?: AttemptOptions
}

/** The caller as the doctor's flags describe it (`--lambda`, `--from-imds`, or the network by hand). */
export interface CallerSpec {
  readonly lambda?: string
  readonly fromImds?: boolean
  readonly vpcId?: string
  readonly subnetIds: readonly string[]
  readonly securityGroupIds: readonly string[]
  readonly privateIps: readonly string[]
  /** `--caller-assumes-role`. */
  readonly assumesRole?: boolean
  /** `--role-arn` was given (the doctor's own role chain). */
  readonly roleChainGiven: boolean
}

/** The request for one live collection, from what the command settled. */
export function collectRequest(a: {
  readonly target: TargetFacts
  readonly signing: SigningFacts
  readonly vpce?: CollectRequest['vpce']
  readonly caller: CallerSpec
  readonly credentials: Collected<CredentialFacts>
  /** Account B is read with its own credentials (`--api-profile`/`--api-role-arn`). */
  readonly apiSide: boolean
  readonly supplied: SuppliedFacts
  readonly now: Date
  readonly version: string
  readonly secrets: readonly string[]
  readonly attempt: AttemptOptions
}): CollectRequest {
  const c = a.caller
  return {
    target: a.target,
    signing: a.signing,
    ...(a.vpce ? { vpce: a.vpce } : {}),
    credentials: a.credentials,
    apiReadWith: a.apiSide ? 'api-credentials' : 'caller-credentials',
    network: {
      ...(c.lambda ? { lambda: c.lambda } : {}),
      ...(c.fromImds ? { fromImds: true } : {}),
      ...(c.vpcId ? { vpcId: c.vpcId } : {}),
      subnetIds: c.subnetIds,
      securityGroupIds: c.securityGroupIds,
      privateIps: c.privateIps,
    },
    // An instance that runs the doctor with --role-arn assumes that role itself, from inside
    // the VPC: its STS endpoint matters as much as the API's.
    assumesRoleInVpc: Boolean(c.assumesRole) || (Boolean(c.fromImds) && c.roleChainGiven),
    supplied: a.supplied,
    now: a.now,
    version: a.version,
    secrets: a.secrets,
    attempt: a.attempt,
  }
}

/** Resolved credentials, as far as the snapshot may know them (no secret). */
export interface ResolvedCaller {
  readonly credentials: { readonly accessKeyId: string; readonly expiration?: Date }
  /** Where they came from (`environment variables`, `profile dev`, …). */
  readonly source: string
  readonly roles: readonly { readonly roleArn: string }[]
}

/**
 * Where the credentials came from and what kind they are: an `ASIA…` key id is a session
 * (temporary, from STS), `AKIA…` a long-term IAM user key.
 */
export function credentialFacts(c: ResolvedCaller): Collected<CredentialFacts> {
  const id = c.credentials.accessKeyId
  return {
    status: 'ok',
    value: {
      source: c.source,
      kind: id.startsWith('ASIA') ? 'session' : id.startsWith('AKIA') ? 'long-term' : 'unknown',
      ...(c.credentials.expiration ? { expiresAt: c.credentials.expiration.toISOString() } : {}),
      roleChain: c.roles.map(r => r.roleArn),
    },
  }
}
