/**
 * One read, made safe: an AWS permission error, a missing resource, throttling that outlasts
 * the retries, a network error or a malformed answer all become data (`Collected<T>`); nothing
 * thrown by a read ever escapes.
 */
import type { Collected } from '../../doctor/snapshot.js'

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
  readonly $metadata?: { readonly httpStatusCode?: number }
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
  /** Retries after a throttling answer (the SDK retries too; these are on top, slower). @default 3 */
  readonly retries?: number
  /** @default exponential from 400 ms with jitter */
  readonly backoffMs?: (attempt: number) => number
  readonly sleep?: (ms: number) => Promise<void>
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
  const retries = options.retries ?? 3
  const sleep = options.sleep ?? defaultSleep
  const backoff = options.backoffMs ?? defaultBackoff
  for (let n = 0; ; n++) {
    try {
      const value = await read()
      return value === undefined ? { status: 'not-found' } : { status: 'ok', value }
    } catch (err) {
      const kind = classify(err)
      const e = (err ?? {}) as AwsErrorShape
      const code = typeof e.code === 'string' ? e.code : typeof e.name === 'string' ? e.name : undefined
      if (kind === 'throttled' && n < retries) {
        await sleep(backoff(n))
        continue
      }
      // AWS usually names the exact permission ("… is not authorized to perform: iam:ListRolePolicies").
      const named = /perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(errorText(err))?.[1]
      if (kind === 'denied') return { status: 'denied', action: named ?? action, message: errorText(err) }
      if (kind === 'not-found') return { status: 'not-found', message: errorText(err) }
      return {
        status: 'error',
        message: errorText(err),
        action,
        ...(code && code !== 'Error' ? { code } : {}),
      }
    }
  }
}
