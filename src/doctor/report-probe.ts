/**
 * The probe section of the doctor's report (`report.probe`): the view model the renderers read,
 * built from the reconciliation and the findings (which respect --skip).
 */
import type { ProbeClass } from '../core/classify-outcome.js'
import type { CheckStatus, Finding, Hop } from './outcome.js'
import { PROBE_CHECK_IDS, PROBE_META, type ProbeCheckId } from './reconcile/meta.js'
import type { Agreement, Confidence, ProbeReconciliation } from './reconcile/types.js'
import type { DoctorSnapshot } from './snapshot.js'

/** The probe section of the doctor's report (`report.probe`, present only when the snapshot has probe results). */
export interface ReportProbe {
  readonly method: string
  readonly path: string
  readonly connectHost: string
  readonly hostHeader: string | null
  readonly startedAt: string | null
  readonly principal: string | null
  readonly vantage: { readonly kind: string; readonly detail: string } | null
  readonly dns: {
    readonly hostname: string
    readonly server: string
    readonly result: string
    readonly addresses: readonly string[]
  } | null
  readonly timeoutMs: number | null
  readonly notes: readonly string[]
  readonly attempts: ReadonlyArray<{
    readonly label: string
    readonly kind: string
    readonly signed: boolean
    readonly address: string
    readonly availabilityZone: string | null
    readonly eniId: string | null
    readonly outcome: string
    readonly class: ProbeClass
    /** Hops that can produce this outcome, most likely first. */
    readonly hops: readonly Hop[]
    /** The hop it stopped at after reconciliation; null when it went through (or for the unsigned request). */
    readonly hop: Hop | null
    readonly placedBy: string | null
    readonly meaning: string
    readonly httpStatus: number | null
    readonly errorType: string | null
    readonly message: string | null
    readonly exitCode: number | null
    readonly ms: number | null
    readonly requestId: string | null
    readonly clockOffsetMs: number | null
  }>
  /** Per probe check: its status and how the wire compares with the configuration. */
  readonly checks: ReadonlyArray<{
    readonly id: string
    readonly hop: Hop
    readonly status: CheckStatus
    readonly agreement: Agreement
    readonly confidence: Confidence
    readonly summary: string
  }>
  /** Failing configuration checks the wire confirms (agreement raises confidence). */
  readonly confirms: readonly string[]
  /** Configuration checks the wire contradicts. */
  readonly contradicts: readonly string[]
}

/** The report's probe section, or undefined without a reconciliation. `findings` are the reported ones (respecting --skip). */
export function probeReport(
  s: DoctorSnapshot,
  r: ProbeReconciliation | undefined,
  findings: readonly Finding[],
): ReportProbe | undefined {
  if (!r) return undefined
  const f = r.facts
  const statuses: Readonly<Record<string, CheckStatus>> = Object.fromEntries(
    findings.map(x => [x.id, x.status]),
  )
  const kept = PROBE_CHECK_IDS.filter(id => statuses[id] !== undefined)
  // A check skipped with --skip contributes nothing.
  const userSkipped = (id: ProbeCheckId) =>
    statuses[id] === 'skipped' && r.judgements[id].status !== 'skipped'
  const keptJudgements = kept.filter(id => !userSkipped(id)).map(id => r.judgements[id])
  return {
    method: f.method ?? 'GET',
    path: f.path ?? s.target.urlPath,
    connectHost: f.connectHost ?? s.target.connectHost,
    hostHeader: f.hostHeader ?? null,
    startedAt: f.startedAt ?? null,
    principal: f.principal ?? null,
    vantage: f.vantage ?? null,
    dns: f.dns
      ? { hostname: f.dns.hostname, server: f.dns.server, result: f.dns.result, addresses: f.dns.addresses }
      : null,
    timeoutMs: f.timeoutMs ?? null,
    notes: f.notes ?? [],
    attempts: r.attempts.map(v => ({
      label: v.label,
      kind: v.facts.kind ?? 'signed',
      signed: v.facts.signed !== false,
      address: v.facts.address,
      availabilityZone: v.facts.availabilityZone ?? null,
      eniId: v.facts.eniId ?? null,
      outcome: v.outcome,
      class: v.classification.class,
      hops: v.classification.hops,
      hop: v.hop ?? null,
      placedBy: v.placedBy ?? null,
      meaning: v.classification.meaning,
      httpStatus: v.facts.httpStatus ?? null,
      errorType: v.facts.errorType ?? null,
      message: v.facts.message ?? null,
      exitCode: v.facts.exitCode ?? null,
      ms: v.facts.ms ?? null,
      requestId: v.facts.requestId ?? null,
      clockOffsetMs: v.facts.clockOffsetMs ?? null,
    })),
    checks: kept.map(id =>
      userSkipped(id)
        ? {
            id,
            hop: PROBE_META[id].hop,
            status: 'skipped' as const,
            agreement: 'not-reached' as const,
            confidence: 'low' as const,
            summary: 'skipped with --skip',
          }
        : {
            id,
            hop: PROBE_META[id].hop,
            status: statuses[id]!,
            agreement: r.judgements[id].agreement,
            confidence: r.judgements[id].confidence,
            summary: r.judgements[id].summary,
          },
    ),
    confirms: [...new Set(keptJudgements.flatMap(j => j.confirms))],
    contradicts: [...new Set(keptJudgements.flatMap(j => j.contradicts))],
  }
}
