import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import type { AwsCredentialIdentity } from '@smithy/types'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
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
}

export interface RoleChainOptions {
  readonly hops: readonly RoleHop[]
  readonly region: string
  readonly sessionName: string
  readonly durationSeconds?: number
  /** Asked once for the MFA hop (a --mfa-code, or a prompt on a TTY). */
  readonly mfaCode: (serial: string) => Promise<string>
}

/**
 * STS client on the regional endpoint (the SDK default; AWS_ENDPOINT_URL_STS and
 * AWS_ENDPOINT_URL are honoured by the SDK's own configuration). Bounded timeouts: from a VPC
 * without an STS endpoint or NAT, STS is a silent black hole (field guide row 23).
 */
function stsClient(region: string, credentials: AwsCredentialIdentity): STSClient {
  return new STSClient({ region, credentials, ...sdkLimits({ ...DEFAULT_AWS_LIMITS, maxAttempts: 2 }) })
}

/** Assume each role in order, each with the previous hop's credentials. */
export async function assumeRoleChain(
  base: AwsCredentialIdentity,
  opts: RoleChainOptions,
): Promise<{ credentials: AwsCredentialIdentity; roles: AssumedRole[] }> {
  let credentials = base
  const roles: AssumedRole[] = []
  for (const hop of opts.hops) {
    const client = stsClient(opts.region, credentials)
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
  const client = stsClient(region, credentials)
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
