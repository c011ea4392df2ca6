/**
 * fixtures/snapshots/*.json and examples/doctor/*.json are test data written from scenario-defs.ts
 * (`UPDATE_FIXTURES=1 npx vitest run test/doctor/fixtures.test.ts` writes them and checks
 * nothing). Otherwise each file is checked against what src/ does with it: the snapshot passes
 * the shape check `doctor --snapshot` applies, and the doctor's verdict and statuses on the file
 * are the ones written by hand in its definition. The expectations are never written by a test.
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { snapshotShapeProblem } from '../../src/doctor/snapshot-shape.js'
import { SCENARIOS, type ScenarioDef } from './scenario-defs.js'

const dir = new URL('../../fixtures/snapshots/', import.meta.url)
const examples = new URL('../../examples/doctor/', import.meta.url)

/** Example snapshots shipped for the README's main job (bare snapshots, as --save-snapshot writes them). */
const EXAMPLES: Readonly<Record<string, string>> = {
  healthy: 'healthy',
  'sourcevpce-mismatch': 'row28-sourcevpce-lists-old-endpoint',
  'cross-account-identity-missing': 'row33-cross-account-identity-missing',
  'caller-sg-no-egress': 'row16-caller-sg-no-egress-443',
  'account-b-unreadable': 'account-b-unreadable',
}
const update = process.env.UPDATE_FIXTURES === '1'

const fixtureText = (def: ScenarioDef) =>
  `${JSON.stringify({ description: def.description, rows: def.rows, snapshot: def.build(), expect: def.expect }, null, 2)}\n`
const exampleText = (def: ScenarioDef) => `${JSON.stringify(def.build(), null, 2)}\n`
const defNamed = (name: string) => {
  const def = SCENARIOS.find(s => s.name === name)
  if (!def) throw new Error(`no scenario ${name}`)
  return def
}

/** What the doctor concludes from a snapshot read from disk. */
function doctorOn(snapshot: unknown) {
  expect(snapshotShapeProblem(snapshot)).toBeUndefined()
  const findings = runChecks(snapshot as DoctorSnapshot)
  const v = verdictOf(findings)
  return {
    verdict: { status: v.status, hop: v.hop ?? null, check: v.check ?? null },
    statuses: Object.fromEntries(findings.map(f => [f.id, f.status])),
  }
}

describe.runIf(update)('writing the fixture files (UPDATE_FIXTURES=1; asserts nothing)', () => {
  it('writes fixtures/snapshots and examples/doctor from scenario-defs.ts', () => {
    mkdirSync(dir, { recursive: true })
    mkdirSync(examples, { recursive: true })
    for (const def of SCENARIOS) writeFileSync(new URL(`${def.name}.json`, dir), fixtureText(def))
    for (const [name, scenario] of Object.entries(EXAMPLES))
      writeFileSync(new URL(`${name}.json`, examples), exampleText(defNamed(scenario)))
  })
})

describe.skipIf(update)('scenario fixtures', () => {
  it('has at least 35 scenarios with unique names', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(35)
    expect(new Set(SCENARIOS.map(s => s.name)).size).toBe(SCENARIOS.length)
  })

  it.each(SCENARIOS.map(s => [s.name, s] as const))(
    '%s.json is current, and the doctor gives its expected verdict on it',
    (name, def) => {
      const text = readFileSync(new URL(`${name}.json`, dir), 'utf8')
      expect(text, 'stale: run UPDATE_FIXTURES=1 npx vitest run test/doctor/fixtures.test.ts').toBe(
        fixtureText(def),
      )
      const file = JSON.parse(text) as { snapshot: unknown }
      const got = doctorOn(file.snapshot)
      expect(got.verdict).toEqual(def.expect.verdict)
      expect(got.statuses).toMatchObject(def.expect.checks)
    },
  )

  it.each(Object.entries(EXAMPLES))(
    'examples/doctor/%s.json is current, and the doctor agrees with %s',
    (name, scenario) => {
      const def = defNamed(scenario)
      const text = readFileSync(new URL(`${name}.json`, examples), 'utf8')
      expect(text).toBe(exampleText(def))
      const got = doctorOn(JSON.parse(text))
      expect(got.verdict).toEqual(def.expect.verdict)
      expect(got.statuses).toMatchObject(def.expect.checks)
    },
  )

  it('has no file without a definition', () => {
    const files = readdirSync(dir).filter(f => f.endsWith('.json'))
    expect(files.sort()).toEqual(SCENARIOS.map(s => `${s.name}.json`).sort())
  })
})
