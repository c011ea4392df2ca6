/**
 * Runs the checks over a snapshot and turns the findings into a verdict and an exit code. Pure.
 */
import { ExitCode } from '../core/exit-codes.js'
import { CHECKS } from './checks/index.js'
import { type Check, runCheck } from './check.js'
import { derive, type Derived } from './derive.js'
import { FRONT_DOOR_NOT_APPLICABLE } from './front-door-scope.js'
import type { Finding, Hop } from './outcome.js'
import type { DoctorSnapshot } from './snapshot.js'

export interface RunOptions {
  /** Check ids, or hop numbers as text (`"3"`), to report as `skipped`. */
  readonly skip?: readonly string[]
  readonly checks?: readonly Check[]
}

/**
 * Every check's finding, in request order. A check that throws becomes `unknown`. `derived` is
 * passed by diagnose() (src/doctor/diagnose.ts), the pipeline that runs the checks once; called
 * with the default list, the probe checks reconcile on their own.
 */
export function runChecks(
  snapshot: DoctorSnapshot,
  options: RunOptions = {},
  derived: Derived = derive(snapshot),
): Finding[] {
  const skip = new Set(options.skip ?? [])
  return (options.checks ?? CHECKS).map(check => {
    const meta = { id: check.id, hop: check.hop, rows: check.rows }
    if (skip.has(check.id) || skip.has(String(check.hop)))
      return { ...meta, status: 'skipped', summary: 'skipped with --skip', evidence: [] }
    const notHere = snapshot.frontDoor ? FRONT_DOOR_NOT_APPLICABLE[check.id] : undefined
    if (notHere)
      return { ...meta, status: 'skipped', summary: `not for a front-door caller: ${notHere}`, evidence: [] }
    return runCheck(check, snapshot, derived)
  })
}

/** The verdict: the first failing hop in request order, then everything else. */
export interface Verdict {
  readonly status: 'fail' | 'incomplete' | 'pass'
  /** The first failing hop (fail), or the first hop with an unknown (incomplete). */
  readonly hop?: Hop
  readonly check?: string
  readonly summary: string
  /** The resource and the statement or rule at fault. */
  readonly resource?: string
  /** Other failures, then warnings (ids), in request order. */
  readonly otherProblems: readonly string[]
  /** Unknown checks and what would reveal each. */
  readonly unknowns: ReadonlyArray<{ readonly check: string; readonly missing: readonly string[] }>
}

/** Derive the verdict from the findings. */
export function verdictOf(all: readonly Finding[]): Verdict {
  // Request order is hop order: checks added after the list (frontdoor.*) take their hop's place;
  // the probe checks stay after every configuration check (a no-op for the lists in order).
  const rank = (f: Finding) => (f.id.startsWith('probe.') ? 100 : 0) + f.hop
  const findings = [...all].sort((a, b) => rank(a) - rank(b))
  const fails = findings.filter(f => f.status === 'fail')
  const warns = findings.filter(f => f.status === 'warn')
  const unknowns = findings
    .filter(f => f.status === 'unknown')
    .map(f => ({ check: f.id, missing: f.missing ?? [] }))
  const first = fails[0]
  if (first) {
    return {
      status: 'fail',
      hop: first.hop,
      check: first.id,
      summary: first.summary,
      ...(first.resource ? { resource: first.resource } : {}),
      otherProblems: [...fails.slice(1), ...warns].map(f => f.id),
      unknowns,
    }
  }
  const firstUnknown = findings.find(f => f.status === 'unknown')
  if (firstUnknown) {
    return {
      status: 'incomplete',
      hop: firstUnknown.hop,
      check: firstUnknown.id,
      summary: `no failure found, but ${unknowns.length} check${unknowns.length === 1 ? '' : 's'} could not be decided`,
      otherProblems: warns.map(f => f.id),
      unknowns,
    }
  }
  return {
    status: 'pass',
    summary: warns.length
      ? `no failure found (${warns.length} warning${warns.length === 1 ? '' : 's'})`
      : 'no failure found: every hop passes',
    otherProblems: warns.map(f => f.id),
    unknowns,
  }
}

/** 0 no failure, 1 a failing hop, 3 incomplete (unknowns but no failure). */
export function doctorExitCode(verdict: { readonly status: Verdict['status'] }): number {
  return verdict.status === 'fail'
    ? ExitCode.Failure
    : verdict.status === 'incomplete'
      ? ExitCode.Incomplete
      : ExitCode.Ok
}
