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
  'frontdoor.integration-routing',
  'frontdoor.signing',
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
  'apigw.endpoint-access-mode',
  'apigw.tls-policy',
  'frontdoor.tls-name',
  'dns.address-family',
  // 3 security groups
  'sg.caller-egress-443',
  'sg.endpoint-ingress-443',
  'sg.cross-vpc-reference',
  'frontdoor.nlb-security-groups',
  // 4 endpoint policy
  'vpce.policy-identity-rule',
  'vpce.policy-allows',
  'vpc.shared-owner',
  // 5 transit
  'vpce.state-available',
  'vpce.subnets-azs',
  'nacl.caller-subnet',
  'nacl.endpoint-subnet',
  'route.no-internet',
  'route.sts-reachable',
  'route.hybrid-return',
  'vpc.block-public-access',
  'vpce.same-region',
  'frontdoor.vpc-link-available',
  'frontdoor.nlb-targets',
  'route.ipv6-endpoint',
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
  'vpce.owner-keys',
  'domain.routing-mode',
  'apigw.resource-policy-ip-family',
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
] as const

export type ConfigurationCheckId = (typeof CONFIGURATION_CHECK_IDS)[number]

export type CheckId = ConfigurationCheckId | ProbeCheckId
