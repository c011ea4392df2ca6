/** What the doctor asks the collector for: the target, how to reach the caller's network, limits. */
import type {
  Collected,
  CredentialFacts,
  SigningFacts,
  SuppliedFacts,
  TargetFacts,
} from '../../doctor/snapshot.js'
import type { AttemptOptions } from './attempt.js'

/** What the doctor was asked to diagnose, and how to reach the caller's network. */
export interface CollectRequest {
  readonly target: TargetFacts
  readonly signing: SigningFacts
  /** `--vpce`: an endpoint id (its DNS name is looked up) or a DNS name. */
  readonly vpce?: {
    readonly id?: string
    readonly hostname?: string /** Stands in for the id's DNS name in target/signing until it is looked up. */
    readonly placeholder?: string
  }
  /** Where the caller's credentials came from (no secrets). */
  readonly credentials: Collected<CredentialFacts>
  readonly apiReadWith: 'caller-credentials' | 'api-credentials'
  readonly network: {
    readonly lambda?: string
    readonly fromImds?: boolean
    readonly vpcId?: string
    readonly subnetIds: readonly string[]
    readonly securityGroupIds: readonly string[]
    readonly privateIps: readonly string[]
  }
  readonly assumesRoleInVpc: boolean
  readonly supplied: SuppliedFacts
  /** Collection time: the snapshot's `collectedAt`. */
  readonly now: Date
  readonly version: string
  /** Values to scrub from the snapshot wherever they appear (session tokens, secret keys). */
  readonly secrets?: readonly string[]
  readonly attempt?: AttemptOptions
}
