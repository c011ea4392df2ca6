/** Hop 2: the probe's own resolution, and where the requests that used DNS went. */
import { dnsSpeaksForCaller } from '../checks/dns-private-resolution.js'
import type { Derived } from '../derive.js'
import type { DoctorSnapshot, ProbeFacts } from '../snapshot.js'
import { DNS_EXPLAINERS } from './causes.js'
import type { Decision, DnsMiss } from './decision.js'
import { stateOf, type HopReading } from './reading.js'
import type { AttemptView } from './types.js'
import { dnsEvidence } from './words.js'

export function decideDns(
  s: DoctorSnapshot,
  d: Derived,
  facts: ProbeFacts,
  attempts: readonly AttemptView[],
  eniIps: readonly string[] | undefined,
  cfg: HopReading,
): Decision {
  const viaDns = attempts.filter(v => v.facts.kind === 'signed' || v.facts.kind === 'unsigned')
  const dns = facts.dns
  const host = facts.connectHost ?? s.target.connectHost
  if (!dns && viaDns.length === 0)
    return { row: 'not reached', say: { kind: 'dns-not-resolved', host }, evidence: [] }
  const evidence = dnsEvidence(dns, viaDns, eniIps)
  const server = dns?.server ?? 'system'
  const speaks = dnsSpeaksForCaller(s, d, server)
  const failed =
    (dns && dns.result !== 'answer') || viaDns.some(v => v.classification.class === 'dns-failure')
  const answered = [
    ...new Set([...(dns?.addresses ?? []), ...viaDns.map(v => v.facts.address).filter(a => a !== '')]),
  ]
  const foreign = eniIps ? answered.filter(a => !eniIps.includes(a)) : []
  const configDns = cfg.fails.filter(f => f.startsWith('dns.'))
  const explain = DNS_EXPLAINERS.filter(c => cfg.passes.includes(c))
  if (failed) {
    const miss: DnsMiss = { kind: 'failed', host, dns }
    if (!speaks) return { row: 'not comparable', say: { kind: 'dns-not-comparable', miss, server }, evidence }
    if (configDns.length)
      return {
        row: 'stops × fails',
        say: { kind: 'dns-confirms', miss, confirms: configDns },
        evidence,
        confirms: configDns,
        resource: host,
      }
    if (stateOf(cfg).state === 'unknown')
      return {
        row: 'stops × unknown',
        say: { kind: 'dns-unread', miss, unknowns: cfg.unknowns },
        evidence,
        resource: host,
      }
    return {
      row: 'stops × passes',
      say: { kind: 'dns-disagrees', miss },
      evidence,
      contradicts: explain,
      resource: host,
    }
  }
  if (answered.length === 0) return { row: 'not reached', say: { kind: 'dns-no-answer', host }, evidence }
  if (foreign.length > 0) {
    const miss: DnsMiss = { kind: 'foreign', host, foreign, eniIps }
    if (!speaks) return { row: 'not comparable', say: { kind: 'dns-not-comparable', miss, server }, evidence }
    if (configDns.length)
      return {
        row: 'stops × fails',
        say: { kind: 'dns-confirms', miss, confirms: configDns },
        evidence,
        confirms: configDns,
        resource: host,
      }
    return {
      row: 'stops × passes',
      say: { kind: 'dns-disagrees', miss },
      evidence,
      contradicts: explain,
      resource: host,
    }
  }
  if (!eniIps)
    return { row: 'through × unknown addresses', say: { kind: 'dns-unknown-enis', host, answered }, evidence }
  if (!speaks)
    return {
      row: 'through, not comparable',
      say: { kind: 'dns-right-not-comparable', host, server },
      evidence,
    }
  if (configDns.length)
    return {
      row: 'through × fails',
      say: { kind: 'dns-fails-but-resolves', host, fails: configDns },
      evidence,
      contradicts: configDns,
    }
  return { row: 'through × passes', say: { kind: 'dns-agrees', host, answered }, evidence }
}
