import { proxyWanted } from '../http/proxy-vars.js'
import type { Command } from 'commander'
import { ROLE_ARN, parseCount } from '../call/options.js'
import type { Caller } from '../call/run-call.js'
import { PvapiError, usageError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import type { AssumedRole, RoleHop } from '../aws/sts.js'
import type { Io } from './io.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

export function addCredentialOptions(cmd: Command): Command {
  return cmd
    .option('--profile <name>', 'AWS profile (SSO, role and credential_process profiles work)')
    .option('--role-arn <arn>', 'assume this role first (repeatable: a chain, assumed in order)', collect, [])
    .option(
      '--external-id <id>',
      'external ID for the last role (repeat once per role to set each)',
      collect,
      [],
    )
    .option('--role-session-name <name>', 'session name for assumed roles (default pvapi-<user>)')
    .option('--duration-seconds <n>', 'assumed-role session length, 900-43200 (chained roles: at most 3600)')
    .option('--mfa-serial <arn>', 'MFA device for the first role (code from --mfa-code or a prompt)')
    .option('--mfa-code <code>', 'current MFA code (never echoed when prompted)')
    .option(
      '--no-cache',
      'do not read or write assumed-role sessions in ~/.aws/cli/cache (shared with the AWS CLI)',
    )
}

export interface RawCredentialOptions {
  profile?: string
  roleArn: string[]
  externalId: string[]
  roleSessionName?: string
  durationSeconds?: string
  mfaSerial?: string
  mfaCode?: string
  /** false with --no-cache. */
  cache?: boolean
}

/** call's network flags that also apply to the AWS clients (STS, SSO, EC2). */
export interface NetworkFlags {
  readonly proxy?: string
  readonly noProxy?: string
  readonly proxyCa?: string
}

/**
 * Point every AWS client at the configured proxy and CA bundle (AWS_CA_BUNDLE, the profile's
 * ca_bundle, CURL_CA_BUNDLE, SSL_CERT_FILE: --cacert is the API's, not AWS's).
 */
async function configureNetwork(
  env: Readonly<Record<string, string | undefined>>,
  profile: string | undefined,
  net: NetworkFlags,
): Promise<void> {
  const [{ configureAwsNetwork }, { chooseCaBundle }, { readUserFile }] = await Promise.all([
    import('../aws/network.js'),
    import('../aws/ca-bundle.js'),
    import('./files.js'),
  ])
  const caChoice = chooseCaBundle(env, profile)
  const ca = caChoice.path ? await readUserFile(caChoice.path, `CA bundle (${caChoice.source})`) : undefined
  const proxyOn = proxyWanted(env, net.proxy)
  await configureAwsNetwork({
    ...(proxyOn
      ? {
          proxy: {
            env,
            ...(net.proxy !== undefined ? { flag: net.proxy } : {}),
            ...(net.noProxy !== undefined ? { noProxyFlag: net.noProxy } : {}),
          },
        }
      : {}),
    ...(net.proxyCa ? { proxyCa: net.proxyCa } : {}),
    ...(ca ? { ca } : {}),
  })
}

export interface CallerWithRoles extends Caller {
  readonly roles: readonly AssumedRole[]
}

/** Validate the role flags into hops (pure). */
export function roleHops(o: RawCredentialOptions): RoleHop[] {
  const seen = new Set<string>()
  for (const arn of o.roleArn) {
    if (!ROLE_ARN.test(arn))
      throw usageError(
        'PV_BAD_ROLE_ARN',
        `--role-arn ${arn}: not an IAM role ARN`,
        'expected arn:aws:iam::123456789012:role/NAME',
      )
    if (seen.has(arn))
      throw usageError(
        'PV_ROLE_LOOP',
        `--role-arn ${arn} appears twice: the role chain loops`,
        'list each role once, in the order to assume them',
      )
    seen.add(arn)
  }
  if (o.externalId.length > 1 && o.externalId.length !== o.roleArn.length) {
    throw usageError(
      'PV_EXTERNAL_ID_COUNT',
      `${o.externalId.length} --external-id values for ${o.roleArn.length} roles`,
      'give one (for the last role) or one per --role-arn',
    )
  }
  if (o.externalId.length > 0 && o.roleArn.length === 0)
    throw usageError('PV_EXTERNAL_ID_NO_ROLE', '--external-id needs --role-arn')
  if (o.mfaSerial && o.roleArn.length === 0)
    throw usageError(
      'PV_MFA_NO_ROLE',
      '--mfa-serial needs --role-arn (MFA is presented when assuming the first role)',
    )
  if (
    o.mfaSerial &&
    !/^arn:aws(-[a-z-]+)?:iam::\d{12}:(mfa|u2f)\/[\w+=,.@/-]+$/.test(o.mfaSerial) &&
    !/^[A-Z0-9]{9,}$/.test(o.mfaSerial)
  ) {
    throw usageError(
      'PV_BAD_MFA_SERIAL',
      `--mfa-serial ${o.mfaSerial}: expected an MFA device ARN (arn:aws:iam::123456789012:mfa/NAME) or a hardware serial`,
    )
  }
  if (o.mfaCode !== undefined && !/^\d{6}$/.test(o.mfaCode))
    throw usageError('PV_BAD_MFA_CODE', '--mfa-code must be 6 digits')
  return o.roleArn.map((roleArn, i) => {
    const externalId =
      o.externalId.length === o.roleArn.length
        ? o.externalId[i]
        : i === o.roleArn.length - 1
          ? o.externalId[0]
          : undefined
    return {
      roleArn,
      ...(externalId ? { externalId } : {}),
      ...(i === 0 && o.mfaSerial ? { mfaSerial: o.mfaSerial } : {}),
    }
  })
}

export function durationSeconds(o: RawCredentialOptions, hops: number): number | undefined {
  if (o.durationSeconds === undefined) return undefined
  const n = parseCount('--duration-seconds', o.durationSeconds, 43200)
  if (n < 900) throw usageError('PV_BAD_DURATION', `--duration-seconds ${n}: STS accepts 900 to 43200`)
  // AWS limits a session obtained by role chaining to one hour.
  if (hops > 1 && n > 3600)
    throw usageError(
      'PV_BAD_DURATION',
      `--duration-seconds ${n}: role chaining limits sessions to 3600 seconds`,
    )
  return n
}

/** RoleSessionName allows [\w+=,.@-], 2-64 characters. */
export function defaultSessionName(user: string | undefined): string {
  const clean = (user ?? '').replace(/[^\w+=,.@-]/g, '-').slice(0, 50)
  return clean ? `pvapi-${clean}` : `pvapi-${Date.now()}`
}

/**
 * Build the caller resolver: base credentials (SDK chain), then the role chain. Memoized:
 * the --vpce lookup and the signature use the same identity.
 */
export function callerResolver(
  o: RawCredentialOptions,
  io: Io,
  env: Readonly<Record<string, string | undefined>>,
  user: string | undefined,
  net: NetworkFlags = {},
): (region: string) => Promise<CallerWithRoles> {
  const hops = roleHops(o)
  const duration = durationSeconds(o, hops.length)
  const sessionName = o.roleSessionName ?? defaultSessionName(user)
  if (!/^[\w+=,.@-]{2,64}$/.test(sessionName))
    throw usageError(
      'PV_BAD_SESSION_NAME',
      `--role-session-name ${sessionName}: 2-64 characters of letters, digits and +=,.@_-`,
    )
  const mfaCode = async (serial: string) => {
    if (o.mfaCode) return o.mfaCode
    if (!io.stdinIsTTY)
      throw new PvapiError(
        'PV_MFA_NEEDED',
        `an MFA code is needed for ${serial}`,
        ExitCode.Usage,
        'pass --mfa-code 123456 (no terminal to prompt on)',
      )
    const code = await io.prompt(`MFA code for ${serial}: `, true)
    if (!/^\d{6}$/.test(code)) throw usageError('PV_BAD_MFA_CODE', 'the MFA code must be 6 digits')
    return code
  }
  let cached: Promise<CallerWithRoles> | undefined
  return (region: string) =>
    (cached ??= (async () => {
      const [{ resolveBaseCredentials }, { roleCacheDir }] = await Promise.all([
        import('../aws/credentials.js'),
        import('../aws/role-cache.js'),
        configureNetwork(env, o.profile, net),
      ])
      const profile = o.profile || env.AWS_PROFILE || undefined
      const cacheDir = o.cache === false ? undefined : roleCacheDir(env)
      const base = await resolveBaseCredentials({
        ...(o.profile ? { profile: o.profile } : {}),
        region,
        env,
        mfaCodeProvider: mfaCode,
        ...(cacheDir ? { cacheDir } : {}),
      }).catch((err: unknown) => {
        // "no AWS credentials found" did not name the profile the user asked for: usually a typo.
        if (err instanceof PvapiError && err.code === 'PV_NO_CREDENTIALS' && profile) {
          throw new PvapiError(
            err.code,
            `no AWS credentials found for profile ${profile}`,
            err.exitCode,
            'check the profile name (aws configure list-profiles) and that it has keys, a role, SSO or credential_process',
            { cause: err.cause },
          )
        }
        throw err
      })
      if (hops.length === 0) return { ...base, roles: [] }
      const { assumeRoleChain } = await import('../aws/sts.js')
      const chain = await assumeRoleChain(base.credentials, {
        hops,
        region,
        sessionName,
        ...(duration ? { durationSeconds: duration } : {}),
        mfaCode,
        ...(cacheDir ? { cacheDir } : {}),
        sessionNameChosen: o.roleSessionName !== undefined,
      })
      return {
        credentials: chain.credentials,
        source: `${base.source} → ${chain.roles.map(r => r.roleArn).join(' → ')}${chain.roles.some(r => r.cached) ? ` (session from ${cacheDir})` : ''}`,
        roles: chain.roles,
      }
    })())
}
