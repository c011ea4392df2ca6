/** The reconciliation's vocabulary: how the wire compares with the configuration, per probe check. */
import type { Classification } from '../../core/classify-outcome.js'
import type { CheckOutcome, Hop } from '../outcome.js'
import type { ProbeAttemptFacts, ProbeFacts } from '../snapshot.js'
import type { ProbeCheckId } from './meta.js'

export type Agreement = 'agrees' | 'disagrees' | 'live-only' | 'not-comparable' | 'not-reached'
export type Confidence = 'high' | 'medium' | 'low'

/**
 * How a stopped request's hop was chosen: a failing check there (`configuration`), the live
 * measurement of a fact the configuration could not read (`live-measurement`), the message's
 * words where the configuration could not be read (`wording`), the first candidate that could
 * not be read (`unreadable-configuration`), the usual suspect (`candidates`), or the address
 * it reached (`dns`: not the endpoint's, so it speaks for DNS only).
 */
export type Placement =
  | 'configuration'
  | 'live-measurement'
  | 'wording'
  | 'candidates'
  | 'unreadable-configuration'
  | 'dns'

/** One live request, as the reports show it. */
export interface AttemptView {
  /** `signed`, `unsigned`, or `ENI 10.0.2.10 (us-east-1a)`. */
  readonly label: string
  readonly facts: ProbeAttemptFacts
  readonly classification: Classification
  /** `HTTP 403 AccessDeniedException: "User: …"` or `connect timeout (28)`. */
  readonly outcome: string
  /** The hop it stopped at, after reconciliation (absent: it went through, or it is the unsigned request). */
  readonly hop?: Hop
  /** How the hop was chosen. */
  readonly placedBy?: Placement
  /** False when it reached an address that is not one of the endpoint's ENIs: it then speaks for DNS only. */
  readonly throughEndpoint: boolean
}

/** The reconciliation for one probe check. */
export interface ProbeJudgement extends CheckOutcome {
  readonly agreement: Agreement
  readonly confidence: Confidence
  /** Failing configuration checks the wire confirms. */
  readonly confirms: readonly string[]
  /** Configuration checks the wire contradicts. */
  readonly contradicts: readonly string[]
}

export interface ProbeReconciliation {
  readonly facts: ProbeFacts
  readonly attempts: readonly AttemptView[]
  readonly judgements: Readonly<Record<ProbeCheckId, ProbeJudgement>>
  readonly confirms: readonly string[]
  readonly contradicts: readonly string[]
}
