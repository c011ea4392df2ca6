/**
 * A doctor check, and how one is run. A check is a pure function of the snapshot and the facts
 * derived from it; running it adds its id, hop and rows, and turns a crash into `unknown` so a
 * buggy check never hides the others.
 */
import type { Derived } from './derive.js'
import type { CheckOutcome, Finding, Hop } from './outcome.js'
import type { DoctorSnapshot } from './snapshot.js'

/** A doctor check: one pure function of the snapshot (and facts derived from it). */
export interface Check {
  /** Stable id `area.what`, named in output and accepted by `--skip`. */
  readonly id: string
  readonly hop: Hop
  /** What it verifies, one line (for `--list-checks` and the README). */
  readonly title: string
  readonly rows: readonly number[]
  readonly run: (snapshot: DoctorSnapshot, derived: Derived) => CheckOutcome
}

/** One check's finding. A check that throws becomes `unknown`. */
export function runCheck(check: Check, snapshot: DoctorSnapshot, derived: Derived): Finding {
  const meta = { id: check.id, hop: check.hop, rows: check.rows }
  try {
    return { ...meta, ...check.run(snapshot, derived) }
  } catch (err) {
    // A buggy check must not hide the others.
    return {
      ...meta,
      status: 'unknown',
      summary: `check crashed: ${err instanceof Error ? err.message : String(err)}`,
      evidence: [],
      missing: [],
    }
  }
}
