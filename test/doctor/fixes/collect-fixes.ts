/** Every fix the doctor prints for the shipped scenario fixtures and examples. */
import { readFileSync, readdirSync } from 'node:fs'
import { runChecks } from '../../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { AWS2026_SCENARIOS } from '../scenario-defs-aws2026.js'
import { FRONT_DOOR_SCENARIOS } from '../scenario-defs-frontdoor.js'
import { HYBRID_SCENARIOS } from '../scenario-defs-hybrid.js'
import { IPV6_SCENARIOS } from '../scenario-defs-ipv6.js'
import type { ScenarioDef } from '../scenario-defs.js'
import { NETWORK_BRANCH_SCENARIOS } from '../scenario-defs-branches-network.js'
import { FRONT_DOOR_BRANCH_SCENARIOS } from '../scenario-defs-branches-frontdoor.js'
import { HYBRID_BRANCH_SCENARIOS } from '../scenario-defs-branches-hybrid.js'

const IN_MEMORY: ReadonlyArray<readonly [readonly ScenarioDef[], string]> = [
  [AWS2026_SCENARIOS, 'scenario-defs-aws2026.ts'],
  [HYBRID_SCENARIOS, 'scenario-defs-hybrid.ts'],
  [FRONT_DOOR_SCENARIOS, 'scenario-defs-frontdoor.ts'],
  [IPV6_SCENARIOS, 'scenario-defs-ipv6.ts'],
  [NETWORK_BRANCH_SCENARIOS, 'scenario-defs-branches-network.ts'],
  [FRONT_DOOR_BRANCH_SCENARIOS, 'scenario-defs-branches-frontdoor.ts'],
  [HYBRID_BRANCH_SCENARIOS, 'scenario-defs-branches-hybrid.ts'],
]

export interface PrintedFix {
  readonly file: string
  readonly check: string
  readonly status: string
  readonly fix: string
}

const DIRS = ['../../../fixtures/snapshots/', '../../../examples/doctor/']

export function printedFixes(): PrintedFix[] {
  const out: PrintedFix[] = []
  for (const rel of DIRS) {
    const dir = new URL(rel, import.meta.url)
    for (const file of readdirSync(dir)
      .filter(f => f.endsWith('.json'))
      .sort()) {
      const raw = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as { snapshot?: DoctorSnapshot }
      const snapshot = (raw.snapshot ?? raw) as DoctorSnapshot
      for (const f of runChecks(snapshot))
        if (f.fix && (f.status === 'fail' || f.status === 'warn'))
          out.push({ file, check: f.id, status: f.status, fix: f.fix })
    }
  }
  // Scenarios that ship no fixture file (AWS 2025-2026, callers outside the endpoint's VPC, ...):
  // their fixes are run from the definitions.
  for (const [defs, from] of IN_MEMORY)
    for (const def of defs)
      for (const f of runChecks(def.build() as DoctorSnapshot))
        if (f.fix && (f.status === 'fail' || f.status === 'warn'))
          out.push({ file: `${def.name} (${from})`, check: f.id, status: f.status, fix: f.fix })
  return out
}

/** The AWS CLI command lines of a fix: lines that start with `aws `. */
export const commandLines = (fix: string): string[] =>
  fix
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.startsWith('aws '))
