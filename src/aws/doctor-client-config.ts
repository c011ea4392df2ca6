import type { AwsCredentialIdentity } from '@smithy/types'
import { requestHandler } from './network.js'

/**
 * Settings every doctor SDK client shares: the SDK's standard retry (throttling and transient
 * errors, with backoff) and bounded timeouts. Endpoints come from the SDK's own configuration,
 * so AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> work against any AWS-compatible endpoint.
 */
export function clientConfig(region: string, credentials: AwsCredentialIdentity) {
  return {
    region,
    credentials,
    maxAttempts: 3,
    requestHandler: requestHandler(5000, 20000),
  }
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
