/**
 * The hybrid collector (src/aws/collect/hybrid.ts) and its readers: Route 53 Resolver and Route
 * 53 through their real signed requests to the loopback fake (fake-hybrid.mjs: one item per
 * page), transit gateways and route tables through recorded EC2 answers. Given a caller on
 * premises, in another VPC, or in the endpoint's VPC, When collectSnapshot runs, Then the
 * snapshot holds what the hybrid checks need (or why it is missing), and an in-VPC caller costs
 * no extra call.
 */
import {
  DescribeRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
} from '@aws-sdk/client-ec2'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import type { DoctorPorts } from '../../src/aws/collect/ports.js'
import { resolverPort, route53Port, xmlElements, xmlText } from '../../src/aws/doctor-route53.js'
import { transitPort } from '../../src/aws/doctor-ec2-transit.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot, HybridFacts } from '../../src/doctor/snapshot.js'
import { A, REGION, VPC, VPC_OTHER } from '../doctor/builders.js'
import { startFakeAws } from './fake-aws-endpoint.mjs'
import { awsError, collectRequest, CREDS, mockedPorts, recordedMocks } from './recorded.js'

let mocks: ReturnType<typeof recordedMocks>
let fake: Awaited<ReturnType<typeof startFakeAws>>
beforeAll(async () => {
  fake = await startFakeAws()
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  mocks = recordedMocks()
  fake.world.deny = []
  fake.world.hybridLog = []
  fake.calls.length = 0
  // The endpoint's VPC routes on premises and the other VPC through a transit gateway.
  mocks.ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-00000000000000001',
        VpcId: VPC,
        Associations: [{ Main: true }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' },
          {
            DestinationCidrBlock: '192.168.0.0/16',
            TransitGatewayId: 'tgw-00000000000000001',
            State: 'active',
          },
          {
            DestinationCidrBlock: '10.1.0.0/16',
            VpcPeeringConnectionId: 'pcx-00000000000000001',
            State: 'active',
          },
        ],
      },
    ],
  })
  mocks.ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves({
    TransitGatewayVpcAttachments: [
      {
        TransitGatewayAttachmentId: 'tgw-attach-00000000000000001',
        TransitGatewayId: 'tgw-00000000000000001',
        VpcId: VPC,
        State: 'available',
        Options: { SecurityGroupReferencingSupport: 'enable' },
      },
    ],
  })
  mocks.ec2.on(DescribeTransitGatewaysCommand).resolves({
    TransitGateways: [
      {
        TransitGatewayId: 'tgw-00000000000000001',
        State: 'available',
        OwnerId: A,
        Options: { SecurityGroupReferencingSupport: 'disable' },
      },
    ],
  })
  mocks.ec2.on(DescribeVpcPeeringConnectionsCommand).resolves({
    VpcPeeringConnections: [
      {
        VpcPeeringConnectionId: 'pcx-00000000000000001',
        Status: { Code: 'active' },
        RequesterVpcInfo: { VpcId: VPC_OTHER, Region: REGION, OwnerId: A },
        AccepterVpcInfo: { VpcId: VPC, Region: REGION, OwnerId: A },
      },
    ],
  })
})
afterEach(() => mocks.reset())

const request = (over: Partial<CollectRequest> = {}): CollectRequest =>
  collectRequest({
    network: {
      vpcId: VPC,
      onPremisesCidrs: ['192.168.10.0/24'],
      subnetIds: [],
      securityGroupIds: [],
      privateIps: [],
    },
    ...over,
  })

/** Recorded SDK ports, with Resolver and Route 53 sending real signed requests to the fake. */
function ports(over: Partial<DoctorPorts> = {}): DoctorPorts {
  const env = { AWS_ENDPOINT_URL: fake.url }
  return mockedPorts({
    hybrid: {
      resolver: resolverPort(REGION, CREDS, env),
      route53: route53Port(REGION, CREDS, env),
      transit: transitPort(REGION, CREDS),
    },
    ...over,
  })
}

const hybridOf = (s: DoctorSnapshot): HybridFacts => {
  expect(s.network.hybrid).toBeDefined()
  return s.network.hybrid!
}

describe('collecting for a caller outside the endpoint VPC', () => {
  it('an on-premises caller: the inbound endpoint and its addresses, the VPC zones and rules, the routes back', async () => {
    const s = await collectSnapshot(request(), ports())
    expect(s.network.caller).toMatchObject({
      status: 'ok',
      value: { vpcId: VPC, onPremises: { cidrs: ['192.168.10.0/24'] } },
    })
    const h = hybridOf(s)
    expect(h).toMatchObject({ callerKind: 'on-premises', endpointVpcId: VPC, resolvingVpcId: VPC })
    expect(h.resolvedName).toBe(s.target.connectHost)
    // Filtered to the endpoint's VPC and INBOUND; both addresses, over two pages.
    expect(h.inboundEndpoints).toEqual({
      status: 'ok',
      value: [
        expect.objectContaining({
          id: 'rslvr-in-00000000000000001',
          vpcId: VPC,
          status: 'OPERATIONAL',
          ips: {
            status: 'ok',
            value: [
              { ip: '10.0.2.53', subnetId: 'subnet-00000000000000002', status: 'ATTACHED' },
              { ip: '10.0.3.53', subnetId: 'subnet-00000000000000003', status: 'ATTACHED' },
            ],
          },
        }),
      ],
    })
    const list = fake.world.hybridLog!.find(x => x.op === 'Route53Resolver.ListResolverEndpoints')!
    expect(list.input).toMatchObject({
      Filters: [
        { Name: 'Direction', Values: ['INBOUND'] },
        { Name: 'HostVPCId', Values: [VPC] },
      ],
    })
    // The association names a rule this account cannot list (shared): kept, with no type.
    expect(h.resolverRules).toEqual({
      status: 'ok',
      value: [
        { id: 'rslvr-rr-00000000000000007', domainName: '', targetIps: [], associationStatus: 'COMPLETE' },
      ],
    })
    // Only zones whose name covers the resolved name; the service's zone is not read for records.
    expect(h.hostedZones).toMatchObject({
      status: 'ok',
      value: [
        {
          id: 'Z00000000000000000001',
          name: `execute-api.${REGION}.amazonaws.com`,
          owner: A,
          hasRecord: { status: 'ok', value: true },
        },
        {
          id: 'Z00000000000000000003',
          ownedByService: true,
          owner: 'vpce.amazonaws.com',
          hasRecord: { status: 'not-collected' },
        },
      ],
    })
    const zonesQuery = fake.world.hybridLog!.find(x => x.op === 'Route53.ListHostedZonesByVPC')!
    expect(zonesQuery.input).toMatchObject({ vpcid: VPC, vpcregion: REGION })
    // The wildcard record answered the name (an exact lookup first, then `*.` one level up).
    expect(
      fake.world.hybridLog!.filter(x => x.op === 'Route53.ListResourceRecordSets').map(x => x.input.name),
    ).toEqual([s.target.connectHost, `*.execute-api.${REGION}.amazonaws.com`])
    expect(h.endpointRouteTables['subnet-00000000000000002']).toMatchObject({
      status: 'ok',
      value: { routeTableId: 'rtb-00000000000000001', main: true },
    })
    expect(h.tgwAttachments).toMatchObject({
      status: 'ok',
      value: [{ id: 'tgw-attach-00000000000000001', securityGroupReferencingSupport: 'enable' }],
    })
    expect(h.transitGateways).toMatchObject({
      status: 'ok',
      value: [{ id: 'tgw-00000000000000001', securityGroupReferencingSupport: 'disable' }],
    })
    expect(
      mocks.ec2.commandCalls(DescribeTransitGatewayVpcAttachmentsCommand)[0]!.args[0].input,
    ).toMatchObject({
      Filters: [{ Name: 'vpc-id', Values: [VPC] }],
    })
    // The checks read it: the inbound endpoint's addresses are what on premises forwards to.
    const findings = Object.fromEntries(runChecks(s).map(f => [f.id, f]))
    expect(findings['dns.resolver-inbound']).toMatchObject({ status: 'pass' })
    expect(findings['dns.resolver-inbound']!.summary).toContain('10.0.2.53, 10.0.3.53')
    expect(findings['route.hybrid-return']).toMatchObject({ status: 'pass' })
    // The shared rule's domain is unknown, so whether it captures the name is too.
    expect(findings['dns.hybrid-forwarding']).toMatchObject({ status: 'unknown' })
  })

  it('a caller in another VPC: the rules and zones of its own VPC, the peering the routes name', async () => {
    const s = await collectSnapshot(
      request({ network: { fromImds: true, subnetIds: [], securityGroupIds: [], privateIps: [] } }),
      ports({
        imds: {
          network: async () => ({
            vpcId: VPC_OTHER,
            subnetId: 'subnet-00000000000000004',
            securityGroupIds: ['sg-00000000000000001'],
            privateIps: ['10.1.1.20'],
          }),
        },
      }),
    )
    const h = hybridOf(s)
    expect(h).toMatchObject({ callerKind: 'other-vpc', endpointVpcId: VPC, resolvingVpcId: VPC_OTHER })
    // Trailing dot gone; the target addresses are the inbound endpoint's.
    expect(h.resolverRules).toMatchObject({
      status: 'ok',
      value: [
        {
          id: 'rslvr-rr-00000000000000001',
          domainName: `execute-api.${REGION}.amazonaws.com`,
          ruleType: 'FORWARD',
          targetIps: ['10.0.2.53', '10.0.3.53'],
        },
      ],
    })
    expect(h.hostedZones).toEqual({ status: 'ok', value: [] })
    expect(h.peeringConnections).toMatchObject({
      status: 'ok',
      value: [
        { id: 'pcx-00000000000000001', status: 'active', requester: { vpcId: VPC_OTHER, region: REGION } },
      ],
    })
    expect(
      mocks.ec2.commandCalls(DescribeTransitGatewayVpcAttachmentsCommand)[0]!.args[0].input,
    ).toMatchObject({
      Filters: [{ Name: 'vpc-id', Values: [VPC, VPC_OTHER] }],
    })
    const statuses = Object.fromEntries(runChecks(s).map(f => [f.id, f.status]))
    expect(statuses['dns.hybrid-forwarding']).toBe('pass')
  })

  it('a caller in the endpoint VPC costs no Resolver, Route 53 or transit read', async () => {
    const s = await collectSnapshot(
      request({ network: { fromImds: true, subnetIds: [], securityGroupIds: [], privateIps: [] } }),
      ports(),
    )
    expect(s.network.hybrid).toBeUndefined()
    expect(fake.world.hybridLog).toEqual([])
    expect(mocks.ec2.commandCalls(DescribeTransitGatewayVpcAttachmentsCommand)).toHaveLength(0)
    expect(mocks.ec2.commandCalls(DescribeTransitGatewaysCommand)).toHaveLength(0)
    const statuses = Object.fromEntries(runChecks(s).map(f => [f.id, f.status]))
    for (const id of [
      'dns.resolver-inbound',
      'dns.hybrid-forwarding',
      'route.hybrid-return',
      'sg.cross-vpc-reference',
    ])
      expect(statuses[id], id).toBe('skipped')
  })

  it('denied reads become unknowns naming the permission', async () => {
    fake.world.deny = ['Route53Resolver.ListResolverEndpoints', 'Route53.ListHostedZonesByVPC']
    mocks.ec2
      .on(DescribeTransitGatewaysCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'))
    const s = await collectSnapshot(request(), ports())
    const h = hybridOf(s)
    expect(h.inboundEndpoints).toMatchObject({
      status: 'denied',
      action: 'route53resolver:ListResolverEndpoints',
    })
    expect(h.hostedZones).toMatchObject({ status: 'denied', action: 'route53:ListHostedZonesByVPC' })
    expect(h.transitGateways).toMatchObject({ status: 'denied', action: 'ec2:DescribeTransitGateways' })
    const findings = Object.fromEntries(runChecks(s).map(f => [f.id, f]))
    expect(findings['dns.resolver-inbound']).toMatchObject({
      status: 'unknown',
      missing: ['route53resolver:ListResolverEndpoints'],
    })
    expect(findings['dns.hybrid-forwarding']!.status).toBe('unknown')
  })
})

describe('route53Port.hasRecord (signed GETs to the fake)', () => {
  const HOSTNAME = `a1b2c3d4e5.execute-api.${REGION}.amazonaws.com`
  it('finds the exact name, a wildcard at any level up to the apex, or nothing', async () => {
    const r53 = route53Port(REGION, CREDS, { AWS_ENDPOINT_URL: fake.url })
    const h = fake.world.hybrid as { records: Record<string, Array<{ Name: string; Type: string }>> }
    h.records.ZEXACT00000000000001 = [{ Name: `${HOSTNAME}.`, Type: 'CNAME' }]
    h.records.ZDEEP000000000000001 = [{ Name: `\\052.${REGION}.amazonaws.com.`, Type: 'CNAME' }]
    h.records.ZEMPTY00000000000001 = [{ Name: `execute-api.${REGION}.amazonaws.com.`, Type: 'SOA' }]
    expect(await r53.hasRecord('ZEXACT00000000000001', HOSTNAME, `execute-api.${REGION}.amazonaws.com`)).toBe(
      true,
    )
    expect(await r53.hasRecord('ZDEEP000000000000001', HOSTNAME, 'amazonaws.com.')).toBe(true)
    fake.world.hybridLog = []
    expect(await r53.hasRecord('ZEMPTY00000000000001', HOSTNAME, `execute-api.${REGION}.amazonaws.com`)).toBe(
      false,
    )
    // Nothing above the apex is asked.
    expect(fake.world.hybridLog.map(x => x.input.name)).toEqual([
      HOSTNAME,
      `*.execute-api.${REGION}.amazonaws.com`,
    ])
  })
  it('an unknown zone is an AWS error with its code, as the SDK throws it', async () => {
    const r53 = route53Port(REGION, CREDS, { AWS_ENDPOINT_URL: fake.url })
    await expect(r53.hasRecord('ZNOSUCH0000000000001', HOSTNAME)).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
      $metadata: { httpStatusCode: 404 },
    })
  })
})

describe('the Route 53 XML reader', () => {
  it('reads elements and un-escapes text', () => {
    const xml =
      '<R><HostedZoneSummary><Name>a&amp;b.example.com.</Name></HostedZoneSummary><HostedZoneSummary><Name>c.</Name></HostedZoneSummary></R>'
    expect(xmlElements(xml, 'HostedZoneSummary')).toHaveLength(2)
    expect(xmlText(xml, 'Name')).toBe('a&b.example.com.')
    expect(xmlText(xml, 'NextToken')).toBeUndefined()
  })
})
