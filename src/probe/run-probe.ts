/**
 * `pvapi doctor --probe`: live evidence from where pvapi runs, after collection.
 *
 * Sends, concurrently and bounded by one per-request time limit:
 *  - `signed`   the request, SigV4-signed, to the connect host as an ordinary client would
 *               (resolved with --dns-server when given, else the system resolver);
 *  - `unsigned` the same request without a signature (the anonymous caller);
 *  - `eni`      the signed request pinned to each ENI address of the endpoint (curl --resolve:
 *               SNI, certificate name and Host unchanged), one per address / zone.
 * Every request is freshly signed, uses only the method given (default GET), carries no body,
 * and is recorded redacted: no signature, session token or secret reaches the snapshot. The
 * outcome is stored as facts; classification and reconciliation happen in the doctor's pure
 * `probe.*` checks, so a saved snapshot is re-judged by newer pvapi versions.
 */
import { Agent } from 'node:https'
import { Writable, type Duplex } from 'node:stream'
import type { AwsCredentialIdentity } from '@smithy/types'
import { parseErrorBody } from '../core/apigw-errors.js'
import { PvapiError } from '../core/errors.js'
import { Redactor } from '../core/redact.js'
import { prepareRequest, type PreparedRequest } from '../call/prepare.js'
import type { Route } from '../call/route.js'
import { signPrepared } from '../call/sign-prepared.js'
import { measureSkew } from '../call/skew.js'
import { derive } from '../doctor/derive.js'
import { whyMissing } from '../doctor/finding.js'
import { parseCidr, rangeContains } from '../doctor/net.js'
import {
  notCollected,
  ok,
  valueOf,
  type Collected,
  type DoctorSnapshot,
  type ProbeAttemptFacts,
  type ProbeDnsFacts,
  type ProbeFacts,
  type ProbeVantageFacts,
} from '../doctor/snapshot.js'
import { resolveHost, type DnsServer } from '../dns/resolve.js'
import { tidyMessage } from '../core/tidy-message.js'
import { toWire } from '../call/wire.js'
import type { Dial } from '../http/connect-rules.js'
import { sendRequest, type TlsOptions, type WireResponse } from '../http/send.js'

export interface ProbeSettings {
  /** The only method sent (upper case). */
  readonly method: string
  /** Path and query to send; default: the URL's. */
  readonly path?: string
  /** Limit per request (connect, TLS, answer), in ms. */
  readonly timeoutMs: number
  /** Resolve with this server (`--dns-server`), as the doctor's collection did. */
  readonly dnsServer?: DnsServer
  /** Trust settings (tests); AWS endpoints use the system store. */
  readonly tls?: TlsOptions
  /**
   * The address families the ENI requests may use (default both): a dual-stack endpoint's ENIs
   * are probed once per family. The doctor leaves IPv6 out on a host with no IPv6 address, where
   * every IPv6 request would fail for a reason that says nothing about the endpoint.
   */
  readonly families?: ReadonlyArray<4 | 6>
}

export interface ProbePorts {
  /** The doctor's credentials; undefined = only the unsigned request is sent. */
  readonly credentials?: AwsCredentialIdentity
  /** Values never to record (secret key, session tokens). */
  readonly secrets: readonly string[]
  now(): Date
  /** This host's IPv4 addresses, to tell whether the probe runs where the caller does. */
  localAddresses(): readonly string[]
  readonly signal?: AbortSignal
}

/** A connect timeout shorter than the whole request, so a black hole is named as such. */
const CONNECT_SHARE = 0.6

/** Probe the target of a collected snapshot. Never throws for network problems: they are facts. */
export async function runProbe(
  s: DoctorSnapshot,
  settings: ProbeSettings,
  ports: ProbePorts,
): Promise<Collected<ProbeFacts>> {
  const startedAt = ports.now()
  const redactor = new Redactor()
  redactor.add(...ports.secrets, ports.credentials?.secretAccessKey, ports.credentials?.sessionToken)
  const t = s.target
  let url: URL
  try {
    url = new URL(t.url)
  } catch {
    return notCollected(`the target URL ${t.url} cannot be parsed`)
  }
  const protocol = url.protocol === 'http:' ? 'http:' : 'https:'
  const port = url.port ? Number(url.port) : protocol === 'https:' ? 443 : 80
  const route: Route = {
    connectHost: t.connectHost,
    port,
    hostHeader: s.signing.hostHeader,
    extraHeaders: s.signing.apiIdHeader ? { 'x-apigw-api-id': s.signing.apiIdHeader } : {},
    ...(t.apiId ? { apiId: t.apiId } : {}),
    region: t.region,
    description: s.signing.route,
  }
  const target = settings.path ?? `${url.pathname}${url.search}`
  const q = target.indexOf('?')
  const prepared = prepareRequest({
    protocol,
    path: q === -1 ? target : target.slice(0, q),
    rawQuery: q === -1 ? '' : target.slice(q + 1),
    route,
    method: settings.method,
    headers: [],
  })

  const notes: string[] = []
  const hostIsName = !/^vpce-[0-9a-f]+$/.test(t.connectHost)
  if (!hostIsName)
    notes.push(`the endpoint DNS name of ${t.connectHost} is unknown: only the ENI addresses were probed`)
  if (!ports.credentials) notes.push('no usable credentials: only the unsigned request was sent')
  const d = derive(s)
  const enis = d.endpointAddresses.status === 'ok' ? d.endpointAddresses.value : []
  if (d.endpointAddresses.status !== 'ok')
    notes.push(
      `the endpoint's ENI addresses are unknown (${whyMissing(d.endpointAddresses)}): no per-ENI request was sent`,
    )

  const dnsServers = settings.dnsServer ? [serverSpec(settings.dnsServer)] : undefined
  const base = { host: t.connectHost, port }
  const attempt = (
    kind: ProbeAttemptFacts['kind'],
    dial: Dial,
    signed: boolean,
    extra: Partial<ProbeAttemptFacts> = {},
  ) =>
    probeOnce(
      prepared,
      dial,
      signed ? ports.credentials : undefined,
      { ...settings, ...(dnsServers ? { dnsServers } : {}) },
      ports,
      redactor,
    ).then((a): ProbeAttemptFacts => ({ kind, signed, ...a, ...extra }))

  const jobs: Array<Promise<ProbeAttemptFacts>> = []
  if (hostIsName && ports.credentials) jobs.push(attempt('signed', base, true))
  if (hostIsName) jobs.push(attempt('unsigned', base, false))
  const families = settings.families ?? [4, 6]
  const familyOf = (ip: string): 4 | 6 => (ip.includes(':') ? 6 : 4)
  const skipped = enis.filter(e => !families.includes(familyOf(e.ip)))
  if (ports.credentials && skipped.length > 0)
    notes.push(
      `this host has no IPv6 address: the endpoint's IPv6 ENI addresses (${skipped.map(e => e.ip).join(', ')}) were not probed`,
    )
  if (ports.credentials) {
    for (const e of enis.filter(x => families.includes(familyOf(x.ip)))) {
      jobs.push(
        attempt('eni', { ...base, pinned: [e.ip], family: familyOf(e.ip) }, true, {
          family: familyOf(e.ip),
          eniId: e.eniId,
          ...(e.subnetId ? { subnetId: e.subnetId } : {}),
          ...(e.availabilityZone ? { availabilityZone: e.availabilityZone } : {}),
        }),
      )
    }
  }
  const dnsP = hostIsName
    ? probeDns(t.connectHost, settings.dnsServer, Math.min(settings.timeoutMs, 3000))
    : undefined
  const [attempts, dns] = await Promise.all([Promise.all(jobs), dnsP])
  const principal = valueOf(s.caller.identity)?.arn
  const facts: ProbeFacts = {
    attempts,
    startedAt: startedAt.toISOString(),
    method: prepared.method,
    path: prepared.target,
    connectHost: t.connectHost,
    hostHeader: route.hostHeader,
    ...(principal && ports.credentials ? { principal } : {}),
    vantage: vantageOf(s, ports.localAddresses()),
    ...(dns ? { dns } : {}),
    timeoutMs: settings.timeoutMs,
    ...(notes.length ? { notes } : {}),
  }
  return ok(facts)
}

const serverSpec = (s: DnsServer): string =>
  s.host.includes(':') ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`

async function probeDns(
  hostname: string,
  server: DnsServer | undefined,
  timeoutMs: number,
): Promise<ProbeDnsFacts> {
  const name = server ? serverSpec(server) : 'system'
  try {
    const a = await resolveHost(hostname, server, timeoutMs)
    return { hostname, server: a.server, result: a.result, addresses: a.addresses }
  } catch (err) {
    return {
      hostname,
      server: name,
      result: 'error',
      addresses: [],
      message: String((err as NodeJS.ErrnoException).code ?? (err as Error).message),
    }
  }
}

/** An https.Agent that tells whether TCP connected and TLS completed (send.ts reports only the failure). */
class ObservingAgent extends Agent {
  tcp = false
  tls = false
  override createConnection(...args: Parameters<Agent['createConnection']>): Duplex {
    const socket = super.createConnection(...args) as Duplex & {
      once(event: string, fn: () => void): unknown
    }
    socket.once('connect', () => (this.tcp = true))
    socket.once('secureConnect', () => (this.tls = true))
    return socket
  }
}

type ProbeResult = Omit<ProbeAttemptFacts, 'kind' | 'signed'>

async function probeOnce(
  prepared: PreparedRequest,
  dial: Dial,
  credentials: AwsCredentialIdentity | undefined,
  settings: ProbeSettings & { dnsServers?: readonly string[] },
  ports: ProbePorts,
  redactor: Redactor,
): Promise<ProbeResult> {
  const signingDate = ports.now()
  const signed = await signPrepared(
    prepared,
    credentials
      ? { service: 'execute-api', region: prepared.route.region ?? 'us-east-1', credentials, signingDate }
      : undefined,
  )
  redactor.add(/Signature=([0-9a-f]+)/.exec(signed.headers.authorization ?? '')?.[1])
  const agent = new ObservingAgent({ keepAlive: false })
  const started = performance.now()
  const ms = () => Math.round(performance.now() - started)
  let res: WireResponse
  try {
    res = await sendRequest(
      toWire(prepared, dial, signed.headers, {
        ...(settings.tls ? { tls: settings.tls } : {}),
        connectTimeoutMs: Math.max(1, Math.round(settings.timeoutMs * CONNECT_SHARE)),
        maxTimeMs: settings.timeoutMs,
        agent,
        ...(ports.signal ? { signal: ports.signal } : {}),
        ...(settings.dnsServers ? { dnsServers: settings.dnsServers } : {}),
      }),
      // Keep error bodies (small JSON) for the message; drop anything else.
      head => (head.status >= 400 ? undefined : discard()),
    )
  } catch (err) {
    agent.destroy()
    const e = err instanceof PvapiError ? err : undefined
    const exitCode = e?.exitCode
    const address = dial.pinned?.[0] ?? addressIn(e?.message) ?? ''
    return {
      address,
      tcp: agent.tcp
        ? 'connected'
        : exitCode === 7
          ? 'refused'
          : exitCode === 28
            ? 'timeout'
            : exitCode === 6
              ? undefined
              : 'error',
      ...(agent.tls ? { tls: 'ok' as const } : exitCode === 35 ? { tls: 'failed' as const } : {}),
      message: tidyMessage(redactor.scrub((err as Error).message)),
      ms: ms(),
      ...(exitCode !== undefined ? { exitCode } : {}),
      ...(e ? { errorCode: e.code } : {}),
    }
  }
  agent.destroy()
  const receivedAt = ports.now()
  const header = (name: string) => {
    const v = res.headers[name]
    return Array.isArray(v) ? v.join(', ') : v
  }
  const rawMessage = res.status >= 400 ? parseErrorBody(res.body) : undefined
  const dateHeader = header('date')
  const clockOffsetMs = measureSkew({
    ...(rawMessage ? { message: rawMessage } : {}),
    ...(dateHeader ? { dateHeader } : {}),
    signedAt: signingDate,
    receivedAt,
  })
  const errorType = header('x-amzn-errortype')?.split(':')[0]
  const requestId = header('x-amzn-requestid')
  return {
    address: res.remoteAddress ?? dial.pinned?.[0] ?? '',
    tcp: 'connected',
    ...(prepared.protocol === 'https:' ? { tls: 'ok' as const } : {}),
    httpStatus: res.status,
    ...(errorType ? { errorType } : {}),
    ...(rawMessage !== undefined ? { message: tidyMessage(redactor.scrub(rawMessage)) } : {}),
    ms: Math.round(res.timings.total),
    ...(requestId ? { requestId } : {}),
    ...(dateHeader ? { dateHeader } : {}),
    ...(clockOffsetMs !== undefined ? { clockOffsetMs } : {}),
  }
}

/** `… (10.0.2.10) port 443` in a transport error names the address dialled. */
function addressIn(message: string | undefined): string | undefined {
  return message ? /\(([0-9a-f.:]+)\) port \d+/.exec(message)?.[1] : undefined
}

/** A sink that drops a success body (the probe needs its status, not its bytes). */
function discard(): NodeJS.WritableStream {
  return new Writable({ write: (_c, _e, cb) => cb() })
}

/** Whether this host speaks for the caller's network (its SG, subnet NACL and routes). */
export function vantageOf(s: DoctorSnapshot, local: readonly string[]): ProbeVantageFacts {
  const net = valueOf(s.network.caller)
  if (!net)
    return {
      kind: 'unknown',
      detail: "the caller's network was not given: connection results speak for this host only",
    }
  if (net.source === 'imds')
    return {
      kind: 'caller-instance',
      detail: `pvapi ran on the caller instance${net.instanceId ? ` ${net.instanceId}` : ''} (IMDS)`,
    }
  const mine = local.find(ip => net.privateIps.includes(ip))
  if (mine) return { kind: 'caller-subnet', detail: `this host has the caller's address ${mine}` }
  for (const id of net.subnetIds) {
    const cidr = valueOf(s.network.subnets[id])?.cidrBlock
    const range = cidr ? parseCidr(cidr) : undefined
    const inside = range
      ? local.find(ip => {
          const r = parseCidr(ip)
          return r !== undefined && rangeContains(range, r)
        })
      : undefined
    if (inside)
      return {
        kind: 'caller-subnet',
        detail: `this host's ${inside} is in the caller subnet ${id} (${cidr}); its security groups may differ from the caller's`,
      }
  }
  if (net.source === 'lambda')
    return {
      kind: 'elsewhere',
      detail:
        `the caller is the Lambda function ${net.lambda?.functionName ?? ''}; pvapi ran elsewhere, so connection results speak for this host only`.replace(
          '  ',
          ' ',
        ),
    }
  if (net.privateIps.length > 0 || net.subnetIds.length > 0)
    return {
      kind: 'elsewhere',
      detail:
        "no address of this host is the caller's or in its subnets: connection results speak for this host only",
    }
  return {
    kind: 'unknown',
    detail: "the caller's addresses are unknown: connection results may not speak for the caller",
  }
}
