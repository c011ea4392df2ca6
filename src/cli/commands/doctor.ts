import type { Command } from 'commander'
import { parseMethod, parseSeconds } from '../../call/options.js'
import { PvapiError, usageError } from '../../core/errors.js'
import { ExitCode } from '../../core/exit-codes.js'
import { checkRegionFlag } from '../../core/region-name.js'
import { terminalSafeDeep } from '../../core/terminal-text.js'
import { classifyHost, parseUserUrl } from '../../core/target.js'
import type { DoctorSnapshot, PolicyFacts, SuppliedFacts } from '../../doctor/snapshot.js'
import { doctorTarget } from '../../doctor/target.js'
import type { CliContext } from '../context.js'
import { addCredentialOptions, callerResolver, type RawCredentialOptions } from '../credential-options.js'
import { checkIdFlag, checkIpv4Flag } from '../id-flags.js'
import { writeOut } from '../io.js'

const collect = (v: string, prev: string[] = []) => [...prev, v]

interface DoctorFlags extends RawCredentialOptions {
  request?: string
  apiId?: string
  region?: string
  stage?: string
  path?: string
  vpce?: string
  hostMode?: string
  lambda?: string
  fromImds?: boolean
  vpc?: string
  subnet: string[]
  callerSg: string[]
  callerIp: string[]
  callerAssumesRole?: boolean
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
  authHeader?: string
  signingRegion?: string
  signingService?: string
  skip: string[]
  format: string
  snapshot?: string
  saveSnapshot?: string
  printIamPolicy?: boolean
  listChecks?: boolean
  verbose?: boolean
  probe?: boolean
  probeMethod?: string
  probePath?: string
  probeTimeout?: string
  timeout?: string
  awsConnectTimeout?: string
  awsReadTimeout?: string
}

/** `--timeout` default: the whole live run, probe included. */
const DEFAULT_TIMEOUT_S = 60

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
  ['saveSnapshot', '--save-snapshot'],
  ['profile', '--profile'],
  ['probeMethod', '--probe-method'],
  ['probePath', '--probe-path'],
  ['probeTimeout', '--probe-timeout'],
  ['timeout', '--timeout'],
  ['awsConnectTimeout', '--aws-connect-timeout'],
  ['awsReadTimeout', '--aws-read-timeout'],
]
const LIVE_ONLY_LISTS: ReadonlyArray<[keyof DoctorFlags, string]> = [
  ['subnet', '--subnet'],
  ['callerSg', '--caller-sg'],
  ['callerIp', '--caller-ip'],
  ['roleArn', '--role-arn'],
  ['apiRoleArn', '--api-role-arn'],
]

export function registerDoctor(program: Command, ctx: CliContext): void {
  const cmd = program
    .command('doctor')
    .description(
      'diagnose a private API call hop by hop (read-only): which layer denies it, which rule, and the fix',
    )
    .argument('[url]', 'the URL the caller uses, in any name form pvapi call accepts')
    .option('-X, --request <method>', 'HTTP method of the call (default GET)')
    .option('--api-id <id>', 'REST API id (with a vpce-… URL, or with --stage instead of a URL)')
    .option('--region <region>', 'API region (default: from the host name, else the AWS config)')
    .option('--stage <stage>', 'stage, when no URL is given')
    .option('--path <path>', 'resource path, when no URL is given (default /)')
    .option('--vpce <id-or-dns>', 'the caller goes through this VPC endpoint (endpoint-specific name)')
    .option('--host-mode <mode>', 'on a vpce name: header (x-apigw-api-id) or host (Host override)', 'header')
  addCredentialOptions(cmd)
    .option('--lambda <name-or-arn>', 'the caller is this Lambda function: its VPC config and execution role')
    .option(
      '--from-imds',
      'the caller is this EC2 instance: read its VPC, subnet, security groups and IP from IMDSv2',
    )
    .option('--vpc <id>', "the caller's VPC")
    .option('--subnet <id>', "the caller's subnet (repeatable)", collect, [])
    .option('--caller-sg <id>', "the caller's security group (repeatable)", collect, [])
    .option('--caller-ip <ip>', "the caller's private IP (repeatable)", collect, [])
    .option(
      '--caller-assumes-role',
      'the caller calls sts:AssumeRole from inside the VPC before calling the API',
    )
    .option('--api-profile <name>', "profile for reading the API owner's account (B)")
    .option('--api-role-arn <arn>', 'role to assume for reading account B (repeatable: a chain)', collect, [])
    .option('--api-external-id <id>', 'external ID for --api-role-arn', collect, [])
    .option('--api-account <id>', "the API owner's account id, when it cannot be read")
    .option(
      '--resource-policy <file>',
      "the API's resource policy, when account B cannot be read (or to try a change)",
    )
    .option('--endpoint-policy <file>', 'the VPC endpoint policy, to use instead of the one read')
    .option(
      '--identity-policy <file>',
      "the caller's identity policy (repeatable), instead of the ones read",
      collect,
      [],
    )
    .option('--scp <file>', "a service control policy of the caller's account (repeatable)", collect, [])
    .option('--authorizer-policy <file>', 'the policy a Lambda authorizer returns for this caller')
    .option('--dns-server <ip[:port]>', 'resolve with this DNS server instead of the system resolver')
    .option(
      '--auth-header <kind>',
      'what the client sends in Authorization: sigv4 (default), none, or other (e.g. a bearer token)',
    )
    .option('--signing-region <region>', 'the region the failing client signs with, if not the API region')
    .option('--signing-service <name>', 'the service the failing client signs with, if not execute-api')
    .option('--skip <check-or-hop>', 'skip a check id or a hop number (repeatable)', collect, [])
    .option('--format <format>', 'text | json | markdown', 'text')
    .option('--snapshot <file>', 'diagnose a saved snapshot, offline (no AWS calls)')
    .option('--save-snapshot <file>', 'write what was collected (no secrets) for --snapshot or a ticket')
    .option('--print-iam-policy', 'print the read-only IAM policy the doctor needs in each account')
    .option('--list-checks', 'list the checks, their hops and field guide rows')
    .option('-v, --verbose', 'show the evidence of passing checks too')
    .option(
      '--probe',
      'after reading the configuration, send live requests (signed, unsigned, and pinned to each endpoint ENI) and reconcile them with it',
    )
    .option('--probe-method <method>', 'the only method the probe sends (default GET): pick a harmless route')
    .option('--probe-path <path>', "path and query the probe sends (default: the URL's)")
    .option('--probe-timeout <seconds>', 'limit per probe request (default 5)')
    .option(
      '--timeout <seconds>',
      `bound on the whole live run (default ${DEFAULT_TIMEOUT_S}): then the checks run on what was read`,
    )
    .option('--aws-connect-timeout <seconds>', 'connection limit per AWS request attempt (default 3)')
    .option('--aws-read-timeout <seconds>', 'answer limit per AWS request attempt (default 10)')
    .action(async (url: string | undefined, o: DoctorFlags) => {
      if (!['text', 'json', 'markdown'].includes(o.format))
        throw usageError('PV_BAD_FORMAT', `--format ${o.format}: expected text, json or markdown`)
      if (o.printIamPolicy) {
        const [{ doctorIamPolicies }, { renderIamPoliciesText }] = await Promise.all([
          import('../../doctor/permissions.js'),
          import('../../render/doctor-misc.js'),
        ])
        const p = doctorIamPolicies()
        ctx.io.out(o.format === 'json' ? JSON.stringify(p, null, 2) + '\n' : renderIamPoliciesText(p))
        return
      }
      const { CHECKS } = await import('../../doctor/checks/index.js')
      if (o.listChecks) {
        const { renderCheckList } = await import('../../render/doctor-misc.js')
        ctx.io.out(renderCheckList(CHECKS))
        return
      }
      for (const s of o.skip) {
        if (!/^[1-8]$/.test(s) && !CHECKS.some(c => c.id === s))
          throw usageError(
            'PV_BAD_SKIP',
            `--skip ${s}: not a check id or hop number`,
            'pvapi doctor --list-checks lists them',
          )
      }
      const probeSettings = parseProbeFlags(o)
      const limits = parseLimits(o)
      checkCallerFlags(o)
      const supplied = await readSupplied(o)
      let snapshot: DoctorSnapshot
      if (o.snapshot) {
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
        snapshot = withSupplied(await loadSnapshot(o.snapshot), supplied)
        // Probing needs the network: a snapshot is re-judged only with the probe results it holds.
        if (o.probe && snapshot.probe?.status !== 'ok') {
          throw usageError(
            'PV_PROBE_OFFLINE',
            `--probe sends live requests, and ${o.snapshot} holds no probe results to replay`,
            'collect live with --probe --save-snapshot FILE; a snapshot with probe results is reconciled without --probe',
          )
        }
      } else {
        snapshot = await collectLive(url, o, supplied, ctx, limits, probeSettings)
      }
      const [{ buildReport }, { doctorExitCode }, { VERSION }] = await Promise.all([
        import('../../doctor/report.js'),
        import('../../doctor/run-checks.js'),
        import('../../core/version.js'),
      ])
      // A snapshot file passed the shape check (loadSnapshot): a crash here is a bug, not the file's.
      const report = buildReport(snapshot, VERSION, { skip: o.skip })
      let out: string
      if (o.format === 'json') out = (await import('../../render/doctor-json.js')).renderDoctorJson(report)
      // Text and Markdown reach a terminal: AWS-controlled strings in them are made inert first.
      else if (o.format === 'markdown')
        out = (await import('../../render/doctor-markdown.js')).renderDoctorMarkdown(terminalSafeDeep(report))
      else
        out = (await import('../../render/doctor-text.js')).renderDoctorText(
          terminalSafeDeep(report),
          ctx.io.colors,
          { verbose: Boolean(o.verbose) },
        )
      const interrupted = snapshot.collection?.stoppedBy === 'interrupted' && !o.snapshot
      // A report nobody can read is a failure (curl 23), not the verdict's code.
      await writeOut(ctx.io, out, 'the report')
      if (interrupted) {
        ctx.io.err(
          `pvapi: interrupted (Ctrl-C): the report above shows what was read until then${o.saveSnapshot ? '; no snapshot was saved' : ''}\n`,
        )
        ctx.setExitCode(ExitCode.Interrupted)
      } else ctx.setExitCode(doctorExitCode(report.verdict))
    })
}

/** The per-request AWS limits and the run's deadline, from the flags. */
interface LiveLimits {
  readonly timeoutMs: number
  readonly connectTimeoutMs: number
  readonly readTimeoutMs: number
}

function parseLimits(o: DoctorFlags): LiveLimits {
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
function checkCallerFlags(o: DoctorFlags): void {
  if (o.request !== undefined) parseMethod(o.request, false)
  checkIdFlag('--vpc', o.vpc, 'vpc')
  for (const s of o.subnet) checkIdFlag('--subnet', s, 'subnet')
  for (const g of o.callerSg) checkIdFlag('--caller-sg', g, 'sg')
  for (const ip of o.callerIp) checkIpv4Flag('--caller-ip', ip)
}

/** Read a saved snapshot, or a scenario file that wraps one (`{ snapshot, expect }`). */
export async function loadSnapshot(path: string): Promise<DoctorSnapshot> {
  const [{ readUserFile }, { readSnapshotText }] = await Promise.all([
    import('../files.js'),
    import('../../doctor/snapshot-file.js'),
  ])
  const read = readSnapshotText((await readUserFile(path, 'snapshot')).toString('utf8'))
  if ('problem' in read) throw usageError('PV_BAD_SNAPSHOT', `--snapshot ${path}: ${read.problem}`, read.hint)
  return read.snapshot
}

/** Which policy kind each file flag holds (Principal is required in some, forbidden in others). */
const POLICY_KIND = {
  '--resource-policy': 'resource',
  '--endpoint-policy': 'endpoint',
  '--identity-policy': 'identity',
  '--scp': 'scp',
  '--authorizer-policy': 'authorizer',
} as const

async function readPolicyFile(path: string, what: keyof typeof POLICY_KIND): Promise<PolicyFacts> {
  const { readUserFile } = await import('../files.js')
  const text = (await readUserFile(path, what)).toString('utf8')
  const name = path.split(/[\\/]/).pop() ?? path
  let doc: unknown
  try {
    doc = JSON.parse(text)
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a JSON object')
  } catch (err) {
    throw usageError(
      'PV_BAD_POLICY_FILE',
      `${what} ${path}: not a JSON policy document (${(err as Error).message})`,
    )
  }
  // JSON but not a policy (Effect "Maybe", a string Statement, a numeric Principal): a usage
  // error naming the file and the element, not an `unknown` check further down.
  const { parsePolicy, PolicyParseError } = await import('../../policy/index.js')
  try {
    parsePolicy(doc as Record<string, unknown>, { kind: POLICY_KIND[what] })
  } catch (err) {
    if (err instanceof PolicyParseError)
      throw usageError(
        'PV_BAD_POLICY_FILE',
        `${what} ${path}: not a valid policy: ${err.message}`,
        `pvapi policy lint ${path} lists every problem`,
      )
    if (err instanceof RangeError)
      throw usageError('PV_BAD_POLICY_FILE', `${what} ${path}: not a valid policy: nested too deeply`)
    throw err
  }
  return { name, document: doc as Record<string, unknown> }
}

async function readSupplied(o: DoctorFlags): Promise<SuppliedFacts> {
  const [resourcePolicy, endpointPolicy, identityPolicies, scps, authorizerPolicy] = await Promise.all([
    o.resourcePolicy ? readPolicyFile(o.resourcePolicy, '--resource-policy') : undefined,
    o.endpointPolicy ? readPolicyFile(o.endpointPolicy, '--endpoint-policy') : undefined,
    Promise.all(o.identityPolicy.map(p => readPolicyFile(p, '--identity-policy'))),
    Promise.all(o.scp.map(p => readPolicyFile(p, '--scp'))),
    o.authorizerPolicy ? readPolicyFile(o.authorizerPolicy, '--authorizer-policy') : undefined,
  ])
  return {
    ...(resourcePolicy ? { resourcePolicy } : {}),
    ...(endpointPolicy ? { endpointPolicy } : {}),
    ...(identityPolicies.length ? { identityPolicies } : {}),
    ...(scps.length ? { serviceControlPolicies: scps } : {}),
    ...(authorizerPolicy ? { authorizerPolicy } : {}),
  }
}

function withSupplied(s: DoctorSnapshot, supplied: SuppliedFacts): DoctorSnapshot {
  return Object.keys(supplied).length ? { ...s, supplied: { ...(s.supplied ?? {}), ...supplied } } : s
}

/** `--probe-method/--probe-path/--probe-timeout`, validated; undefined without --probe. */
function parseProbeFlags(o: DoctorFlags): { method: string; path?: string; timeoutMs: number } | undefined {
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

/** This host's IPv4 addresses (for the probe's vantage: does it run where the caller does?). */
function regionInHost(url: string | undefined): string | undefined {
  try {
    return url ? classifyHost(parseUserUrl(url).url.hostname).region : undefined
  } catch {
    return undefined // doctorTarget reports the bad URL
  }
}

async function localIpv4(): Promise<string[]> {
  const { networkInterfaces } = await import('node:os')
  return Object.values(networkInterfaces())
    .flatMap(list => list ?? [])
    .filter(i => i.family === 'IPv4' && !i.internal)
    .map(i => i.address)
}

async function collectLive(
  url: string | undefined,
  o: DoctorFlags,
  supplied: SuppliedFacts,
  ctx: CliContext,
  limits: LiveLimits,
  probe?: { method: string; path?: string; timeoutMs: number },
): Promise<DoctorSnapshot> {
  // One signal for the whole run: it fires at the --timeout deadline or on Ctrl-C, and every
  // wait (SDK requests and their retries, credentials, DNS, the probe) ends with it.
  const run = new AbortController()
  // Every read in flight listens to it: more than the default 10 listeners is expected.
  ;(await import('node:events')).default.setMaxListeners(0, run.signal)
  const deadline = Date.now() + limits.timeoutMs
  const timer = setTimeout(
    () => run.abort({ pvapiStop: 'deadline', timeoutMs: limits.timeoutMs }),
    limits.timeoutMs,
  )
  timer.unref()
  const onInterrupt = () => run.abort({ pvapiStop: 'interrupted' })
  if (ctx.signal.aborted) onInterrupt()
  else ctx.signal.addEventListener('abort', onInterrupt, { once: true })
  try {
    return await collectLiveWithin(url, o, supplied, ctx, limits, run.signal, deadline, probe)
  } finally {
    clearTimeout(timer)
    ctx.signal.removeEventListener('abort', onInterrupt)
    // Requests that outlive the run (a credential provider, a DNS query, a request that timed
    // out and whose socket lingers) must not keep the process alive: the report says it all.
    ctx.exitPromptly?.()
  }
}

async function collectLiveWithin(
  url: string | undefined,
  o: DoctorFlags,
  supplied: SuppliedFacts,
  ctx: CliContext,
  limits: LiveLimits,
  signal: AbortSignal,
  deadline: number,
  probe?: { method: string; path?: string; timeoutMs: number },
): Promise<DoctorSnapshot> {
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
  const explicit = checkRegionFlag('--region', o.region)
  // Most name forms carry the region, which then wins over the configuration (doctorTarget):
  // only read ~/.aws/config when the host does not say.
  const resolved =
    explicit ??
    regionInHost(url) ??
    (await (
      await import('../../aws/region.js')
    ).resolveRegion({ ...(o.profile ? { profile: o.profile } : {}), env: ctx.env }))
  const { target, signing, vpce } = doctorTarget(url, o, {
    region: resolved,
    source: explicit ? 'flag' : 'config',
  })
  const dnsServer = o.dnsServer
    ? (await import('../../dns/resolve.js')).parseDnsServer(o.dnsServer)
    : undefined
  const getCaller = callerResolver(o, ctx.io, ctx.env, ctx.user)
  const apiSide = Boolean(o.apiProfile) || o.apiRoleArn.length > 0
  const getApi = apiSide
    ? callerResolver(
        {
          ...((o.apiProfile ?? o.profile) ? { profile: (o.apiProfile ?? o.profile)! } : {}),
          roleArn: o.apiRoleArn,
          externalId: o.apiExternalId,
          ...(o.roleSessionName ? { roleSessionName: o.roleSessionName } : {}),
        },
        ctx.io,
        ctx.env,
        ctx.user,
      )
    : undefined
  const region = target.region
  // Start loading the SDK clients now; credentials (which may prompt for MFA) resolve meanwhile.
  const [{ sdkPorts }, { collectSnapshot }, { collectRequest, credentialFacts }, { VERSION }] =
    await Promise.all([
      import('../../aws/doctor-readers.js'),
      import('../../aws/collect/collect.js'),
      import('../../aws/collect/request.js'),
      import('../../core/version.js'),
    ])
  const callerP = getCaller(region)
  const apiP = getApi?.(region)
  callerP.catch(() => undefined)
  apiP?.catch(() => undefined)
  const ports = sdkPorts({
    region,
    callerCredentials: async () => (await callerP).credentials,
    ...(apiP ? { apiCredentials: async () => (await apiP).credentials } : {}),
    env: ctx.env,
    ...(dnsServer ? { dnsServer } : {}),
    limits: {
      connectTimeoutMs: limits.connectTimeoutMs,
      readTimeoutMs: limits.readTimeoutMs,
      maxAttempts: 3,
      signal,
    },
  })
  const secrets: string[] = []
  const credentials = await untilStopped(signal, callerP).then(
    c => {
      secrets.push(
        c.credentials.secretAccessKey,
        ...(c.credentials.sessionToken ? [c.credentials.sessionToken] : []),
      )
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
    if (a)
      secrets.push(
        a.credentials.secretAccessKey,
        ...(a.credentials.sessionToken ? [a.credentials.sessionToken] : []),
      )
  }
  const request = collectRequest({
    target,
    signing,
    ...(vpce ? { vpce } : {}),
    caller: {
      ...(o.lambda ? { lambda: o.lambda } : {}),
      ...(o.fromImds ? { fromImds: true } : {}),
      ...(o.vpc ? { vpcId: o.vpc } : {}),
      subnetIds: o.subnet,
      securityGroupIds: o.callerSg,
      privateIps: o.callerIp,
      ...(o.callerAssumesRole ? { assumesRole: true } : {}),
      roleChainGiven: o.roleArn.length > 0,
    },
    credentials,
    apiSide,
    supplied,
    now: new Date(),
    version: VERSION,
    secrets,
    attempt: {
      signal,
      deadline,
      timeoutMs: limits.timeoutMs,
      connectTimeoutMs: limits.connectTimeoutMs,
      readTimeoutMs: limits.readTimeoutMs,
    },
  })
  let snapshot = await withSpinner(ctx, `collecting ${target.method} ${target.url} (read-only)`, () =>
    collectSnapshot(request, ports),
  )
  // Stopped (deadline, Ctrl-C): no probe, no snapshot file; the report shows what was read.
  if (snapshot.collection?.stoppedBy) return snapshot
  if (probe) {
    const caller = await untilStopped(signal, callerP).catch(() => undefined)
    const local = await localIpv4()
    const probed = await withSpinner(
      ctx,
      `probing ${probe.method} ${snapshot.target.connectHost} (signed, unsigned, each endpoint ENI)`,
      async () => {
        const [{ runProbe }, { sanitizeSnapshot }] = await Promise.all([
          import('../../probe/run-probe.js'),
          import('../../aws/collect/sanitize.js'),
        ])
        const result = await runProbe(
          snapshot,
          { ...probe, ...(dnsServer ? { dnsServer } : {}) },
          {
            ...(caller ? { credentials: caller.credentials } : {}),
            secrets,
            now: () => new Date(),
            localAddresses: () => local,
            signal,
          },
        )
        // The same net as collection: no secret reaches the snapshot, whatever a server echoed.
        return sanitizeSnapshot({ ...snapshot, probe: result }, secrets)
      },
    )
    if (signal.aborted) {
      // The probe's own answers are cut short: report the configuration without them.
      const stop = signal.reason as { pvapiStop?: 'deadline' | 'interrupted' } | undefined
      return {
        ...snapshot,
        probe: { status: 'not-collected', reason: 'the probe was stopped before it finished' },
        collection: { ...snapshot.collection, stoppedBy: stop?.pvapiStop ?? 'interrupted' },
      }
    }
    snapshot = probed
  }
  if (o.saveSnapshot) {
    await saveSnapshot(o.saveSnapshot, JSON.stringify(snapshot, null, 2) + '\n')
    ctx.io.err(
      `snapshot saved to ${o.saveSnapshot} (no credentials); replay with: pvapi doctor --snapshot ${o.saveSnapshot}\n`,
    )
  }
  return snapshot
}

/** A wait the run's signal ends (credentials that hang: a provider, STS, an MFA prompt). */
function untilStopped<T>(signal: AbortSignal, work: Promise<T>): Promise<T> {
  const stopped = () =>
    new PvapiError(
      'PV_STOPPED',
      (signal.reason as { pvapiStop?: string } | undefined)?.pvapiStop === 'deadline'
        ? 'the --timeout deadline passed before the credentials were resolved'
        : 'interrupted before the credentials were resolved',
      ExitCode.Aws,
    )
  if (signal.aborted) return Promise.reject(stopped())
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(stopped())
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(
      v => (signal.removeEventListener('abort', onAbort), resolve(v)),
      (e: unknown) => (signal.removeEventListener('abort', onAbort), reject(e)),
    )
  })
}

/** The run's stop as the cause of a failed read (for the credentials, read here). */
function stopCause(signal: AbortSignal): {
  cause?: { kind: 'deadline' | 'interrupted'; timeoutMs?: number }
} {
  const r = signal.reason as { pvapiStop?: 'deadline' | 'interrupted'; timeoutMs?: number } | undefined
  if (!signal.aborted || !r?.pvapiStop) return {}
  return { cause: { kind: r.pvapiStop, ...(r.timeoutMs ? { timeoutMs: r.timeoutMs } : {}) } }
}

/**
 * Write --save-snapshot, atomically (files.ts: an interrupted run never leaves half a snapshot,
 * a device such as /dev/stdout is written in place). A failed write is exit 23, never
 * "snapshot saved".
 */
async function saveSnapshot(path: string, text: string): Promise<void> {
  const { writeTextAtomic } = await import('../files.js')
  await writeTextAtomic(path, text, 0o600).catch((err: unknown) => {
    throw new PvapiError(
      'PV_WRITE',
      `cannot write --save-snapshot ${path}: ${(err as Error).message}`,
      ExitCode.Write,
      undefined,
      { cause: err },
    )
  })
}

/** Progress on stderr while `work` runs, through the Io port (a terminal shows a spinner). */
async function withSpinner<T>(ctx: CliContext, text: string, work: () => Promise<T>): Promise<T> {
  const spinner = await ctx.io.spinner?.(text)
  if (!spinner) return work()
  try {
    const value = await work()
    spinner.stop()
    return value
  } catch (err) {
    spinner.fail()
    throw err
  }
}
