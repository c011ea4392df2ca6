/**
 * `pvapi call --repeat N [--concurrency C] [--per-eni] [--duration S]`: N requests, each
 * freshly signed, over keep-alive connections, then status counts, error classes and latency
 * percentiles (overall, and per ENI address with --per-eni). Intermittent and per-AZ failures
 * show up here where one `call` would be lucky or unlucky.
 *
 * Bounded: stops after N requests or at the --duration deadline (requests in flight then are
 * cancelled and not counted), and on Ctrl-C prints what it has and exits 130. Loaded only when
 * --repeat or --duration is given (its own bundle lane), so `call` starts as fast as before.
 */
import { isIP } from 'node:net'
import { parseErrorBody } from '../core/apigw-errors.js'
import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'
import { Redactor } from '../core/redact.js'
import { terminalSafe } from '../core/terminal-text.js'
import { parseDnsServer, resolveHost } from '../dns/resolve.js'
import type { Dial } from '../http/connect-rules.js'
import { singleTargetPool } from '../http/pool.js'
import { openTransport, type BodyOverflow, type ResponseHead, type WireResponse } from '../http/send.js'
import { tidyMessage } from '../core/tidy-message.js'
import { renderRepeatJson } from '../render/repeat-json.js'
import { renderRepeatProgress, renderRepeatText, type RepeatRunInfo } from '../render/repeat-text.js'
import { planRequest } from './plan.js'
import { aggregate, repeatExitCode, zoneFromName, type RepeatSample } from './repeat-stats.js'
import type { CallPorts, CallSettings } from './run-call.js'
import { repeatSigner } from './repeat-signer.js'
import { signPrepared } from './sign-prepared.js'
import { discardSink, headerText, wireTarget } from './wire.js'
import { measureSkew, SKEW_LIMIT_MS } from './skew.js'

export interface RepeatSettings extends CallSettings {
  /** N; undefined = until --duration. */
  readonly repeat?: number
  readonly concurrency: number
  readonly perEni: boolean
  readonly durationMs?: number
  readonly format: 'text' | 'json'
  /** `--eni ip=az`: the zone of an address, for the per-ENI report. */
  readonly eniZones: Readonly<Record<string, string>>
}

export interface RepeatPorts extends CallPorts {
  /** Show a progress line (given only when stderr is a TTY); '' clears it. */
  progress?(line: string): void
}

/** Upper bound on requests when only --duration bounds the run. */
const UNBOUNDED = 10_000_000
const PROGRESS_EVERY_MS = 200

export async function runRepeat(s: RepeatSettings, ports: RepeatPorts): Promise<number> {
  const redactor = new Redactor()
  const warn = (line: string) =>
    !s.silent && ports.stderr(terminalSafe(redactor.scrub(`pvapi: ${line}`)) + '\n')
  const plan = await planRequest(s, ports, !s.noSign)
  const { prepared, dial } = plan
  if (s.tls.insecure) warn('warning: -k/--insecure: the server certificate is NOT verified')
  const caller = s.noSign ? undefined : await ports.caller(plan.region as string)
  redactor.add(caller?.credentials.secretAccessKey, caller?.credentials.sessionToken)
  // Each request is signed for its own time; the headers of an unsigned run never change.
  const signer = caller
    ? await repeatSigner(prepared, {
        service: s.service,
        region: plan.region as string,
        credentials: caller.credentials,
      })
    : undefined
  const unsignedHeaders = (await signPrepared(prepared, undefined)).headers

  // Where the requests go: one dial for all, or one per ENI address (round robin).
  const targets = s.perEni
    ? await eniTargets(s, dial, prepared.route.connectHost)
    : [{ dial, address: undefined as string | undefined, availabilityZone: undefined as string | undefined }]
  if (s.perEni && targets.length === 1)
    warn(
      `--per-eni: ${dial.host} has one address (${targets[0]!.address}); pass --resolve HOST:PORT:IP1,IP2 to name the endpoint's ENIs`,
    )
  // One pool per address: a keep-alive pool is keyed by name, not by the address dialled.
  // Through a proxy: one tunnelling pool per address instead (loaded only then).
  const proxyAgents = s.proxy
    ? await (async () => {
        const { agentForDial } = await import('../http/proxy.js')
        return targets.map(
          t =>
            agentForDial({
              settings: s.proxy!.settings,
              ...(s.proxy!.ca ? { proxyCa: s.proxy!.ca } : {}),
              protocol: prepared.protocol,
              urlHost: s.url.hostname,
              dial: t.dial,
              ...(s.connectTimeoutMs ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
              keepAlive: true,
              maxSockets: s.concurrency,
            }).agent,
        )
      })()
    : undefined
  const agents = targets.map((_, k) => proxyAgents?.[k] ?? singleTargetPool(prepared.protocol, s.concurrency))
  // One transport per address: everything but the headers is worked out once, not per request.
  const transports = targets.map((t, k) =>
    openTransport(
      wireTarget(prepared, t.dial, {
        tls: s.tls,
        ...(s.connectTimeoutMs ? { connectTimeoutMs: s.connectTimeoutMs } : {}),
        ...(s.maxTimeMs ? { maxTimeMs: s.maxTimeMs } : {}),
        agent: agents[k]!,
        ...(s.dnsServers ? { dnsServers: s.dnsServers } : {}),
      }),
    ),
  )

  const total = s.repeat ?? UNBOUNDED
  const samples: RepeatSample[] = []
  const run = new AbortController()
  let stoppedBy = 'count' as RepeatRunInfo['stoppedBy']
  let next = 0
  let offsetMs = 0
  let skewNoted = false
  // Stopping destroys the keep-alive pools, which ends the requests in flight (they are not
  // counted): cheaper than an abort listener on every request.
  run.signal.addEventListener(
    'abort',
    () => {
      for (const a of agents) a.destroy()
    },
    { once: true },
  )
  const onAbort = () => {
    stoppedBy = 'interrupted'
    run.abort()
  }
  if (ports.signal?.aborted) onAbort()
  ports.signal?.addEventListener('abort', onAbort, { once: true })
  const started = performance.now()
  const deadline =
    s.durationMs !== undefined
      ? setTimeout(() => {
          if (stoppedBy === 'count') stoppedBy = 'duration'
          run.abort()
        }, s.durationMs)
      : undefined
  let errors = 0
  const progress = ports.progress
  const ticker = progress
    ? setInterval(
        () =>
          progress(
            renderRepeatProgress({
              sent: next,
              completed: samples.length,
              errors,
              ...(s.repeat !== undefined ? { requested: s.repeat } : {}),
              elapsedMs: performance.now() - started,
            }),
          ),
        PROGRESS_EVERY_MS,
      )
    : undefined

  const worker = async (): Promise<void> => {
    while (!run.signal.aborted && next < total) {
      const i = next++
      const k = i % targets.length
      const t = targets[k]!
      const signingDate = new Date(ports.now().getTime() + offsetMs)
      let headers = signer ? signer.sign(signingDate) : unsignedHeaders
      if (headers instanceof Promise) headers = await headers
      // (No per-request redactor.add: the scrub removes any Signature=<64 hex> anyway, and a
      // million signatures would make it slow and large.)
      const t0 = performance.now()
      let res: WireResponse
      try {
        res = await transports[k]!.send(
          headers,
          keepSmall,
          // An error body without a length (chunked) is kept only up to SMALL_BODY too: a large
          // error page times a high concurrency must not grow memory without bound.
          DROP_THE_REST,
        )
      } catch (err) {
        // Cancelled at the deadline or by Ctrl-C: not a result.
        if (run.signal.aborted) return
        const e = err instanceof PvapiError ? err : undefined
        if (!e) throw err
        errors++
        samples.push({
          ...(t.address ? { address: t.address } : {}),
          exitCode: e.exitCode,
          message: tidyMessage(redactor.scrub(e.message)),
          signed: caller !== undefined,
          ms: performance.now() - t0,
        })
        continue
      }
      const message = res.status >= 400 ? parseErrorBody(res.body) : undefined
      const errorType = headerText(res.headers['x-amzn-errortype'])?.split(':')[0]
      if (res.status >= 400) errors++
      samples.push({
        address: t.address ?? res.remoteAddress ?? '',
        status: res.status,
        ...(errorType ? { errorType } : {}),
        ...(message !== undefined ? { message: tidyMessage(redactor.scrub(message)) } : {}),
        signed: caller !== undefined,
        ms: res.timings.total,
      })
      // Clock skew: say it once; with --fix-skew sign the next requests with the server's clock.
      const dateHeader = headerText(res.headers.date)
      const offset = measureSkew({
        ...(message ? { message } : {}),
        ...(dateHeader ? { dateHeader } : {}),
        signedAt: signingDate,
        receivedAt: ports.now(),
      })
      if (offset !== undefined && Math.abs(offset - offsetMs) > SKEW_LIMIT_MS && !skewNoted) {
        skewNoted = true
        if (s.fixSkew && caller) {
          offsetMs = offset
          warn(
            `clock skew: ${Math.round(offset / 1000)} s; signing the next requests with the server's clock (--fix-skew)`,
          )
        } else
          warn(
            `clock skew: the server's clock is ${Math.round(offset / 1000)} s from yours (signatures are valid for ±5 min); fix NTP or add --fix-skew`,
          )
      }
    }
  }

  // A bug in one worker stops the others before it surfaces.
  const guarded = () =>
    worker().catch((err: unknown) => {
      run.abort()
      throw err
    })
  try {
    await Promise.all(Array.from({ length: Math.min(s.concurrency, total) }, guarded))
  } finally {
    if (deadline) clearTimeout(deadline)
    if (ticker) clearInterval(ticker)
    progress?.('')
    ports.signal?.removeEventListener('abort', onAbort)
    for (const a of agents) a.destroy()
  }
  const elapsedMs = performance.now() - started
  const stats = aggregate(samples, {
    elapsedMs,
    ...(s.perEni
      ? {
          addresses: targets.map(t => ({
            address: t.address ?? '',
            ...(t.availabilityZone ? { availabilityZone: t.availabilityZone } : {}),
          })),
        }
      : {}),
  })
  const info: RepeatRunInfo = {
    method: prepared.method,
    url: s.url.url.href,
    concurrency: s.concurrency,
    ...(s.repeat !== undefined ? { requested: s.repeat } : {}),
    sent: Math.min(next, total),
    stoppedBy,
    ...(s.durationMs !== undefined ? { durationMs: s.durationMs } : {}),
    signed: caller !== undefined,
  }
  const code = stoppedBy === 'interrupted' ? ExitCode.Interrupted : repeatExitCode(stats)
  const text = s.format === 'json' ? renderRepeatJson(stats, info, code) : renderRepeatText(stats, info)
  ports.stdout.write(redactor.scrub(text))
  return code
}

/** The ENI addresses: from --resolve (pinned), else resolved now (with --dns-servers when given). */
async function eniTargets(
  s: RepeatSettings,
  dial: Dial,
  connectHost: string,
): Promise<Array<{ dial: Dial; address: string; availabilityZone: string | undefined }>> {
  // Every --resolve rule for this host and port counts (curl itself uses the first).
  const pinned = s.resolve
    .filter(r => (r.host === dial.host || r.host === '*') && r.port === dial.port)
    .flatMap(r => r.addresses)
  let addresses = pinned.length > 0 ? pinned : dial.pinned ? [...dial.pinned] : undefined
  if (!addresses) {
    const server = s.dnsServers?.[0] ? parseDnsServer(s.dnsServers[0]) : undefined
    let answer: Awaited<ReturnType<typeof resolveHost>>
    try {
      answer = await resolveHost(dial.host, server)
    } catch (err) {
      throw new PvapiError(
        'PV_DNS',
        `--per-eni: could not resolve ${dial.host}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`,
        ExitCode.Dns,
        'pass the ENI addresses with --resolve HOST:PORT:IP1,IP2',
        { cause: err },
      )
    }
    addresses = answer.addresses
    if (addresses.length === 0)
      throw new PvapiError(
        'PV_DNS',
        `--per-eni: ${dial.host} does not resolve (${answer.result.toUpperCase()})`,
        ExitCode.Dns,
        'pass the ENI addresses with --resolve HOST:PORT:IP1,IP2',
      )
  }
  // -4/-6: only the ENI addresses of that family (a dual-stack endpoint has one of each per ENI).
  const family = dial.family
  if (family) {
    addresses = addresses.filter(a => isIP(a) === family)
    if (addresses.length === 0)
      throw new PvapiError(
        'PV_DNS',
        `--per-eni: ${dial.host} has no IPv${family} address`,
        ExitCode.Dns,
        `pass the ENI addresses with --resolve HOST:PORT:IP1,IP2, or drop -${family}`,
      )
  }
  const zone = zoneFromName(connectHost)
  return [...new Set(addresses)].map(address => ({
    dial: { host: dial.host, port: dial.port, pinned: [address], ...(family ? { family } : {}) },
    address,
    availabilityZone: s.eniZones[address] ?? zone,
  }))
}

/** Bodies kept in memory: error bodies (their message is classified) and small ones (cheaper than a stream). */
const SMALL_BODY = 64 * 1024
const DROP_THE_REST: BodyOverflow = { limit: SMALL_BODY, sink: () => discardSink() }

/** The body sink: keep error bodies and bodies announced as small; stream anything else away. */
function keepSmall(head: ResponseHead): NodeJS.WritableStream | undefined {
  if (head.status >= 400) return undefined
  for (let i = 0; i < head.rawHeaders.length; i += 2) {
    if (head.rawHeaders[i]!.toLowerCase() === 'content-length')
      return Number(head.rawHeaders[i + 1]) <= SMALL_BODY ? undefined : discardSink()
  }
  return discardSink()
}
