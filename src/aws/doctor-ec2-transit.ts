/**
 * Transit gateways and VPC peering connections (EC2 Describe*), for callers outside the
 * endpoint's VPC: whether a transit gateway and its VPC attachments have security group
 * referencing on (Sept 2024: inbound rules only), and which VPCs and Regions a peering joins.
 * Lists are filtered rather than asked for by id, so a gateway shared from another account that
 * is not visible here reads as absent, not as an error.
 */
import {
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
  EC2Client,
  type Filter,
} from '@aws-sdk/client-ec2'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { PeeringFacts, TgwAttachmentFacts, TransitGatewayFacts } from '../doctor/snapshot.js'
import type { TransitPort } from './collect/hybrid-port.js'
import { bounded, clientConfig, type DoctorLimits, pages } from './doctor-client-config.js'

const filter = (Name: string, Values: readonly string[]): Filter => ({ Name, Values: [...Values] })
const opt = <K extends string>(key: K, v: unknown): Partial<Record<K, string>> =>
  typeof v === 'string' && v !== '' ? ({ [key]: v } as Record<K, string>) : {}

export function transitPort(
  region: string,
  credentials: AwsCredentialIdentity,
  limits?: DoctorLimits,
): TransitPort {
  const client = bounded(new EC2Client(clientConfig(region, credentials, limits)), limits?.signal)
  return {
    async tgwVpcAttachments(vpcIds) {
      if (vpcIds.length === 0) return []
      const list = await pages(async NextToken => {
        const out = await client.send(
          new DescribeTransitGatewayVpcAttachmentsCommand({
            Filters: [filter('vpc-id', vpcIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.TransitGatewayVpcAttachments ?? [], next: out.NextToken }
      })
      return list
        .filter(a => a.TransitGatewayAttachmentId && a.TransitGatewayId && a.VpcId)
        .map(
          (a): TgwAttachmentFacts => ({
            id: a.TransitGatewayAttachmentId!,
            transitGatewayId: a.TransitGatewayId!,
            vpcId: a.VpcId!,
            ...opt('state', a.State),
            ...opt('securityGroupReferencingSupport', a.Options?.SecurityGroupReferencingSupport),
          }),
        )
    },
    async transitGateways(ids) {
      if (ids.length === 0) return []
      const list = await pages(async NextToken => {
        const out = await client.send(
          new DescribeTransitGatewaysCommand({
            Filters: [filter('transit-gateway-id', ids)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.TransitGateways ?? [], next: out.NextToken }
      })
      return list
        .filter(t => t.TransitGatewayId)
        .map(
          (t): TransitGatewayFacts => ({
            id: t.TransitGatewayId!,
            ...opt('state', t.State),
            ...opt('ownerId', t.OwnerId),
            ...opt('securityGroupReferencingSupport', t.Options?.SecurityGroupReferencingSupport),
          }),
        )
    },
    async peeringConnections(ids) {
      if (ids.length === 0) return []
      const list = await pages(async NextToken => {
        const out = await client.send(
          new DescribeVpcPeeringConnectionsCommand({
            Filters: [filter('vpc-peering-connection-id', ids)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.VpcPeeringConnections ?? [], next: out.NextToken }
      })
      const side = (v: { VpcId?: string; Region?: string; OwnerId?: string } | undefined) => ({
        ...opt('vpcId', v?.VpcId),
        ...opt('region', v?.Region),
        ...opt('ownerId', v?.OwnerId),
      })
      return list
        .filter(p => p.VpcPeeringConnectionId)
        .map(
          (p): PeeringFacts => ({
            id: p.VpcPeeringConnectionId!,
            ...opt('status', p.Status?.Code),
            requester: side(p.RequesterVpcInfo),
            accepter: side(p.AccepterVpcInfo),
          }),
        )
    },
  }
}
