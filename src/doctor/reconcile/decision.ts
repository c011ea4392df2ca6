/**
 * A decision: the agreement table's row, and the facts words.ts turns into the finding's
 * sentences. Deciding never builds a sentence; wording never decides.
 */
import type { ConfigurationCheckId } from '../check-ids.js'
import type { Evidence, Hop } from '../outcome.js'
import type { ProbeFacts } from '../snapshot.js'
import type { PassCause, StopCause } from './causes.js'
import type { Settled } from './reading.js'
import type { RowKey } from './table.js'
import type { AttemptView } from './types.js'

/** The likely cause of a stop the configuration does not explain. */
export interface StopCauseFacts {
  readonly cause: StopCause
  readonly cls: AttemptView['classification']['class']
  /** The cause's own check could not be read: it is named as the likely cause (with why it is unknown). */
  readonly unread?: { readonly id: ConfigurationCheckId; readonly summary: string }
  /** The cause's own check passes, e.g. CloudTrail shows no policy change since this date: the change predates it. */
  readonly lookbackSince?: string
}

/** What the wire did at the hops a probe check judges (the facts its sentences are made of). */
export interface Wire {
  /** The hop named in sentences (the last the check judges). */
  readonly hop: Hop
  /** Signed requests that stopped at the judged hops. */
  readonly stopped: readonly AttemptView[]
  /** Signed requests that got through them. */
  readonly passed: readonly AttemptView[]
  /** How many signed requests went through the endpoint. */
  readonly signed: number
  /** The route the probe sent, when it is not the one evaluated (--probe-path). */
  readonly otherRoute?: { readonly method: string; readonly path: string }
}

/** A live DNS outcome that is not the endpoint's addresses. */
export type DnsMiss =
  | { readonly kind: 'failed'; readonly host: string; readonly dns: ProbeFacts['dns'] }
  | {
      readonly kind: 'foreign'
      readonly host: string
      readonly foreign: readonly string[]
      readonly eniIps: readonly string[] | undefined
    }

export type Say =
  // hops 1, 3-8
  | { readonly kind: 'no-signed-request'; readonly wire: Wire; readonly why: string }
  | { readonly kind: 'not-reached'; readonly wire: Wire; readonly earliest?: Hop }
  | { readonly kind: 'stop-not-comparable'; readonly first: AttemptView; readonly why: string }
  | { readonly kind: 'through-not-comparable'; readonly wire: Wire; readonly why: string }
  | { readonly kind: 'stop-confirms'; readonly wire: Wire; readonly confirms: readonly string[] }
  | { readonly kind: 'stop-measured'; readonly wire: Wire; readonly settled: readonly Settled[] }
  | { readonly kind: 'stop-unread'; readonly wire: Wire; readonly unknowns: readonly string[] }
  | { readonly kind: 'stop-disagrees'; readonly wire: Wire; readonly cause: StopCauseFacts }
  | {
      readonly kind: 'through-disagrees'
      readonly wire: Wire
      readonly fails: readonly string[]
      readonly cause: PassCause
    }
  | { readonly kind: 'through-client-signing'; readonly wire: Wire; readonly fails: readonly string[] }
  | { readonly kind: 'through-unread'; readonly wire: Wire; readonly unknowns: readonly string[] }
  | { readonly kind: 'through-agrees'; readonly wire: Wire; readonly settled: readonly Settled[] }
  | { readonly kind: 'unsigned-not-required'; readonly outcome: string }
  | { readonly kind: 'unsigned-required'; readonly type: string }
  // some ENIs answer, others do not
  | { readonly kind: 'zone-not-comparable'; readonly wire: Wire; readonly why: string }
  | {
      readonly kind: 'zone-confirms'
      readonly wire: Wire
      readonly confirms: readonly string[]
      readonly subnets: readonly string[]
    }
  | {
      readonly kind: 'zone-unread'
      readonly wire: Wire
      readonly unknowns: readonly string[]
      readonly subnets: readonly string[]
    }
  | { readonly kind: 'zone-disagrees'; readonly wire: Wire; readonly subnets: readonly string[] }
  // hop 2
  | { readonly kind: 'dns-not-resolved'; readonly host: string }
  | { readonly kind: 'dns-no-answer'; readonly host: string }
  | { readonly kind: 'dns-not-comparable'; readonly miss: DnsMiss; readonly server: string }
  | { readonly kind: 'dns-confirms'; readonly miss: DnsMiss; readonly confirms: readonly string[] }
  | { readonly kind: 'dns-unread'; readonly miss: DnsMiss; readonly unknowns: readonly string[] }
  | { readonly kind: 'dns-disagrees'; readonly miss: DnsMiss }
  | { readonly kind: 'dns-unknown-enis'; readonly host: string; readonly answered: readonly string[] }
  | { readonly kind: 'dns-right-not-comparable'; readonly host: string; readonly server: string }
  | { readonly kind: 'dns-fails-but-resolves'; readonly host: string; readonly fails: readonly string[] }
  | { readonly kind: 'dns-agrees'; readonly host: string; readonly answered: readonly string[] }

export interface Decision {
  readonly row: RowKey
  readonly say: Say
  readonly evidence: readonly Evidence[]
  readonly confirms?: readonly string[]
  readonly contradicts?: readonly string[]
  readonly resource?: string
  readonly missing?: readonly string[]
}
