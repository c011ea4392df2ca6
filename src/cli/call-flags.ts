/**
 * `pvapi call`'s flags as commander gives them, checked and turned into the settings of one
 * request (CallSettings) or of a repeat run (RepeatSettings). A flag the user gave is honoured
 * or refused, never dropped. The options themselves are registered in commands/call.ts.
 */
import { parseCount, parseDnsServers, parseSeconds } from '../call/options.js'
import type { CallSettings } from '../call/run-call.js'
import type { RepeatSettings } from '../call/run-repeat.js'
import { usageError } from '../core/errors.js'
import type { TlsOptions } from '../http/send.js'
import type { RawCredentialOptions } from './credential-options.js'
import type { RawRequestOptions, toRequestSettings } from './request-options.js'

/** The request settings every call starts from (URL, method, headers, body, signing). */
export type RequestSettings = ReturnType<typeof toRequestSettings>

/** What the proxy and CA settings add to a call (commands/call.ts networkSettings). */
export type NetworkCallSettings = Pick<CallSettings, 'proxy' | 'caSource'>

export interface CallFlags extends RawRequestOptions, RawCredentialOptions {
  cacert?: string
  insecure?: boolean
  cert?: string
  key?: string
  dnsServers?: string
  connectTimeout?: string
  maxTime?: string
  retry?: string
  retryDelay?: string
  fixSkew?: boolean
  include?: boolean
  output?: string
  silent?: boolean
  showError?: boolean
  fail?: boolean
  failWithBody?: boolean
  writeOut?: string
  verbose?: boolean
  dryRun?: boolean
  sign: boolean
  repeat?: string
  concurrency?: string
  perEni?: boolean
  duration?: string
  format?: string
  eni: string[]
  location?: boolean
  maxRedirs?: string
  locationTrusted?: boolean
  // Proxies (issue 13)
  proxy?: string
  noproxy?: string
  proxyCacert?: string
  // Address family (issue 14): curl's -4/-6
  ipv4?: boolean
  ipv6?: boolean
}

/** Flag pairs that contradict each other, refused before any file is read. */
export function checkCallFlags(o: CallFlags): void {
  if (o.fail && o.failWithBody)
    throw usageError('PV_FLAG_CONFLICT', '--fail and --fail-with-body are mutually exclusive')
  if (o.key && !o.cert) throw usageError('PV_KEY_NO_CERT', '--key needs --cert')
  if (o.insecure && o.cacert)
    throw usageError(
      'PV_FLAG_CONFLICT',
      '-k/--insecure and --cacert contradict each other',
      'drop one of them',
    )
}

/** Without --repeat/--duration, the flags that only shape a repeat run are refused. */
export function refuseRepeatOnlyFlags(o: CallFlags): void {
  for (const [set, flag] of [
    [o.concurrency !== undefined, '--concurrency'],
    [o.perEni, '--per-eni'],
    [o.format !== undefined, '--format'],
    [o.eni.length > 0, '--eni'],
  ] as const) {
    if (set)
      throw usageError('PV_FLAG_CONFLICT', `${flag} is for --repeat`, 'add --repeat N (or --duration S)')
  }
}

/** One request's settings: values first (a wrong one is named as such). */
export function callSettings(
  settings: RequestSettings,
  o: CallFlags,
  tls: TlsOptions,
  net: NetworkCallSettings,
): CallSettings {
  return {
    ...settings,
    noSign: !o.sign,
    tls: { ...tls, ...(o.insecure ? { insecure: true } : {}) },
    ...net,
    ...(o.dnsServers ? { dnsServers: parseDnsServers(o.dnsServers) } : {}),
    ...optionalMs('connectTimeoutMs', parseSeconds('--connect-timeout', o.connectTimeout)),
    ...optionalMs('maxTimeMs', parseSeconds('-m/--max-time', o.maxTime)),
    retry: parseCount('--retry', o.retry, 100),
    ...optionalMs(
      'retryDelayMs',
      o.retryDelay === '0' ? 0 : parseSeconds('--retry-delay', o.retryDelay, 600),
    ),
    fixSkew: Boolean(o.fixSkew),
    include: Boolean(o.include),
    ...(o.output ? { outputPath: o.output } : {}),
    silent: Boolean(o.silent),
    showError: Boolean(o.showError),
    fail: o.fail ? 'fail' : o.failWithBody ? 'with-body' : 'no',
    ...(o.writeOut !== undefined ? { writeOut: o.writeOut } : {}),
    verbose: Boolean(o.verbose),
    dryRun: Boolean(o.dryRun),
    ...(o.location ? { location: true } : {}),
    ...(o.maxRedirs !== undefined ? { maxRedirs: parseCount('--max-redirs', o.maxRedirs, 1000) } : {}),
    ...(o.locationTrusted ? { locationTrusted: true } : {}),
  }
}

/**
 * `--repeat N` / `--duration S`: the settings of a repeat run (many requests and their
 * statistics instead of one body); the flags of a single request are refused.
 */
export function repeatSettings(
  settings: RequestSettings,
  o: CallFlags,
  tls: TlsOptions,
  proxy: NetworkCallSettings,
): RepeatSettings {
  const single = (
    [
      ['output', '-o'],
      ['include', '-i'],
      ['writeOut', '-w'],
      ['verbose', '-v'],
      ['dryRun', '--dry-run'],
      ['retry', '--retry'],
      ['fail', '-f'],
      ['failWithBody', '--fail-with-body'],
      ['location', '-L'],
    ] as const
  )
    .filter(([k]) => o[k] !== undefined && o[k] !== false)
    .map(([, f]) => f)
  if (single.length > 0)
    throw usageError(
      'PV_FLAG_CONFLICT',
      `${single.join(', ')} ${single.length === 1 ? 'is' : 'are'} for a single request, not --repeat`,
      'drop them; --format json gives the details of a repeat run',
    )
  const format = o.format ?? 'text'
  if (format !== 'text' && format !== 'json')
    throw usageError('PV_BAD_FORMAT', `--format ${format}: expected text or json`)
  const repeat = o.repeat !== undefined ? parseCount('--repeat', o.repeat, 1_000_000) : undefined
  if (repeat === 0) throw usageError('PV_BAD_NUMBER', '--repeat 0: expected at least 1 request')
  const concurrency = o.concurrency !== undefined ? parseCount('--concurrency', o.concurrency, 256) : 1
  if (concurrency === 0) throw usageError('PV_BAD_NUMBER', '--concurrency 0: expected 1 to 256')
  const durationMs = parseSeconds('--duration', o.duration)
  const eniZones: Record<string, string> = {}
  for (const spec of o.eni) {
    const m = /^([0-9a-fA-F.:]+)=([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d[a-z]|[a-z]{3,4}\d-az\d+)$/.exec(
      spec.trim(),
    )
    if (!m)
      throw usageError(
        'PV_BAD_ENI',
        `--eni ${spec}: expected IP=ZONE`,
        'e.g. --eni 10.0.2.10=us-east-1a (or a zone id such as use1-az1)',
      )
    eniZones[m[1]!] = m[2]!
  }
  if (o.eni.length > 0 && !o.perEni)
    throw usageError('PV_FLAG_CONFLICT', '--eni names zones for --per-eni', 'add --per-eni')
  return {
    ...settings,
    noSign: !o.sign,
    tls: { ...tls, ...(o.insecure ? { insecure: true } : {}) },
    ...proxy,
    ...(o.dnsServers ? { dnsServers: parseDnsServers(o.dnsServers) } : {}),
    ...optionalMs('connectTimeoutMs', parseSeconds('--connect-timeout', o.connectTimeout)),
    ...optionalMs('maxTimeMs', parseSeconds('-m/--max-time', o.maxTime)),
    retry: 0,
    fixSkew: Boolean(o.fixSkew),
    include: false,
    silent: Boolean(o.silent),
    showError: Boolean(o.showError),
    fail: 'no',
    verbose: false,
    dryRun: false,
    ...(repeat !== undefined ? { repeat } : {}),
    concurrency,
    perEni: Boolean(o.perEni),
    ...(durationMs !== undefined ? { durationMs } : {}),
    format,
    eniZones,
  }
}

const optionalMs = <K extends string>(key: K, ms: number | undefined) =>
  ms === undefined ? {} : ({ [key]: ms } as Record<K, number>)

/**
 * A flag the user gave is honoured or refused, never dropped: these combinations would have
 * been accepted and then changed nothing (a `-o` with --dry-run wrote no file, a role chain
 * with --no-sign assumed nothing, a --retry-delay without --retry waited for nothing).
 */
export function refuseUnusedFlags(o: CallFlags, settings: RequestSettings): void {
  const refuse = (flag: string, why: string, hint: string) => {
    throw usageError('PV_FLAG_UNUSED', `${flag} ${why}`, hint)
  }
  if (o.dryRun) {
    const given = (
      [
        [o.output !== undefined, '-o'],
        [o.include, '-i'],
        [o.writeOut !== undefined, '-w'],
        [o.retry !== undefined, '--retry'],
        [o.fail, '-f'],
        [o.failWithBody, '--fail-with-body'],
        [o.fixSkew, '--fix-skew'],
        [o.location, '-L'],
      ] as const
    )
      .filter(([set]) => set)
      .map(([, f]) => f)
    if (given.length > 0)
      refuse(
        given.join(', '),
        `${given.length === 1 ? 'has' : 'have'} no effect with --dry-run: nothing is sent`,
        'drop --dry-run to send the request, or drop these flags',
      )
  }
  if (!o.sign) {
    const lookupNeedsCredentials = settings.vpce !== undefined && 'id' in settings.vpce
    const roles = (
      [
        [o.roleArn.length > 0, '--role-arn'],
        [o.externalId.length > 0, '--external-id'],
        [o.mfaSerial !== undefined, '--mfa-serial'],
        [o.mfaCode !== undefined, '--mfa-code'],
        [o.roleSessionName !== undefined, '--role-session-name'],
        [o.durationSeconds !== undefined, '--duration-seconds'],
      ] as const
    )
      .filter(([set]) => set)
      .map(([, f]) => f)
    if (roles.length > 0 && !lookupNeedsCredentials)
      refuse(
        roles.join(', '),
        `${roles.length === 1 ? 'is' : 'are'} for signing, and --no-sign sends the request unsigned`,
        'drop --no-sign to sign as the role, or drop the role flags',
      )
    if (o.fixSkew)
      refuse('--fix-skew', 're-signs with the server clock; --no-sign signs nothing', 'drop one of them')
  }
  if (o.retryDelay !== undefined && o.retry === undefined)
    refuse('--retry-delay', 'needs --retry N (it is the wait between retries)', 'add --retry N')
  if (o.maxRedirs !== undefined && !o.location)
    refuse('--max-redirs', 'limits -L/--location, which is not given', 'add -L to follow redirects')
  if (o.locationTrusted && !o.location)
    refuse('--location-trusted', 'applies to -L/--location, which is not given', 'add -L')
}

/**
 * -4/-6 (curl's flags). curl lets the last one win; pvapi refuses both at once, since one of
 * them would be silently ignored.
 */
export function familyFlag(o: CallFlags): { family?: 4 | 6 } {
  if (o.ipv4 && o.ipv6)
    throw usageError('PV_FLAG_CONFLICT', '-4/--ipv4 and -6/--ipv6 contradict each other', 'give one of them')
  return o.ipv4 ? { family: 4 } : o.ipv6 ? { family: 6 } : {}
}
