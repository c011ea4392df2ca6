/**
 * Findings: what one check concluded, as data. Checks never print; renderers turn findings
 * into text, JSON or Markdown. A `Check` itself is in check.ts; finding.ts re-exports both for
 * the check files.
 */
import type { ConditionExplanation } from '../policy/index.js'
import type { NotCollected } from './snapshot.js'

/**
 * `pass` the hop is fine for this aspect; `warn` works but is fragile or non-compliant;
 * `fail` this breaks the call; `unknown` could not be decided from what was read (the finding
 * names what would reveal it); `skipped` not applicable, or `--skip`ped.
 */
export type CheckStatus = 'pass' | 'warn' | 'fail' | 'unknown' | 'skipped'

// The hops are shared vocabulary (call --repeat and the outcome classifier speak of them too).
export { HOP_TITLES, type Hop } from '../core/hop.js'
import type { Hop } from '../core/hop.js'

/** A policy statement named in evidence. */
export interface StatementEvidence {
  /** The policy's label, e.g. `resource policy` or `identity policy invoke-items`. */
  readonly policy: string
  readonly index: number
  readonly sid?: string
  readonly effect: 'Allow' | 'Deny'
}

/** One piece of evidence: always a human line, plus the structured facts behind it. */
export interface Evidence {
  readonly text: string
  /** A resource id: sg-…, vpce-…, acl-…, an ARN. */
  readonly resource?: string
  /** A security group rule id or NACL rule number. */
  readonly rule?: string
  readonly statement?: StatementEvidence
  readonly condition?: ConditionExplanation
}

/** What a check returns; runChecks adds the id, hop and rows. */
export interface CheckOutcome {
  readonly status: CheckStatus
  /** One line. */
  readonly summary: string
  readonly evidence: readonly Evidence[]
  /** For fail/warn: an AWS CLI command or a policy snippet, with the real ids. */
  readonly fix?: string
  /** For unknown: the permissions or inputs that would reveal the answer. */
  readonly missing?: readonly string[]
  /** The resource at fault (for the verdict line). */
  readonly resource?: string
}

/** A check's result, as reported. */
export interface Finding extends CheckOutcome {
  readonly id: string
  readonly hop: Hop
  /** Rows of the field guide's failure-mode table this check detects. */
  readonly rows: readonly number[]
}

type EvidenceInput = Evidence | string

const asEvidence = (e: readonly EvidenceInput[] = []): Evidence[] =>
  e.map(x => (typeof x === 'string' ? { text: x } : x))

/** A passing outcome. */
export function pass(summary: string, evidence?: readonly EvidenceInput[]): CheckOutcome {
  return { status: 'pass', summary, evidence: asEvidence(evidence) }
}

/** A failing outcome with its fix. */
export function fail(
  summary: string,
  fix: string,
  evidence?: readonly EvidenceInput[],
  resource?: string,
): CheckOutcome {
  return { status: 'fail', summary, fix, evidence: asEvidence(evidence), ...(resource ? { resource } : {}) }
}

/** A warning with its fix. */
export function warn(
  summary: string,
  fix: string,
  evidence?: readonly EvidenceInput[],
  resource?: string,
): CheckOutcome {
  return { status: 'warn', summary, fix, evidence: asEvidence(evidence), ...(resource ? { resource } : {}) }
}

/** Not applicable. */
export function skipped(summary: string, evidence?: readonly EvidenceInput[]): CheckOutcome {
  return { status: 'skipped', summary, evidence: asEvidence(evidence) }
}

/** Could not decide; `missing` names what would reveal it. */
export function unknown(
  summary: string,
  missing: readonly string[],
  evidence?: readonly EvidenceInput[],
): CheckOutcome {
  return { status: 'unknown', summary, evidence: asEvidence(evidence), missing: [...new Set(missing)] }
}

/** The permission or input that would reveal a fact that was not read. */
export function missingFor(c: NotCollected): string[] {
  switch (c.status) {
    case 'denied':
      return [c.action]
    case 'not-collected':
      return c.hint ? [c.hint] : []
    case 'error':
      return c.action ? [c.action] : []
    case 'not-found':
      return []
  }
}

/** Why a fact is missing, in a few words. */
export function whyMissing(c: NotCollected): string {
  switch (c.status) {
    case 'denied':
      return `${c.action} was denied`
    case 'not-found':
      return c.message ? `not found: ${c.message}` : 'not found'
    case 'error':
      return `read failed: ${c.message}`
    case 'not-collected':
      return c.reason
  }
}

/** An unknown outcome for a fact that could not be read. */
export function unknownFrom(
  what: string,
  c: NotCollected,
  extraMissing: readonly string[] = [],
): CheckOutcome {
  // A not-collected value already names the input that would reveal it.
  const extra = c.status === 'not-collected' && c.hint ? [] : extraMissing
  return unknown(`could not check ${what}: ${whyMissing(c)}`, [...missingFor(c), ...extra])
}
