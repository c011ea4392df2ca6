/**
 * The shared shape of every scenario definition file: the types, the `edit` that turns a base
 * snapshot and one change into a builder, and shorthands for the verdicts a scenario expects.
 * The shorthands only spell the verdict; the statuses stay written by hand in each scenario.
 */
import type { CheckStatus } from '../../src/doctor/finding.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import type { Draft } from './builders.js'

export interface ScenarioExpect {
  readonly verdict: {
    readonly status: 'pass' | 'fail' | 'incomplete'
    readonly hop: number | null
    readonly check: string | null
  }
  readonly checks: Readonly<Record<string, CheckStatus>>
}

export interface ScenarioDef {
  readonly name: string
  readonly description: string
  /** Field guide section 4 rows this scenario exercises. */
  readonly rows: readonly number[]
  readonly build: () => Draft<DoctorSnapshot>
  readonly expect: ScenarioExpect
}

type Snap = Draft<DoctorSnapshot>
type Statuses = Record<string, CheckStatus>

/** A builder: the base snapshot with one change applied. */
export const edit =
  (base: () => Snap, change: (s: Snap) => void): (() => Snap) =>
  () => {
    const s = base()
    change(s)
    return s
  }

/** Every check passes; `checks` names the ones the scenario is about. */
export const pass = (checks: Statuses = {}): ScenarioExpect => ({
  verdict: { status: 'pass', hop: null, check: null },
  checks,
})

/** The verdict fails at this hop on this check (which therefore fails). */
export const failAt = (hop: number, check: string, checks: Statuses = {}): ScenarioExpect => ({
  verdict: { status: 'fail', hop, check },
  checks: { [check]: 'fail', ...checks },
})

/** The verdict is incomplete at this hop because this check could not be read (it is unknown). */
export const incomplete = (hop: number, check: string, checks: Statuses = {}): ScenarioExpect => ({
  verdict: { status: 'incomplete', hop, check },
  checks: { [check]: 'unknown', ...checks },
})

/** The verdict spelled out in full, with the statuses exactly as given (nothing implied). */
export const verdictIs = (
  status: ScenarioExpect['verdict']['status'],
  hop: number | null,
  check: string | null,
  checks: Statuses,
): ScenarioExpect => ({ verdict: { status, hop, check }, checks })

/**
 * A builder: the base snapshot with these properties of the part `at` picks set, as in
 * `set(healthy, s => s.signing, { service: 'apigateway' })` (the values replace, nothing merges).
 * Each build gets its own copy of the values, so no two snapshots share an object.
 */
export const set = <T extends object>(
  base: () => Snap,
  at: (s: Snap) => T,
  values: Partial<T>,
): (() => Snap) =>
  edit(base, s => {
    Object.assign(at(s), structuredClone(values))
  })
