/**
 * `pvapi call --repeat` as text: what was sent, the status counts, the error classes with what
 * they mean, the latency percentiles, and one line per ENI address with --per-eni. Pure.
 */
import type { AddressStats, GroupStats, LatencySummary, RepeatStats } from '../call/repeat-stats.js'

/** What the run was, for the heading. */
export interface RepeatRunInfo {
  readonly method: string
  readonly url: string
  readonly concurrency: number
  /** N, or undefined when only --duration bounds the run. */
  readonly requested?: number
  /** Requests started (some may have been cancelled at the deadline or on Ctrl-C). */
  readonly sent: number
  readonly stoppedBy: 'count' | 'duration' | 'interrupted'
  readonly durationMs?: number
  readonly signed: boolean
}

const TRANSPORT: Readonly<Record<string, string>> = {
  '6': 'DNS failure',
  '7': 'connection refused',
  '28': 'timeout',
  '35': 'TLS failure',
  '52': 'empty reply',
  '56': 'connection reset',
}

const ms = (x: number): string => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2))

export function latencyLine(l: LatencySummary | undefined): string {
  if (!l) return 'no answers'
  return `min ${ms(l.min)}  p50 ${ms(l.p50)}  p90 ${ms(l.p90)}  p99 ${ms(l.p99)}  max ${ms(l.max)}  (ms, ${l.count} answered)`
}

/** `200×97 403×2 timeout(28)×1` */
export function statusLine(g: GroupStats): string {
  const http = Object.entries(g.statuses)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([k, v]) => `${k}×${v}`)
  const transport = Object.entries(g.transportErrors)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([k, v]) => `${TRANSPORT[k] ?? 'error'}(${k})×${v}`)
  return [...http, ...transport].join('  ') || 'none'
}

function stopWords(info: RepeatRunInfo, completed: number): string {
  const cancelled = info.sent - completed
  const tail = cancelled > 0 ? ` (${cancelled} in flight cancelled)` : ''
  if (info.stoppedBy === 'interrupted')
    return `interrupted (Ctrl-C) after ${completed}${info.requested !== undefined ? ` of ${info.requested}` : ''} requests${tail}`
  if (info.stoppedBy === 'duration')
    return `stopped at --duration ${((info.durationMs ?? 0) / 1000).toFixed(1)} s after ${completed} requests${tail}`
  return `${completed} requests`
}

export function renderRepeatText(stats: RepeatStats, info: RepeatRunInfo): string {
  const out: string[] = []
  out.push(
    `${info.method} ${info.url}: ${stopWords(info, stats.completed)} in ${(stats.elapsedMs / 1000).toFixed(2)} s, ${stats.requestsPerSecond} req/s, concurrency ${info.concurrency}, ${info.signed ? 'each freshly signed' : 'unsigned'}, keep-alive`,
  )
  out.push(`status    ${statusLine(stats)}`)
  out.push(`latency   ${latencyLine(stats.latencyMs)}`)
  if (stats.errorClasses.length > 0) {
    out.push('errors')
    const width = Math.max(...stats.errorClasses.map(e => e.label.length))
    for (const e of stats.errorClasses) {
      out.push(
        `  ${String(e.count).padStart(5)}  ${e.label.padEnd(width)}  ${e.class}${e.hops.length ? ` (hop ${e.hops.join('/')})` : ''}: ${e.meaning}`,
      )
      if (e.example) out.push(`         e.g. "${e.example}"`)
    }
  }
  if (stats.perAddress) {
    out.push('per ENI address')
    const width = Math.max(...stats.perAddress.map(a => addressName(a).length))
    for (const a of stats.perAddress)
      out.push(
        `  ${addressName(a).padEnd(width)}  ${String(a.completed).padStart(5)} req  ${statusLine(a)}  ${a.latencyMs ? `p50 ${ms(a.latencyMs.p50)} p99 ${ms(a.latencyMs.p99)} max ${ms(a.latencyMs.max)} ms` : 'no answers'}`,
      )
  }
  return out.join('\n') + '\n'
}

const addressName = (a: AddressStats): string =>
  `${a.address}${a.availabilityZone ? ` (${a.availabilityZone})` : ''}`

/** The one-line progress shown on a TTY while the run goes. */
export function renderRepeatProgress(p: {
  readonly sent: number
  readonly completed: number
  readonly errors: number
  readonly requested?: number
  readonly elapsedMs: number
}): string {
  const rate = p.elapsedMs > 0 ? (p.completed / (p.elapsedMs / 1000)).toFixed(0) : '0'
  return `pvapi: ${p.completed}${p.requested !== undefined ? `/${p.requested}` : ''} done, ${p.sent - p.completed} in flight, ${p.errors} not 2xx/3xx, ${rate} req/s, ${(p.elapsedMs / 1000).toFixed(1)} s`
}
