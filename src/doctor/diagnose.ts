/**
 * The doctor's pipeline, computed once per snapshot: derive the facts, run the configuration
 * checks, reconcile the live probe (if any) over their findings, take the probe checks'
 * outcomes from that reconciliation, then the verdict. The report and the renderers read the
 * result; nothing is derived, evaluated or reconciled twice.
 */
import { CHECKS } from './checks/index.js'
import { derive, type Derived } from './derive.js'
import type { Finding } from './outcome.js'
import { reconcile, type ProbeReconciliation } from './reconcile/index.js'
import { isProbeCheck } from './reconcile/meta.js'
import { probeChecks } from './reconcile/probe-checks.js'
import { runChecks, verdictOf, type RunOptions, type Verdict } from './run-checks.js'
import type { DoctorSnapshot } from './snapshot.js'

export interface Diagnosis {
  readonly derived: Derived
  /** Every finding, in request order, `--skip` applied. */
  readonly findings: readonly Finding[]
  /** The live probe reconciled with the configuration; undefined without probe results. */
  readonly reconciliation: ProbeReconciliation | undefined
  readonly verdict: Verdict
}

/** Diagnose a snapshot. `options.checks` narrows the checks (the probe checks among them are generated anew). */
export function diagnose(snapshot: DoctorSnapshot, options: RunOptions = {}): Diagnosis {
  const derived = derive(snapshot)
  const all = options.checks ?? CHECKS
  const configuration = all.filter(c => !isProbeCheck(c.id))
  const shown = runChecks(snapshot, { ...options, checks: configuration }, derived)
  // --skip hides a finding, it does not unread the configuration the wire is compared with: the
  // skipped checks (and only they) run for the reconciliation. The rule is runChecks'.
  const skip = new Set(options.skip ?? [])
  const hidden = configuration.filter(c => skip.has(c.id) || skip.has(String(c.hop)))
  const unskipped = new Map(runChecks(snapshot, { checks: hidden }, derived).map(f => [f.id, f]))
  const read = hidden.length ? shown.map(f => unskipped.get(f.id) ?? f) : shown
  const reconciliation = reconcile(snapshot, derived, read)
  const wanted = new Set(all.filter(c => isProbeCheck(c.id)).map(c => c.id))
  const probes = probeChecks(() => reconciliation).filter(c => wanted.has(c.id))
  const findings = [...shown, ...runChecks(snapshot, { ...options, checks: probes }, derived)]
  return { derived, findings, reconciliation, verdict: verdictOf(findings) }
}
