/**
 * A decision: the agreement table's row, and the facts words.ts turns into the finding's
 * sentences. Deciding never builds a sentence; wording never decides.
 */
import type { ConfigurationCheckId } from '../check-ids.js'
import type { Evidence, Hop } from '../outcome.js'
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

export type Say =
  // hops 1, 3-8
  | { readonly kind: 'no-signed-request'; readonly where: string; readonly why: string }
  | { readonly kind: 'not-reached'; readonly where: string; readonly earliest?: Hop }
  | { readonly kind: 'stop-not-comparable'; readonly first: AttemptView; readonly why: string }
  | {
      readonly kind: 'through-not-comparable'
      readonly through: string
      readonly where: string
      readonly why: string
    }
  | {
      readonly kind: 'stop-confirms'
      readonly confirms: readonly string[]
      readonly stopped: string
      readonly mixed: string
      readonly routeNote: string
    }
  | {
      readonly kind: 'stop-measured'
      readonly where: string
      readonly stopped: string
      readonly mixed: string
      readonly routeNote: string
      readonly settled: readonly Settled[]
    }
  | {
      readonly kind: 'stop-unread'
      readonly where: string
      readonly stopped: string
      readonly mixed: string
      readonly routeNote: string
      readonly unknowns: readonly string[]
    }
  | {
      readonly kind: 'stop-disagrees'
      readonly where: string
      readonly stopped: string
      readonly mixed: string
      readonly routeNote: string
      readonly cause: StopCauseFacts
    }
  | {
      readonly kind: 'through-disagrees'
      readonly fails: readonly string[]
      readonly through: string
      readonly where: string
      readonly routeNote: string
      readonly cause: PassCause
      readonly hops: readonly Hop[]
    }
  | { readonly kind: 'through-client-signing'; readonly where: string; readonly fails: readonly string[] }
  | {
      readonly kind: 'through-unread'
      readonly through: string
      readonly where: string
      readonly unknowns: readonly string[]
      readonly routeNote: string
    }
  | {
      readonly kind: 'through-agrees'
      readonly through: string
      readonly where: string
      readonly routeNote: string
      readonly settled: readonly Settled[]
    }
  | { readonly kind: 'unsigned-not-required'; readonly outcome: string }
  | { readonly kind: 'unsigned-required'; readonly type: string }
  // some ENIs answer, others do not
  | { readonly kind: 'zone-not-comparable'; readonly what: string; readonly why: string }
  | {
      readonly kind: 'zone-confirms'
      readonly what: string
      readonly confirms: readonly string[]
      readonly subnets: readonly string[]
    }
  | {
      readonly kind: 'zone-unread'
      readonly what: string
      readonly unknowns: readonly string[]
      readonly subnets: readonly string[]
    }
  | { readonly kind: 'zone-disagrees'; readonly what: string; readonly subnets: readonly string[] }
  // hop 2
  | { readonly kind: 'dns-not-resolved'; readonly host: string }
  | { readonly kind: 'dns-no-answer'; readonly host: string }
  | { readonly kind: 'dns-not-comparable'; readonly what: string; readonly server: string }
  | { readonly kind: 'dns-confirms'; readonly what: string; readonly confirms: readonly string[] }
  | { readonly kind: 'dns-unread'; readonly what: string; readonly unknowns: readonly string[] }
  | { readonly kind: 'dns-fails-disagrees'; readonly what: string }
  | { readonly kind: 'dns-foreign-disagrees'; readonly what: string }
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
