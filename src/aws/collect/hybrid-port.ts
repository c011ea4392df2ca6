/**
 * The reads a caller outside the endpoint's VPC needs (on premises over Direct Connect/VPN, or
 * another VPC over peering or a transit gateway): Route 53 Resolver, Route 53 private hosted
 * zones, and the transit gateways and peering connections between the VPCs. Implemented by
 * src/aws/doctor-route53.ts (no SDK: signed JSON 1.1 and REST-XML requests) and
 * src/aws/doctor-ec2-transit.ts (the EC2 client). No SDK types cross this boundary.
 */
import type { PeeringFacts, TgwAttachmentFacts, TransitGatewayFacts } from '../../doctor/snapshot.js'

/** A Resolver endpoint as ListResolverEndpoints gives it. */
export interface ResolverEndpointSummary {
  readonly id: string
  readonly name?: string
  readonly direction: string
  readonly vpcId: string
  readonly status?: string
  readonly securityGroupIds: readonly string[]
}

/** A Resolver rule as ListResolverRules gives it. */
export interface ResolverRuleSummary {
  readonly id: string
  readonly name?: string
  readonly domainName: string
  readonly ruleType?: string
  readonly targetIps: readonly string[]
  readonly resolverEndpointId?: string
  readonly ownerId?: string
}

/** Route 53 Resolver (account A). Every list is paginated to the end. */
export interface ResolverPort {
  /** ListResolverEndpoints, direction INBOUND, hosted in the VPC. */
  inboundEndpoints(vpcId: string): Promise<ResolverEndpointSummary[]>
  /** ListResolverEndpointIpAddresses. */
  endpointIps(
    endpointId: string,
  ): Promise<Array<{ readonly ip: string; readonly subnetId?: string; readonly status?: string }>>
  /** ListResolverRules (the rules this account created or was shared). */
  rules(): Promise<ResolverRuleSummary[]>
  /** ListResolverRuleAssociations for the VPC. */
  ruleAssociations(vpcId: string): Promise<Array<{ readonly ruleId: string; readonly status?: string }>>
}

/** Route 53 private hosted zones (account A). */
export interface Route53Port {
  /** ListHostedZonesByVPC. */
  hostedZonesByVpc(
    vpcId: string,
    region: string,
  ): Promise<
    Array<{
      readonly id: string
      readonly name: string
      readonly owner?: string
      readonly ownedByService?: boolean
    }>
  >
  /** ListResourceRecordSets from `name`: does the zone (named `zoneName`) hold a record of that name, or a wildcard above it? */
  hasRecord(zoneId: string, name: string, zoneName?: string): Promise<boolean>
}

/** Transit gateways and peering (EC2, account A). */
export interface TransitPort {
  tgwVpcAttachments(vpcIds: readonly string[]): Promise<TgwAttachmentFacts[]>
  transitGateways(ids: readonly string[]): Promise<TransitGatewayFacts[]>
  peeringConnections(ids: readonly string[]): Promise<PeeringFacts[]>
}

/** Everything the hybrid collector reads through. */
export interface HybridPort {
  readonly resolver: ResolverPort
  readonly route53: Route53Port
  readonly transit: TransitPort
}
