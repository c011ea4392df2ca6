/**
 * What the configuration says, per hop, read from the findings already computed (never by
 * running a check again). The hop of each check is the check's own; a check that crashed is an
 * `unknown` finding like any other.
 */
import { CONFIGURATION_CHECK_IDS, type ConfigurationCheckId } from '../check-ids.js'
import type { Finding, Hop } from '../outcome.js'
import type { ProbeFacts } from '../snapshot.js'
import { NOT_COMPARED } from './causes.js'

/** A fact a configuration check could not read, measured by the probe itself. */
export interface Settled {
  readonly id: ConfigurationCheckId
  readonly status: 'pass' | 'fail'
  /** What the probe measured, e.g. `API Gateway's Date is +1.2 s from the local clock`. */
  readonly measured: string
}

export interface HopReading {
  readonly fails: readonly ConfigurationCheckId[]
  /** Checks that could not be read, apart from those the probe settled. */
  readonly unknowns: readonly ConfigurationCheckId[]
  readonly passes: readonly ConfigurationCheckId[]
  readonly settled: readonly Settled[]
  readonly summaries: Readonly<Partial<Record<ConfigurationCheckId, string>>>
}

/** The state of a hop's configuration for one live outcome (a row of the agreement table). */
export interface HopState {
  readonly state: 'fails' | 'measured-fails' | 'unknown' | 'passes'
  /** The one check not read, reconciled as the likely cause instead of hiding the rest (see causes.ts `via`). */
  readonly unreadCause?: ConfigurationCheckId
}

export type Configuration = (hops: readonly Hop[]) => HopReading

const COMPARED: ReadonlySet<string> = new Set(CONFIGURATION_CHECK_IDS.filter(id => !(id in NOT_COMPARED)))

/** The configuration, per set of hops, from the findings of the configuration checks. */
export function readConfiguration(findings: readonly Finding[], facts: ProbeFacts): Configuration {
  const compared = findings.filter((f): f is Finding & { id: ConfigurationCheckId } => COMPARED.has(f.id))
  const cache = new Map<string, HopReading>()
  return hops => {
    const key = hops.join(',')
    let r = cache.get(key)
    if (!r) cache.set(key, (r = readHops(compared, hops, facts)))
    return r
  }
}

function readHops(
  findings: ReadonlyArray<Finding & { id: ConfigurationCheckId }>,
  hops: readonly Hop[],
  facts: ProbeFacts,
): HopReading {
  const fails: ConfigurationCheckId[] = []
  const unknowns: ConfigurationCheckId[] = []
  const passes: ConfigurationCheckId[] = []
  const settled: Settled[] = []
  const summaries: Partial<Record<ConfigurationCheckId, string>> = {}
  for (const hop of hops) {
    for (const f of findings.filter(x => x.hop === hop)) {
      summaries[f.id] = f.summary
      if (f.status === 'fail') fails.push(f.id)
      else if (f.status === 'pass' || f.status === 'warn') passes.push(f.id)
      else if (f.status === 'unknown') {
        const live = SETTLED_LIVE[f.id]?.(facts)
        if (live) settled.push({ id: f.id, ...live })
        else unknowns.push(f.id)
      }
    }
  }
  return { fails, unknowns, passes, settled, summaries }
}

/** The hop's state for an outcome whose likely cause is read by `via` (when there is one). */
export function stateOf(r: HopReading, via?: ConfigurationCheckId): HopState {
  if (r.fails.length > 0) return { state: 'fails' }
  if (r.settled.some(x => x.status === 'fail')) return { state: 'measured-fails' }
  if (r.unknowns.length === 0) return { state: 'passes' }
  // The rest of the hop was read and allows; only the check of the likely cause was not.
  if (via && r.unknowns.every(u => u === via) && r.passes.length > 0)
    return { state: 'passes', unreadCause: via }
  return { state: 'unknown' }
}

const FIVE_MIN = 5 * 60_000

/**
 * Facts the probe measures itself, settling a check that could not read them: API Gateway's
 * `Date` against the local clock settles the clock check (SigV4 allows 5 minutes).
 */
const SETTLED_LIVE: Readonly<
  Partial<Record<ConfigurationCheckId, (facts: ProbeFacts) => Omit<Settled, 'id'> | undefined>>
> = {
  'signing.clock-skew': facts => {
    const offset = clockOffset(facts)
    if (offset === undefined) return undefined
    return {
      status: Math.abs(offset) > FIVE_MIN ? 'fail' : 'pass',
      measured: `API Gateway's Date is ${fmtOffset(offset)} from the local clock`,
    }
  },
}

/** The median of the offsets the probe measured (API Gateway's Date minus the local clock). */
export function clockOffset(facts: ProbeFacts): number | undefined {
  const offsets = facts.attempts
    .map(a => a.clockOffsetMs)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b)
  return offsets[Math.floor(offsets.length / 2)]
}

export const fmtOffset = (ms: number): string => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`
