/**
 * Every doctor check, in request order: hop 1 (signing) to hop 8 (handler), and within a hop
 * the more specific diagnosis first, so the verdict names the most precise failure.
 */
import type { Check } from '../check.js'
import { standaloneProbeChecks } from '../reconcile/probe-checks.js'
import { apigwEndpointTypePrivate } from './apigw-endpoint-type-private.js'
import { apigwExecuteApiEndpoint } from './apigw-execute-api-endpoint.js'
import { apigwPolicyDeployed } from './apigw-policy-deployed.js'
import { apigwResourcePolicyAllows } from './apigw-resource-policy-allows.js'
import { apigwResourcePolicyPresent } from './apigw-resource-policy-present.js'
import { apigwResourcePolicyPrincipalAuth } from './apigw-resource-policy-principal-auth.js'
import { frontdoorIntegrationRouting } from './frontdoor-integration-routing.js'
import { frontdoorNlbSecurityGroups } from './frontdoor-nlb-security-groups.js'
import { frontdoorNlbTargets } from './frontdoor-nlb-targets.js'
import { frontdoorSigning } from './frontdoor-signing.js'
import { frontdoorTlsName } from './frontdoor-tls-name.js'
import { frontdoorVpcLinkAvailable } from './frontdoor-vpc-link-available.js'
import { dnsAliasAssociation } from './dns-alias-association.js'
import { dnsCallerVpc } from './dns-caller-vpc.js'
import { dnsDhcpResolvers } from './dns-dhcp-resolvers.js'
import { dnsHybridForwarding } from './dns-hybrid-forwarding.js'
import { dnsPrivateDnsEnabled } from './dns-private-dns-enabled.js'
import { dnsPrivateResolution } from './dns-private-resolution.js'
import { dnsPublicApiCapture } from './dns-public-api-capture.js'
import { dnsResolverInbound } from './dns-resolver-inbound.js'
import { dnsVpcAttributes } from './dns-vpc-attributes.js'
import { domainAccessAssociation } from './domain-access-association.js'
import { domainBasePathMapping } from './domain-base-path-mapping.js'
import { domainManagementPolicy } from './domain-management-policy.js'
import { domainPolicyAllows } from './domain-policy-allows.js'
import { handlerApiKey } from './handler-api-key.js'
import { handlerAuthorizer } from './handler-authorizer.js'
import { handlerIntegration } from './handler-integration.js'
import { handlerResponseStreaming } from './handler-response-streaming.js'
import { handlerRouteDeployed } from './handler-route-deployed.js'
import { handlerRouteExists } from './handler-route-exists.js'
import { handlerStageDeployed } from './handler-stage-deployed.js'
import { iamIdentityAllows } from './iam-identity-allows.js'
import { iamMethodAuthType } from './iam-method-auth-type.js'
import { iamPermissionsBoundary } from './iam-permissions-boundary.js'
import { iamScp } from './iam-scp.js'
import { naclCallerSubnet } from './nacl-caller-subnet.js'
import { naclEndpointSubnet } from './nacl-endpoint-subnet.js'
import { routeHybridReturn } from './route-hybrid-return.js'
import { routeNoInternet } from './route-no-internet.js'
import { routeStsReachable } from './route-sts-reachable.js'
import { sgCallerEgress443 } from './sg-caller-egress-443.js'
import { sgCrossVpcReference } from './sg-cross-vpc-reference.js'
import { sgEndpointIngress443 } from './sg-endpoint-ingress-443.js'
import { signingAuthorizationHeader } from './signing-authorization-header.js'
import { signingClockSkew } from './signing-clock-skew.js'
import { signingCredentials } from './signing-credentials.js'
import { signingHostRouting } from './signing-host-routing.js'
import { signingScope } from './signing-scope.js'
import { vpcePolicyAllows } from './vpce-policy-allows.js'
import { vpcePolicyIdentityRule } from './vpce-policy-identity-rule.js'
import { vpceStateAvailable } from './vpce-state-available.js'
import { vpceSubnetsAzs } from './vpce-subnets-azs.js'
import { apigwEndpointAccessMode } from './apigw-endpoint-access-mode.js'
import { apigwTlsPolicy } from './apigw-tls-policy.js'
import { domainRoutingMode } from './domain-routing-mode.js'
import { vpcBlockPublicAccess } from './vpc-block-public-access.js'
import { vpcSharedOwner } from './vpc-shared-owner.js'
import { vpceOwnerKeys } from './vpce-owner-keys.js'
import { vpceSameRegion } from './vpce-same-region.js'
import { dnsAddressFamily } from './dns-address-family.js'
import { routeIpv6Endpoint } from './route-ipv6-endpoint.js'
import { apigwResourcePolicyIpFamily } from './apigw-resource-policy-ip-family.js'

/**
 * The configuration checks, in the order they are run and reported (ids: check-ids.ts): by hop,
 * and within a hop the most basic first (the verdict names the first failure in this order).
 */
export const CONFIGURATION_CHECKS: readonly Check[] = [
  // 1 signing
  signingCredentials,
  signingClockSkew,
  signingScope,
  signingAuthorizationHeader,
  signingHostRouting,
  frontdoorIntegrationRouting,
  frontdoorSigning,
  // 2 DNS
  dnsVpcAttributes,
  dnsDhcpResolvers,
  dnsCallerVpc,
  dnsResolverInbound,
  dnsHybridForwarding,
  dnsPrivateDnsEnabled,
  dnsAliasAssociation,
  dnsPublicApiCapture,
  dnsPrivateResolution,
  apigwEndpointAccessMode,
  apigwTlsPolicy,
  frontdoorTlsName,
  dnsAddressFamily,
  // 3 security groups
  sgCallerEgress443,
  sgEndpointIngress443,
  sgCrossVpcReference,
  frontdoorNlbSecurityGroups,
  // 4 endpoint policy
  vpcePolicyIdentityRule,
  vpcePolicyAllows,
  vpcSharedOwner,
  // 5 transit
  vpceStateAvailable,
  vpceSubnetsAzs,
  naclCallerSubnet,
  naclEndpointSubnet,
  routeNoInternet,
  routeStsReachable,
  routeHybridReturn,
  vpcBlockPublicAccess,
  vpceSameRegion,
  frontdoorVpcLinkAvailable,
  frontdoorNlbTargets,
  routeIpv6Endpoint,
  // 6 resource policy (and private custom domains)
  apigwEndpointTypePrivate,
  apigwExecuteApiEndpoint,
  domainBasePathMapping,
  domainAccessAssociation,
  domainManagementPolicy,
  domainPolicyAllows,
  apigwResourcePolicyPresent,
  apigwResourcePolicyPrincipalAuth,
  apigwResourcePolicyAllows,
  apigwPolicyDeployed,
  vpceOwnerKeys,
  domainRoutingMode,
  apigwResourcePolicyIpFamily,
  // 7 IAM authorization
  iamMethodAuthType,
  iamIdentityAllows,
  iamPermissionsBoundary,
  iamScp,
  // 8 handler
  handlerStageDeployed,
  handlerRouteExists,
  handlerRouteDeployed,
  handlerApiKey,
  handlerAuthorizer,
  handlerIntegration,
  handlerResponseStreaming,
]

/**
 * Every check in the order they are run and reported: the configuration checks, then the live
 * evidence (--probe) reconciled with them, last, so that when both fail the verdict names the
 * configuration check, and a probe check leads only when it alone fails. The probe checks are
 * generated from their metadata table (src/doctor/reconcile/meta.ts).
 */
export const CHECKS: readonly Check[] = [
  ...CONFIGURATION_CHECKS,
  ...standaloneProbeChecks(CONFIGURATION_CHECKS),
]
