/**
 * Reconciling `--probe`'s live evidence with the configuration. Pure: a function of the
 * snapshot, the derived facts and the configuration checks' findings (read, never re-run).
 *
 * Configuration says what should happen; the wire says what does. Each live request is
 * classified (src/core/classify-outcome.ts: the hops that can produce its outcome), then placed at the
 * hop the configuration confirms (attempts.ts). Per probe check, the live requests that stopped
 * at its hops, got through, or never reached them are compared with the configuration of those
 * hops (reading.ts): a row of the agreement table (table.ts) with the likely cause from the
 * cause tables (causes.ts), decided in decide-hop.ts / decide-dns.ts and worded in words.ts.
 *
 * A layer is never claimed from message text alone where the configuration can confirm one:
 * the words (`wordingHop`) decide only between hops the configuration could not read. Results
 * that cannot speak for the caller (the probe ran outside its network, signed as another
 * principal, or sent another route) are marked not comparable instead of contradicting.
 */
import type { Derived } from '../derive.js'
import type { Finding } from '../outcome.js'
import { valueOf, type DoctorSnapshot } from '../snapshot.js'
import { viewAttempts } from './attempts.js'
import { decideDns } from './decide-dns.js'
import { decideHop } from './decide-hop.js'
import { PROBE_CHECK_IDS, type ProbeCheckId } from './meta.js'
import { readConfiguration } from './reading.js'
import type { ProbeJudgement, ProbeReconciliation } from './types.js'
import { word } from './words.js'

export type { Agreement, AttemptView, Confidence, ProbeJudgement, ProbeReconciliation } from './types.js'
export { isProbeCheck, PROBE_CHECK_IDS, PROBE_META, type ProbeCheckId } from './meta.js'

/**
 * The reconciliation, or undefined when the snapshot holds no probe results. `findings` are the
 * configuration checks' (every one run, whatever `--skip` hides: skipping hides a finding, it
 * does not unread the configuration).
 */
export function reconcile(
  s: DoctorSnapshot,
  d: Derived,
  findings: readonly Finding[],
): ProbeReconciliation | undefined {
  const facts = valueOf(s.probe)
  if (!facts) return undefined
  const eniIps = d.endpointAddresses.status === 'ok' ? d.endpointAddresses.value.map(e => e.ip) : undefined
  const config = readConfiguration(findings, facts)
  const attempts = viewAttempts(facts, eniIps, config)
  const ctx = { s, d, facts }
  const judgements = {} as Record<ProbeCheckId, ProbeJudgement>
  for (const id of PROBE_CHECK_IDS) {
    const decision =
      id === 'probe.dns'
        ? decideDns(s, d, facts, attempts, eniIps, config([2]))
        : decideHop(s, d, id, facts, attempts, config)
    judgements[id] = word(decision, ctx)
  }
  const confirms = [...new Set(Object.values(judgements).flatMap(j => j.confirms))]
  const contradicts = [...new Set(Object.values(judgements).flatMap(j => j.contradicts))]
  return { facts, attempts, judgements, confirms, contradicts }
}
