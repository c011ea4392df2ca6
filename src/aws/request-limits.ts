/**
 * Bounds for every AWS request pvapi sends through an SDK client (the doctor's reads, STS for
 * roles and whoami, the --vpce lookup). Two smithy defaults make an endpoint that accepts a
 * connection and never answers a hang: `requestTimeout` only logs a warning unless
 * `throwOnRequestTimeout` is set, and the socket has no inactivity limit. Both are set here.
 */
import { requestHandler } from './network.js'

export interface AwsRequestLimits {
  /** TCP (and TLS) connection establishment, per attempt. */
  readonly connectTimeoutMs: number
  /** From the request sent to the answer's headers, and between bytes of the answer, per attempt. */
  readonly readTimeoutMs: number
  /** SDK attempts per request (throttling and transient errors are retried with backoff). */
  readonly maxAttempts: number
}

export const DEFAULT_AWS_LIMITS: AwsRequestLimits = {
  connectTimeoutMs: 3000,
  readTimeoutMs: 10000,
  maxAttempts: 3,
}

/** The SDK client settings for these limits. */
export function sdkLimits(limits: AwsRequestLimits = DEFAULT_AWS_LIMITS) {
  return {
    maxAttempts: limits.maxAttempts,
    requestHandler: {
      // The proxy and CA-bundle agents of this process (network.ts), with the bounds.
      ...requestHandler(limits.connectTimeoutMs, limits.readTimeoutMs),
      socketTimeout: limits.readTimeoutMs,
      throwOnRequestTimeout: true,
    },
  }
}

interface Stack {
  add(
    mw: (
      next: (args: { request: unknown }) => Promise<unknown>,
    ) => (args: { request: unknown }) => Promise<unknown>,
    options: { step: 'build'; name: string },
  ): void
}

/**
 * Mark every error a client throws with the host it was talking to (`$pvapiEndpoint`), so the
 * doctor can say which endpoint did not answer rather than which permission might be missing.
 */
export function tagEndpointErrors(client: { middlewareStack: unknown }): void {
  ;(client.middlewareStack as Stack).add(
    next => async args => {
      try {
        return await next(args)
      } catch (err) {
        const r = args.request as { hostname?: string; port?: number } | undefined
        if (err && typeof err === 'object' && r?.hostname && !('$pvapiEndpoint' in err))
          Object.assign(err, { $pvapiEndpoint: r.port ? `${r.hostname}:${r.port}` : r.hostname })
        throw err
      }
    },
    // build: the endpoint is resolved by then, and the retries (finalizeRequest) run inside it.
    { step: 'build', name: 'pvapiTagEndpointErrors' },
  )
}
