import type { AwsCredentialIdentity } from '@smithy/types'
import { DEFAULT_AWS_LIMITS, sdkLimits, tagEndpointErrors, type AwsRequestLimits } from './request-limits.js'

/** Per-request bounds, and the run's signal: it fires at the --timeout deadline or on Ctrl-C. */
export interface DoctorLimits extends AwsRequestLimits {
  readonly signal?: AbortSignal
}

/**
 * Settings every doctor SDK client shares: the SDK's standard retry (throttling and transient
 * errors, with backoff) and bounded timeouts. Endpoints come from the SDK's own configuration,
 * so AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work against any AWS-compatible endpoint.
 */
export function clientConfig(
  region: string,
  credentials: AwsCredentialIdentity,
  limits: AwsRequestLimits = DEFAULT_AWS_LIMITS,
) {
  return { region, credentials, ...sdkLimits(limits) }
}

/**
 * Every request of this client ends when the run's signal fires (retries included: an aborted
 * request is not retried), and its errors name the endpoint host.
 */
export function bounded<C extends { send: (...args: never[]) => unknown; middlewareStack: unknown }>(
  client: C,
  signal: AbortSignal | undefined,
): C {
  tagEndpointErrors(client)
  if (signal) {
    const send = (client.send as (...a: unknown[]) => unknown).bind(client)
    ;(client as { send: unknown }).send = (command: unknown, options?: object) =>
      send(command, { ...(options ?? {}), abortSignal: signal })
  }
  return client
}

/** Un-escape a policy as API Gateway returns it (`{\"Version\":…}`) and parse it; the raw text when it is not JSON. */
export function parsePolicyText(
  raw: string | undefined,
): Readonly<Record<string, unknown>> | string | undefined {
  if (raw === undefined || raw === '') return undefined
  const tryParse = (t: string): unknown => {
    try {
      return JSON.parse(t)
    } catch {
      return undefined
    }
  }
  // Plain JSON, or JSON whose quotes are backslash-escaped (GetRestApi.policy).
  let v = tryParse(raw)
  if (v === undefined) v = tryParse(`"${raw}"`)
  if (typeof v === 'string') v = tryParse(v)
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : raw
}

/** ISO text of an SDK Date (or undefined). */
export const iso = (d: Date | string | undefined): string | undefined =>
  d === undefined
    ? undefined
    : d instanceof Date
      ? Number.isNaN(d.getTime())
        ? undefined
        : d.toISOString()
      : String(d)

/** Follow NextToken to the end (bounded: a runaway endpoint cannot loop forever). */
export async function pages<T>(
  fetch: (token: string | undefined) => Promise<{ items: T[]; next?: string | undefined }>,
): Promise<T[]> {
  const all: T[] = []
  let token: string | undefined
  for (let i = 0; i < 100; i++) {
    const { items, next } = await fetch(token)
    all.push(...items)
    if (!next || next === token) break
    token = next
  }
  return all
}
