/** Every fix the doctor prints for the shipped scenario fixtures and examples. */
import { readFileSync, readdirSync } from 'node:fs'
import { runChecks } from '../../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { IPV6_SCENARIOS } from '../scenario-defs-ipv6.js'

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
  // The dual-stack scenarios are definitions, not fixture files: their fixes are run the same way.
  for (const def of IPV6_SCENARIOS)
    for (const f of runChecks(def.build() as DoctorSnapshot))
      if (f.fix && (f.status === 'fail' || f.status === 'warn'))
        out.push({ file: `${def.name} (scenario-defs-ipv6.ts)`, check: f.id, status: f.status, fix: f.fix })
  return out
}

/** The AWS CLI command lines of a fix: lines that start with `aws `. */
export const commandLines = (fix: string): string[] =>
  fix
    .split('\n')
    .map(l => l.trim())
    .filter(l => l.startsWith('aws '))
