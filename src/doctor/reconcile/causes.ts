/**
 * The reconciliation's knowledge, as tables: which configuration checks the wire is compared
 * with, which of them would explain each live outcome, and per hop the likely cause when the
 * wire and the configuration disagree. Sentences for the causes are in words.ts.
 */
import type { ProbeClass } from '../../core/classify-outcome.js'
import type { ConfigurationCheckId } from '../check-ids.js'
import type { Hop } from '../outcome.js'

/**
 * Configuration checks the wire is not compared with, and why: they say nothing about whether
 * this request passes, or are compared another way.
 */
export const NOT_COMPARED: Readonly<Partial<Record<ConfigurationCheckId, string>>> = {
  'vpce.subnets-azs': 'a resilience warning: one zone more or less does not stop this request',
  'route.no-internet': 'a compliance warning about the caller subnet, not this request',
  'route.sts-reachable': "the path to STS, not the API's",
  'domain.management-policy':
    "governs creating the domain's access association, which the association check reads",
  'iam.method-auth-type': 'compared with the unsigned request instead (probe.signing)',
}

/** Configuration checks that would explain each class of outcome (what the wire contradicts when they pass). */
export const EXPLAINERS: Readonly<Partial<Record<ProbeClass, readonly ConfigurationCheckId[]>>> = {
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

/** Outcomes of the network itself (no HTTP answer). */
export const NETWORK_CLASSES: ReadonlySet<ProbeClass> = new Set([
  'connect-timeout',
  'connect-refused',
  'connection-reset',
  'tls-failure',
  'transport-error',
])

/** Why the wire stops at a hop whose configuration allows (worded in words.ts). */
export type StopCause =
  | 'clock-jumped'
  | 'credentials-changed'
  | 'signature-rejected'
  | 'endpoint-policy-changed'
  | 'endpoint-configuration-differs'
  | 'policy-not-deployed'
  | 'identity-policy-changed'
  | 'route-not-live'
  | 'authorizer-denies'
  | 'integration-fails'
  | 'unexplained'

export interface StopCauseRow {
  /** The outcomes this row is for; absent: any other outcome at the hop. */
  readonly classes?: readonly ProbeClass[]
  readonly cause: StopCause
  /**
   * The configuration check that reads exactly this cause. When it is the only check of the hop
   * that could not be read, the rest of the hop is reconciled as read and it is named as the
   * likely cause (an unreadable check does not hide a contradiction the wire proves).
   */
  readonly via?: ConfigurationCheckId
}

/** Per probe check hop (meta.hop), the causes in order: the first row whose classes match. */
export const STOP_CAUSES: Readonly<Record<Hop, readonly StopCauseRow[]>> = {
  1: [
    {
      classes: ['signature-expired', 'signature-not-yet-current'],
      cause: 'clock-jumped',
      via: 'signing.clock-skew',
    },
    { classes: ['expired-token', 'invalid-token'], cause: 'credentials-changed' },
    { cause: 'signature-rejected' },
  ],
  2: [{ cause: 'unexplained' }],
  3: [{ cause: 'unexplained' }],
  4: [{ cause: 'endpoint-policy-changed' }],
  5: [{ cause: 'unexplained' }],
  6: [
    { classes: ['forbidden'], cause: 'endpoint-configuration-differs' },
    { cause: 'policy-not-deployed', via: 'apigw.policy-deployed' },
  ],
  7: [{ cause: 'identity-policy-changed' }],
  8: [
    { classes: ['missing-auth-token'], cause: 'route-not-live' },
    { classes: ['authorizer-deny'], cause: 'authorizer-denies' },
    { cause: 'integration-fails' },
  ],
}

/** The stop cause of an outcome at a hop. */
export function stopCause(hop: Hop, cls: ProbeClass): StopCauseRow {
  return STOP_CAUSES[hop].find(r => !r.classes || r.classes.includes(cls)) ?? { cause: 'unexplained' }
}

/** Why a request gets through a hop the configuration says fails (worded in words.ts). */
export type PassCause =
  | 'deployed-policy-older'
  | 'rules-changed'
  | 'principal-differs'
  | 'stage-differs'
  | 'configuration-differs'

/** Per probe check hop (meta.hop). */
export const PASS_CAUSES: Readonly<Record<Hop, PassCause>> = {
  1: 'configuration-differs',
  2: 'configuration-differs',
  3: 'rules-changed',
  4: 'configuration-differs',
  5: 'rules-changed',
  6: 'deployed-policy-older',
  7: 'principal-differs',
  8: 'stage-differs',
}

/** Hop-1 checks that fail because of another client's settings (pvapi signs correctly anyway). */
export const CLIENT_SIGNING_CHECKS: readonly ConfigurationCheckId[] = [
  'signing.scope',
  'signing.authorization-header',
  'signing.host-routing',
]

/** The checks that read a zone's own path (some ENIs answer, others do not). */
export const ZONE_CHECKS: readonly ConfigurationCheckId[] = ['nacl.caller-subnet', 'nacl.endpoint-subnet']

/** The DNS checks a wrong or missing live answer contradicts when they pass. */
export const DNS_EXPLAINERS: readonly ConfigurationCheckId[] = [
  'dns.private-resolution',
  'dns.private-dns-enabled',
  'dns.alias-association',
  'dns.dhcp-resolvers',
]
