/**
 * Every scenario (scenario-defs.ts, and scenario-defs-branches.ts for the branches the field
 * guide's rows do not reach) is one case: Given its snapshot, When every check runs, Then the
 * verdict and each named check have the statuses written by hand in its definition, and each
 * failing or warning check states the facts a user acts on (scenario-facts.ts): the resource,
 * the ids in the summary and in the fix, the statement index and Sid.
 */
import { describe, expect, it } from 'vitest'
import { classifyHost } from '../../src/core/target.js'
import type { Finding } from '../../src/doctor/finding.js'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { AWS2026_SCENARIOS } from './scenario-defs-aws2026.js'
import { BRANCH_SCENARIOS } from './scenario-defs-branches.js'
import { FRONT_DOOR_SCENARIOS } from './scenario-defs-frontdoor.js'
import { IPV6_SCENARIOS } from './scenario-defs-ipv6.js'
import { SCENARIOS, type ScenarioDef } from './scenario-defs.js'
import { HYBRID_SCENARIOS } from './scenario-defs-hybrid.js'
import { STREAM_SCENARIOS } from './scenario-defs-stream.js'
import { FACTS, type Facts } from './scenario-facts.js'
import { NETWORK_BRANCH_FACTS, NETWORK_BRANCH_SCENARIOS } from './scenario-defs-branches-network.js'
import { FRONT_DOOR_BRANCH_FACTS, FRONT_DOOR_BRANCH_SCENARIOS } from './scenario-defs-branches-frontdoor.js'
import { HYBRID_BRANCH_FACTS, HYBRID_BRANCH_SCENARIOS } from './scenario-defs-branches-hybrid.js'

const ALL = [
  ...SCENARIOS,
  ...BRANCH_SCENARIOS,
  ...STREAM_SCENARIOS,
  ...AWS2026_SCENARIOS,
  ...HYBRID_SCENARIOS,
  ...FRONT_DOOR_SCENARIOS,
  ...IPV6_SCENARIOS,
  ...NETWORK_BRANCH_SCENARIOS,
  ...FRONT_DOOR_BRANCH_SCENARIOS,
  ...HYBRID_BRANCH_SCENARIOS,
]

/** The doctor's conclusions on a scenario's snapshot. */
function outcome(scenario: ScenarioDef): { snapshot: DoctorSnapshot; findings: Finding[] } {
  const snapshot = scenario.build() as DoctorSnapshot
  return { snapshot, findings: runChecks(snapshot) }
}

function expectFacts(f: Finding, facts: Facts): void {
  if (facts.resource !== undefined) expect(f.resource, `${f.id} resource`).toBe(facts.resource)
  for (const x of facts.summary ?? []) expect(f.summary, `${f.id} summary`).toContain(x)
  for (const x of facts.fix ?? []) expect(f.fix, `${f.id} fix`).toContain(x)
  const evidence = f.evidence.map(e => e.text).join('\n')
  for (const x of facts.evidence ?? []) expect(evidence, `${f.id} evidence`).toContain(x)
  if (facts.statement) {
    const named = f.evidence.map(e => e.statement).filter(st => st !== undefined)
    expect(named, `${f.id} statement`).toContainEqual(expect.objectContaining(facts.statement))
  }
}

/**
 * One test per scenario, with every assertion on the one run of the checks: under mutation testing
 * (coverageAnalysis perTest) Stryker reruns only the tests that executed a mutant in its dry run,
 * so the facts must be asserted in the test that ran the checks. (A per-scenario cache shared by
 * several tests once hid the facts tests from every mutant.)
 */
describe.each(ALL.map(s => [s.name, s] as const))('%s', (name, scenario) => {
  it(scenario.description, () => {
    const { snapshot, findings } = outcome(scenario)
    // The recorded name form is the one pvapi's URL classifier gives the host (ids are well formed).
    expect(classifyHost(snapshot.target.hostname).kind).toBe(snapshot.target.hostKind)
    const verdict = verdictOf(findings)
    const statuses = Object.fromEntries(findings.map(f => [f.id, f.status]))
    expect({ status: verdict.status, hop: verdict.hop ?? null, check: verdict.check ?? null }).toEqual(
      scenario.expect.verdict,
    )
    expect(statuses).toMatchObject(scenario.expect.checks)
    // Healthy set-ups never fail.
    if (scenario.expect.verdict.status === 'pass')
      expect(findings.filter(f => f.status === 'fail')).toEqual([])
    // The verdict names the failing check's resource.
    const first = findings.find(f => f.status === 'fail')
    if (first?.resource) expect(verdict.resource).toBe(first.resource)

    // Every finding says something: a summary, evidence lines, a fix for fail/warn, what is
    // missing for unknown.
    for (const f of findings) {
      expect(f.summary.trim(), f.id).not.toBe('')
      for (const e of f.evidence) expect(e.text.trim(), `${f.id} evidence`).not.toBe('')
      if (f.status === 'fail' || f.status === 'warn') expect(f.fix?.trim(), f.id).toBeTruthy()
      if (f.status === 'unknown') {
        expect(f.missing, f.id).toBeDefined()
        for (const m of f.missing ?? []) expect(m.trim(), `${f.id} missing`).not.toBe('')
      }
    }

    // Each failing or warning check states the facts a user acts on (the --probe scenarios are
    // asserted in test/probe/), and only failing or warning checks have facts written for them.
    const facts =
      FACTS[name] ??
      NETWORK_BRANCH_FACTS[name] ??
      FRONT_DOOR_BRANCH_FACTS[name] ??
      HYBRID_BRANCH_FACTS[name] ??
      {}
    const acted = findings.filter(f => f.status === 'fail' || f.status === 'warn').map(f => f.id)
    if (!name.startsWith('probe-'))
      expect(
        acted.filter(id => !facts[id]),
        'failing or warning checks without facts',
      ).toEqual([])
    for (const [id, expected] of Object.entries(facts)) {
      const f = findings.find(x => x.id === id)
      expect(f, id).toBeDefined()
      expect(['fail', 'warn'], `${id} is ${f!.status}`).toContain(f!.status)
      expectFacts(f!, expected)
    }
  })
})

describe('scenario facts', () => {
  it('name only scenarios that exist', () => {
    const names = new Set(ALL.map(s => s.name))
    expect(Object.keys(FACTS).filter(n => !names.has(n))).toEqual([])
  })
})
