/**
 * `pvapi doctor`'s flags as commander gives them, checked and turned into settings before
 * anything is read: a typo must not turn into AWS calls that find nothing, and a flag that
 * cannot apply (a live-only flag with --snapshot, a probe flag without --probe) is refused,
 * never ignored. The options themselves are registered in commands/doctor.ts.
 */
import { parseMethod, parseSeconds } from '../call/options.js'
import { usageError } from '../core/errors.js'
import { checkRegionFlag } from '../core/region-name.js'
import type { DoctorSnapshot, SuppliedFacts } from '../doctor/snapshot.js'
import type { LiveCaller, LiveLimits, LiveProbe, LiveSettings, ResolveCaller } from '../doctor-run/live.js'
import type { FrontDoorFlags } from './commands/doctor-front-door-flags.js'
import type { CliContext } from './context.js'
import { callerResolver, type RawCredentialOptions } from './credential-options.js'
import { checkHybridFlags } from './hybrid-flags.js'
import { checkIdFlag, checkIpFlag } from './id-flags.js'

export interface DoctorFlags extends RawCredentialOptions, FrontDoorFlags {
  // The URL's parts, the caller and signing flags come from FrontDoorFlags (the same names and types).
  hostMode?: string
  apiProfile?: string
  apiRoleArn: string[]
  apiExternalId: string[]
  apiAccount?: string
  resourcePolicy?: string
  endpointPolicy?: string
  identityPolicy: string[]
  scp: string[]
  authorizerPolicy?: string
  dnsServer?: string
  clientTls?: string
  skip: string[]
  format: string
  snapshot?: string
  saveSnapshot?: string
  printIamPolicy?: boolean
  listChecks?: boolean
  verbose?: boolean
  probeMethod?: string
  probePath?: string
  probeTimeout?: string
  timeout?: string
  awsConnectTimeout?: string
  awsReadTimeout?: string
  callerCidr: string[]
  fromVpc?: string
}

/** `--timeout` default: the whole live run, probe included. */
export const DEFAULT_TIMEOUT_S = 60

/** Flags that only make sense when collecting live (refused with --snapshot). */
const LIVE_ONLY: ReadonlyArray<[keyof DoctorFlags, string]> = [
  ['request', '-X'],
  ['apiId', '--api-id'],
  ['region', '--region'],
  ['stage', '--stage'],
  ['path', '--path'],
  ['vpce', '--vpce'],
  ['lambda', '--lambda'],
  ['fromImds', '--from-imds'],
  ['vpc', '--vpc'],
  ['apiProfile', '--api-profile'],
  ['apiAccount', '--api-account'],
  ['dnsServer', '--dns-server'],
  ['authHeader', '--auth-header'],
  ['signingRegion', '--signing-region'],
  ['signingService', '--signing-service'],
  ['clientTls', '--client-tls'],
  ['saveSnapshot', '--save-snapshot'],
  ['profile', '--profile'],
  ['probeMethod', '--probe-method'],
  ['probePath', '--probe-path'],
  ['probeTimeout', '--probe-timeout'],
  ['timeout', '--timeout'],
  ['awsConnectTimeout', '--aws-connect-timeout'],
  ['awsReadTimeout', '--aws-read-timeout'],
  ['fromVpc', '--from-vpc'],
  ['fromApi', '--from-api'],
  ['vpcLink', '--vpc-link'],
]
const LIVE_ONLY_LISTS: ReadonlyArray<[keyof DoctorFlags, string]> = [
  ['subnet', '--subnet'],
  ['callerSg', '--caller-sg'],
  ['callerIp', '--caller-ip'],
  ['roleArn', '--role-arn'],
  ['apiRoleArn', '--api-role-arn'],
  ['callerCidr', '--caller-cidr'],
]

export function checkFormat(format: string): void {
  if (!['text', 'json', 'markdown'].includes(format))
    throw usageError('PV_BAD_FORMAT', `--format ${format}: expected text, json or markdown`)
}

/** Each `--skip` is a hop number or the id of a check. */
export function checkSkip(skip: readonly string[], checks: readonly { readonly id: string }[]): void {
  for (const s of skip) {
    if (!/^[1-8]$/.test(s) && !checks.some(c => c.id === s))
      throw usageError(
        'PV_BAD_SKIP',
        `--skip ${s}: not a check id or hop number`,
        'pvapi doctor --list-checks lists them',
      )
  }
}

/** The per-request AWS limits and the run's deadline, from the flags. */
export function parseLimits(o: DoctorFlags): LiveLimits {
  return {
    timeoutMs: parseSeconds('--timeout', o.timeout, 3600) ?? DEFAULT_TIMEOUT_S * 1000,
    connectTimeoutMs: parseSeconds('--aws-connect-timeout', o.awsConnectTimeout, 600) ?? 3000,
    readTimeoutMs: parseSeconds('--aws-read-timeout', o.awsReadTimeout, 600) ?? 10000,
  }
}

/**
 * The caller's network and the method, checked before anything is read: a typo must not turn
 * into AWS calls that find nothing (the same shapes `call` and `policy` accept).
 */
export function checkCallerFlags(o: DoctorFlags): void {
  if (o.request !== undefined) parseMethod(o.request, false)
  checkIdFlag('--vpc', o.vpc, 'vpc')
  for (const s of o.subnet) checkIdFlag('--subnet', s, 'subnet')
  for (const g of o.callerSg) checkIdFlag('--caller-sg', g, 'sg')
  for (const ip of o.callerIp) checkIpFlag('--caller-ip', ip)
  checkHybridFlags(o)
}

/** `--probe-method/--probe-path/--probe-timeout`, validated; undefined without --probe. */
export function parseProbeFlags(o: DoctorFlags): LiveProbe | undefined {
  if (!o.probe) {
    const stray = (
      [
        ['probeMethod', '--probe-method'],
        ['probePath', '--probe-path'],
        ['probeTimeout', '--probe-timeout'],
      ] as const
    )
      .filter(([k]) => o[k] !== undefined)
      .map(([, f]) => f)
    if (stray.length > 0)
      throw usageError(
        'PV_FLAG_CONFLICT',
        `${stray.join(', ')} ${stray.length === 1 ? 'needs' : 'need'} --probe`,
        'add --probe to send live requests',
      )
    return undefined
  }
  const method = o.probeMethod ?? 'GET'
  if (!/^[A-Za-z]+$/.test(method))
    throw usageError(
      'PV_BAD_METHOD',
      `--probe-method ${JSON.stringify(method)} is not an HTTP method`,
      'e.g. --probe-method GET or --probe-method HEAD',
    )
  if (
    o.probePath !== undefined &&
    (!o.probePath.startsWith('/') || /[\s\u0000-\u001f\u007f]/.test(o.probePath))
  ) {
    throw usageError(
      'PV_BAD_PATH',
      `--probe-path ${JSON.stringify(o.probePath)}: expected a path starting with / (query allowed), without spaces or control characters`,
      'e.g. --probe-path /prod/health',
    )
  }
  const timeoutMs = parseSeconds('--probe-timeout', o.probeTimeout, 120) ?? 5000
  return {
    method: method.toUpperCase(),
    ...(o.probePath !== undefined ? { path: o.probePath } : {}),
    timeoutMs,
  }
}

/** With --snapshot: a URL or a live-only flag cannot apply to a saved collection. */
export function checkReplayFlags(url: string | undefined, o: DoctorFlags): void {
  const given = [
    ...LIVE_ONLY.filter(([k]) => o[k] !== undefined && o[k] !== false).map(([, f]) => f),
    ...LIVE_ONLY_LISTS.filter(([k]) => (o[k] as string[]).length > 0).map(([, f]) => f),
  ]
  if (url) given.unshift('a URL')
  if (given.length > 0)
    throw usageError(
      'PV_SNAPSHOT_CONFLICT',
      `--snapshot replays a saved collection: ${given.join(', ')} cannot apply to it`,
      'drop them, or collect again without --snapshot',
    )
}

/** Probing needs the network: a snapshot is re-judged only with the probe results it holds. */
export function checkReplayProbe(o: DoctorFlags, snapshot: DoctorSnapshot): void {
  if (o.probe && snapshot.probe?.status !== 'ok') {
    throw usageError(
      'PV_PROBE_OFFLINE',
      `--probe sends live requests, and ${o.snapshot} holds no probe results to replay`,
      'collect live with --probe --save-snapshot FILE; a snapshot with probe results is reconciled without --probe',
    )
  }
}

/** The live run's settings; the caller flags that contradict each other are refused first. */
export function liveSettings(
  url: string | undefined,
  o: DoctorFlags,
  supplied: SuppliedFacts,
  limits: LiveLimits,
  probe: LiveProbe | undefined,
): LiveSettings {
  if (o.lambda && o.fromImds)
    throw usageError(
      'PV_FLAG_CONFLICT',
      '--lambda and --from-imds describe two different callers',
      'give one of them',
    )
  if ((o.lambda || o.fromImds) && (o.vpc || o.subnet.length || o.callerSg.length))
    throw usageError(
      'PV_FLAG_CONFLICT',
      '--vpc/--subnet/--caller-sg describe the caller by hand; --lambda and --from-imds read it',
      'give one or the other',
    )
  return {
    url,
    region: checkRegionFlag('--region', o.region),
    profile: o.profile,
    request: o.request,
    apiId: o.apiId,
    stage: o.stage,
    path: o.path,
    vpce: o.vpce,
    hostMode: o.hostMode,
    authHeader: o.authHeader,
    signingRegion: o.signingRegion,
    signingService: o.signingService,
    clientTls: o.clientTls,
    apiAccount: o.apiAccount,
    fromApi: o.fromApi,
    vpcLink: o.vpcLink,
    dnsServer: o.dnsServer,
    caller: {
      ...(o.lambda ? { lambda: o.lambda } : {}),
      ...(o.fromImds ? { fromImds: true } : {}),
      ...(o.vpc ? { vpcId: o.vpc } : {}),
      ...(o.fromVpc ? { vpcId: o.fromVpc, onPremisesCidrs: o.callerCidr } : {}),
      subnetIds: o.subnet,
      securityGroupIds: o.callerSg,
      privateIps: o.callerIp,
      ...(o.callerAssumesRole ? { assumesRole: true } : {}),
      roleChainGiven: o.roleArn.length > 0,
    },
    supplied,
    limits,
    probe,
  }
}

/**
 * The caller's credential resolver and, with --api-profile/--api-role-arn, account B's
 * (building them checks the credential flags: called once the target is settled).
 */
export function doctorCredentials(
  o: DoctorFlags,
  ctx: CliContext,
): { caller: ResolveCaller; api?: ResolveCaller } {
  const caller: ResolveCaller = callerResolver(o, ctx.io, ctx.env, ctx.user)
  if (!o.apiProfile && o.apiRoleArn.length === 0) return { caller }
  const profile = o.apiProfile ?? o.profile
  const api: (region: string) => Promise<LiveCaller> = callerResolver(
    {
      ...(profile ? { profile } : {}),
      roleArn: o.apiRoleArn,
      externalId: o.apiExternalId,
      ...(o.roleSessionName ? { roleSessionName: o.roleSessionName } : {}),
    },
    ctx.io,
    ctx.env,
    ctx.user,
  )
  return { caller, api }
}
