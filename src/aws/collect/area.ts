/**
 * What an area of collection is: a file that starts its reads from the context and the core
 * reads it depends on, and hands back the facts it adds to the snapshot. See collect.ts for how
 * to add one.
 */
import type { DoctorSnapshot } from '../../doctor/snapshot.js'
import type { ApiReads } from './api.js'
import type { CallerReads } from './caller.js'
import type { CollectContext } from './context.js'
import type { DomainReads } from './domain.js'
import type { IdentityReads } from './identity.js'
import type { EndpointReads, NetworkReads } from './network.js'
import type { TargetReads } from './target.js'

/**
 * Every core read, by name, as a promise: an added area awaits only the ones it needs, so each
 * of its reads starts as soon as its inputs are known (`reads.callerVpcId.then(…)`, not after
 * the whole core).
 */
export type CoreReads = CallerReads &
  EndpointReads &
  DomainReads &
  TargetReads &
  IdentityReads &
  ApiReads &
  NetworkReads

/** The snapshot's sections an area may add to (every top-level part the run itself does not set). */
type Section = Exclude<
  keyof DoctorSnapshot,
  'schemaVersion' | 'collectedAt' | 'tool' | 'target' | 'signing' | 'supplied' | 'probe' | 'collection'
>

/**
 * What an added area contributes: new (optional) fields of the snapshot's sections, merged into
 * them field by field (`{ network: { ipv6: … } }` becomes `snapshot.network.ipv6`). An area adds
 * fields; it never replaces one another area set.
 */
export type SnapshotAddition = { readonly [K in Section]?: Partial<DoctorSnapshot[K]> }

/** An added area: reads through `ctx.get` (never throws for AWS problems), returns its facts. */
export type Area = (ctx: CollectContext, reads: CoreReads) => Promise<SnapshotAddition>

/** The core sections with every addition merged in, field by field. */
export function withAdditions<T extends Record<Section, object>>(
  core: T,
  additions: readonly SnapshotAddition[],
): T {
  const out: Record<string, object> = { ...core }
  for (const add of additions)
    for (const [section, fields] of Object.entries(add)) {
      if (fields) out[section] = { ...out[section], ...fields }
    }
  return out as T
}
