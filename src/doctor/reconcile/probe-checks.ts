/**
 * The `probe.*` checks, generated from the metadata table (meta.ts). Their outcome is the
 * reconciliation's judgement: diagnose() reconciles once over the configuration findings and
 * hands it to `probeChecks`; the registry's copies (`PROBE_CHECKS`) reconcile on their own, for
 * callers that run a check list without diagnose() (memoized per derivation).
 */
import { type Check, runCheck } from '../check.js'
import type { Derived } from '../derive.js'
import type { CheckOutcome } from '../outcome.js'
import type { DoctorSnapshot } from '../snapshot.js'
import { reconcile } from './index.js'
import { PROBE_CHECK_IDS, PROBE_META, type ProbeCheckId } from './meta.js'
import type { ProbeReconciliation } from './types.js'
import { agreementLine } from './words.js'

type Source = (s: DoctorSnapshot, d: Derived) => ProbeReconciliation | undefined

/** One Check per row of the metadata table, reading the reconciliation `source` gives. */
export function probeChecks(source: Source): Check[] {
  return PROBE_CHECK_IDS.map(id => ({
    id,
    hop: PROBE_META[id].hop,
    title: PROBE_META[id].title,
    rows: PROBE_META[id].rows,
    run: (s, d) => probeOutcome(s, source(s, d), id),
  }))
}

/**
 * The registry's probe checks: each reconciles over `configuration` run once per derivation
 * (what diagnose() does once for all; this path serves `runChecks` with the default list).
 */
export function standaloneProbeChecks(configuration: readonly Check[]): Check[] {
  const memo = new WeakMap<Derived, ProbeReconciliation | null>()
  return probeChecks((s, d) => {
    const hit = memo.get(d)
    if (hit !== undefined) return hit ?? undefined
    const r =
      s.probe.status === 'ok'
        ? reconcile(
            s,
            d,
            configuration.map(c => runCheck(c, s, d)),
          )
        : undefined
    memo.set(d, r ?? null)
    return r
  })
}

/** The finding of one probe check. */
export function probeOutcome(
  s: DoctorSnapshot,
  r: ProbeReconciliation | undefined,
  id: ProbeCheckId,
): CheckOutcome {
  if (s.probe.status !== 'ok') {
    return {
      status: 'skipped',
      summary:
        s.probe.status === 'not-collected'
          ? `no live probe (${s.probe.reason}): run with --probe`
          : `no live probe: ${s.probe.status}`,
      evidence: [],
    }
  }
  const j = r?.judgements[id]
  if (!j) return { status: 'skipped', summary: 'no live probe', evidence: [] }
  const { agreement: _a, confidence: _c, confirms: _f, contradicts: _x, ...outcome } = j
  // A fail or warn always names what to do.
  const fix =
    outcome.fix ??
    (outcome.status === 'fail' || outcome.status === 'warn' ? 'run the doctor again with --probe' : undefined)
  return { ...outcome, evidence: [...outcome.evidence, agreementLine(j)], ...(fix ? { fix } : {}) }
}
