/**
 * Every check id, as a type: tables that name checks (the reconciliation's) are checked against
 * it when compiled, and a test (test/probe/reconcile-tables.test.ts) holds this list equal to
 * the registry (checks/index.ts), so a renamed check cannot leave a stale id behind.
 */
import type { ProbeCheckId } from './reconcile/meta.js'

/** The configuration checks, in the order they are run and reported. */
export const CONFIGURATION_CHECK_IDS = [
  // 1 signing
  'signing.credentials',
  'signing.clock-skew',
  'signing.scope',
  'signing.authorization-header',
  'signing.host-routing',
  // 2 DNS
  'dns.vpc-attributes',
  'dns.dhcp-resolvers',
  'dns.caller-vpc',
  'dns.resolver-inbound',
  'dns.hybrid-forwarding',
  'dns.private-dns-enabled',
  'dns.alias-association',
  'dns.public-api-capture',
  'dns.private-resolution',
  // 3 security groups
  'sg.caller-egress-443',
  'sg.endpoint-ingress-443',
  'sg.cross-vpc-reference',
  // 4 endpoint policy
  'vpce.policy-identity-rule',
  'vpce.policy-allows',
  // 5 transit
  'vpce.state-available',
  'vpce.subnets-azs',
  'nacl.caller-subnet',
  'nacl.endpoint-subnet',
  'route.no-internet',
  'route.sts-reachable',
  'route.hybrid-return',
  // 6 resource policy (and private custom domains)
  'apigw.endpoint-type-private',
  'apigw.execute-api-endpoint',
  'domain.base-path-mapping',
  'domain.access-association',
  'domain.management-policy',
  'domain.policy-allows',
  'apigw.resource-policy-present',
  'apigw.resource-policy-principal-auth',
  'apigw.resource-policy-allows',
  'apigw.policy-deployed',
  // 7 IAM authorization
  'iam.method-auth-type',
  'iam.identity-allows',
  'iam.permissions-boundary',
  'iam.scp',
  // 8 handler
  'handler.stage-deployed',
  'handler.route-exists',
  'handler.route-deployed',
  'handler.api-key',
  'handler.authorizer',
  'handler.integration',
  'handler.response-streaming',
  // AWS 2025-2026 (appended: the verdict takes the first failure in this order)
  'apigw.endpoint-access-mode',
  'apigw.tls-policy',
  'vpc.shared-owner',
  'vpc.block-public-access',
  'vpce.same-region',
  'vpce.owner-keys',
  'domain.routing-mode',
  // the front-door caller (--from-api): placed on their hops by verdictOf, skipped for others
  'frontdoor.integration-routing',
  'frontdoor.signing',
  'frontdoor.tls-name',
  'frontdoor.nlb-security-groups',
  'frontdoor.vpc-link-available',
  'frontdoor.nlb-targets',
  // dual-stack (IPv6): hops 2, 5 and 6
  'dns.address-family',
  'route.ipv6-endpoint',
  'apigw.resource-policy-ip-family',
] as const

export type ConfigurationCheckId = (typeof CONFIGURATION_CHECK_IDS)[number]

export type CheckId = ConfigurationCheckId | ProbeCheckId
