/**
 * Runs one doctor check on a builder snapshot, the way `runChecks` does (derived facts included).
 * Check tests assert the facts a user acts on (ids, statement, port, direction), never whole
 * sentences: fix texts are reworded freely, their ids are not.
 */
import { expect } from 'vitest'
import type { Check, Finding } from '../../../src/doctor/finding.js'
import { runChecks } from '../../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import type { Draft } from '../builders.js'

export function runCheck(check: Check, s: Draft<DoctorSnapshot>): Finding {
  const [f] = runChecks(s as DoctorSnapshot, { checks: [check] })
  if (!f) throw new Error('no finding')
  // A crash is reported as unknown "check crashed": never what a test expects.
  expect(f.summary).not.toMatch(/^check crashed/)
  return f
}

/** All the evidence lines of a finding, one string. */
export const evidenceText = (f: Finding): string => f.evidence.map(e => e.text).join('\n')

/** Asserts a status and that every fact appears in the summary. */
export function expectFinding(
  f: Finding,
  status: Finding['status'],
  facts: {
    summary?: readonly string[]
    fix?: readonly string[]
    evidence?: readonly string[]
    resource?: string
  } = {},
): void {
  expect({ status: f.status, summary: f.summary }).toMatchObject({ status })
  for (const x of facts.summary ?? []) expect(f.summary).toContain(x)
  for (const x of facts.fix ?? []) expect(f.fix ?? '').toContain(x)
  for (const x of facts.evidence ?? []) expect(evidenceText(f)).toContain(x)
  if (facts.resource !== undefined) expect(f.resource).toBe(facts.resource)
  if (status === 'fail' || status === 'warn') expect(f.fix, 'a fail or warn carries a fix').toBeTruthy()
  if (status === 'unknown') expect(f.missing).toBeDefined()
  expect(f.summary.length).toBeGreaterThan(0)
}

/** Every line of a fix is a comment, an AWS CLI command or a pvapi command (nothing stray, nothing run together). */
export function expectFixLines(f: Finding, ...starts: readonly RegExp[]): void {
  const lines = (f.fix ?? '').split('\n')
  for (const l of lines) expect(l, 'a fix line').toMatch(/^(# |aws |pvapi )/)
  for (const s of starts)
    expect(
      lines.some(l => s.test(l)),
      `a line matching ${s}`,
    ).toBe(true)
}
