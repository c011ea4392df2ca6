/**
 * Which of the usual checks do not apply when the caller is a front-door API Gateway
 * (`doctor --from-api`): it sends no signature, reaches the endpoint through the NLB's targets
 * rather than by DNS, has no IAM identity, and its network is the NLB's. The frontdoor.* checks
 * judge those hops instead; run-checks.ts reports these as `skipped`, saying why.
 */
const NO_SIGNATURE = 'the front door calls unsigned: frontdoor.signing judges it'
const NO_DNS = "API Gateway reaches the endpoint through the NLB's targets, not by resolving a name"
const ANONYMOUS = 'the front door calls anonymously: no identity policy, boundary or SCP applies'

export const FRONT_DOOR_NOT_APPLICABLE: Readonly<Record<string, string>> = {
  'signing.credentials': NO_SIGNATURE,
  'signing.clock-skew': NO_SIGNATURE,
  'signing.scope': NO_SIGNATURE,
  'signing.authorization-header': NO_SIGNATURE,
  'signing.host-routing': 'frontdoor.integration-routing judges how the integration names the private API',
  'dns.vpc-attributes': NO_DNS,
  'dns.dhcp-resolvers': NO_DNS,
  'dns.caller-vpc': NO_DNS,
  'dns.private-dns-enabled': NO_DNS,
  'dns.alias-association': NO_DNS,
  'dns.public-api-capture': NO_DNS,
  'dns.private-resolution': NO_DNS,
  'sg.caller-egress-443': 'frontdoor.nlb-security-groups judges the NLB and the endpoint',
  'sg.endpoint-ingress-443': 'frontdoor.nlb-security-groups judges the NLB and the endpoint',
  'vpce.subnets-azs': "frontdoor.nlb-targets judges the zones the NLB's targets cover",
  'route.no-internet': "the NLB's subnets are not a caller's: their default routes do not matter here",
  'route.sts-reachable': 'the front door calls no STS',
  'iam.identity-allows': ANONYMOUS,
  'iam.permissions-boundary': ANONYMOUS,
  'iam.scp': ANONYMOUS,
}
