import type { AwsCredentialIdentity } from '@smithy/types'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

export interface BaseCredentialOptions {
  readonly profile?: string
  readonly region?: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** Asked for the MFA code of a role profile with `mfa_serial` (prompt on a TTY). */
  readonly mfaCodeProvider?: (serial: string) => Promise<string>
  /** The AWS CLI's session cache folder for role profiles; absent = no cache. */
  readonly cacheDir?: string
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
  const [{ fromNodeProviderChain, fromIni }, { requestHandler }] = await Promise.all([
    import('@aws-sdk/credential-providers'),
    import('./network.js'),
  ])
  // A named profile is read by fromIni alone: through the whole chain, its own failure (an
  // expired SSO token, a failing credential_process) came out as "could not load credentials
  // from any providers". With a profile named, the AWS CLI does not fall back to IMDS either.
  const profiles = profile ? await loadProfiles() : undefined
  if (profile && profiles) checkProfile(profiles, profile)
  // The MFA code of a role profile is asked only when its session is not cached: the SDK asks
  // before assuming, so it gets a placeholder and the real prompt happens in roleAssumer.
  const init = {
    // The SDK warns in several lines on stderr when a profile and environment keys are both
    // set; pvapi says it in the credential source instead (whoami, -v).
    logger: SILENT,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.mfaCodeProvider ? { mfaCodeProvider: async () => DEFERRED_MFA } : {}),
    roleAssumer: async (source: AwsCredentialIdentity, params: AssumeRoleParams) => {
      const { assumeProfileRole } = await import('./sts.js')
      const owner = findRoleProfile(profiles ?? {}, params)
      const generated = /^aws-sdk-js-\d+$/.test(params.RoleSessionName ?? '')
      const fromProfile = owner?.[1].duration_seconds !== undefined
      const mfa = params.SerialNumber && opts.mfaCodeProvider ? opts.mfaCodeProvider : undefined
      return assumeProfileRole(source, {
        args: {
          RoleArn: params.RoleArn,
          ...(!generated && params.RoleSessionName ? { RoleSessionName: params.RoleSessionName } : {}),
          ...(params.ExternalId ? { ExternalId: params.ExternalId } : {}),
          ...(params.SerialNumber ? { SerialNumber: params.SerialNumber } : {}),
          ...(fromProfile && params.DurationSeconds ? { DurationSeconds: params.DurationSeconds } : {}),
        },
        sessionName: params.RoleSessionName ?? `pvapi-${Date.now()}`,
        ...(params.DurationSeconds ? { durationSeconds: params.DurationSeconds } : {}),
        region: opts.region ?? owner?.[1].region ?? 'us-east-1',
        ...(mfa ? { tokenCode: () => mfa(params.SerialNumber as string) } : {}),
        ...(opts.cacheDir ? { cacheDir: opts.cacheDir } : {}),
        profile: owner?.[0] ?? profile ?? 'default',
      })
    },
    clientConfig: {
      ...(opts.region ? { region: opts.region } : {}),
      requestHandler: requestHandler(5000, 15000),
    },
  }
  const data = profile ? profiles?.[profile] : undefined
  // A credential_process profile is run here rather than by the SDK, whose error keeps
  // neither the exit code nor (reliably) the command's stderr.
  if (profile && data?.credential_process && !data.role_arn && !data.aws_access_key_id) {
    const credentials = await runCredentialProcess(profile, data.credential_process)
    return { credentials, source: describeSource(credentials, profile) + envNote(env, profile, profiles) }
  }
  const provider = profile ? fromIni({ ...init, profile }) : fromNodeProviderChain(init)
  try {
    const credentials = await provider()
    return { credentials, source: describeSource(credentials, profile) + envNote(env, profile, profiles) }
  } catch (err) {
    throw credentialError(err, profile, profiles)
  }
}

const DEFERRED_MFA = '\u0000pvapi-deferred-mfa'

interface AssumeRoleParams {
  RoleArn: string
  RoleSessionName?: string
  ExternalId?: string
  DurationSeconds?: number
  SerialNumber?: string
  TokenCode?: string
}

type Profiles = Record<string, Record<string, string | undefined>>

/** ~/.aws/config and ~/.aws/credentials merged, as the SDK reads them (undefined if unreadable). */
async function loadProfiles(): Promise<Profiles | undefined> {
  try {
    const { parseKnownFiles } = await import('@smithy/core/config')
    return (await parseKnownFiles({})) as Profiles
  } catch {
    return undefined
  }
}

/** The role profile behind an AssumeRole the SDK asks for (for the cache key's optional fields). */
function findRoleProfile(profiles: Profiles, p: AssumeRoleParams) {
  return Object.entries(profiles).find(
    ([, d]) => d.role_arn === p.RoleArn && (d.external_id || undefined) === (p.ExternalId || undefined),
  )
}

const CREDENTIAL_SOURCES = ['Environment', 'Ec2InstanceMetadata', 'EcsContainer']

/**
 * What the SDK only says as "could not resolve credentials": the profile or its
 * source_profile does not exist, both source_profile and credential_source are set, or
 * credential_source names no provider. One line naming the profile and the key at fault.
 */
function checkProfile(profiles: Profiles, name: string): void {
  const seen = new Set<string>()
  let current = name
  for (;;) {
    const data = profiles[current]
    if (!data) {
      if (current === name)
        throw new PvapiError(
          'PV_NO_PROFILE',
          `profile ${name} is not in ~/.aws/config or ~/.aws/credentials`,
          ExitCode.Aws,
          'check the name (aws configure list-profiles), AWS_PROFILE, and AWS_CONFIG_FILE',
        )
      return
    }
    if (!data.role_arn) return
    if (data.source_profile !== undefined && data.credential_source !== undefined)
      throw new PvapiError(
        'PV_PROFILE_CONFIG',
        `profile ${current}: both source_profile and credential_source are set`,
        ExitCode.Aws,
        'a role profile takes its base credentials from one of them: remove the other',
      )
    if (data.credential_source !== undefined) {
      if (!CREDENTIAL_SOURCES.includes(data.credential_source))
        throw new PvapiError(
          'PV_PROFILE_CONFIG',
          `profile ${current}: credential_source = ${data.credential_source} is not one of ${CREDENTIAL_SOURCES.join(', ')}`,
          ExitCode.Aws,
          'fix credential_source in ~/.aws/config',
        )
      return
    }
    const source = data.source_profile
    if (source === undefined)
      throw new PvapiError(
        'PV_PROFILE_CONFIG',
        `profile ${current}: role_arn is set but neither source_profile nor credential_source`,
        ExitCode.Aws,
        'add source_profile = PROFILE (or credential_source = Environment | Ec2InstanceMetadata | EcsContainer)',
      )
    if (!profiles[source])
      throw new PvapiError(
        'PV_PROFILE_CONFIG',
        `profile ${current}: source_profile = ${source}, and there is no profile ${source}`,
        ExitCode.Aws,
        'fix source_profile in ~/.aws/config (aws configure list-profiles shows the names)',
      )
    // A profile that is its own source uses its static keys (the AWS CLI allows it).
    if (source === current || seen.has(source)) return
    seen.add(current)
    current = source
  }
}

/**
 * How environment keys took part. A profile wins over them (as in the AWS CLI), unless the
 * profile chain takes them on purpose with `credential_source = Environment`.
 */
function envNote(
  env: BaseCredentialOptions['env'],
  profile: string | undefined,
  profiles: Profiles | undefined,
): string {
  if (!profile || !env.AWS_ACCESS_KEY_ID) return ''
  let current: string | undefined = profile
  const seen = new Set<string>()
  while (current && profiles?.[current] && !seen.has(current)) {
    seen.add(current)
    if (profiles[current]!.credential_source === 'Environment')
      return `; base credentials from AWS_ACCESS_KEY_ID in the environment (credential_source = Environment in profile ${current})`
    current = profiles[current]!.source_profile
  }
  return '; AWS_ACCESS_KEY_ID in the environment ignored: a profile wins, as in the AWS CLI'
}

const quiet = () => undefined
const SILENT = { trace: quiet, debug: quiet, info: quiet, warn: quiet, error: quiet }

function credentialError(err: unknown, profile: string | undefined, profiles?: Profiles): PvapiError {
  // Ours already (Ctrl-C at the MFA prompt, a usage error from the MFA code provider, STS).
  if (err instanceof PvapiError) return err
  const message = err instanceof Error ? err.message : String(err)
  const first = (message.split('\n')[0] ?? message).trim()
  const who = profile ? `profile ${profile}` : 'the default profile'
  if (/Could not load credentials from any providers/i.test(message)) {
    return new PvapiError(
      'PV_NO_CREDENTIALS',
      'no AWS credentials found',
      ExitCode.Aws,
      'set AWS_PROFILE or pass --profile, run `aws sso login`, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
      { cause: err },
    )
  }
  // credential_process: Node's exec says "Command failed: CMD" then the command's stderr.
  const failed = /^Command failed: (.*)$/m.exec(message)
  if (failed || /credential_process/.test(message)) {
    const procProfile = processProfile(profiles, profile) ?? profile
    const stderr = failed
      ? message
          .slice(message.indexOf('\n') + 1)
          .split('\n')
          .find(l => l.trim())
      : undefined
    const exit = (err as { code?: unknown }).code
    return new PvapiError(
      'PV_CREDENTIAL_PROCESS',
      failed
        ? `profile ${procProfile}: credential_process failed${typeof exit === 'number' ? ` with exit code ${exit}` : ''}${stderr ? `: ${stderr.trim().slice(0, 200)}` : ' (nothing on its stderr)'}`
        : `profile ${procProfile}: ${first.replace(/^Profile \S+ /, '')}`,
      ExitCode.Aws,
      'run the credential_process command from ~/.aws/config by hand to see its full output',
      { cause: err },
    )
  }
  if (/sso|token.*expired|refresh/i.test(message)) {
    // The SDK refreshes a token only once it has expired: "Cannot refresh" means expired too.
    const expired = /expired|cannot refresh/i.test(message)
    return new PvapiError(
      'PV_SSO',
      `${who}: ${expired ? 'the SSO session has expired' : 'the SSO session is missing or invalid'}${/cannot refresh/i.test(message) ? '' : ` (${first.replace(/\s*To refresh.*$/i, '')})`}`,
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

/** The profile whose credential_process ran: the named one or the end of its source_profile chain. */
function processProfile(profiles: Profiles | undefined, profile: string | undefined): string | undefined {
  let current = profile
  const seen = new Set<string>()
  while (current && profiles?.[current] && !seen.has(current)) {
    if (profiles[current]!.credential_process) return current
    seen.add(current)
    current = profiles[current]!.source_profile
  }
  return undefined
}

/**
 * Run a profile's credential_process (through the shell, as the AWS SDK for JavaScript does),
 * bounded to a minute. Its failure names the profile, the exit code and its stderr's first line.
 */
async function runCredentialProcess(profile: string, command: string): Promise<AwsCredentialIdentity> {
  const { exec } = await import('node:child_process')
  const fail = (
    why: string,
    hint = 'run the credential_process command from ~/.aws/config by hand to see its full output',
  ) =>
    new PvapiError(
      'PV_CREDENTIAL_PROCESS',
      `profile ${profile}: credential_process ${why}`,
      ExitCode.Aws,
      hint,
    )
  const { stdout } = await new Promise<{ stdout: string }>((resolve, reject) =>
    exec(command, { timeout: 60_000, maxBuffer: 1024 * 1024 }, (err, stdout, stderr) => {
      if (!err) return resolve({ stdout })
      const line = stderr
        .split('\n')
        .find(l => l.trim())
        ?.trim()
        .slice(0, 200)
      const e = err as { code?: number | string; killed?: boolean; signal?: string }
      if (e.killed && e.signal) return reject(fail(`did not finish within 60 s (killed with ${e.signal})`))
      const code =
        typeof e.code === 'number' ? `exited with code ${e.code}` : `could not run (${e.code ?? err.message})`
      reject(fail(`${code}${line ? `: ${line}` : ' (nothing on its stderr)'}`))
    }),
  )
  let doc: Record<string, unknown>
  try {
    doc = JSON.parse(stdout.trim()) as Record<string, unknown>
  } catch {
    throw fail(
      'printed something that is not JSON',
      'it must print {"Version": 1, "AccessKeyId": …, "SecretAccessKey": …}',
    )
  }
  if (doc.Version !== 1) throw fail(`printed Version ${JSON.stringify(doc.Version)}, not 1`)
  if (typeof doc.AccessKeyId !== 'string' || typeof doc.SecretAccessKey !== 'string')
    throw fail('printed no AccessKeyId/SecretAccessKey')
  const expiration = typeof doc.Expiration === 'string' ? new Date(doc.Expiration) : undefined
  if (expiration && expiration.getTime() <= Date.now())
    throw fail(
      `returned credentials that expired at ${doc.Expiration}`,
      'the process must print fresh credentials',
    )
  return {
    accessKeyId: doc.AccessKeyId,
    secretAccessKey: doc.SecretAccessKey,
    ...(typeof doc.SessionToken === 'string' ? { sessionToken: doc.SessionToken } : {}),
    ...(expiration ? { expiration } : {}),
    $source: { CREDENTIALS_PROFILE_PROCESS: 'v' },
  } as AwsCredentialIdentity
}
