/**
 * The doctor's pipeline, computed once per snapshot: derive the facts, run the configuration
 * checks, reconcile the live probe (if any) over their findings, take the probe checks'
 * outcomes from that reconciliation, then the verdict. The report and the renderers read the
 * result; nothing is derived, evaluated or reconciled twice.
 */
import type { Check } from './check.js'
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
  // Every configuration check runs once, whatever --skip hides: skipping hides a finding, it does
  // not unread the configuration the wire is compared with.
  const read = runChecks(snapshot, { checks: configuration }, derived)
  const reconciliation = reconcile(snapshot, derived, read)
  const wanted = new Set(all.filter(c => isProbeCheck(c.id)).map(c => c.id))
  const probes = probeChecks(() => reconciliation).filter(c => wanted.has(c.id))
  // The configuration findings replayed (not run again) so --skip applies to every check alike.
  const replayed = configuration.map((c, i): Check => ({ ...c, run: () => read[i]! }))
  const findings = runChecks(
    snapshot,
    { skip: options.skip ?? [], checks: [...replayed, ...probes] },
    derived,
  )
  return { derived, findings, reconciliation, verdict: verdictOf(findings) }
}
