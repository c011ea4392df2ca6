import type { STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { readCachedRole, roleCacheKey, writeCachedRole, type RoleCacheArgs } from './role-cache.js'
import { DEFAULT_AWS_LIMITS, sdkLimits } from './request-limits.js'

export interface RoleHop {
  readonly roleArn: string
  readonly externalId?: string
  readonly mfaSerial?: string
}

export interface AssumedRole {
  readonly roleArn: string
  /** `arn:aws:sts::ACCT:assumed-role/NAME/SESSION`: what API Gateway sees as the caller. */
  readonly assumedRoleArn: string
  readonly sessionName: string
  readonly expiration?: Date
  /** Taken from the AWS CLI's session cache (~/.aws/cli/cache) instead of a new AssumeRole. */
  readonly cached?: boolean
}

export interface RoleChainOptions {
  readonly hops: readonly RoleHop[]
  readonly region: string
  readonly sessionName: string
  readonly durationSeconds?: number
  /** Asked once for the MFA hop (a --mfa-code, or a prompt on a TTY). */
  readonly mfaCode: (serial: string) => Promise<string>
  /** The AWS CLI's session cache folder; absent = no cache (--no-cache, the library). */
  readonly cacheDir?: string
  /** The session name was chosen by the user (it is then part of the cache key, as in botocore). */
  readonly sessionNameChosen?: boolean
  readonly now?: () => Date
}

/**
 * STS client on the regional endpoint (the SDK default; AWS_ENDPOINT_URL_STS and
 * AWS_ENDPOINT_URL are honoured by the SDK's own configuration). Bounded timeouts: from a VPC
 * without an STS endpoint or NAT, STS is a silent black hole (field guide row 23).
 */
async function stsClient(region: string, credentials: AwsCredentialIdentity) {
  // A real import(): the library leaves @aws-sdk/* to the runtime (a Lambda's own SDK) and a
  // bundler keeps it off the path of calls that assume no role.
  const { STSClient, AssumeRoleCommand, GetCallerIdentityCommand } = await import('@aws-sdk/client-sts')
  const client: STSClient = new STSClient({
    region,
    credentials,
    ...sdkLimits({ ...DEFAULT_AWS_LIMITS, maxAttempts: 2 }),
  })
  return { client, AssumeRoleCommand, GetCallerIdentityCommand }
}

/** Assume each role in order, each with the previous hop's credentials. */
export async function assumeRoleChain(
  base: AwsCredentialIdentity,
  opts: RoleChainOptions,
): Promise<{ credentials: AwsCredentialIdentity; roles: AssumedRole[] }> {
  let credentials = base
  const roles: AssumedRole[] = []
  const now = opts.now ?? (() => new Date())
  const keyOf = (hop: RoleHop) =>
    roleCacheKey({
      RoleArn: hop.roleArn,
      ...(opts.sessionNameChosen ? { RoleSessionName: opts.sessionName } : {}),
      ...(hop.externalId ? { ExternalId: hop.externalId } : {}),
      ...(hop.mfaSerial ? { SerialNumber: hop.mfaSerial } : {}),
      ...(opts.durationSeconds ? { DurationSeconds: opts.durationSeconds } : {}),
    })
  // The latest hop with a live cached session: the chain resumes after it (no MFA prompt for
  // the hops before it, no AssumeRole for them either).
  let start = 0
  if (opts.cacheDir) {
    for (let i = opts.hops.length - 1; i >= 0; i--) {
      const hop = opts.hops[i]!
      const hit = readCachedRole(opts.cacheDir, keyOf(hop), now())
      if (!hit) continue
      for (const earlier of opts.hops.slice(0, i))
        roles.push({
          roleArn: earlier.roleArn,
          assumedRoleArn: earlier.roleArn,
          sessionName: opts.sessionName,
          cached: true,
        })
      roles.push({
        roleArn: hop.roleArn,
        assumedRoleArn: hit.assumedRoleArn ?? hop.roleArn,
        sessionName: opts.sessionName,
        expiration: hit.credentials.expiration,
        cached: true,
      })
      credentials = hit.credentials
      start = i + 1
      break
    }
  }
  for (const hop of opts.hops.slice(start)) {
    const { client, AssumeRoleCommand } = await stsClient(opts.region, credentials)
    const tokenCode = hop.mfaSerial ? await opts.mfaCode(hop.mfaSerial) : undefined
    try {
      const out = await client.send(
        new AssumeRoleCommand({
          RoleArn: hop.roleArn,
          RoleSessionName: opts.sessionName,
          ...(opts.durationSeconds ? { DurationSeconds: opts.durationSeconds } : {}),
          ...(hop.externalId ? { ExternalId: hop.externalId } : {}),
          ...(hop.mfaSerial ? { SerialNumber: hop.mfaSerial, TokenCode: tokenCode } : {}),
        }),
      )
      const c = out.Credentials
      if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials')
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      }
      if (opts.cacheDir)
        writeCachedRole(opts.cacheDir, keyOf(hop), {
          credentials,
          ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
          ...(out.AssumedRoleUser?.AssumedRoleId ? { assumedRoleId: out.AssumedRoleUser.AssumedRoleId } : {}),
        })
      roles.push({
        roleArn: hop.roleArn,
        assumedRoleArn: out.AssumedRoleUser?.Arn ?? hop.roleArn,
        sessionName: opts.sessionName,
        ...(c.Expiration ? { expiration: c.Expiration } : {}),
      })
    } catch (err) {
      throw stsError(err, `sts:AssumeRole on ${hop.roleArn}`, opts.region, hop)
    } finally {
      client.destroy()
    }
  }
  return { credentials, roles }
}

export async function getCallerIdentity(
  credentials: AwsCredentialIdentity,
  region: string,
): Promise<{ account: string; arn: string; userId: string }> {
  const { client, GetCallerIdentityCommand } = await stsClient(region, credentials)
  try {
    const out = await client.send(new GetCallerIdentityCommand({}))
    return { account: out.Account ?? '', arn: out.Arn ?? '', userId: out.UserId ?? '' }
  } catch (err) {
    throw stsError(err, 'sts:GetCallerIdentity', region)
  } finally {
    client.destroy()
  }
}

function stsError(err: unknown, what: string, region: string, hop?: RoleHop): PvapiError {
  const e = err as { name?: string; code?: string; message?: string; $metadata?: unknown }
  const name = e?.name ?? ''
  const code = e?.code ?? (e as { cause?: { code?: string } })?.cause?.code ?? ''
  const msg = (e?.message ?? String(err)).split('\n')[0]
  if (
    /ECONNREFUSED|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|TimeoutError|ECONNRESET|EHOSTUNREACH|ENETUNREACH/.test(
      `${name} ${code} ${msg}`,
    )
  ) {
    return new PvapiError(
      'PV_STS_UNREACHABLE',
      `${what}: STS in ${region} is unreachable (${code || name || msg})`,
      ExitCode.Aws,
      `from a VPC with no internet path, add an STS interface endpoint (com.amazonaws.${region}.sts) or set AWS_ENDPOINT_URL_STS`,
      { cause: err },
    )
  }
  if (
    (name === 'AccessDenied' || name === 'AccessDeniedException') &&
    hop?.mfaSerial &&
    /MultiFactorAuthentication|MFA|one time pass ?code/i.test(msg ?? '')
  ) {
    return new PvapiError(
      'PV_MFA_REFUSED',
      `${what}: STS refused the MFA code for ${hop.mfaSerial}: ${msg}`,
      ExitCode.Aws,
      'enter the current code of that device (each code works once: wait for the next one), and check --mfa-serial / mfa_serial',
      { cause: err },
    )
  }
  if (name === 'AccessDenied' || name === 'AccessDeniedException') {
    const hint = hop
      ? `the role's trust policy must allow your identity${hop.externalId ? ' with this external ID' : ''}${hop.mfaSerial ? ' and MFA' : ''}; check --external-id / --mfa-serial`
      : 'check the identity policy'
    return new PvapiError('PV_STS_DENIED', `${what} denied: ${msg}`, ExitCode.Aws, hint, { cause: err })
  }
  if (
    name === 'ExpiredTokenException' ||
    name === 'ExpiredToken' ||
    name === 'InvalidClientTokenId' ||
    name === 'SignatureDoesNotMatch' ||
    name === 'UnrecognizedClientException'
  ) {
    return new PvapiError(
      'PV_STS_CREDENTIALS',
      `${what}: STS rejected the credentials (${name}): ${msg}`,
      ExitCode.Aws,
      'refresh the credentials (aws sso login, or new keys); expired session tokens are rejected everywhere',
      { cause: err },
    )
  }
  if (name === 'ValidationError' || name === 'ValidationException') {
    return new PvapiError(
      'PV_STS_INVALID',
      `${what}: ${msg}`,
      ExitCode.Aws,
      "role chaining limits sessions to 1 hour; --duration-seconds must be 900-43200 and within the role's maximum",
      { cause: err },
    )
  }
  return new PvapiError(
    'PV_STS',
    `${what} failed: ${name ? `${name}: ` : ''}${msg}`,
    ExitCode.Aws,
    undefined,
    { cause: err },
  )
}

/**
 * One AssumeRole for a role profile (the SDK's `roleAssumer` hook), through the AWS CLI's
 * session cache. `args` are the cache key's arguments; `tokenCode` is asked only on a miss.
 */
export async function assumeProfileRole(
  source: AwsCredentialIdentity,
  p: {
    readonly args: RoleCacheArgs
    readonly sessionName: string
    readonly durationSeconds?: number
    readonly region: string
    readonly tokenCode?: () => Promise<string>
    readonly cacheDir?: string
    readonly profile: string
  },
): Promise<AwsCredentialIdentity> {
  const key = roleCacheKey(p.args)
  if (p.cacheDir) {
    const hit = readCachedRole(p.cacheDir, key, new Date())
    if (hit) return hit.credentials
  }
  const { client, AssumeRoleCommand } = await stsClient(p.region, source)
  const hop: RoleHop = {
    roleArn: p.args.RoleArn,
    ...(p.args.ExternalId ? { externalId: p.args.ExternalId } : {}),
    ...(p.args.SerialNumber ? { mfaSerial: p.args.SerialNumber } : {}),
  }
  try {
    const tokenCode = p.args.SerialNumber && p.tokenCode ? await p.tokenCode() : undefined
    const out = await client.send(
      new AssumeRoleCommand({
        RoleArn: p.args.RoleArn,
        RoleSessionName: p.sessionName,
        ...(p.durationSeconds ? { DurationSeconds: p.durationSeconds } : {}),
        ...(p.args.ExternalId ? { ExternalId: p.args.ExternalId } : {}),
        ...(p.args.SerialNumber ? { SerialNumber: p.args.SerialNumber, TokenCode: tokenCode } : {}),
      }),
    )
    const c = out.Credentials
    if (!c?.AccessKeyId || !c.SecretAccessKey) throw new Error('STS answered without credentials')
    const credentials: AwsCredentialIdentity = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      ...(c.Expiration ? { expiration: c.Expiration } : {}),
    }
    if (p.cacheDir)
      writeCachedRole(p.cacheDir, key, {
        credentials,
        ...(out.AssumedRoleUser?.Arn ? { assumedRoleArn: out.AssumedRoleUser.Arn } : {}),
        ...(out.AssumedRoleUser?.AssumedRoleId ? { assumedRoleId: out.AssumedRoleUser.AssumedRoleId } : {}),
      })
    return credentials
  } catch (err) {
    throw stsError(err, `profile ${p.profile}: sts:AssumeRole on ${p.args.RoleArn}`, p.region, hop)
  } finally {
    client.destroy()
  }
}
