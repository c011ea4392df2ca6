/**
 * `pvapi call --repeat`: the pure arithmetic. Samples in, counts, error classes and latency
 * percentiles out (overall and per ENI address). No I/O, no clock.
 */
import { classifyOutcome, outcomeLabel, type ProbeClass } from '../core/classify-outcome.js'
import type { Hop } from '../core/hop.js'

/** One finished request. */
export interface RepeatSample {
  /** The address the request went to (the pinned ENI with --per-eni, else the one connected). */
  readonly address?: string
  readonly status?: number
  /** `x-amzn-ErrorType` without its `:…` suffix. */
  readonly errorType?: string
  /** API Gateway's message (redacted, one line) or the transport error. */
  readonly message?: string
  /** curl's exit code when the request failed in transport. */
  readonly exitCode?: number
  readonly tcp?: 'connected' | 'timeout' | 'refused' | 'error'
  readonly signed: boolean
  /** Total time of the request in ms. */
  readonly ms: number
}

export interface LatencySummary {
  readonly count: number
  readonly min: number
  readonly p50: number
  readonly p90: number
  readonly p99: number
  readonly max: number
  readonly mean: number
}

export interface ErrorClassCount {
  readonly class: ProbeClass
  readonly count: number
  /** `HTTP 403 AccessDeniedException` or `connect timeout (28)`. */
  readonly label: string
  readonly meaning: string
  readonly hops: readonly Hop[]
  /** The first message seen for this class. */
  readonly example?: string
}

export interface GroupStats {
  /** Requests finished (answered or failed in transport). */
  readonly completed: number
  /** Requests answered with any HTTP status. */
  readonly answered: number
  /** HTTP status → count. */
  readonly statuses: Readonly<Record<string, number>>
  /** curl exit code → count, for transport failures. */
  readonly transportErrors: Readonly<Record<string, number>>
  /** Everything that was not 2xx/3xx, by class, most frequent first. */
  readonly errorClasses: readonly ErrorClassCount[]
  /** Latency of the answered requests (any status); absent when none was answered. */
  readonly latencyMs?: LatencySummary
}

export interface AddressStats extends GroupStats {
  readonly address: string
  readonly availabilityZone?: string
}

export interface RepeatStats extends GroupStats {
  readonly elapsedMs: number
  /** Completed requests per second of wall time. */
  readonly requestsPerSecond: number
  /** With --per-eni: one entry per address, in the order given. */
  readonly perAddress?: readonly AddressStats[]
}

/**
 * Nearest-rank percentile (the value at rank ⌈p/100 · n⌉ of the sorted list): always one of
 * the measured values, p100 is the maximum. `sorted` must be ascending.
 */
export function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)))
  return sorted[rank - 1]
}

const round = (x: number): number => Math.round(x * 1000) / 1000

/** min/p50/p90/p99/max/mean of a list of durations (ms), or undefined for an empty list. */
export function latencySummary(values: readonly number[]): LatencySummary | undefined {
  if (values.length === 0) return undefined
  const sorted = [...values].sort((a, b) => a - b)
  const sum = sorted.reduce((a, b) => a + b, 0)
  return {
    count: sorted.length,
    min: round(sorted[0]!),
    p50: round(percentile(sorted, 50)!),
    p90: round(percentile(sorted, 90)!),
    p99: round(percentile(sorted, 99)!),
    max: round(sorted[sorted.length - 1]!),
    mean: round(sum / sorted.length),
  }
}

/** Counts, error classes and latency of a group of samples. */
export function groupStats(samples: readonly RepeatSample[]): GroupStats {
  const statuses: Record<string, number> = {}
  const transportErrors: Record<string, number> = {}
  const classes = new Map<
    ProbeClass,
    { count: number; label: string; meaning: string; hops: readonly Hop[]; example?: string }
  >()
  const latencies: number[] = []
  for (const x of samples) {
    if (x.status !== undefined) {
      statuses[String(x.status)] = (statuses[String(x.status)] ?? 0) + 1
      latencies.push(x.ms)
    } else {
      const key = String(x.exitCode ?? 0)
      transportErrors[key] = (transportErrors[key] ?? 0) + 1
    }
    const outcome = {
      ...(x.status !== undefined ? { httpStatus: x.status } : {}),
      ...(x.errorType ? { errorType: x.errorType } : {}),
      ...(x.message ? { message: x.message } : {}),
      ...(x.exitCode !== undefined ? { exitCode: x.exitCode } : {}),
      ...(x.tcp ? { tcp: x.tcp } : {}),
      signed: x.signed,
    }
    const c = classifyOutcome(outcome)
    if (c.ok) continue
    const label = outcomeLabel(outcome)
    const seen = classes.get(c.class)
    if (seen) seen.count++
    else
      classes.set(c.class, {
        count: 1,
        label,
        meaning: c.meaning,
        hops: c.hops,
        ...(x.message ? { example: x.message } : {}),
      })
  }
  const errorClasses = [...classes]
    .map(([cls, v]) => ({ class: cls, ...v }))
    .sort((a, b) => b.count - a.count || a.class.localeCompare(b.class))
  const latencyMs = latencySummary(latencies)
  return {
    completed: samples.length,
    answered: latencies.length,
    statuses,
    transportErrors,
    errorClasses,
    ...(latencyMs ? { latencyMs } : {}),
  }
}

/** The whole run: overall, and per address when `addresses` are given (--per-eni). */
export function aggregate(
  samples: readonly RepeatSample[],
  opts: {
    readonly elapsedMs: number
    readonly addresses?: ReadonlyArray<{ readonly address: string; readonly availabilityZone?: string }>
  },
): RepeatStats {
  const all = groupStats(samples)
  const seconds = opts.elapsedMs / 1000
  return {
    ...all,
    elapsedMs: round(opts.elapsedMs),
    requestsPerSecond: seconds > 0 ? Math.round((samples.length / seconds) * 10) / 10 : 0,
    ...(opts.addresses
      ? {
          perAddress: opts.addresses.map(a => ({
            address: a.address,
            ...(a.availabilityZone ? { availabilityZone: a.availabilityZone } : {}),
            ...groupStats(samples.filter(x => x.address === a.address)),
          })),
        }
      : {}),
  }
}

/**
 * The exit code of a repeat run: 0 when every request got a 2xx/3xx; else the most frequent
 * transport failure's curl code (28, 7, 6 …); else 22 (some HTTP status ≥ 400, curl's --fail code).
 */
export function repeatExitCode(stats: GroupStats): number {
  const transport = Object.entries(stats.transportErrors).sort(
    (a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]),
  )[0]
  if (transport) return Number(transport[0])
  if (Object.keys(stats.statuses).some(s => Number(s) >= 400)) return 22
  return 0
}

/** `us-east-1a` from a zonal endpoint name `vpce-…-abcd1234-us-east-1a.execute-api.us-east-1.vpce.amazonaws.com`. */
export function zoneFromName(host: string): string | undefined {
  return /^vpce-[0-9a-f]+-[a-z0-9]+-([a-z]{2}(?:-gov|-iso[a-z]?)?-[a-z]+-\d[a-z])\.execute-api\./.exec(
    host.toLowerCase(),
  )?.[1]
}
