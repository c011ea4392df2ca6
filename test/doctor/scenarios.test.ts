/**
 * Every fixtures/snapshots/*.json is one case: Given a recorded snapshot, When every check
 * runs, Then the verdict and each named check have the statuses the scenario expects.
 */
import { readFileSync, readdirSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { classifyHost } from '../../src/core/target.js'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import type { ScenarioExpect } from './scenario-defs.js'

interface Scenario {
  readonly description: string
  readonly rows: readonly number[]
  readonly snapshot: DoctorSnapshot
  readonly expect: ScenarioExpect
}

const dir = new URL('../../fixtures/snapshots/', import.meta.url)
const files = readdirSync(dir)
  .filter(f => f.endsWith('.json'))
  .sort()

describe.each(files)('%s', file => {
  const scenario = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Scenario
  it(scenario.description, () => {
    // The recorded name form is the one pvapi's URL classifier gives the host (ids are well formed).
    expect(classifyHost(scenario.snapshot.target.hostname).kind).toBe(scenario.snapshot.target.hostKind)
    const findings = runChecks(scenario.snapshot)
    const verdict = verdictOf(findings)
    const statuses = Object.fromEntries(findings.map(f => [f.id, f.status]))
    expect({ status: verdict.status, hop: verdict.hop ?? null, check: verdict.check ?? null }).toEqual(
      scenario.expect.verdict,
    )
    expect(statuses).toMatchObject(scenario.expect.checks)
    // Healthy set-ups never fail, and every fail or warn carries a fix.
    if (scenario.expect.verdict.status === 'pass')
      expect(findings.filter(f => f.status === 'fail')).toEqual([])
    for (const f of findings) if (f.status === 'fail' || f.status === 'warn') expect(f.fix, f.id).toBeTruthy()
    for (const f of findings) if (f.status === 'unknown') expect(f.missing, f.id).toBeDefined()
  })
})
