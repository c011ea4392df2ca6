/**
 * One read, made safe: an AWS permission error, a missing resource, throttling that outlasts
 * the retries, a network error or a malformed answer all become data (`Collected<T>`); nothing
 * thrown by a read ever escapes.
 */
import type { Collected, ReadCause } from '../../doctor/snapshot.js'

const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'Client.UnauthorizedOperation',
  'AuthorizationError',
  'AccessDeniedForDependencyException',
])
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'RequestLimitExceeded',
  'TooManyRequestsException',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'PriorRequestNotComplete',
])

interface AwsErrorShape {
  readonly name?: unknown
  readonly code?: unknown
  readonly message?: unknown
  readonly cause?: unknown
  readonly $metadata?: { readonly httpStatusCode?: number }
  /** Set by the readers (request-limits.ts, doctor-json-rpc.ts, …): the host that was asked. */
  readonly $pvapiEndpoint?: unknown
  readonly $pvapiTimeoutMs?: unknown
  readonly $pvapiDns?: unknown
}

/**
 * Why the run's signal fired (doctor.ts aborts with one of these): the `--timeout` deadline,
 * or Ctrl-C.
 */
export interface RunStop {
  readonly pvapiStop: 'deadline' | 'interrupted'
  readonly timeoutMs?: number
}

/** How long a read aborted by the run's signal may take to report its endpoint. */
const ABORT_GRACE_MS = 50

const isStop = (r: unknown): r is RunStop =>
  Boolean(r && typeof r === 'object' && 'pvapiStop' in (r as object))

const TLS_CODE =
  /^(CERT_|ERR_TLS_|ERR_SSL_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|HOSTNAME_MISMATCH|EPROTO$)/
const UNREACHABLE_CODE =
  /^(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|EPIPE|ECONNABORTED|UND_ERR_SOCKET|UND_ERR_CONNECT_TIMEOUT)$/

/** The error's own code, or its cause's (fetch wraps the socket error in `cause`). */
function codeOf(e: AwsErrorShape): string {
  const own = typeof e.code === 'string' ? e.code : ''
  const inner = (e.cause ?? {}) as AwsErrorShape
  const innerCode = typeof inner.code === 'string' ? inner.code : ''
  return own && own !== 'ETIMEDOUT' ? own : innerCode || own
}

/**
 * The network-level cause of a failed read, or undefined when AWS answered (denied, throttled
 * and not-found are told apart by `classify`). `signal` tells a deadline from Ctrl-C.
 */
export function causeOf(
  err: unknown,
  limits: { readonly connectTimeoutMs?: number; readonly readTimeoutMs?: number } = {},
  signal?: AbortSignal,
): ReadCause | undefined {
  const e = (err ?? {}) as AwsErrorShape
  const name = typeof e.name === 'string' ? e.name : ''
  const message = typeof e.message === 'string' ? e.message : ''
  const code = codeOf(e)
  const endpoint = typeof e.$pvapiEndpoint === 'string' ? { endpoint: e.$pvapiEndpoint } : {}
  const given = typeof e.$pvapiTimeoutMs === 'number' ? e.$pvapiTimeoutMs : undefined
  if ((name === 'AbortError' || signal?.aborted) && isStop(signal?.reason)) {
    const r = signal.reason
    return {
      kind: r.pvapiStop,
      ...endpoint,
      ...(r.pvapiStop === 'deadline' && r.timeoutMs ? { timeoutMs: r.timeoutMs } : {}),
    }
  }
  if (e.$pvapiDns)
    return { kind: 'dns', ...endpoint, ...(code ? { detail: code } : name ? { detail: name } : {}) }
  if (TLS_CODE.test(code) || /certificate|SSL routines|TLS/i.test(message))
    return { kind: 'tls', ...endpoint, ...(code ? { detail: code } : {}) }
  if (/^(ENOTFOUND|EAI_AGAIN|EAI_FAIL)$/.test(code)) return { kind: 'dns', ...endpoint, detail: code }
  if (UNREACHABLE_CODE.test(code)) {
    const connect = code === 'UND_ERR_CONNECT_TIMEOUT' && limits.connectTimeoutMs
    return { kind: 'unreachable', ...endpoint, detail: code, ...(connect ? { timeoutMs: connect } : {}) }
  }
  if (name === 'TimeoutError' || code === 'ETIMEDOUT') {
    // smithy: "did not establish a connection … within the configured timeout" = connect timeout.
    if (/establish a connection/i.test(message))
      return {
        kind: 'unreachable',
        ...endpoint,
        detail: 'no connection',
        ...(limits.connectTimeoutMs ? { timeoutMs: limits.connectTimeoutMs } : {}),
      }
    const ms = given ?? limits.readTimeoutMs
    return { kind: 'timeout', ...endpoint, ...(ms ? { timeoutMs: ms } : {}) }
  }
  return undefined
}

/** The short text a failed read carries for a network cause (the host is named once, by the report). */
export function causeMessage(c: ReadCause): string {
  const s = (ms: number | undefined) => (ms ? ` within ${Math.round(ms / 100) / 10} s` : '')
  switch (c.kind) {
    case 'timeout':
      return `no answer${s(c.timeoutMs)}`
    case 'unreachable':
      return `no connection (${c.detail ?? 'unreachable'})`
    case 'tls':
      return `TLS failed${c.detail ? ` (${c.detail})` : ''}`
    case 'dns':
      return `name resolution failed${c.detail ? ` (${c.detail})` : ''}`
    case 'throttled':
      return 'throttled (retries exhausted)'
    case 'deadline':
      return c.endpoint || c.detail === 'in flight'
        ? 'no answer before the deadline'
        : 'not read: the deadline had passed'
    case 'interrupted':
      return 'interrupted (Ctrl-C)'
  }
}

/** Which kind of failure an error is. */
export function classify(err: unknown): 'denied' | 'not-found' | 'throttled' | 'error' {
  const e = (err ?? {}) as AwsErrorShape
  const name = typeof e.name === 'string' ? e.name : typeof e.code === 'string' ? e.code : ''
  const status = e.$metadata?.httpStatusCode
  if (DENIED.has(name) || (status === 403 && !/Signature|Token|Credential/i.test(name))) return 'denied'
  if (THROTTLED.has(name) || status === 429) return 'throttled'
  if (
    name === 'NotFoundException' ||
    name === 'NoSuchEntity' ||
    name === 'NoSuchEntityException' ||
    name === 'ResourceNotFoundException' ||
    /\.NotFound$/.test(name) ||
    status === 404
  )
    return 'not-found'
  return 'error'
}

/** A read whose "not found" is an answer (undefined), not an error. */
export async function orMissing<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read()
  } catch (err) {
    if (classify(err) === 'not-found') return undefined
    throw err
  }
}

export interface AttemptOptions {
  /**
   * Retries after a throttling answer (the SDK retries too; these are on top, slower, and only
   * while the deadline leaves room for the wait and one more request). @default 2
   */
  readonly retries?: number
  /** @default exponential from 400 ms with jitter */
  readonly backoffMs?: (attempt: number) => number
  readonly sleep?: (ms: number) => Promise<void>
  /** The run's signal: when it fires, every read still waiting ends at once, as data. */
  readonly signal?: AbortSignal
  /** When the run must end (epoch ms): no retry wait crosses it. */
  readonly deadline?: number
  /** The whole run's limit (`--timeout`), recorded in the snapshot. */
  readonly timeoutMs?: number
  /** Per-request limits, to say how long an endpoint was given. */
  readonly connectTimeoutMs?: number
  readonly readTimeoutMs?: number
  /**
   * Services whose endpoint already failed at the network level in this run (`ec2` → cause):
   * later reads of that service fail at once with the same cause instead of waiting again.
   */
  readonly unreachable?: Map<string, ReadCause>
  readonly now?: () => number
}

const defaultSleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms))
const defaultBackoff = (n: number) => Math.round(400 * 2 ** n * (0.5 + Math.random() / 2))

/** First line of an error message, with anything that looks like a secret removed. */
export function errorText(err: unknown): string {
  const e = (err ?? {}) as AwsErrorShape
  const raw = typeof e.message === 'string' && e.message ? e.message : String(err)
  return (raw.split('\n')[0] ?? raw).slice(0, 300)
}

/**
 * Run one read. `action` is the IAM permission it needs, reported when AWS denies it.
 * `undefined` from the read means not found.
 */
export async function attempt<T>(
  action: string,
  read: () => Promise<T | undefined>,
  options: AttemptOptions = {},
): Promise<Collected<T>> {
  const { signal } = options
  const stopped = (): Collected<T> => {
    const cause = causeOf(undefined, options, signal)!
    return { status: 'error', message: causeMessage(cause), action, cause }
  }
  if (signal?.aborted) return stopped()
  const service = /^([a-z0-9-]+):/.exec(action)?.[1]
  const known = service ? options.unreachable?.get(service) : undefined
  if (known) return { status: 'error', message: causeMessage(known), action, cause: known }
  if (!signal) return attemptReads(action, read, options)
  // Whatever a read waits on (a socket, a credential provider, a DNS server), the run's signal
  // ends the wait: the read becomes data and the checks run on what was collected.
  return new Promise<Collected<T>>(resolve => {
    // A request aborted by the signal rejects a moment later, naming its endpoint: give it
    // that moment (it is what the report names), then stop waiting regardless.
    const onAbort = () => setTimeout(() => resolve(inFlight()), ABORT_GRACE_MS)
    const inFlight = (): Collected<T> => {
      const cause = { ...causeOf(undefined, options, signal)!, detail: 'in flight' }
      return { status: 'error', message: causeMessage(cause), action, cause }
    }
    signal.addEventListener('abort', onAbort, { once: true })
    attemptReads(action, read, options).then(r => {
      signal.removeEventListener('abort', onAbort)
      resolve(r)
    })
  })
}

async function attemptReads<T>(
  action: string,
  read: () => Promise<T | undefined>,
  options: AttemptOptions,
): Promise<Collected<T>> {
  const retries = options.retries ?? 2
  const sleep = options.sleep ?? defaultSleep
  const backoff = options.backoffMs ?? defaultBackoff
  const now = options.now ?? Date.now
  for (let n = 0; ; n++) {
    try {
      const value = await read()
      return value === undefined ? { status: 'not-found' } : { status: 'ok', value }
    } catch (err) {
      const kind = classify(err)
      const e = (err ?? {}) as AwsErrorShape
      const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : undefined
      if (kind === 'throttled' && n < retries) {
        const wait = backoff(n)
        // A retry is worth it only if its wait and one more request fit before the deadline.
        const room = options.deadline === undefined ? Infinity : options.deadline - now()
        if (wait + (options.readTimeoutMs ?? 0) < room && !options.signal?.aborted) {
          await sleep(wait)
          continue
        }
      }
      // AWS usually names the exact permission ("… is not authorized to perform: iam:ListRolePolicies").
      const named = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(errorText(err))?.[1]
      if (kind === 'denied') return { status: 'denied', action: named ?? action, message: errorText(err) }
      if (kind === 'not-found') return { status: 'not-found', message: errorText(err) }
      const network = kind === 'throttled' ? undefined : causeOf(err, options, options.signal)
      const cause: ReadCause | undefined =
        kind === 'throttled'
          ? {
              kind: 'throttled',
              ...(typeof e.$pvapiEndpoint === 'string' ? { endpoint: e.$pvapiEndpoint } : {}),
            }
          : network
      const service = /^([a-z0-9-]+):/.exec(action)?.[1]
      if (
        service &&
        options.unreachable &&
        cause &&
        (cause.kind === 'timeout' ||
          cause.kind === 'unreachable' ||
          cause.kind === 'tls' ||
          cause.kind === 'dns')
      )
        options.unreachable.set(service, cause)
      return {
        status: 'error',
        message: cause && cause.kind !== 'throttled' ? causeMessage(cause) : errorText(err),
        action,
        ...(code && code !== 'Error' ? { code } : {}),
        ...(cause ? { cause } : {}),
      }
    }
  }
}
