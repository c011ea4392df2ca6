import type { AwsCredentialIdentity } from '@smithy/types'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

export interface BaseCredentialOptions {
  readonly profile?: string
  readonly region?: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** Asked for the MFA code of a role profile with `mfa_serial` (prompt on a TTY). */
  readonly mfaCodeProvider?: (serial: string) => Promise<string>
}

export interface ResolvedCredentials {
  readonly credentials: AwsCredentialIdentity
  /** Human description of where they came from ("environment", "profile dev (SSO)", …). */
  readonly source: string
}

// The SDK marks credentials with feature ids in `$source`; these are the ones worth naming.
const SOURCES: Record<string, string> = {
  CREDENTIALS_ENV_VARS: 'environment variables',
  CREDENTIALS_ENV_VARS_STS_WEB_ID_TOKEN: 'web identity token (environment)',
  CREDENTIALS_PROFILE_SSO: 'SSO',
  CREDENTIALS_SSO: 'SSO',
  CREDENTIALS_PROFILE_SSO_LEGACY: 'SSO (legacy)',
  CREDENTIALS_PROFILE_PROCESS: 'credential_process',
  CREDENTIALS_PROCESS: 'credential_process',
  CREDENTIALS_PROFILE_SOURCE_PROFILE: 'role profile (source_profile)',
  CREDENTIALS_PROFILE_NAMED_PROVIDER: 'role profile (credential_source)',
  CREDENTIALS_PROFILE_STS_WEB_ID_TOKEN: 'web identity token (profile)',
  CREDENTIALS_STS_ASSUME_ROLE: 'assumed role',
  CREDENTIALS_PROFILE_LOGIN: 'aws login',
  CREDENTIALS_LOGIN: 'aws login',
  CREDENTIALS_HTTP: 'container credentials endpoint',
  CREDENTIALS_IMDS: 'EC2 instance metadata (IMDS)',
  CREDENTIALS_PROFILE: 'shared credentials file',
}

export function describeSource(creds: AwsCredentialIdentity, profile: string | undefined): string {
  const features = Object.keys((creds as { $source?: Record<string, string> }).$source ?? {})
  const named = features.map(f => SOURCES[f]).filter((s): s is string => Boolean(s))
  const what = named.length > 0 ? [...new Set(named)].join(', ') : 'AWS SDK credential chain'
  return profile ? `profile ${profile} (${what})` : what
}

/**
 * Resolve credentials the way the AWS CLI and SDKs do. Environment keys need no provider
 * code, so that common case loads nothing (the full chain is most of `call`'s start-up cost).
 * As in the SDK, a named profile (flag or AWS_PROFILE) takes precedence over environment keys.
 */
export async function resolveBaseCredentials(opts: BaseCredentialOptions): Promise<ResolvedCredentials> {
  const { env } = opts
  const profile = opts.profile || env.AWS_PROFILE || undefined
  if (!profile && env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) {
    return {
      credentials: {
        accessKeyId: env.AWS_ACCESS_KEY_ID,
        secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
        ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
        ...(env.AWS_CREDENTIAL_EXPIRATION ? { expiration: new Date(env.AWS_CREDENTIAL_EXPIRATION) } : {}),
      },
      source: 'environment variables',
    }
  }
  const { fromNodeProviderChain } = await import('@aws-sdk/credential-providers')
  const provider = fromNodeProviderChain({
    // The SDK warns in several lines on stderr when a profile and environment keys are both
    // set; pvapi says it in the credential source instead (whoami, -v).
    logger: SILENT,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.mfaCodeProvider ? { mfaCodeProvider: opts.mfaCodeProvider } : {}),
    ...(opts.region ? { clientConfig: { region: opts.region } } : {}),
  })
  try {
    const credentials = await provider()
    const shadowed =
      profile && env.AWS_ACCESS_KEY_ID
        ? '; AWS_ACCESS_KEY_ID in the environment ignored: a profile wins, as in the AWS CLI'
        : ''
    return { credentials, source: describeSource(credentials, profile) + shadowed }
  } catch (err) {
    throw credentialError(err, profile)
  }
}

const quiet = () => undefined
const SILENT = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet }

function credentialError(err: unknown, profile: string | undefined): PvapiError {
  // Ours already (Ctrl-C at the MFA prompt, a usage error from the MFA code provider).
  if (err instanceof PvapiError) return err
  const message = err instanceof Error ? err.message : String(err)
  const first = message.split('\n')[0] ?? message
  if (/Could not load credentials from any providers/i.test(message)) {
    return new PvapiError(
      'PV_NO_CREDENTIALS',
      'no AWS credentials found',
      ExitCode.Aws,
      'set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
      { cause: err },
    )
  }
  if (/sso|token.*expired|refresh/i.test(message)) {
    return new PvapiError(
      'PV_SSO',
      `credentials for ${profile ? `profile ${profile}` : 'the default profile'} could not be loaded: ${first}`,
      ExitCode.Aws,
      `run \`aws sso login${profile ? ` --profile ${profile}` : ''}\``,
      { cause: err },
    )
  }
  return new PvapiError(
    'PV_CREDENTIALS',
    `credentials could not be loaded${profile ? ` for profile ${profile}` : ''}: ${first}`,
    ExitCode.Aws,
    'check ~/.aws/config and ~/.aws/credentials (aws configure list)',
    { cause: err },
  )
}
