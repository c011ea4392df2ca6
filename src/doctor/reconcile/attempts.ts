/**
 * The live requests as the reports show them, each stopped one placed at a hop: the one the
 * configuration confirms, else the words, else the usual suspect (a layer is never claimed from
 * message text alone where the configuration can confirm one).
 */
import { classifyOutcome, outcomeLabel, type Classification } from '../../core/classify-outcome.js'
import type { Hop } from '../outcome.js'
import type { ProbeFacts } from '../snapshot.js'
import { NETWORK_CLASSES, stopCause } from './causes.js'
import { type Configuration, type HopState, stateOf } from './reading.js'
import { AGREEMENT } from './table.js'
import type { AttemptView } from './types.js'

/** Every live request that was not interrupted, classified and placed. */
export function viewAttempts(
  facts: ProbeFacts,
  eniIps: readonly string[] | undefined,
  config: Configuration,
): AttemptView[] {
  const attempts: AttemptView[] = facts.attempts
    .filter(a => classifyOutcome(a).class !== 'interrupted')
    .map(a => {
      const classification = classifyOutcome(a)
      const kind = a.kind ?? (a.signed === false ? 'unsigned' : 'signed')
      const label =
        kind === 'eni' ? `ENI ${a.address}${a.availabilityZone ? ` (${a.availabilityZone})` : ''}` : kind
      const throughEndpoint =
        kind === 'eni' || (a.address !== '' && (eniIps === undefined || eniIps.includes(a.address)))
      const outcome = `${outcomeLabel(a)}${a.message && a.httpStatus !== undefined ? `: "${shorten(a.message)}"` : ''}`
      const base = { label, facts: { ...a, kind }, classification, outcome, throughEndpoint }
      if (classification.ok || kind === 'unsigned') return base
      return { ...base, ...place(classification, throughEndpoint, config) }
    })

  // Security groups apply to every ENI of an endpoint alike, within one address family (a rule
  // may allow IPv4 and not IPv6): when some ENIs answer over a family and others do not, the
  // cause is per zone (that subnet's NACL or route), hop 5.
  const answeredEni = (family: 4 | 6) =>
    attempts.some(
      v => v.facts.kind === 'eni' && v.facts.httpStatus !== undefined && attemptFamily(v.facts) === family,
    )
  {
    for (const [i, v] of attempts.entries()) {
      if (
        v.facts.kind === 'eni' &&
        NETWORK_CLASSES.has(v.classification.class) &&
        v.hop === 3 &&
        answeredEni(attemptFamily(v.facts))
      ) {
        attempts[i] = {
          ...v,
          hop: 5,
          placedBy: stateOf(config([5])).state === 'fails' ? 'configuration' : 'candidates',
        }
      }
    }
  }
  return attempts
}

/** The hop a stopped request is placed at, by the agreement table's placement order. */
function place(
  c: Classification,
  throughEndpoint: boolean,
  config: Configuration,
): Pick<AttemptView, 'hop' | 'placedBy'> {
  // An answer from an address that is not the endpoint's says something about DNS only.
  if (!throughEndpoint) return { hop: 2, placedBy: 'dns' }
  const state = (h: Hop): HopState['state'] => stateOf(config([h]), stopCause(h, c.class).via).state
  const candidates = c.hops
  const confirmed = candidates.find(h => state(h) === 'fails')
  if (confirmed !== undefined) return { hop: confirmed, placedBy: AGREEMENT['stops × fails'].placement }
  const measured = candidates.find(h => state(h) === 'measured-fails')
  if (measured !== undefined) return { hop: measured, placedBy: AGREEMENT['stops × measured live'].placement }
  if (c.wordingHop !== undefined && state(c.wordingHop) === 'unknown')
    return { hop: c.wordingHop, placedBy: AGREEMENT['stops × unknown, by wording'].placement }
  const unreadable = candidates.find(h => state(h) === 'unknown')
  if (unreadable !== undefined) return { hop: unreadable, placedBy: AGREEMENT['stops × unknown'].placement }
  // The configuration allows every candidate: a disagreement, at the likeliest hop.
  const placedBy = AGREEMENT['stops × passes'].placement
  if (NETWORK_CLASSES.has(c.class)) return { hop: 5, placedBy }
  return { hop: c.wordingHop ?? candidates[0] ?? 8, placedBy }
}

/** A long message kept readable in one line: its start and its end. */
function shorten(message: string): string {
  return message.length <= 110 ? message : `${message.slice(0, 62)} … ${message.slice(-40)}`
}

/** The family an attempt connected over: recorded, else that of its address (older snapshots). */
export function attemptFamily(a: { readonly family?: 4 | 6; readonly address: string }): 4 | 6 {
  return a.family ?? (a.address.includes(':') ? 6 : 4)
}
