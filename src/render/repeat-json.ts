/**
 * `pvapi call --repeat --format json`: the run as one versioned JSON document (for scripts).
 *
 * ```
 * { schemaVersion: 1, method, url, concurrency, signed, requested: N|null, sent, completed, stoppedBy: 'count'|'duration'|'interrupted',
 *   elapsedMs, requestsPerSecond, statuses: {"200": n, …}, transportErrors: {"28": n, …},
 *   errorClasses: [{class, count, label, meaning, hops, example?}],
 *   latencyMs: {count, min, p50, p90, p99, max, mean} | null,
 *   perAddress: [{address, availabilityZone?, completed, answered, statuses, transportErrors, errorClasses, latencyMs}] | null,
 *   exitCode }
 * ```
 * Percentiles are nearest-rank over the answered requests (any HTTP status). Pure.
 */
import type { RepeatStats } from '../call/repeat-stats.js'
import type { RepeatRunInfo } from './repeat-text.js'

export const REPEAT_SCHEMA_VERSION = 1

export function renderRepeatJson(stats: RepeatStats, info: RepeatRunInfo, exitCode: number): string {
  const { perAddress, latencyMs, ...rest } = stats
  return (
    JSON.stringify(
      {
        schemaVersion: REPEAT_SCHEMA_VERSION,
        method: info.method,
        url: info.url,
        concurrency: info.concurrency,
        signed: info.signed,
        requested: info.requested ?? null,
        sent: info.sent,
        stoppedBy: info.stoppedBy,
        ...rest,
        latencyMs: latencyMs ?? null,
        perAddress: perAddress ? perAddress.map(a => ({ ...a, latencyMs: a.latencyMs ?? null })) : null,
        exitCode,
      },
      null,
      2,
    ) + '\n'
  )
}
