/**
 * The live doctor, from settled settings to a snapshot: the target and region, the
 * credentials, the AWS ports, the collection (for a front door or any caller), then the probe,
 * all under one stop signal (stop.ts: the --timeout deadline or Ctrl-C). Stopped, it returns
 * what was read, marked `collection.stoppedBy`, and the report says "incomplete".
 *
 * Everything that belongs to the process comes in as `LivePorts` (the environment, the clock,
 * Ctrl-C, progress on the terminal, the credential resolvers, this host's interfaces): only
 * src/cli/ touches `process`.
 */
import type { AwsCredentialIdentity } from '@smithy/types'
import type { AttemptOptions } from '../aws/collect/attempt.js'
import type { CallerSpec } from '../aws/collect/request.js'
import { PvapiError } from '../core/errors.js'
import { classifyHost, parseUserUrl } from '../core/target.js'
import type { DoctorSnapshot, SuppliedFacts } from '../doctor/snapshot.js'
import { doctorTarget, type TargetFlags } from '../doctor/target.js'
import type { FrontDoorSettings } from './front-door.js'
import { hasGlobalIpv6, type Interfaces, localIpv4 } from './local-addresses.js'
import { runSignal, stopCause, stopOf, untilStopped } from './stop.js'

/** The per-request AWS limits and the run's deadline (`--timeout`, `--aws-*-timeout`), in ms. */
export interface LiveLimits {
  readonly timeoutMs: number
  readonly connectTimeoutMs: number
  readonly readTimeoutMs: number
}

/** `--probe` with `--probe-method/--probe-path/--probe-timeout`, checked. */
export interface LiveProbe {
  /** Upper case. */
  readonly method: string
  readonly path?: string
  readonly timeoutMs: number
}

/** What to diagnose and how, from the flags (checked by the CLI). */
export interface LiveSettings extends TargetFlags, FrontDoorSettings {
  readonly url: string | undefined
  /** `--region`, checked. */
  readonly region?: string | undefined
  /** `--profile`: whose configuration names the region when nothing else does. */
  readonly profile?: string | undefined
  /** `--dns-server`, as given (parsed here). */
  readonly dnsServer?: string | undefined
  readonly caller: CallerSpec
  readonly supplied: SuppliedFacts
  readonly limits: LiveLimits
  readonly probe?: LiveProbe | undefined
}

/** Resolved credentials: the secret parts are used, and scrubbed from everything collected. */
export interface LiveCaller {
  readonly credentials: AwsCredentialIdentity
  readonly source: string
  readonly roles: readonly { readonly roleArn: string }[]
}

export type ResolveCaller = (region: string) => Promise<LiveCaller>

/** What the run needs from the process. */
export interface LivePorts {
  readonly env: Readonly<Record<string, string | undefined>>
  /** Ctrl-C. */
  readonly interrupt: AbortSignal
  readonly now: () => Date
  /**
   * The credential resolvers, built once the target is settled (building them checks the
   * credential flags). `api`: account B's own credentials (`--api-profile`/`--api-role-arn`).
   */
  readonly credentials: () => { readonly caller: ResolveCaller; readonly api?: ResolveCaller | undefined }
  /** Show progress while `work` runs (a spinner on a terminal). */
  readonly progress: <T>(text: string, work: () => Promise<T>) => Promise<T>
  /** This host's network interfaces (`os.networkInterfaces()`), for the probe's vantage. */
  readonly interfaces: () => Interfaces
}

/** Collect live under the run's deadline and Ctrl-C; stopped, the snapshot holds what was read. */
export async function collectLive(s: LiveSettings, ports: LivePorts): Promise<DoctorSnapshot> {
  const run = runSignal(ports.interrupt, s.limits.timeoutMs, () => ports.now().getTime())
  try {
    return await collectWithin(s, ports, run.signal, run.deadline)
  } finally {
    run.dispose()
  }
}

/** The region a host name carries (execute-api and vpce names do); undefined otherwise. */
export function regionInHost(url: string | undefined): string | undefined {
  try {
    return url ? classifyHost(parseUserUrl(url).url.hostname).region : undefined
  } catch (err) {
    if (err instanceof PvapiError) return undefined // doctorTarget reports the bad URL
    throw err
  }
}

async function collectWithin(
  s: LiveSettings,
  ports: LivePorts,
  signal: AbortSignal,
  deadline: number,
): Promise<DoctorSnapshot> {
  const { limits, probe } = s
  const explicit = s.region
  // Most name forms carry the region, which then wins over the configuration (doctorTarget):
  // only read ~/.aws/config when the host does not say.
  const resolved =
    explicit ??
    regionInHost(s.url) ??
    (await (
      await import('../aws/region.js')
    ).resolveRegion({ ...(s.profile ? { profile: s.profile } : {}), env: ports.env }))
  const frontDoor =
    s.fromApi !== undefined || s.vpcLink !== undefined ? await import('./front-door.js') : undefined
  const targetFor = (u: string | undefined, p: TargetFlags) =>
    doctorTarget(u, p, { region: resolved, source: explicit ? 'flag' : 'config' })
  const { target, signing, vpce } = frontDoor
    ? frontDoor.frontDoorPlaceholder(s, resolved)
    : targetFor(s.url, s)
  const dnsServer = s.dnsServer ? (await import('../dns/resolve.js')).parseDnsServer(s.dnsServer) : undefined
  const resolvers = ports.credentials()
  const region = target.region
  // Start loading the SDK clients now; credentials (which may prompt for MFA) resolve meanwhile.
  const [{ sdkPorts }, { collectSnapshot }, { collectRequest, credentialFacts }, { VERSION }] =
    await Promise.all([
      import('../aws/doctor-readers.js'),
      import('../aws/collect/collect.js'),
      import('../aws/collect/request.js'),
      import('../core/version.js'),
    ])
  const callerP = resolvers.caller(region)
  const apiP = resolvers.api?.(region)
  callerP.catch(() => undefined)
  apiP?.catch(() => undefined)
  const aws = sdkPorts({
    region,
    callerCredentials: async () => (await callerP).credentials,
    ...(apiP ? { apiCredentials: async () => (await apiP).credentials } : {}),
    env: ports.env,
    ...(dnsServer ? { dnsServer } : {}),
    limits: {
      connectTimeoutMs: limits.connectTimeoutMs,
      readTimeoutMs: limits.readTimeoutMs,
      maxAttempts: 3,
      signal,
    },
  })
  const secrets: string[] = []
  const keep = (c: LiveCaller) =>
    secrets.push(
      c.credentials.secretAccessKey,
      ...(c.credentials.sessionToken ? [c.credentials.sessionToken] : []),
    )
  const credentials = await untilStopped(signal, callerP).then(
    c => {
      keep(c)
      return credentialFacts(c)
    },
    (err: unknown) => ({
      status: 'error' as const,
      message: err instanceof Error ? err.message : String(err),
      ...(err instanceof PvapiError ? { code: err.code } : {}),
      ...stopCause(signal),
    }),
  )
  if (apiP) {
    const a = await untilStopped(signal, apiP).catch(() => undefined)
    if (a) keep(a)
  }
  const attempt: AttemptOptions = {
    signal,
    deadline,
    timeoutMs: limits.timeoutMs,
    connectTimeoutMs: limits.connectTimeoutMs,
    readTimeoutMs: limits.readTimeoutMs,
  }
  const request = collectRequest({
    target,
    signing,
    ...(vpce ? { vpce } : {}),
    caller: s.caller,
    credentials,
    apiSide: apiP !== undefined,
    supplied: s.supplied,
    now: ports.now(),
    version: VERSION,
    secrets,
    attempt,
  })
  const snapshot = await ports.progress(`collecting ${target.method} ${target.url} (read-only)`, () =>
    frontDoor
      ? frontDoor.collectFrontDoorSnapshot(s, s.url, request, aws, (u, apiId) =>
          targetFor(u, s.fromApi ? { ...s, apiId, stage: undefined, path: undefined } : { ...s, apiId }),
        )
      : collectSnapshot(request, aws),
  )
  // Stopped (deadline, Ctrl-C): no probe; the report shows what was read.
  if (snapshot.collection?.stoppedBy || !probe) return snapshot
  const caller = await untilStopped(signal, callerP).catch(() => undefined)
  const ifaces = ports.interfaces()
  const local = localIpv4(ifaces)
  const probed = await ports.progress(
    `probing ${probe.method} ${snapshot.target.connectHost} (signed, unsigned, each endpoint ENI)`,
    async () => {
      const [{ runProbe }, { sanitizeSnapshot }] = await Promise.all([
        import('../probe/run-probe.js'),
        import('../aws/collect/sanitize.js'),
      ])
      const result = await runProbe(
        snapshot,
        { ...probe, ...(dnsServer ? { dnsServer } : {}), families: hasGlobalIpv6(ifaces) ? [4, 6] : [4] },
        {
          ...(caller ? { credentials: caller.credentials } : {}),
          secrets,
          now: ports.now,
          localAddresses: () => local,
          signal,
        },
      )
      // The same net as collection: no secret reaches the snapshot, whatever a server echoed.
      return sanitizeSnapshot({ ...snapshot, probe: result }, secrets)
    },
  )
  if (!signal.aborted) return probed
  // The probe's own answers are cut short: report the configuration without them.
  return {
    ...snapshot,
    probe: { status: 'not-collected', reason: 'the probe was stopped before it finished' },
    collection: { ...snapshot.collection, stoppedBy: stopOf(signal) ?? 'interrupted' },
  }
}
