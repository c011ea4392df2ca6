import { PvapiError } from '../core/errors.js'
import { ExitCode } from '../core/exit-codes.js'

/** curl's transient HTTP statuses plus every 5xx (--retry). */
export const retryableStatus = (status: number) => status === 408 || status === 429 || status >= 500

/** Transport errors worth another attempt: not DNS, TLS or usage errors, which repeat identically. */
export function retryableError(err: unknown): boolean {
  if (!(err instanceof PvapiError)) return false
  return (
    err.exitCode === ExitCode.Timeout ||
    err.exitCode === ExitCode.Connect ||
    err.exitCode === ExitCode.EmptyReply ||
    err.exitCode === ExitCode.Recv
  )
}

/**
 * Delay before attempt `n` (1-based retry count): --retry-delay when given, else exponential
 * from 1 s (curl's schedule) with ±20% jitter so many callers do not retry in lockstep; a
 * Retry-After header (seconds) from 429/503 wins when longer.
 */
export function retryDelayMs(
  n: number,
  fixedMs: number | undefined,
  retryAfter: string | undefined,
  random: () => number,
): number {
  const base = fixedMs ?? Math.min(1000 * 2 ** (n - 1), 10 * 60 * 1000)
  const jittered = fixedMs !== undefined ? base : Math.round(base * (0.8 + 0.4 * random()))
  const after = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : 0
  return Math.max(jittered, Math.min(after, 60_000))
}
