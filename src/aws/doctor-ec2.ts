import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  GetManagedPrefixListEntriesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type Filter,
  type NetworkInterface,
  type Subnet,
} from '@aws-sdk/client-ec2'
import type { AwsCredentialIdentity } from '@smithy/types'
import type { NaclEntryFacts, VpcEndpointFacts } from '../doctor/snapshot.js'
import type { Ec2Port } from './collect/ports.js'
import { bounded, clientConfig, type DoctorLimits, pages, parsePolicyText } from './doctor-client-config.js'

const strs = (v: readonly (string | undefined)[] | undefined): string[] =>
  (v ?? []).filter((x): x is string => typeof x === 'string' && x !== '')

/** EC2 Describe* reads; missing fields become absent values, never exceptions. */
export function ec2Port(region: string, credentials: AwsCredentialIdentity, limits?: DoctorLimits): Ec2Port {
  const client = bounded(new EC2Client(clientConfig(region, credentials, limits)), limits?.signal)
  const filter = (Name: string, Values: readonly string[]): Filter => ({ Name, Values: [...Values] })
  return {
    async interfaceEndpoints(serviceName) {
      const eps = await pages(async NextToken => {
        const out = await client.send(
          new DescribeVpcEndpointsCommand({
            Filters: [filter('service-name', [serviceName])],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.VpcEndpoints ?? [], next: out.NextToken }
      })
      return eps
        .filter(e => e.VpcEndpointId)
        .map((e): VpcEndpointFacts => {
          const policy = parsePolicyText(e.PolicyDocument)
          const lastError = e.LastError?.Message ?? e.FailureReason
          return {
            id: e.VpcEndpointId!,
            vpcId: e.VpcId ?? '',
            serviceName: e.ServiceName ?? serviceName,
            state: String(e.State ?? 'unknown'),
            ...(e.OwnerId ? { ownerId: e.OwnerId } : {}),
            privateDnsEnabled: e.PrivateDnsEnabled === true,
            ...(policy !== undefined ? { policy } : {}),
            securityGroupIds: strs((e.Groups ?? []).map(g => g.GroupId)),
            subnetIds: strs(e.SubnetIds),
            networkInterfaceIds: strs(e.NetworkInterfaceIds),
            dnsNames: strs((e.DnsEntries ?? []).map(d => d.DnsName)),
            ...(lastError ? { lastError } : {}),
            ...(e.ServiceRegion ? { serviceRegion: e.ServiceRegion } : {}),
            // Dual-stack facts (2025): which ENI addresses exist and which DNS records point at them.
            ...(e.IpAddressType ? { ipAddressType: String(e.IpAddressType) } : {}),
            ...(e.DnsOptions?.DnsRecordIpType
              ? { dnsRecordIpType: String(e.DnsOptions.DnsRecordIpType) }
              : {}),
          }
        })
    },
    async vpcs(vpcIds) {
      if (vpcIds.length === 0) return []
      const vpcs = await pages(async NextToken => {
        const out = await client.send(
          new DescribeVpcsCommand({
            Filters: [filter('vpc-id', vpcIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.Vpcs ?? [], next: out.NextToken }
      })
      return vpcs
        .filter(v => v.VpcId)
        .map(v => ({
          vpcId: v.VpcId!,
          ...(v.OwnerId ? { ownerId: v.OwnerId } : {}),
          cidrBlocks: strs([v.CidrBlock, ...(v.CidrBlockAssociationSet ?? []).map(a => a.CidrBlock)]).filter(
            (c, i, all) => all.indexOf(c) === i,
          ),
          ...(v.DhcpOptionsId ? { dhcpOptionsId: v.DhcpOptionsId } : {}),
          ...(v.BlockPublicAccessStates?.InternetGatewayBlockMode
            ? { blockPublicAccessMode: String(v.BlockPublicAccessStates.InternetGatewayBlockMode) }
            : {}),
        }))
    },
    async vpcAttribute(VpcId, Attribute) {
      const out = await client.send(new DescribeVpcAttributeCommand({ VpcId, Attribute }))
      const v = Attribute === 'enableDnsSupport' ? out.EnableDnsSupport?.Value : out.EnableDnsHostnames?.Value
      return typeof v === 'boolean' ? v : undefined
    },
    async dhcpDomainNameServers(id) {
      const out = await client.send(new DescribeDhcpOptionsCommand({ DhcpOptionsIds: [id] }))
      const opts = out.DhcpOptions?.[0]
      if (!opts) return undefined
      const servers = (opts.DhcpConfigurations ?? []).find(c => c.Key === 'domain-name-servers')
      // No domain-name-servers entry means the instances get no resolver from DHCP at all.
      return strs((servers?.Values ?? []).map(v => v.Value))
    },
    async subnets(subnetIds) {
      if (subnetIds.length === 0) return []
      const subnets = await pages(async NextToken => {
        const out = await client.send(
          new DescribeSubnetsCommand({
            Filters: [filter('subnet-id', subnetIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.Subnets ?? [], next: out.NextToken }
      })
      return subnets
        .filter(s => s.SubnetId)
        .map(s => ({
          subnetId: s.SubnetId!,
          vpcId: s.VpcId ?? '',
          ...(s.CidrBlock ? { cidrBlock: s.CidrBlock } : {}),
          ...(s.AvailabilityZone ? { availabilityZone: s.AvailabilityZone } : {}),
          ...(s.AvailabilityZoneId ? { availabilityZoneId: s.AvailabilityZoneId } : {}),
          ...(s.OwnerId ? { ownerId: s.OwnerId } : {}),
          ...(s.BlockPublicAccessStates?.InternetGatewayBlockMode
            ? { blockPublicAccessMode: String(s.BlockPublicAccessStates.InternetGatewayBlockMode) }
            : {}),
          ...ipv6OfSubnet(s),
        }))
    },
    async securityGroupRules(groupIds) {
      if (groupIds.length === 0) return []
      const rules = await pages(async NextToken => {
        const out = await client.send(
          new DescribeSecurityGroupRulesCommand({
            Filters: [filter('group-id', groupIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.SecurityGroupRules ?? [], next: out.NextToken }
      })
      return rules
        .filter(r => r.SecurityGroupRuleId && r.GroupId)
        .map(r => ({
          ruleId: r.SecurityGroupRuleId!,
          groupId: r.GroupId!,
          egress: r.IsEgress === true,
          protocol: r.IpProtocol ?? '-1',
          ...(typeof r.FromPort === 'number' ? { fromPort: r.FromPort } : {}),
          ...(typeof r.ToPort === 'number' ? { toPort: r.ToPort } : {}),
          ...(r.CidrIpv4 ? { cidrIpv4: r.CidrIpv4 } : {}),
          ...(r.CidrIpv6 ? { cidrIpv6: r.CidrIpv6 } : {}),
          ...(r.PrefixListId ? { prefixListId: r.PrefixListId } : {}),
          ...(r.ReferencedGroupInfo?.GroupId ? { referencedGroupId: r.ReferencedGroupInfo.GroupId } : {}),
          ...(r.Description ? { description: r.Description } : {}),
        }))
    },
    async prefixListEntries(prefixListId) {
      const entries = await pages(async NextToken => {
        const out = await client.send(
          new GetManagedPrefixListEntriesCommand({
            PrefixListId: prefixListId,
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.Entries ?? [], next: out.NextToken }
      })
      return strs(entries.map(e => e.Cidr))
    },
    async networkAcls(subnetIds) {
      if (subnetIds.length === 0) return []
      const acls = await pages(async NextToken => {
        const out = await client.send(
          new DescribeNetworkAclsCommand({
            Filters: [filter('association.subnet-id', subnetIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.NetworkAcls ?? [], next: out.NextToken }
      })
      return acls
        .filter(a => a.NetworkAclId)
        .map(a => ({
          naclId: a.NetworkAclId!,
          ...(typeof a.IsDefault === 'boolean' ? { isDefault: a.IsDefault } : {}),
          subnetIds: strs((a.Associations ?? []).map(x => x.SubnetId)),
          entries: (a.Entries ?? [])
            .filter(
              e => typeof e.RuleNumber === 'number' && (e.RuleAction === 'allow' || e.RuleAction === 'deny'),
            )
            .map(
              (e): NaclEntryFacts => ({
                ruleNumber: e.RuleNumber!,
                egress: e.Egress === true,
                protocol: e.Protocol ?? '-1',
                action: e.RuleAction as 'allow' | 'deny',
                ...(e.CidrBlock ? { cidrBlock: e.CidrBlock } : {}),
                ...(e.Ipv6CidrBlock ? { ipv6CidrBlock: e.Ipv6CidrBlock } : {}),
                ...(typeof e.PortRange?.From === 'number' ? { fromPort: e.PortRange.From } : {}),
                ...(typeof e.PortRange?.To === 'number' ? { toPort: e.PortRange.To } : {}),
              }),
            ),
        }))
    },
    async routeTables(vpcIds) {
      if (vpcIds.length === 0) return []
      const tables = await pages(async NextToken => {
        const out = await client.send(
          new DescribeRouteTablesCommand({
            Filters: [filter('vpc-id', vpcIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.RouteTables ?? [], next: out.NextToken }
      })
      return tables
        .filter(t => t.RouteTableId)
        .map(t => ({
          routeTableId: t.RouteTableId!,
          ...(t.VpcId ? { vpcId: t.VpcId } : {}),
          main: (t.Associations ?? []).some(a => a.Main === true),
          subnetIds: strs((t.Associations ?? []).map(a => a.SubnetId)),
          routes: (t.Routes ?? []).map(r => ({
            destination:
              r.DestinationCidrBlock ?? r.DestinationIpv6CidrBlock ?? r.DestinationPrefixListId ?? '?',
            target:
              r.GatewayId ??
              r.NatGatewayId ??
              r.TransitGatewayId ??
              r.VpcPeeringConnectionId ??
              r.EgressOnlyInternetGatewayId ??
              r.NetworkInterfaceId ??
              r.InstanceId ??
              r.LocalGatewayId ??
              r.CarrierGatewayId ??
              r.CoreNetworkArn ??
              '?',
            ...(r.State ? { state: String(r.State) } : {}),
          })),
        }))
    },
    async blockPublicAccess() {
      // Options and exclusions are two reads; both answer for the account in this Region.
      const [options, exclusions] = await Promise.all([
        client.send(new DescribeVpcBlockPublicAccessOptionsCommand({})),
        pages(async NextToken => {
          const out = await client.send(
            new DescribeVpcBlockPublicAccessExclusionsCommand({
              MaxResults: 100,
              ...(NextToken ? { NextToken } : {}),
            }),
          )
          return { items: out.VpcBlockPublicAccessExclusions ?? [], next: out.NextToken }
        }),
      ])
      const o = options.VpcBlockPublicAccessOptions
      return {
        mode: String(o?.InternetGatewayBlockMode ?? 'off'),
        ...(o?.State ? { state: String(o.State) } : {}),
        exclusions: exclusions
          .filter(x => x.ExclusionId && x.ResourceArn)
          .map(x => ({
            exclusionId: x.ExclusionId!,
            resourceArn: x.ResourceArn!,
            mode: String(x.InternetGatewayExclusionMode ?? ''),
            ...(x.State ? { state: String(x.State) } : {}),
          })),
      }
    },
    async networkInterfaces(eniIds) {
      if (eniIds.length === 0) return []
      const enis = await pages(async NextToken => {
        const out = await client.send(
          new DescribeNetworkInterfacesCommand({
            Filters: [filter('network-interface-id', eniIds)],
            ...(NextToken ? { NextToken } : {}),
          }),
        )
        return { items: out.NetworkInterfaces ?? [], next: out.NextToken }
      })
      return enis
        .filter(n => n.NetworkInterfaceId)
        .map(n => ({
          eniId: n.NetworkInterfaceId!,
          ...(n.SubnetId ? { subnetId: n.SubnetId } : {}),
          ...(n.AvailabilityZone ? { availabilityZone: n.AvailabilityZone } : {}),
          privateIps: strs([
            n.PrivateIpAddress,
            ...(n.PrivateIpAddresses ?? []).map(p => p.PrivateIpAddress),
          ]).filter((ip, i, all) => all.indexOf(ip) === i),
          ...ipv6OfEni(n),
        }))
    },
  }
}

/** A subnet's IPv6 blocks: only associated ones (a block being disassociated carries no traffic). */
function ipv6OfSubnet(s: Subnet): { ipv6CidrBlocks?: string[]; ipv6Native?: boolean } {
  const blocks = strs(
    (s.Ipv6CidrBlockAssociationSet ?? [])
      .filter(a => !a.Ipv6CidrBlockState?.State || a.Ipv6CidrBlockState.State === 'associated')
      .map(a => a.Ipv6CidrBlock),
  )
  return {
    ...(blocks.length > 0 ? { ipv6CidrBlocks: blocks } : {}),
    ...(s.Ipv6Native === true ? { ipv6Native: true } : {}),
  }
}

/** An ENI's IPv6 addresses (`Ipv6Addresses[].Ipv6Address`; `Ipv6Address` is the primary one). */
function ipv6OfEni(n: NetworkInterface): { ipv6Addresses?: string[] } {
  const v6 = strs([n.Ipv6Address, ...(n.Ipv6Addresses ?? []).map(a => a.Ipv6Address)]).filter(
    (ip, i, all) => all.indexOf(ip) === i,
  )
  return v6.length > 0 ? { ipv6Addresses: v6 } : {}
}
