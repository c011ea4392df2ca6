/**
 * Every sentence of the reconciliation: a decision (decision.ts) worded as the probe check's
 * summary, fix and evidence. Nothing here decides.
 */
import type { Evidence, Hop } from '../outcome.js'
import { valueOf, type DoctorSnapshot, type ProbeFacts } from '../snapshot.js'
import { CLOCK_FIX, passCauseWords, stageOf, stopCauseWords, type WordsContext } from './cause-words.js'
import type { Decision, DnsMiss, Say, Wire } from './decision.js'
import { clockOffset, fmtOffset, type Settled } from './reading.js'
import { AGREEMENT } from './table.js'
import type { AttemptView, ProbeJudgement } from './types.js'

const HOP_WORDS: Readonly<Record<Hop, string>> = {
  1: 'signing',
  2: 'DNS',
  3: 'security groups',
  4: 'the VPC endpoint policy',
  5: 'transit',
  6: 'the resource policy',
  7: 'IAM authorization',
  8: 'the handler',
}

const names = (ids: readonly string[]): string => ids.join(', ')

/** The decision as the probe check's judgement. */
export function word(decision: Decision, ctx: WordsContext): ProbeJudgement {
  const { status, agreement, confidence } = AGREEMENT[decision.row]
  const { summary, fix } = sentences(decision.say, ctx)
  return {
    status,
    summary,
    evidence: [...decision.evidence],
    agreement,
    confidence,
    confirms: decision.confirms ?? [],
    contradicts: decision.contradicts ?? [],
    ...(fix ? { fix } : {}),
    ...(decision.resource ? { resource: decision.resource } : {}),
    ...(decision.missing ? { missing: decision.missing } : {}),
  }
}

function sentences(say: Say, ctx: WordsContext): { summary: string; fix?: string } {
  const { s } = ctx
  switch (say.kind) {
    case 'no-signed-request':
      return { summary: `no live evidence for ${where(say.wire)}: ${say.why}` }
    case 'not-reached':
      return {
        summary: `the live requests did not reach ${where(say.wire)}${say.earliest !== undefined ? ` (they stop at hop ${say.earliest})` : ''}`,
      }
    case 'stop-not-comparable':
      return { summary: `${say.first.label}: ${say.first.outcome}; not comparable: ${say.why}` }
    case 'through-not-comparable':
      return { summary: `${through(say.wire)} got through ${where(say.wire)}; not comparable: ${say.why}` }
    case 'stop-confirms':
      return {
        summary: `the wire confirms ${names(say.confirms)}: ${stopped(say.wire)}${mixed(say.wire)}${routeNote(say.wire, s)}`,
        fix: `see ${say.confirms[0]}`,
      }
    case 'stop-measured':
      return {
        summary: `the wire stops at ${where(say.wire)}: ${stopped(say.wire)}${mixed(say.wire)}; the probe measured what ${names(say.settled.map(x => x.id))} could not read: ${say.settled.map(x => x.measured).join('; ')}, beyond SigV4's 5 minutes${routeNote(say.wire, s)}`,
        fix: CLOCK_FIX,
      }
    case 'stop-unread':
      return {
        summary: `the live request stops at ${where(say.wire)}: ${stopped(say.wire)}${mixed(say.wire)}; the configuration could not confirm which rule (${names(say.unknowns) || 'not read'})${routeNote(say.wire, s)}`,
        fix: `grant the reads the unknown checks name (${names(say.unknowns)}) and run the doctor again to see the rule`,
      }
    case 'stop-disagrees': {
      const cause = stopCauseWords(say.cause, ctx)
      return {
        summary: `the configuration allows but the wire stops at ${where(say.wire)}: ${stopped(say.wire)}${mixed(say.wire)}. Likely: ${cause.text}${routeNote(say.wire, s)}`,
        fix: cause.fix,
      }
    }
    case 'through-disagrees': {
      const cause = passCauseWords(say.cause, say.fails, ctx)
      return {
        summary: `the configuration says ${names(say.fails)} fails, but ${through(say.wire)} got through ${where(say.wire)}${routeNote(say.wire, s)}. Likely: ${cause.text}`,
        fix: cause.fix,
      }
    }
    case 'through-client-signing':
      return {
        summary: `pvapi's own signed request gets through ${where(say.wire)}; the configured client's signing (${names(say.fails)}) was not reproduced: fix the client`,
      }
    case 'through-unread':
      return {
        summary: `${through(say.wire)} got through ${where(say.wire)} (the configuration could not be read: ${names(say.unknowns)})${routeNote(say.wire, s)}`,
      }
    case 'through-agrees':
      return {
        summary: `confirmed live: ${through(say.wire)} got through ${where(say.wire)}${settledNote(say.settled)}${routeNote(say.wire, s)}`,
      }
    case 'unsigned-not-required':
      return {
        summary: `the method reads as AWS_IAM, but an unsigned request got ${say.outcome}: the deployed method does not require SigV4 (changed after the last deployment?)`,
        fix: redeploy(ctx),
      }
    case 'unsigned-required':
      return {
        summary: `the method reads as ${say.type}, but an unsigned request got "Missing Authentication Token": the deployed method requires SigV4 (AWS_IAM), or the route is not deployed`,
        fix: redeploy(ctx),
      }
    case 'zone-not-comparable':
      return {
        summary: `${zoneText(say.wire)}; from this host (${say.why})`,
        fix: 'probe again from the caller network (--from-imds on the calling instance)',
      }
    case 'zone-confirms':
      return {
        summary: `the wire confirms ${names(say.confirms)}: ${zoneText(say.wire)}`,
        fix: zoneFix(say.subnets, s),
      }
    case 'zone-unread':
      return {
        summary: `one zone is cut off: ${zoneText(say.wire)}. Likely: that zone's subnet NACL or route; the configuration could not confirm (${names(say.unknowns)})`,
        fix: zoneFix(say.subnets, s),
      }
    case 'zone-disagrees':
      return {
        summary: `one zone is cut off: ${zoneText(say.wire)}. Likely: that zone's subnet NACL or route (the configuration read allows it: changed since, or an appliance/firewall route in that subnet)`,
        fix: zoneFix(say.subnets, s),
      }
    case 'dns-not-resolved':
      return { summary: `${say.host} was not resolved by the probe` }
    case 'dns-no-answer':
      return { summary: `${say.host}: no live answer` }
    case 'dns-not-comparable':
      return { summary: `${missText(say.miss)}; ${notSpeaking(say.server)}` }
    case 'dns-confirms':
      return {
        summary: `the wire confirms ${names(say.confirms)}: ${missText(say.miss)}`,
        fix: `see ${say.confirms[0]}`,
      }
    case 'dns-unread':
      return {
        summary: `${missText(say.miss)}; the configuration could not confirm why (${names(say.unknowns)})`,
        fix: dnsFix(ctx),
      }
    case 'dns-disagrees':
      return {
        summary:
          say.miss.kind === 'failed'
            ? `${missText(say.miss)}, though the configuration says it should. Likely: a resolver or private-DNS problem (the answer changed since collection, or another resolver answers)`
            : `${missText(say.miss)}. Likely: a resolver or private-DNS problem (custom DNS servers, a stale or second private hosted zone, private DNS toggled since collection)`,
        fix: dnsFix(ctx),
      }
    case 'dns-unknown-enis':
      return {
        summary: `${say.host} resolves live to ${say.answered.join(', ')} (the endpoint's ENI addresses are unknown)`,
      }
    case 'dns-right-not-comparable':
      return {
        summary: `${say.host} resolves to the endpoint's ENIs from this host; ${notSpeaking(say.server)}`,
      }
    case 'dns-fails-but-resolves':
      return {
        summary: `the configuration says ${names(say.fails)} fails, but ${say.host} resolves live to the endpoint's ENIs. Likely: the DNS set-up changed since collection, or this host's resolver differs from the caller's`,
        fix: `see ${say.fails[0]}`,
      }
    case 'dns-agrees':
      return {
        summary: `confirmed live: ${say.host} resolves to the endpoint's ENIs (${say.answered.join(', ')})`,
      }
  }
}

// ---- the wire's facts as phrases ------------------------------------------------------------

const where = (w: Wire): string => HOP_WORDS[w.hop]

/** Who got through: every signed request, or their labels. */
const through = (w: Wire): string =>
  w.passed.length === w.signed ? 'every signed request' : w.passed.map(p => p.label).join(', ')

/** Who stopped, and with what. */
function stopped(w: Wire): string {
  const outcomes = [...new Set(w.stopped.map(v => v.outcome))]
  const who =
    w.stopped.length === w.signed && w.signed > 1
      ? `every signed request (${w.signed})`
      : w.stopped.map(v => v.label).join(', ')
  return `${who} → ${outcomes.join('; ')}`
}

const mixed = (w: Wire): string =>
  w.passed.length > 0 ? ` while ${w.passed.map(p => p.label).join(', ')} got through` : ''

const routeNote = (w: Wire, s: DoctorSnapshot): string =>
  w.otherRoute
    ? ` (the probe sent ${w.otherRoute.method} ${w.otherRoute.path}; the configuration was evaluated for ${s.target.method} ${s.target.urlPath})`
    : ''

/** Some ENIs do not answer while others do. */
function zoneText(w: Wire): string {
  const bad = w.stopped.map(
    v =>
      `${v.facts.address}${v.facts.availabilityZone ? ` in ${v.facts.availabilityZone}` : ''}${v.facts.subnetId ? ` (${v.facts.subnetId})` : ''}`,
  )
  const good = [...new Set(w.passed.map(v => v.facts.address || v.label))]
  return `${bad.join(', ')} ${w.stopped.length === 1 ? 'does' : 'do'} not answer (${[...new Set(w.stopped.map(v => v.outcome))].join('; ')}) while ${good.join(', ')} ${good.length === 1 ? 'does' : 'do'}`
}

function missText(m: DnsMiss): string {
  return m.kind === 'failed'
    ? `${m.host} did not resolve live (${m.dns?.result === 'error' ? (m.dns.message ?? 'error') : (m.dns?.result.toUpperCase() ?? 'DNS failure')})`
    : `${m.host} resolves live to ${m.foreign.join(', ')}, not the endpoint's ENI addresses (${m.eniIps?.join(', ') ?? ''})`
}

const settledNote = (settled: readonly Settled[]): string =>
  settled.length
    ? ` (${settled.map(x => `${x.id} could not be read; measured live: ${x.measured}`).join('; ')})`
    : ''

const redeploy = ({ s, d }: WordsContext): string =>
  `aws apigateway create-deployment --rest-api-id ${d.apiId ?? 'API_ID'} --stage-name ${stageOf(d)} --region ${s.target.region}`

function zoneFix(subnets: readonly string[], s: DoctorSnapshot): string {
  return subnets.length
    ? `aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=${subnets.join(',')} --region ${s.target.region}\naws ec2 describe-route-tables --filters Name=association.subnet-id,Values=${subnets.join(',')} --region ${s.target.region}   # and check VPC Flow Logs for REJECT on these ENIs`
    : `aws ec2 describe-network-acls --region ${s.target.region}`
}

const notSpeaking = (server: string): string =>
  `resolved with ${server === 'system' ? "this host's resolver" : server}, which may not be the caller's (run the doctor on the caller's host, --from-imds, or give --dns-server)`

function dnsFix({ s, d, facts }: WordsContext): string {
  const host = facts.connectHost ?? s.target.connectHost
  const ep = valueOf(d.endpoint)
  return [
    `# check the resolver the caller uses: dig ${host} @VPC_RESOLVER (the VPC's +2 address); private DNS on ${ep?.id ?? 'the endpoints'}:`,
    `aws ec2 describe-vpc-endpoints ${ep ? `--vpc-endpoint-ids ${ep.id} ` : ''}--query 'VpcEndpoints[].PrivateDnsEnabled' --region ${s.target.region}`,
  ].join('\n')
}

// ---- evidence lines and phrases the deciding passes along ---------------------------------

export const attemptLine = (v: AttemptView): Evidence => ({
  text: `${v.label}: ${v.outcome}${v.facts.ms !== undefined ? ` (${v.facts.ms} ms)` : ''}${v.hop !== undefined ? ` → hop ${v.hop}${PLACED_WORDS[v.placedBy ?? 'candidates']}` : ''}`,
  ...(v.facts.address ? { resource: v.facts.address } : {}),
})

const PLACED_WORDS: Readonly<Record<NonNullable<AttemptView['placedBy']>, string>> = {
  configuration: ' (the configuration agrees)',
  'live-measurement': ' (measured live)',
  wording: ' (by its wording; the configuration could not be read)',
  'unreadable-configuration': ' (the configuration could not be read)',
  candidates: '',
  dns: '',
}

export const explainerLine = (id: string, summary: string | undefined): Evidence => ({
  text: `the configuration says: ${id} passes (${summary ?? ''})`,
})

export const unreadLine = (id: string, summary: string | undefined): Evidence => ({
  text: `the configuration could not read the likely cause: ${id} (${summary ?? ''})`,
})

export const notComparableLine = (why: string): Evidence => ({
  text: `not comparable with the caller's configuration: ${why}`,
})

/** Clock and unsigned-request evidence for hop 1. */
export function signingEvidence(
  s: DoctorSnapshot,
  facts: ProbeFacts,
  unsigned: AttemptView | undefined,
): Evidence[] {
  const out: Evidence[] = []
  const median = clockOffset(facts)
  if (median !== undefined) {
    const collected = valueOf(s.caller.clock)
    out.push({
      text: `clock: API Gateway's Date is ${fmtOffset(median)} from the local clock${collected ? ` (at collection, AWS STS said ${fmtOffset(-collected.skewMs)})` : ''}`,
    })
  }
  if (unsigned)
    out.push({
      text: `unsigned: ${unsigned.outcome}${unsigned.facts.ms !== undefined ? ` (${unsigned.facts.ms} ms)` : ''}`,
      ...(unsigned.facts.address ? { resource: unsigned.facts.address } : {}),
    })
  return out
}

export function dnsEvidence(
  dns: ProbeFacts['dns'],
  viaDns: readonly AttemptView[],
  eniIps: readonly string[] | undefined,
): Evidence[] {
  const evidence: Evidence[] = []
  if (dns)
    evidence.push({
      text: `${dns.hostname} → ${dns.addresses.length ? dns.addresses.join(', ') : dns.result.toUpperCase()}${dns.message ? ` (${dns.message})` : ''} via ${dns.server === 'system' ? 'the system resolver' : dns.server}`,
    })
  for (const v of viaDns)
    evidence.push({
      text: `${v.label}: ${v.facts.address ? `connected to ${v.facts.address}, ` : ''}${v.outcome}`,
    })
  if (eniIps) evidence.push({ text: `endpoint ENIs: ${eniIps.join(', ')}` })
  return evidence
}

/** The agreement tag every probe finding ends with. */
export const agreementLine = (j: ProbeJudgement): Evidence => ({
  text: `live vs configuration: ${j.agreement}, confidence ${j.confidence}${j.confirms.length ? `; confirms ${j.confirms.join(', ')}` : ''}${j.contradicts.length ? `; contradicts ${j.contradicts.join(', ')}` : ''}`,
})
