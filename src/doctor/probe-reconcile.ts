/**
 * Reconciling `--probe`'s live evidence with the configuration. Pure: a function of the snapshot.
 *
 * Configuration says what should happen; the wire says what does. Each live request is
 * classified (src/probe/classify.ts: the hops that can produce its outcome), then placed at the
 * hop the configuration confirms. Per hop, the live requests that stopped there, got through,
 * or never reached it are compared with the configuration checks of that hop:
 *
 * | wire \ configuration | fails                     | unknown                    | passes                         |
 * |----------------------|---------------------------|----------------------------|--------------------------------|
 * | stops at this hop    | fail: agrees (confirmed)  | fail: live only            | fail: disagrees, likely cause  |
 * | gets through         | warn: disagrees           | pass: live only            | pass: agrees                   |
 *
 * A layer is never claimed from message text alone where the configuration can confirm one:
 * the words (`wordingHop`) decide only between hops the configuration could not read. Results
 * that cannot speak for the caller (the probe ran outside its network, signed as another
 * principal, or sent another route) are marked not comparable instead of contradicting.
 */
import { classifyOutcome, outcomeLabel, type Classification, type ProbeClass } from '../probe/classify.js'
import { patchOps } from './check-helpers.js'
import { apigwEndpointTypePrivate } from './checks/apigw-endpoint-type-private.js'
import { apigwExecuteApiEndpoint } from './checks/apigw-execute-api-endpoint.js'
import { apigwPolicyDeployed } from './checks/apigw-policy-deployed.js'
import { apigwResourcePolicyAllows } from './checks/apigw-resource-policy-allows.js'
import { apigwResourcePolicyPresent } from './checks/apigw-resource-policy-present.js'
import { apigwResourcePolicyPrincipalAuth } from './checks/apigw-resource-policy-principal-auth.js'
import { dnsAliasAssociation } from './checks/dns-alias-association.js'
import { dnsCallerVpc } from './checks/dns-caller-vpc.js'
import { dnsDhcpResolvers } from './checks/dns-dhcp-resolvers.js'
import { dnsPrivateDnsEnabled } from './checks/dns-private-dns-enabled.js'
import { dnsPrivateResolution, dnsSpeaksForCaller } from './checks/dns-private-resolution.js'
import { dnsPublicApiCapture } from './checks/dns-public-api-capture.js'
import { dnsVpcAttributes } from './checks/dns-vpc-attributes.js'
import { domainAccessAssociation } from './checks/domain-access-association.js'
import { domainBasePathMapping } from './checks/domain-base-path-mapping.js'
import { domainPolicyAllows } from './checks/domain-policy-allows.js'
import { handlerApiKey } from './checks/handler-api-key.js'
import { handlerAuthorizer } from './checks/handler-authorizer.js'
import { handlerIntegration } from './checks/handler-integration.js'
import { handlerRouteDeployed } from './checks/handler-route-deployed.js'
import { handlerRouteExists } from './checks/handler-route-exists.js'
import { handlerStageDeployed } from './checks/handler-stage-deployed.js'
import { iamIdentityAllows } from './checks/iam-identity-allows.js'
import { iamPermissionsBoundary } from './checks/iam-permissions-boundary.js'
import { iamScp } from './checks/iam-scp.js'
import { naclCallerSubnet } from './checks/nacl-caller-subnet.js'
import { naclEndpointSubnet } from './checks/nacl-endpoint-subnet.js'
import { sgCallerEgress443 } from './checks/sg-caller-egress-443.js'
import { sgEndpointIngress443 } from './checks/sg-endpoint-ingress-443.js'
import { signingAuthorizationHeader } from './checks/signing-authorization-header.js'
import { signingClockSkew } from './checks/signing-clock-skew.js'
import { signingCredentials } from './checks/signing-credentials.js'
import { signingHostRouting } from './checks/signing-host-routing.js'
import { signingScope } from './checks/signing-scope.js'
import { vpcePolicyAllows } from './checks/vpce-policy-allows.js'
import { vpcePolicyIdentityRule } from './checks/vpce-policy-identity-rule.js'
import { vpceStateAvailable } from './checks/vpce-state-available.js'
import type { Derived } from './derive.js'
import type { Check, CheckOutcome, CheckStatus, Evidence, Hop } from './finding.js'
import { valueOf, type DoctorSnapshot, type ProbeAttemptFacts, type ProbeFacts } from './snapshot.js'

/**
 * The configuration checks the wire is compared with, by hop. Warning-only checks about
 * compliance (route.no-internet, vpce.subnets-azs) and the STS path (route.sts-reachable) say
 * nothing about whether this request passes, so they are not here.
 */
const CONFIG: Readonly<Record<Hop, readonly Check[]>> = {
  1: [signingCredentials, signingClockSkew, signingScope, signingAuthorizationHeader, signingHostRouting],
  2: [
    dnsVpcAttributes,
    dnsDhcpResolvers,
    dnsCallerVpc,
    dnsPrivateDnsEnabled,
    dnsAliasAssociation,
    dnsPublicApiCapture,
    dnsPrivateResolution,
  ],
  3: [sgCallerEgress443, sgEndpointIngress443],
  4: [vpcePolicyIdentityRule, vpcePolicyAllows],
  5: [vpceStateAvailable, naclCallerSubnet, naclEndpointSubnet],
  6: [
    apigwEndpointTypePrivate,
    apigwExecuteApiEndpoint,
    domainBasePathMapping,
    domainAccessAssociation,
    domainPolicyAllows,
    apigwResourcePolicyPresent,
    apigwResourcePolicyPrincipalAuth,
    apigwResourcePolicyAllows,
    apigwPolicyDeployed,
  ],
  7: [iamIdentityAllows, iamPermissionsBoundary, iamScp],
  8: [
    handlerStageDeployed,
    handlerRouteExists,
    handlerRouteDeployed,
    handlerApiKey,
    handlerAuthorizer,
    handlerIntegration,
  ],
}

/** The probe checks, the hops each judges, and the field guide rows. */
export const PROBE_CHECKS_META = {
  'probe.signing': {
    hop: 1,
    hops: [1],
    rows: [1, 3, 4, 5, 6, 8],
    title:
      'live: signed and unsigned requests agree with the signing configuration (clock, credentials, authorization type)',
  },
  'probe.dns': {
    hop: 2,
    hops: [2],
    rows: [9, 11, 12, 13],
    title: "live: the connect host resolves, to the endpoint's ENI addresses",
  },
  'probe.transit': {
    hop: 5,
    hops: [3, 5],
    rows: [16, 17, 18, 19, 20, 21],
    title: 'live: every ENI of the endpoint accepts a connection (security groups, NACLs, routes, state)',
  },
  'probe.endpoint-policy': {
    hop: 4,
    hops: [4],
    rows: [24, 25, 26],
    title: 'live: the VPC endpoint policy lets the signed request through',
  },
  'probe.resource-policy': {
    hop: 6,
    hops: [6],
    rows: [15, 27, 28, 29, 30, 31, 32, 40, 41],
    title:
      'live: the deployed resource policy answers as the one read (policy changed after the last deployment?)',
  },
  'probe.iam': {
    hop: 7,
    hops: [7],
    rows: [33, 34, 35, 36],
    title: "live: IAM authorization of the doctor's identity agrees with the policies read",
  },
  'probe.handler': {
    hop: 8,
    hops: [8],
    rows: [2, 37, 38, 39],
    title: 'live: the stage, route and integration answer (deployed, no 5xx)',
  },
} as const satisfies Record<
  string,
  { hop: Hop; hops: readonly Hop[]; rows: readonly number[]; title: string }
>

export type ProbeCheckId = keyof typeof PROBE_CHECKS_META

/** True for the ids of the `probe.*` checks (hidden from reports of snapshots without a probe). */
export const isProbeCheck = (id: string): boolean => id in PROBE_CHECKS_META

export type Agreement = 'agrees' | 'disagrees' | 'live-only' | 'not-comparable' | 'not-reached'
export type Confidence = 'high' | 'medium' | 'low'

/** One live request, as the reports show it. */
export interface AttemptView {
  /** `signed`, `unsigned`, or `ENI 10.0.2.10 (us-east-1a)`. */
  readonly label: string
  readonly facts: ProbeAttemptFacts
  readonly classification: Classification
  /** `HTTP 403 AccessDeniedException: "User: …"` or `connect timeout (28)`. */
  readonly outcome: string
  /** The hop it stopped at, after reconciliation (absent: it went through, or it is the unsigned request). */
  readonly hop?: Hop
  /** How the hop was chosen. */
  readonly placedBy?: 'configuration' | 'wording' | 'candidates' | 'unreadable-configuration' | 'dns'
  /** False when it reached an address that is not one of the endpoint's ENIs: it then speaks for DNS only. */
  readonly throughEndpoint: boolean
}

/** The reconciliation for one probe check. */
export interface ProbeJudgement extends CheckOutcome {
  readonly agreement: Agreement
  readonly confidence: Confidence
  /** Failing configuration checks the wire confirms. */
  readonly confirms: readonly string[]
  /** Configuration checks the wire contradicts. */
  readonly contradicts: readonly string[]
}

export interface ProbeReconciliation {
  readonly facts: ProbeFacts
  readonly attempts: readonly AttemptView[]
  readonly judgements: Readonly<Record<ProbeCheckId, ProbeJudgement>>
  readonly confirms: readonly string[]
  readonly contradicts: readonly string[]
}

interface ConfigState {
  readonly status: 'fail' | 'unknown' | 'pass'
  readonly fails: readonly string[]
  readonly unknowns: readonly string[]
  readonly passes: readonly string[]
  readonly summaries: Readonly<Record<string, string>>
}

// Keyed by the derived facts: one run of the checks derives once, and a changed snapshot derives anew.
const cache = new WeakMap<Derived, ProbeReconciliation | null>()

/** The reconciliation, or undefined when the snapshot holds no probe results. Memoized per derivation. */
export function reconcileProbe(s: DoctorSnapshot, d: Derived): ProbeReconciliation | undefined {
  const hit = cache.get(d)
  if (hit !== undefined) return hit ?? undefined
  const r = compute(s, d)
  cache.set(d, r ?? null)
  return r
}

function configAt(s: DoctorSnapshot, d: Derived, hops: readonly Hop[]): ConfigState {
  const fails: string[] = []
  const unknowns: string[] = []
  const passes: string[] = []
  const summaries: Record<string, string> = {}
  for (const hop of hops) {
    for (const check of CONFIG[hop]) {
      let out: CheckOutcome
      try {
        out = check.run(s, d)
      } catch {
        continue
      }
      summaries[check.id] = out.summary
      if (out.status === 'fail') fails.push(check.id)
      else if (out.status === 'unknown') unknowns.push(check.id)
      else if (out.status === 'pass' || out.status === 'warn') passes.push(check.id)
    }
  }
  return {
    status: fails.length ? 'fail' : unknowns.length ? 'unknown' : 'pass',
    fails,
    unknowns,
    passes,
    summaries,
  }
}

/** Configuration checks that would explain each class, for "contradicts". */
const EXPLAINERS: Partial<Record<ProbeClass, readonly string[]>> = {
  'dns-failure': ['dns.private-resolution', 'dns.private-dns-enabled', 'dns.alias-association'],
  'connect-timeout': [
    'sg.caller-egress-443',
    'sg.endpoint-ingress-443',
    'nacl.caller-subnet',
    'nacl.endpoint-subnet',
    'vpce.state-available',
  ],
  'connect-refused': ['vpce.state-available'],
  'connection-reset': ['nacl.caller-subnet', 'nacl.endpoint-subnet'],
  'signature-expired': ['signing.clock-skew'],
  'signature-not-yet-current': ['signing.clock-skew'],
  'expired-token': ['signing.credentials'],
  'invalid-token': ['signing.credentials'],
  'wrong-scope': ['signing.scope'],
  'signature-mismatch': ['signing.host-routing'],
  'incomplete-signature': ['signing.authorization-header'],
  'invalid-signature': ['signing.authorization-header'],
  'missing-auth-token': ['handler.route-exists', 'handler.route-deployed', 'handler.stage-deployed'],
  forbidden: [
    'apigw.endpoint-type-private',
    'dns.public-api-capture',
    'handler.api-key',
    'domain.access-association',
  ],
  'denied-anonymous': [
    'apigw.resource-policy-allows',
    'apigw.resource-policy-principal-auth',
    'vpce.policy-allows',
  ],
  'denied-explicit': [
    'apigw.resource-policy-allows',
    'apigw.policy-deployed',
    'vpce.policy-allows',
    'iam.identity-allows',
  ],
  'denied-implicit': [
    'apigw.resource-policy-allows',
    'apigw.policy-deployed',
    'iam.identity-allows',
    'vpce.policy-allows',
  ],
  'denied-vpce-policy': ['vpce.policy-allows'],
  'denied-identity-policy': ['iam.identity-allows', 'iam.permissions-boundary', 'iam.scp'],
  'authorizer-deny': ['handler.authorizer'],
  'integration-error': ['handler.integration'],
}

const NETWORK_CLASSES: ReadonlySet<ProbeClass> = new Set([
  'connect-timeout',
  'connect-refused',
  'connection-reset',
  'tls-failure',
  'transport-error',
])

function compute(s: DoctorSnapshot, d: Derived): ProbeReconciliation | undefined {
  const facts = valueOf(s.probe)
  if (!facts) return undefined
  const enis = d.endpointAddresses.status === 'ok' ? d.endpointAddresses.value : undefined
  const eniIps = enis?.map(e => e.ip)
  const configCache = new Map<string, ConfigState>()
  const config = (hops: readonly Hop[]): ConfigState => {
    const key = hops.join(',')
    let c = configCache.get(key)
    if (!c) configCache.set(key, (c = configAt(s, d, hops)))
    return c
  }

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
      const placed = place(classification, throughEndpoint, config)
      return { ...base, ...placed }
    })

  // Security groups apply to every ENI of an endpoint alike: when some ENIs answer and others
  // do not, the cause is per zone (that subnet's NACL or route), hop 5.
  const answeredEni = attempts.some(v => v.facts.kind === 'eni' && v.facts.httpStatus !== undefined)
  if (answeredEni) {
    for (const [i, v] of attempts.entries()) {
      if (v.facts.kind === 'eni' && NETWORK_CLASSES.has(v.classification.class) && v.hop === 3) {
        attempts[i] = {
          ...v,
          hop: 5,
          placedBy: config([5]).status === 'fail' ? 'configuration' : 'candidates',
        }
      }
    }
  }

  const judgements = {} as Record<ProbeCheckId, ProbeJudgement>
  for (const id of Object.keys(PROBE_CHECKS_META) as ProbeCheckId[]) {
    judgements[id] =
      id === 'probe.dns'
        ? judgeDns(s, d, facts, attempts, eniIps, config([2]))
        : judgeHop(s, d, id, facts, attempts, config)
  }
  const confirms = [...new Set(Object.values(judgements).flatMap(j => j.confirms))]
  const contradicts = [...new Set(Object.values(judgements).flatMap(j => j.contradicts))]
  return { facts, attempts, judgements, confirms, contradicts }
}

/** The hop a stopped request is placed at: the one the configuration confirms, else the words, else the usual suspect. */
function place(
  c: Classification,
  throughEndpoint: boolean,
  config: (hops: readonly Hop[]) => ConfigState,
): Pick<AttemptView, 'hop' | 'placedBy'> {
  // An answer from an address that is not the endpoint's says something about DNS only.
  if (!throughEndpoint) return { hop: 2, placedBy: 'dns' }
  const candidates = c.hops
  const confirmed = candidates.find(h => config([h]).status === 'fail')
  if (confirmed !== undefined) return { hop: confirmed, placedBy: 'configuration' }
  if (c.wordingHop !== undefined && config([c.wordingHop]).status === 'unknown')
    return { hop: c.wordingHop, placedBy: 'wording' }
  const unreadable = candidates.find(h => config([h]).status === 'unknown')
  if (unreadable !== undefined) return { hop: unreadable, placedBy: 'unreadable-configuration' }
  // The configuration allows every candidate: a disagreement, at the likeliest hop.
  if (NETWORK_CLASSES.has(c.class)) return { hop: 5, placedBy: 'candidates' }
  return { hop: c.wordingHop ?? candidates[0] ?? 8, placedBy: 'candidates' }
}

const CHECK_NAMES = (ids: readonly string[]): string => ids.join(', ')
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

function judgement(
  status: CheckStatus,
  agreement: Agreement,
  confidence: Confidence,
  summary: string,
  evidence: Evidence[],
  extra: {
    fix?: string
    confirms?: readonly string[]
    contradicts?: readonly string[]
    resource?: string
    missing?: readonly string[]
  } = {},
): ProbeJudgement {
  return {
    status,
    summary,
    evidence,
    agreement,
    confidence,
    confirms: extra.confirms ?? [],
    contradicts: extra.contradicts ?? [],
    ...(extra.fix ? { fix: extra.fix } : {}),
    ...(extra.resource ? { resource: extra.resource } : {}),
    ...(extra.missing ? { missing: extra.missing } : {}),
  }
}

const attemptLine = (v: AttemptView): Evidence => ({
  text: `${v.label}: ${v.outcome}${v.facts.ms !== undefined ? ` (${v.facts.ms} ms)` : ''}${v.hop !== undefined ? ` → hop ${v.hop}${v.placedBy === 'configuration' ? ' (the configuration agrees)' : v.placedBy === 'wording' ? ' (by its wording; the configuration could not be read)' : v.placedBy === 'unreadable-configuration' ? ' (the configuration could not be read)' : ''}` : ''}`,
  ...(v.facts.address ? { resource: v.facts.address } : {}),
})

function sameRoute(s: DoctorSnapshot, facts: ProbeFacts): { same: boolean; note: string } {
  const method = facts.method ?? 'GET'
  const path = (facts.path ?? s.target.urlPath).split('?')[0] ?? ''
  const same = method === s.target.method.toUpperCase() && path === s.target.urlPath
  return {
    same,
    note: same
      ? ''
      : ` (the probe sent ${method} ${path}; the configuration was evaluated for ${s.target.method} ${s.target.urlPath})`,
  }
}

/** Hops 1, 3-8: the signed requests that went through the endpoint against the configuration of the hop. */
function judgeHop(
  s: DoctorSnapshot,
  d: Derived,
  id: ProbeCheckId,
  facts: ProbeFacts,
  attempts: readonly AttemptView[],
  configOf: (hops: readonly Hop[]) => ConfigState,
): ProbeJudgement {
  const meta = PROBE_CHECKS_META[id]
  const hops: readonly Hop[] = meta.hops
  const cfg = configOf(hops)
  const signed = attempts.filter(
    v => v.facts.signed !== false && v.facts.kind !== 'unsigned' && v.throughEndpoint,
  )
  const stopped = signed.filter(v => v.hop !== undefined && hops.includes(v.hop))
  const passed = signed.filter(
    v =>
      v.hop === undefined || (!hops.includes(v.hop) && hops.every(h => v.classification.passed.includes(h))),
  )
  const evidence: Evidence[] = [...stopped, ...passed].map(attemptLine)
  const unsigned = attempts.find(v => v.facts.kind === 'unsigned')
  const route = sameRoute(s, facts)
  const where = HOP_WORDS[hops[hops.length - 1] as Hop]

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
    !route.same && (hops.includes(4) || hops.includes(6) || hops.includes(7) || hops.includes(8))

  if (hops.includes(1)) evidence.push(...signingEvidence(s, d, facts, unsigned))
  if (notComparable)
    evidence.push({ text: `not comparable with the caller's configuration: ${notComparable}` })

  if (signed.length === 0) {
    const why = facts.notes?.join('; ') || 'no signed request went through the endpoint'
    return judgement('skipped', 'not-reached', 'low', `no live evidence for ${where}: ${why}`, evidence)
  }

  // Hop 1 also judges the unsigned request against the method's authorization type.
  const unsignedIssue = hops.includes(1) ? unsignedMismatch(s, d, unsigned) : undefined

  if (stopped.length > 0) {
    const first = stopped[0]!
    const cls = first.classification
    const explainers = (EXPLAINERS[cls.class] ?? []).filter(c => cfg.passes.includes(c))
    // Transit: some ENIs answer while others do not.
    if (hops.includes(5) && passed.length > 0)
      return partialEnis(s, d, stopped, passed, cfg, evidence, notComparable)
    if (notComparable)
      return judgement(
        'skipped',
        'not-comparable',
        'low',
        `${first.label}: ${first.outcome}; not comparable: ${notComparable}`,
        evidence,
      )
    const mixed = passed.length > 0 ? ` while ${passed.map(p => p.label).join(', ')} got through` : ''
    if (cfg.fails.length > 0 && first.placedBy === 'configuration') {
      const confirmed = cfg.fails.filter(f => (EXPLAINERS[cls.class] ?? cfg.fails).includes(f))
      const confirms = confirmed.length > 0 ? confirmed : cfg.fails
      return judgement(
        'fail',
        'agrees',
        route.same ? 'high' : 'medium',
        `the wire confirms ${CHECK_NAMES(confirms)}: ${stoppedText(stopped, signed.length)}${mixed}${route.note}`,
        evidence,
        { confirms, fix: `see ${confirms[0]}`, resource: first.facts.address },
      )
    }
    if (
      cfg.status === 'unknown' ||
      first.placedBy === 'wording' ||
      first.placedBy === 'unreadable-configuration'
    ) {
      return judgement(
        'fail',
        'live-only',
        first.placedBy === 'wording' ? 'low' : 'medium',
        `the live request stops at ${where}: ${stoppedText(stopped, signed.length)}${mixed}; the configuration could not confirm which rule (${CHECK_NAMES(cfg.unknowns) || 'not read'})${route.note}`,
        evidence,
        {
          fix: `grant the reads the unknown checks name (${CHECK_NAMES(cfg.unknowns)}) and run the doctor again to see the rule`,
          missing: [],
          resource: first.facts.address,
        },
      )
    }
    // The configuration allows, the wire does not.
    const cause = likelyCause(s, d, cls.class, hops, facts)
    const status: CheckStatus = looseRoute ? 'warn' : 'fail'
    return judgement(
      status,
      'disagrees',
      looseRoute ? 'low' : 'medium',
      `the configuration allows but the wire stops at ${where}: ${stoppedText(stopped, signed.length)}${mixed}. Likely: ${cause.text}${route.note}`,
      [
        ...evidence,
        ...explainers.map(c => ({ text: `the configuration says: ${c} passes (${cfg.summaries[c] ?? ''})` })),
      ],
      {
        fix: cause.fix,
        contradicts: explainers,
        resource: first.facts.address,
      },
    )
  }

  if (passed.length > 0) {
    if (unsignedIssue) return unsignedIssue(evidence)
    const through =
      passed.length === signed.length ? 'every signed request' : passed.map(p => p.label).join(', ')
    if (cfg.fails.length > 0) {
      if (hops.includes(1) && clientOnlySigning(s, cfg.fails)) {
        return judgement(
          'pass',
          'not-comparable',
          'medium',
          `pvapi's own signed request gets through ${where}; the configured client's signing (${CHECK_NAMES(cfg.fails)}) was not reproduced: fix the client`,
          evidence,
        )
      }
      if (notComparable)
        return judgement(
          'skipped',
          'not-comparable',
          'low',
          `${through} got through ${where}; not comparable: ${notComparable}`,
          evidence,
        )
      const cause = passedCause(s, hops, cfg.fails, facts)
      return judgement(
        'warn',
        'disagrees',
        'medium',
        `the configuration says ${CHECK_NAMES(cfg.fails)} fails, but ${through} got through ${where}${route.note}. Likely: ${cause.text}`,
        evidence,
        { fix: cause.fix, contradicts: cfg.fails },
      )
    }
    if (cfg.status === 'unknown') {
      return judgement(
        'pass',
        'live-only',
        'medium',
        `${through} got through ${where} (the configuration could not be read: ${CHECK_NAMES(cfg.unknowns)})${route.note}`,
        evidence,
      )
    }
    return judgement(
      'pass',
      'agrees',
      route.same ? 'high' : 'medium',
      `confirmed live: ${through} got through ${where}${route.note}`,
      evidence,
    )
  }

  const stoppedAt = signed.map(v => v.hop).filter((h): h is Hop => h !== undefined)
  const earliest = stoppedAt.length ? Math.min(...stoppedAt) : undefined
  return judgement(
    'skipped',
    'not-reached',
    'low',
    `the live requests did not reach ${where}${earliest !== undefined ? ` (they stop at hop ${earliest})` : ''}`,
    evidence,
  )
}

function stoppedText(stopped: readonly AttemptView[], all: number): string {
  const outcomes = [...new Set(stopped.map(v => v.outcome))]
  const who =
    stopped.length === all && all > 1 ? `every signed request (${all})` : stopped.map(v => v.label).join(', ')
  return `${who} → ${outcomes.join('; ')}`
}

/** A long message kept readable in one line: its start and its end. */
function shorten(message: string): string {
  return message.length <= 110 ? message : `${message.slice(0, 62)} … ${message.slice(-40)}`
}

/** Hop-1 checks that fail because of another client's settings (pvapi signs correctly anyway). */
function clientOnlySigning(s: DoctorSnapshot, fails: readonly string[]): boolean {
  const clientSettings =
    s.signing.regionSource === 'client' ||
    s.signing.service !== 'execute-api' ||
    s.signing.authorization !== 'sigv4'
  return (
    clientSettings &&
    fails.every(
      f => f === 'signing.scope' || f === 'signing.authorization-header' || f === 'signing.host-routing',
    )
  )
}

/** Clock and unsigned-request evidence for hop 1. */
function signingEvidence(
  s: DoctorSnapshot,
  _d: Derived,
  facts: ProbeFacts,
  unsigned: AttemptView | undefined,
): Evidence[] {
  const out: Evidence[] = []
  const offsets = facts.attempts
    .map(a => a.clockOffsetMs)
    .filter((x): x is number => x !== undefined)
    .sort((a, b) => a - b)
  const median = offsets[Math.floor(offsets.length / 2)]
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

const fmtOffset = (ms: number): string => `${ms >= 0 ? '+' : '−'}${(Math.abs(ms) / 1000).toFixed(1)} s`

/** The unsigned request against the method's authorization type: a live mismatch means the deployed method differs. */
function unsignedMismatch(
  s: DoctorSnapshot,
  d: Derived,
  unsigned: AttemptView | undefined,
): ((evidence: Evidence[]) => ProbeJudgement) | undefined {
  if (!unsigned || d.method.status !== 'ok' || d.routeMissing) return undefined
  const type = d.method.value.method.authorizationType ?? 'NONE'
  const cls = unsigned.classification.class
  const redeploy = `aws apigateway create-deployment --rest-api-id ${d.apiId ?? 'API_ID'} --stage-name ${d.route.status === 'ok' ? d.route.value.stage : 'STAGE'} --region ${s.target.region}`
  if (type === 'AWS_IAM' && unsigned.classification.ok) {
    return evidence =>
      judgement(
        'warn',
        'disagrees',
        'medium',
        `the method reads as AWS_IAM, but an unsigned request got ${unsigned.outcome}: the deployed method does not require SigV4 (changed after the last deployment?)`,
        evidence,
        { fix: redeploy, contradicts: ['iam.method-auth-type'] },
      )
  }
  if (type !== 'AWS_IAM' && cls === 'missing-auth-token') {
    return evidence =>
      judgement(
        'warn',
        'disagrees',
        'medium',
        `the method reads as ${type}, but an unsigned request got "Missing Authentication Token": the deployed method requires SigV4 (AWS_IAM), or the route is not deployed`,
        evidence,
        { fix: redeploy, contradicts: ['iam.method-auth-type'] },
      )
  }
  return undefined
}

/** Why the wire stops where the configuration allows, and what to run. */
function likelyCause(
  s: DoctorSnapshot,
  d: Derived,
  cls: ProbeClass,
  hops: readonly Hop[],
  facts: ProbeFacts,
): { text: string; fix: string } {
  const region = `--region ${s.target.region}`
  const api = d.apiId ?? 'API_ID'
  const stage = d.route.status === 'ok' ? d.route.value.stage : 'STAGE'
  const ep = valueOf(d.endpoint)
  if (hops.includes(6)) {
    if (cls === 'forbidden') {
      return {
        text: 'API Gateway refused before authorization although the API reads as PRIVATE and reachable: the deployed endpoint configuration differs, the name addresses another API, or an access association / API key is missing',
        fix: [
          `aws apigateway get-rest-api --rest-api-id ${api} ${region} --query endpointConfiguration`,
          `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
        ].join('\n'),
      }
    }
    return {
      text: 'the resource policy enforced differs from the one read: it changed after the last deployment (a policy takes effect only when deployed), so the live one is older',
      fix: [
        '# deploy the policy that was read; then probe again:',
        `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
      ].join('\n'),
    }
  }
  if (hops.includes(4)) {
    return {
      text: `the endpoint policy of ${ep?.id ?? 'the endpoint'} read allows, but the wire names the VPC endpoint policy: it changed since it was read, or another endpoint carried the request`,
      fix: `aws ec2 describe-vpc-endpoints --vpc-endpoint-ids ${ep?.id ?? 'VPCE_ID'} --query 'VpcEndpoints[0].PolicyDocument' ${region}`,
    }
  }
  if (hops.includes(7)) {
    return {
      text: `the identity policies read allow ${facts.principal ?? 'the caller'}, but the wire denies at IAM: a policy, boundary or SCP changed or is not visible to the doctor (--scp FILE)`,
      fix: `aws iam simulate-principal-policy --policy-source-arn ${valueOf(s.caller.role)?.arn ?? 'ROLE_ARN'} --action-names execute-api:Invoke --resource-arns ${d.methodArn ?? 'METHOD_ARN'}`,
    }
  }
  if (hops.includes(8)) {
    if (cls === 'missing-auth-token') {
      return {
        text: 'the configuration shows the route in the stage, but the live stage does not serve it: deployed after the read, or another stage/API answers',
        fix: `aws apigateway create-deployment --rest-api-id ${api} --stage-name ${stage} ${region}`,
      }
    }
    if (cls === 'authorizer-deny')
      return {
        text: 'the Lambda authorizer denies this request (its decision is only known at run time)',
        fix: 'check the authorizer function logs (CloudWatch) for this request id',
      }
    return {
      text: 'the integration fails at run time (the configuration cannot show backend failures)',
      fix: [
        '# enable execution logs:',
        `aws apigateway update-stage --rest-api-id ${api} --stage-name ${stage} ${region} ${patchOps([{ op: 'replace', path: '/*/*/logging/loglevel', value: 'INFO' }])}`,
      ].join('\n'),
    }
  }
  if (hops.includes(1)) {
    if (cls === 'signature-expired' || cls === 'signature-not-yet-current')
      return {
        text: 'the clock is off by more than 5 minutes now although it was within limits at collection: it jumped (VM resume, NTP step)',
        fix: 'sudo chronyc makestep (or enable NTP / the Amazon Time Sync Service 169.254.169.123)',
      }
    if (cls === 'expired-token' || cls === 'invalid-token')
      return {
        text: 'the credentials worked for STS at collection but not for the API now: the session expired or was revoked in between',
        fix: 'refresh the credentials and run the doctor again',
      }
    return {
      text: 'the signature pvapi computed was rejected through this name form (Host and x-apigw-api-id must match what was signed)',
      fix: 'use the private DNS name or the {api}-{vpce} alias, or pvapi call -v to see the canonical request',
    }
  }
  return { text: 'unexplained by the configuration', fix: 'run the doctor again' }
}

/** Why a request got through a hop the configuration says fails. */
function passedCause(
  s: DoctorSnapshot,
  hops: readonly Hop[],
  fails: readonly string[],
  facts: ProbeFacts,
): { text: string; fix: string } {
  if (hops.includes(6)) {
    return {
      text: 'the deployed resource policy still allows: the policy read was changed after the last deployment and is not live yet; the next deployment will break the call',
      fix: `fix the resource policy before the next deployment (see ${fails[0]})`,
    }
  }
  if (hops.includes(3) || hops.includes(5)) {
    return {
      text: `${facts.vantage?.kind === 'caller-subnet' ? "this host shares the caller's subnet but maybe not its security groups; " : ''}the rules changed since they were read, or the evaluation misses a rule`,
      fix: `compare with the rules the checks name (${CHECK_NAMES(fails)}) and run the doctor again`,
    }
  }
  if (hops.includes(7))
    return {
      text: `the probe signs as ${facts.principal ?? "the doctor's identity"}, whose policies may differ from the caller's; or a policy changed since it was read`,
      fix: `see ${fails[0]}`,
    }
  if (hops.includes(8))
    return {
      text: 'the live stage differs from the configuration read (deployed since?)',
      fix: `see ${fails[0]}`,
    }
  return {
    text: `the configuration read differs from what is live (${s.collectedAt})`,
    fix: `see ${fails[0]}`,
  }
}

/** Some ENIs answer, others do not: that zone's subnet NACL or route, unless the configuration already says so. */
function partialEnis(
  s: DoctorSnapshot,
  _d: Derived,
  stopped: readonly AttemptView[],
  passed: readonly AttemptView[],
  cfg: ConfigState,
  evidence: Evidence[],
  notComparable: string | undefined,
): ProbeJudgement {
  const bad = stopped.map(
    v =>
      `${v.facts.address}${v.facts.availabilityZone ? ` in ${v.facts.availabilityZone}` : ''}${v.facts.subnetId ? ` (${v.facts.subnetId})` : ''}`,
  )
  const good = [...new Set(passed.map(v => v.facts.address || v.label))]
  const what = `${bad.join(', ')} ${stopped.length === 1 ? 'does' : 'do'} not answer (${[...new Set(stopped.map(v => v.outcome))].join('; ')}) while ${good.join(', ')} ${good.length === 1 ? 'does' : 'do'}`
  if (notComparable)
    return judgement(
      'warn',
      'not-comparable',
      'low',
      `${what}; from this host (${notComparable})`,
      evidence,
      { fix: 'probe again from the caller network (--from-imds on the calling instance)' },
    )
  const subnets = [...new Set(stopped.map(v => v.facts.subnetId).filter((x): x is string => x !== undefined))]
  const fix = subnets.length
    ? `aws ec2 describe-network-acls --filters Name=association.subnet-id,Values=${subnets.join(',')} --region ${s.target.region}\naws ec2 describe-route-tables --filters Name=association.subnet-id,Values=${subnets.join(',')} --region ${s.target.region}   # and check VPC Flow Logs for REJECT on these ENIs`
    : `aws ec2 describe-network-acls --region ${s.target.region}`
  const naclFails = cfg.fails.filter(f => f.startsWith('nacl.') || f.startsWith('vpce.'))
  if (naclFails.length > 0) {
    return judgement(
      'fail',
      'agrees',
      'high',
      `the wire confirms ${CHECK_NAMES(naclFails)}: ${what}`,
      evidence,
      { confirms: naclFails, fix, resource: stopped[0]!.facts.address },
    )
  }
  if (cfg.status === 'unknown') {
    return judgement(
      'fail',
      'live-only',
      'medium',
      `one zone is cut off: ${what}. Likely: that zone's subnet NACL or route; the configuration could not confirm (${CHECK_NAMES(cfg.unknowns)})`,
      evidence,
      { fix, resource: stopped[0]!.facts.address },
    )
  }
  return judgement(
    'fail',
    'disagrees',
    'medium',
    `one zone is cut off: ${what}. Likely: that zone's subnet NACL or route (the configuration read allows it: changed since, or an appliance/firewall route in that subnet)`,
    evidence,
    {
      fix,
      contradicts: cfg.passes.filter(c => c === 'nacl.endpoint-subnet' || c === 'nacl.caller-subnet'),
      resource: stopped[0]!.facts.address,
    },
  )
}

/** Hop 2: the probe's own resolution, and where the DNS-using requests went. */
function judgeDns(
  s: DoctorSnapshot,
  d: Derived,
  facts: ProbeFacts,
  attempts: readonly AttemptView[],
  eniIps: readonly string[] | undefined,
  cfg: ConfigState,
): ProbeJudgement {
  const viaDns = attempts.filter(v => v.facts.kind === 'signed' || v.facts.kind === 'unsigned')
  const dns = facts.dns
  const host = facts.connectHost ?? s.target.connectHost
  if (!dns && viaDns.length === 0)
    return judgement('skipped', 'not-reached', 'low', `${host} was not resolved by the probe`, [])
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
  const server = dns?.server ?? 'system'
  const speaks = dnsSpeaksForCaller(s, d, server)
  const failed =
    (dns && dns.result !== 'answer') || viaDns.some(v => v.classification.class === 'dns-failure')
  const answered = [
    ...new Set([...(dns?.addresses ?? []), ...viaDns.map(v => v.facts.address).filter(a => a !== '')]),
  ]
  const foreign = eniIps ? answered.filter(a => !eniIps.includes(a)) : []
  const configDns = cfg.fails.filter(f => f.startsWith('dns.'))
  const explain = [
    'dns.private-resolution',
    'dns.private-dns-enabled',
    'dns.alias-association',
    'dns.dhcp-resolvers',
  ].filter(c => cfg.passes.includes(c))
  const notSpeaking = `resolved with ${server === 'system' ? "this host's resolver" : server}, which may not be the caller's (run the doctor on the caller's host, --from-imds, or give --dns-server)`
  const fix = [
    `# check the resolver the caller uses: dig ${host} @VPC_RESOLVER (the VPC's +2 address); private DNS on ${valueOf(d.endpoint)?.id ?? 'the endpoints'}:`,
    `aws ec2 describe-vpc-endpoints ${valueOf(d.endpoint) ? `--vpc-endpoint-ids ${valueOf(d.endpoint)!.id} ` : ''}--query 'VpcEndpoints[].PrivateDnsEnabled' --region ${s.target.region}`,
  ].join('\n')
  if (failed) {
    const what = `${host} did not resolve live (${dns?.result === 'error' ? (dns.message ?? 'error') : (dns?.result.toUpperCase() ?? 'DNS failure')})`
    if (!speaks) return judgement('skipped', 'not-comparable', 'low', `${what}; ${notSpeaking}`, evidence)
    if (configDns.length)
      return judgement(
        'fail',
        'agrees',
        'high',
        `the wire confirms ${CHECK_NAMES(configDns)}: ${what}`,
        evidence,
        { confirms: configDns, fix: `see ${configDns[0]}`, resource: host },
      )
    if (cfg.status === 'unknown')
      return judgement(
        'fail',
        'live-only',
        'medium',
        `${what}; the configuration could not confirm why (${CHECK_NAMES(cfg.unknowns)})`,
        evidence,
        { fix, resource: host },
      )
    return judgement(
      'fail',
      'disagrees',
      'medium',
      `${what}, though the configuration says it should. Likely: a resolver or private-DNS problem (the answer changed since collection, or another resolver answers)`,
      evidence,
      { fix, contradicts: explain, resource: host },
    )
  }
  if (answered.length === 0)
    return judgement('skipped', 'not-reached', 'low', `${host}: no live answer`, evidence)
  if (foreign.length > 0) {
    const what = `${host} resolves live to ${foreign.join(', ')}, not the endpoint's ENI addresses (${eniIps?.join(', ') ?? ''})`
    if (!speaks) return judgement('skipped', 'not-comparable', 'low', `${what}; ${notSpeaking}`, evidence)
    if (configDns.length)
      return judgement(
        'fail',
        'agrees',
        'high',
        `the wire confirms ${CHECK_NAMES(configDns)}: ${what}`,
        evidence,
        { confirms: configDns, fix: `see ${configDns[0]}`, resource: host },
      )
    return judgement(
      'fail',
      'disagrees',
      'medium',
      `${what}. Likely: a resolver or private-DNS problem (custom DNS servers, a stale or second private hosted zone, private DNS toggled since collection)`,
      evidence,
      { fix, contradicts: explain, resource: host },
    )
  }
  if (!eniIps)
    return judgement(
      'pass',
      'live-only',
      'low',
      `${host} resolves live to ${answered.join(', ')} (the endpoint's ENI addresses are unknown)`,
      evidence,
    )
  if (!speaks)
    return judgement(
      'pass',
      'not-comparable',
      'low',
      `${host} resolves to the endpoint's ENIs from this host; ${notSpeaking}`,
      evidence,
    )
  if (configDns.length) {
    return judgement(
      'warn',
      'disagrees',
      'medium',
      `the configuration says ${CHECK_NAMES(configDns)} fails, but ${host} resolves live to the endpoint's ENIs. Likely: the DNS set-up changed since collection, or this host's resolver differs from the caller's`,
      evidence,
      { fix: `see ${configDns[0]}`, contradicts: configDns },
    )
  }
  return judgement(
    'pass',
    'agrees',
    'high',
    `confirmed live: ${host} resolves to the endpoint's ENIs (${answered.join(', ')})`,
    evidence,
  )
}

/** The finding of one probe check (what the `probe.*` Check objects return). */
export function probeCheckOutcome(s: DoctorSnapshot, d: Derived, id: ProbeCheckId): CheckOutcome {
  if (s.probe.status !== 'ok') {
    return {
      status: 'skipped',
      summary:
        s.probe.status === 'not-collected'
          ? `no live probe (${s.probe.reason}): run with --probe`
          : `no live probe: ${s.probe.status}`,
      evidence: [],
    }
  }
  const r = reconcileProbe(s, d)
  const j = r?.judgements[id]
  if (!j) return { status: 'skipped', summary: 'no live probe', evidence: [] }
  const { agreement, confidence, confirms, contradicts, ...outcome } = j
  const tag: Evidence = {
    text: `live vs configuration: ${agreement}, confidence ${confidence}${confirms.length ? `; confirms ${confirms.join(', ')}` : ''}${contradicts.length ? `; contradicts ${contradicts.join(', ')}` : ''}`,
  }
  // A fail or warn always names what to do.
  const fix =
    outcome.fix ??
    (outcome.status === 'fail' || outcome.status === 'warn' ? 'run the doctor again with --probe' : undefined)
  return { ...outcome, evidence: [...outcome.evidence, tag], ...(fix ? { fix } : {}) }
}

/** The probe section of the doctor's report (`report.probe`, present only when the snapshot has probe results). */
export interface ReportProbe {
  readonly method: string
  readonly path: string
  readonly connectHost: string
  readonly hostHeader: string | null
  readonly startedAt: string | null
  readonly principal: string | null
  readonly vantage: { readonly kind: string; readonly detail: string } | null
  readonly dns: {
    readonly hostname: string
    readonly server: string
    readonly result: string
    readonly addresses: readonly string[]
  } | null
  readonly timeoutMs: number | null
  readonly notes: readonly string[]
  readonly attempts: ReadonlyArray<{
    readonly label: string
    readonly kind: string
    readonly signed: boolean
    readonly address: string
    readonly availabilityZone: string | null
    readonly eniId: string | null
    readonly outcome: string
    readonly class: ProbeClass
    /** Hops that can produce this outcome, most likely first. */
    readonly hops: readonly Hop[]
    /** The hop it stopped at after reconciliation; null when it went through (or for the unsigned request). */
    readonly hop: Hop | null
    readonly placedBy: string | null
    readonly meaning: string
    readonly httpStatus: number | null
    readonly errorType: string | null
    readonly message: string | null
    readonly exitCode: number | null
    readonly ms: number | null
    readonly requestId: string | null
    readonly clockOffsetMs: number | null
  }>
  /** Per probe check: its status and how the wire compares with the configuration. */
  readonly checks: ReadonlyArray<{
    readonly id: string
    readonly hop: Hop
    readonly status: CheckStatus
    readonly agreement: Agreement
    readonly confidence: Confidence
    readonly summary: string
  }>
  /** Failing configuration checks the wire confirms (agreement raises confidence). */
  readonly confirms: readonly string[]
  /** Configuration checks the wire contradicts. */
  readonly contradicts: readonly string[]
}

/** The report's probe section, or undefined when the snapshot has no probe results. `statuses` are the findings' (respecting --skip). */
export function probeReport(
  s: DoctorSnapshot,
  d: Derived,
  statuses: Readonly<Record<string, CheckStatus>>,
): ReportProbe | undefined {
  const r = reconcileProbe(s, d)
  if (!r) return undefined
  const f = r.facts
  const kept = (Object.keys(PROBE_CHECKS_META) as ProbeCheckId[]).filter(id => statuses[id] !== undefined)
  // A check skipped with --skip contributes nothing.
  const userSkipped = (id: ProbeCheckId) =>
    statuses[id] === 'skipped' && r.judgements[id].status !== 'skipped'
  const keptJudgements = kept.filter(id => !userSkipped(id)).map(id => r.judgements[id])
  return {
    method: f.method ?? 'GET',
    path: f.path ?? s.target.urlPath,
    connectHost: f.connectHost ?? s.target.connectHost,
    hostHeader: f.hostHeader ?? null,
    startedAt: f.startedAt ?? null,
    principal: f.principal ?? null,
    vantage: f.vantage ?? null,
    dns: f.dns
      ? { hostname: f.dns.hostname, server: f.dns.server, result: f.dns.result, addresses: f.dns.addresses }
      : null,
    timeoutMs: f.timeoutMs ?? null,
    notes: f.notes ?? [],
    attempts: r.attempts.map(v => ({
      label: v.label,
      kind: v.facts.kind ?? 'signed',
      signed: v.facts.signed !== false,
      address: v.facts.address,
      availabilityZone: v.facts.availabilityZone ?? null,
      eniId: v.facts.eniId ?? null,
      outcome: v.outcome,
      class: v.classification.class,
      hops: v.classification.hops,
      hop: v.hop ?? null,
      placedBy: v.placedBy ?? null,
      meaning: v.classification.meaning,
      httpStatus: v.facts.httpStatus ?? null,
      errorType: v.facts.errorType ?? null,
      message: v.facts.message ?? null,
      exitCode: v.facts.exitCode ?? null,
      ms: v.facts.ms ?? null,
      requestId: v.facts.requestId ?? null,
      clockOffsetMs: v.facts.clockOffsetMs ?? null,
    })),
    checks: kept.map(id =>
      userSkipped(id)
        ? {
            id,
            hop: PROBE_CHECKS_META[id].hop,
            status: 'skipped' as const,
            agreement: 'not-reached' as const,
            confidence: 'low' as const,
            summary: 'skipped with --skip',
          }
        : {
            id,
            hop: PROBE_CHECKS_META[id].hop,
            status: statuses[id]!,
            agreement: r.judgements[id].agreement,
            confidence: r.judgements[id].confidence,
            summary: r.judgements[id].summary,
          },
    ),
    confirms: [...new Set(keptJudgements.flatMap(j => j.confirms))],
    contradicts: [...new Set(keptJudgements.flatMap(j => j.contradicts))],
  }
}
