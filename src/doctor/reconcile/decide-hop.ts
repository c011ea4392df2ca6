/**
 * Hops 1 and 3-8: the signed requests that went through the endpoint, against the configuration
 * of the hops a probe check judges. Decides a row of the agreement table and the facts to word.
 */
import { addressFamily } from '../ip-family.js'
import { attemptFamily } from './attempts.js'
import type { ConfigurationCheckId } from '../check-ids.js'
import type { Derived } from '../derive.js'
import type { Evidence, Hop } from '../outcome.js'
import { valueOf, type DoctorSnapshot, type ProbeFacts } from '../snapshot.js'
import { CLIENT_SIGNING_CHECKS, EXPLAINERS, PASS_CAUSES, stopCause, ZONE_CHECKS } from './causes.js'
import type { Decision, StopCauseFacts, Wire } from './decision.js'
import { PROBE_META, type ProbeCheckId } from './meta.js'
import { stateOf, type Configuration, type HopReading } from './reading.js'
import type { AttemptView } from './types.js'
import { attemptLine, explainerLine, notComparableLine, signingEvidence, unreadLine } from './words.js'

/** The route the probe sent, when it is not the one the configuration was evaluated for. */
function otherRoute(s: DoctorSnapshot, facts: ProbeFacts): Wire['otherRoute'] {
  const method = facts.method ?? 'GET'
  const path = (facts.path ?? s.target.urlPath).split('?')[0] ?? ''
  return method === s.target.method.toUpperCase() && path === s.target.urlPath ? undefined : { method, path }
}

export function decideHop(
  s: DoctorSnapshot,
  d: Derived,
  id: Exclude<ProbeCheckId, 'probe.dns'>,
  facts: ProbeFacts,
  attempts: readonly AttemptView[],
  config: Configuration,
): Decision {
  const meta = PROBE_META[id]
  const hops: readonly Hop[] = meta.hops
  const cfg = config(hops)
  // A dual-stack endpoint is probed over both families; the caller uses one (ip-family.ts), and
  // only that family's ENI requests speak for it (an SG may allow IPv4 and not IPv6).
  const family = addressFamily(s, d).family ?? 4
  const signed = attempts.filter(
    v =>
      v.facts.signed !== false &&
      v.facts.kind !== 'unsigned' &&
      v.throughEndpoint &&
      (v.facts.kind !== 'eni' || attemptFamily(v.facts) === family),
  )
  const stopped = signed.filter(v => v.hop !== undefined && hops.includes(v.hop))
  const passed = signed.filter(
    v =>
      v.hop === undefined || (!hops.includes(v.hop) && hops.every(h => v.classification.passed.includes(h))),
  )
  const evidence: Evidence[] = [...stopped, ...passed].map(attemptLine)
  const unsigned = attempts.find(v => v.facts.kind === 'unsigned')
  const route = otherRoute(s, facts)
  const wire: Wire = {
    hop: hops[hops.length - 1] as Hop,
    stopped,
    passed,
    signed: signed.length,
    ...(route ? { otherRoute: route } : {}),
  }

  // Whether the probe's result can speak for the caller at this hop.
  const vantage = facts.vantage?.kind ?? 'unknown'
  const network = hops.includes(3) || hops.includes(5)
  const principalConfigured = valueOf(s.caller.principal)?.arn
  const otherPrincipal =
    hops.includes(7) &&
    facts.principal !== undefined &&
    principalConfigured !== undefined &&
    facts.principal !== principalConfigured
  const notComparable =
    network && vantage === 'elsewhere'
      ? (facts.vantage?.detail ?? 'the probe ran outside the caller network')
      : otherPrincipal
        ? `the probe signs as ${facts.principal}, the caller is ${principalConfigured}`
        : undefined
  const looseRoute =
    route !== undefined && (hops.includes(4) || hops.includes(6) || hops.includes(7) || hops.includes(8))

  if (hops.includes(1)) evidence.push(...signingEvidence(s, facts, unsigned))
  if (notComparable) evidence.push(notComparableLine(notComparable))

  if (signed.length === 0) {
    const why = facts.notes?.join('; ') || 'no signed request went through the endpoint'
    return { row: 'not reached', say: { kind: 'no-signed-request', wire, why }, evidence }
  }

  if (stopped.length > 0) {
    const first = stopped[0]!
    const cls = first.classification.class
    // Transit: some ENIs answer while others do not.
    if (hops.includes(5) && passed.length > 0) return decideZone(wire, cfg, evidence, notComparable)
    if (notComparable)
      return {
        row: 'not comparable',
        say: { kind: 'stop-not-comparable', first, why: notComparable },
        evidence,
      }
    const resource = first.facts.address
    const causeRow = stopCause(meta.hop, cls)
    const state = stateOf(cfg, causeRow.via)
    if (cfg.fails.length > 0 && first.placedBy === 'configuration') {
      const confirmed = cfg.fails.filter(f => (EXPLAINERS[cls] ?? cfg.fails).includes(f))
      const confirms = confirmed.length > 0 ? confirmed : cfg.fails
      return {
        row: route ? 'stops × fails, other route' : 'stops × fails',
        say: { kind: 'stop-confirms', wire, confirms },
        evidence,
        confirms,
        resource,
      }
    }
    if (state.state === 'measured-fails' && first.placedBy === 'live-measurement') {
      return {
        row: 'stops × measured live',
        say: {
          kind: 'stop-measured',
          wire,
          settled: cfg.settled.filter(x => x.status === 'fail'),
        },
        evidence,
        resource,
      }
    }
    if (
      state.state === 'unknown' ||
      first.placedBy === 'wording' ||
      first.placedBy === 'unreadable-configuration'
    ) {
      return {
        row: first.placedBy === 'wording' ? 'stops × unknown, by wording' : 'stops × unknown',
        say: {
          kind: 'stop-unread',
          wire,
          unknowns: cfg.unknowns,
        },
        evidence,
        missing: [],
        resource,
      }
    }
    // The configuration allows, the wire does not.
    const explainers = (EXPLAINERS[cls] ?? []).filter(c => cfg.passes.includes(c))
    const cause: StopCauseFacts = {
      cause: causeRow.cause,
      cls,
      ...(state.unreadCause
        ? { unread: { id: state.unreadCause, summary: cfg.summaries[state.unreadCause] ?? '' } }
        : {}),
      ...lookback(s, causeRow.via, explainers),
    }
    return {
      row: looseRoute ? 'stops × passes, other route' : 'stops × passes',
      say: { kind: 'stop-disagrees', wire, cause },
      evidence: [
        ...evidence,
        ...explainers.map(c => explainerLine(c, cfg.summaries[c])),
        ...(state.unreadCause ? [unreadLine(state.unreadCause, cfg.summaries[state.unreadCause])] : []),
      ],
      contradicts: explainers,
      resource,
    }
  }

  if (passed.length > 0) {
    // Hop 1 also judges the unsigned request against the method's authorization type.
    const unsignedIssue = hops.includes(1) ? unsignedMismatch(d, unsigned) : undefined
    if (unsignedIssue) return { ...unsignedIssue, evidence }
    if (cfg.fails.length > 0) {
      if (hops.includes(1) && clientOnlySigning(s, cfg.fails)) {
        return {
          row: 'through × fails, client settings',
          say: { kind: 'through-client-signing', wire, fails: cfg.fails },
          evidence,
        }
      }
      if (notComparable)
        return {
          row: 'not comparable',
          say: { kind: 'through-not-comparable', wire, why: notComparable },
          evidence,
        }
      return {
        row: 'through × fails',
        say: {
          kind: 'through-disagrees',
          fails: cfg.fails,
          wire,
          cause: PASS_CAUSES[meta.hop],
        },
        evidence,
        contradicts: cfg.fails,
      }
    }
    if (stateOf(cfg).state === 'unknown') {
      return {
        row: 'through × unknown',
        say: { kind: 'through-unread', wire, unknowns: cfg.unknowns },
        evidence,
      }
    }
    return {
      row: route ? 'through × passes, other route' : 'through × passes',
      say: { kind: 'through-agrees', wire, settled: cfg.settled },
      evidence,
    }
  }

  const stoppedAt = signed.map(v => v.hop).filter((h): h is Hop => h !== undefined)
  const earliest = stoppedAt.length ? Math.min(...stoppedAt) : undefined
  return {
    row: 'not reached',
    say: { kind: 'not-reached', wire, ...(earliest !== undefined ? { earliest: earliest as Hop } : {}) },
    evidence,
  }
}

/**
 * When the cause's own check passes by finding no change in CloudTrail, a change after the
 * deployment must predate CloudTrail's lookback (90 days): said, rather than cited as evidence
 * against the very cause named.
 */
function lookback(
  s: DoctorSnapshot,
  via: ConfigurationCheckId | undefined,
  explainers: readonly ConfigurationCheckId[],
): { lookbackSince?: string } {
  if (via !== 'apigw.policy-deployed' || !explainers.includes(via)) return {}
  const changes = valueOf(s.api.policyChanges)
  return changes && !changes.lastChange ? { lookbackSince: changes.since } : {}
}

/** Some ENIs answer, others do not: that zone's subnet NACL or route, unless the configuration already says so. */
function decideZone(
  wire: Wire,
  cfg: HopReading,
  evidence: Evidence[],
  notComparable: string | undefined,
): Decision {
  const stopped = wire.stopped
  if (notComparable)
    return {
      row: 'zone cut off, not comparable',
      say: { kind: 'zone-not-comparable', wire, why: notComparable },
      evidence,
    }
  const subnets = [...new Set(stopped.map(v => v.facts.subnetId).filter((x): x is string => x !== undefined))]
  const resource = stopped[0]!.facts.address
  const zoneFails = cfg.fails.filter(f => f.startsWith('nacl.') || f.startsWith('vpce.'))
  if (zoneFails.length > 0)
    return {
      row: 'stops × fails',
      say: { kind: 'zone-confirms', wire, confirms: zoneFails, subnets },
      evidence,
      confirms: zoneFails,
      resource,
    }
  if (stateOf(cfg).state === 'unknown')
    return {
      row: 'stops × unknown',
      say: { kind: 'zone-unread', wire, unknowns: cfg.unknowns, subnets },
      evidence,
      resource,
    }
  return {
    row: 'stops × passes',
    say: { kind: 'zone-disagrees', wire, subnets },
    evidence,
    contradicts: cfg.passes.filter(c => ZONE_CHECKS.includes(c)),
    resource,
  }
}

/** Hop-1 checks that fail because of another client's settings (pvapi signs correctly anyway). */
function clientOnlySigning(s: DoctorSnapshot, fails: readonly ConfigurationCheckId[]): boolean {
  const clientSettings =
    s.signing.regionSource === 'client' ||
    s.signing.service !== 'execute-api' ||
    s.signing.authorization !== 'sigv4'
  return clientSettings && fails.every(f => CLIENT_SIGNING_CHECKS.includes(f))
}

/** The unsigned request against the method's authorization type: a live mismatch means the deployed method differs. */
function unsignedMismatch(
  d: Derived,
  unsigned: AttemptView | undefined,
): Omit<Decision, 'evidence'> | undefined {
  if (!unsigned || d.method.status !== 'ok' || d.routeMissing) return undefined
  const type = d.method.value.method.authorizationType ?? 'NONE'
  if (type === 'AWS_IAM' && unsigned.classification.ok)
    return {
      row: 'through × fails',
      say: { kind: 'unsigned-not-required', outcome: unsigned.outcome },
      contradicts: ['iam.method-auth-type'],
    }
  if (type !== 'AWS_IAM' && unsigned.classification.class === 'missing-auth-token')
    return {
      row: 'through × fails',
      say: { kind: 'unsigned-required', type },
      contradicts: ['iam.method-auth-type'],
    }
  return undefined
}
