/**
 * The doctor is read-only. Given the collectors driven down every path (IMDS caller with a
 * role chain, Lambda caller with a boundary and managed policies, flags-only caller, private
 * custom domain) against recorded answers, When every AWS call they send is recorded, Then each
 * one is listed in DOCTOR_CALLS, is allowed by the policy `--print-iam-policy` prints for its
 * account, and is a read by name. A static scan adds the calls the source can make.
 */
import { readFileSync, readdirSync } from 'node:fs'
import {
  GetIntegrationCommand,
  GetStageCommand,
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
} from '@aws-sdk/client-api-gateway'
import { DescribeVpcEndpointsCommand } from '@aws-sdk/client-ec2'
import { GetRoleCommand, ListAttachedRolePoliciesCommand } from '@aws-sdk/client-iam'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { DescribeSecurityGroupRulesCommand, GetManagedPrefixListEntriesCommand } from '@aws-sdk/client-ec2'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import { collectFrontDoor } from '../../src/aws/collect/front-door.js'
import { cloudTrailPort, organizationsPort } from '../../src/aws/doctor-json-rpc.js'
import { transitPort } from '../../src/aws/doctor-ec2-transit.js'
import { resolverPort, route53Port } from '../../src/aws/doctor-route53.js'
import {
  DescribeRouteTablesCommand,
  DescribeTransitGatewaysCommand,
  DescribeTransitGatewayVpcAttachmentsCommand,
  DescribeVpcPeeringConnectionsCommand,
} from '@aws-sdk/client-ec2'
import { DOCTOR_CALLS, READ_ONLY_PREFIXES, doctorIamPolicies } from '../../src/doctor/permissions.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { evaluatePolicy } from '../../src/policy/index.js'
import {
  A,
  B,
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  REGION,
  VPC,
  VPCE,
  healthy,
  healthyCustomDomain,
} from '../doctor/builders.js'
import { startFakeAws } from './fake-aws-endpoint.mjs'
import { collectRequest, CREDS, mockedPorts, recordedMocks } from './recorded.js'

const MUTATING =
  /^(Create|Update|Delete|Put|Modify|Attach|Detach|Associate|Disassociate|Add|Remove|Set|Tag|Untag|Authorize|Revoke|Enable|Disable|Start|Stop|Reset|Replace|Import|Accept|Reject|Invoke|Assume|Run|Terminate|Register|Deregister|Send|Publish|Upload|Copy|Restore|Cancel|Allocate|Release|Apply|Flush|Test)/

let mocks: ReturnType<typeof recordedMocks>
let fake: Awaited<ReturnType<typeof startFakeAws>>
const recorded = new Set<string>()

beforeAll(async () => {
  fake = await startFakeAws()
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  mocks = recordedMocks()
})
afterEach(() => {
  for (const [client, m] of [
    ['STSClient', mocks.sts],
    ['EC2Client', mocks.ec2],
    ['APIGatewayClient', mocks.apigw],
    ['IAMClient', mocks.iam],
    ['LambdaClient', mocks.lambda],
    ['ElasticLoadBalancingV2Client', mocks.elbv2],
  ] as const) {
    for (const call of m.calls())
      recorded.add(`${client}.${(call.args[0] as object).constructor.name.replace(/Command$/, '')}`)
  }
  mocks.reset()
})

const base = (over: Partial<CollectRequest> = {}): CollectRequest =>
  collectRequest({
    credentials: { status: 'ok', value: { source: 'test', kind: 'session', roleChain: [] } },
    apiReadWith: 'api-credentials',
    assumesRoleInVpc: true,
    ...over,
  })

/** The JSON 1.1 ports over the loopback fake, so their real requests are recorded too. */
function rpcPorts() {
  const env = { AWS_ENDPOINT_URL: fake.url }
  return { cloudtrail: cloudTrailPort(REGION, CREDS, env), organizations: organizationsPort(CREDS, env) }
}

/** The hybrid readers: Resolver and Route 53 over the loopback fake, transit gateways on the EC2 mock. */
function hybridPorts() {
  const env = { AWS_ENDPOINT_URL: fake.url }
  return {
    hybrid: {
      resolver: resolverPort(REGION, CREDS, env),
      route53: route53Port(REGION, CREDS, env),
      transit: transitPort(REGION, CREDS),
    },
  }
}

describe('every AWS call the doctor makes is read-only and in the printed policy', () => {
  it('drives an IMDS caller that assumes roles in the VPC', async () => {
    await collectSnapshot(base(), mockedPorts(rpcPorts()))
    expect(mocks.ec2.commandCalls(DescribeVpcEndpointsCommand).length).toBe(2)
  })

  it('drives a Lambda caller with a boundary and a managed policy', async () => {
    mocks.iam.on(GetRoleCommand).resolves({
      Role: {
        Path: '/',
        RoleName: 'r',
        RoleId: 'AROA1',
        Arn: `arn:aws:iam::${A}:role/r`,
        CreateDate: new Date(),
        PermissionsBoundary: {
          PermissionsBoundaryArn: `arn:aws:iam::${A}:policy/boundary`,
          PermissionsBoundaryType: 'PermissionsBoundaryPolicy',
        },
      },
    })
    mocks.iam.on(ListAttachedRolePoliciesCommand).resolves({
      AttachedPolicies: [{ PolicyName: 'm', PolicyArn: `arn:aws:iam::${A}:policy/m` }],
      IsTruncated: false,
    })
    await collectSnapshot(
      base({ network: { lambda: 'orders-worker', subnetIds: [], securityGroupIds: [], privateIps: [] } }),
      mockedPorts(rpcPorts()),
    )
  })

  it('drives a caller given by flags (subnet only)', async () => {
    await collectSnapshot(
      base({
        network: {
          subnetIds: ['subnet-00000000000000001'],
          securityGroupIds: ['sg-00000000000000001'],
          privateIps: [],
        },
      }),
      mockedPorts(rpcPorts()),
    )
  })

  it('drives a caller whose security group names a managed prefix list', async () => {
    mocks.ec2.on(DescribeSecurityGroupRulesCommand).resolves({
      SecurityGroupRules: [
        {
          SecurityGroupRuleId: 'sgr-00000000000000013',
          GroupId: 'sg-00000000000000001',
          IsEgress: true,
          IpProtocol: 'tcp',
          FromPort: 443,
          ToPort: 443,
          PrefixListId: 'pl-00000000000000001',
        },
      ],
    })
    mocks.ec2.on(GetManagedPrefixListEntriesCommand).resolves({ Entries: [{ Cidr: '10.0.0.0/16' }] })
    await collectSnapshot(base(), mockedPorts(rpcPorts()))
  })

  it('drives a private custom domain', async () => {
    mocks.apigw
      .on(GetDomainNamesCommand)
      .resolves({ items: [{ domainName: DOMAIN, domainNameId: DOMAIN_ID }] })
    mocks.apigw
      .on(GetDomainNameCommand)
      .resolves({ domainName: DOMAIN, domainNameId: DOMAIN_ID, domainNameArn: DOMAIN_ARN })
    mocks.apigw
      .on(GetBasePathMappingsCommand)
      .resolves({ items: [{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }] })
    mocks.apigw.on(GetDomainNameAccessAssociationsCommand).resolves({
      items: [
        { domainNameArn: DOMAIN_ARN, accessAssociationSource: VPCE, accessAssociationSourceType: 'VPCE' },
      ],
    })
    const t = healthyCustomDomain().target as DoctorSnapshot['target']
    await collectSnapshot(
      base({
        target: { ...t, apiAccount: B },
        network: { vpcId: VPC, subnetIds: [], securityGroupIds: [], privateIps: ['10.0.1.15'] },
      }),
      mockedPorts(rpcPorts()),
    )
  })

  it("drives a policy that tests the endpoint owner's organization (aws:VpceOrgPaths), the endpoint owned by another account", async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
      VpcEndpoints: [
        {
          VpcEndpointId: VPCE,
          VpcEndpointType: 'Interface',
          VpcId: VPC,
          ServiceName: `com.amazonaws.${REGION}.execute-api`,
          State: 'available' as never,
          OwnerId: '333333333333',
          PolicyDocument: JSON.stringify({
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: '*',
                Resource: '*',
                Condition: { 'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-exampleorg1/*' } },
              },
            ],
          }),
        },
      ],
    })
    const snap = await collectSnapshot(base(), mockedPorts(rpcPorts()))
    expect(snap.network.endpointOwnerOrg).toMatchObject({
      status: 'ok',
      value: { account: '333333333333', orgId: 'o-exampleorg1', paths: ['o-exampleorg1/r-ab12/'] },
    })
  })

  it('drives an on-premises caller and a caller in a peered VPC (the hybrid reads)', async () => {
    mocks.ec2.on(DescribeRouteTablesCommand).resolves({
      RouteTables: [
        {
          RouteTableId: 'rtb-00000000000000001',
          VpcId: VPC,
          Associations: [{ Main: true }],
          Routes: [
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
    mocks.ec2.on(DescribeTransitGatewayVpcAttachmentsCommand).resolves({ TransitGatewayVpcAttachments: [] })
    mocks.ec2.on(DescribeTransitGatewaysCommand).resolves({ TransitGateways: [] })
    mocks.ec2.on(DescribeVpcPeeringConnectionsCommand).resolves({ VpcPeeringConnections: [] })
    const onPrem = await collectSnapshot(
      base({
        network: {
          vpcId: VPC,
          onPremisesCidrs: ['192.168.10.0/24'],
          subnetIds: [],
          securityGroupIds: [],
          privateIps: [],
        },
      }),
      mockedPorts({ ...rpcPorts(), ...hybridPorts() }),
    )
    expect(onPrem.network.hybrid?.callerKind).toBe('on-premises')
    const peered = await collectSnapshot(
      base({
        network: { vpcId: 'vpc-00000000000000002', subnetIds: [], securityGroupIds: [], privateIps: [] },
      }),
      mockedPorts({ ...rpcPorts(), ...hybridPorts() }),
    )
    expect(peered.network.hybrid?.callerKind).toBe('other-vpc')
  })

  it('drives a front door (--from-api), its connection id a stage variable', async () => {
    mocks.apigw.on(GetIntegrationCommand).resolves({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: '${stageVariables.vpcLinkId}',
      uri: 'https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/items',
      requestParameters: {},
    })
    mocks.apigw.on(GetStageCommand).resolves({ stageName: 'live', variables: { vpcLinkId: 'vl0001' } })
    const ports = mockedPorts(rpcPorts())
    const reach = await collectFrontDoor(
      { region: REGION, restApiId: 'f1e2d3c4b5', stage: 'live', path: '/items', method: 'GET' },
      ports,
      { sleep: async () => undefined },
    )
    expect(reach.facts.vpcLinkId).toBe('vl0001')
    expect(reach.vpceId).toBe(VPCE)
    await collectSnapshot(
      base({
        network: { ...reach.network, privateIps: [] },
        target: { ...(healthy().target as DoctorSnapshot['target']), apiAccount: B, vpceId: VPCE },
      }),
      reach.ports,
    )
  })

  it('recorded calls: listed, allowed by the printed policy, read-only by name, and every listed call exercised', () => {
    for (const op of fake.calls) recorded.add(op)
    const policies = doctorIamPolicies()
    const resourceFor = (op: string): string => {
      if (op.endsWith('GetUsagePlans')) return 'arn:aws:apigateway:us-east-1::/usageplans'
      if (op.endsWith('GetDomainNames')) return 'arn:aws:apigateway:us-east-1::/domainnames'
      if (op.endsWith('GetDomainNameAccessAssociations'))
        return 'arn:aws:apigateway:us-east-1::/domainnameaccessassociations'
      if (/GetDomainName$|GetBasePathMappings$/.test(op))
        return `arn:aws:apigateway:us-east-1:${B}:/domainnames/${DOMAIN}+${DOMAIN_ID}`
      if (op.endsWith('GetVpcLink')) return 'arn:aws:apigateway:us-east-1::/vpclinks/vl0001'
      if (op.startsWith('APIGatewayClient.'))
        return 'arn:aws:apigateway:us-east-1::/restapis/a1b2c3d4e5/resources'
      return '*'
    }
    expect(recorded.size).toBeGreaterThan(20)
    for (const op of recorded) {
      const call = DOCTOR_CALLS[op]
      expect(call, `${op} is not listed in DOCTOR_CALLS`).toBeDefined()
      const name = op.split('.').pop()!
      expect(
        READ_ONLY_PREFIXES.some(p => name.startsWith(p)),
        `${op} is not a read`,
      ).toBe(true)
      expect(name, `${op} looks like a mutation`).not.toMatch(MUTATING)
      const accounts = call!.account === 'A+B' ? (['A', 'B'] as const) : [call!.account]
      for (const acct of accounts) {
        const policy = acct === 'A' ? policies.callerAccount : policies.apiAccount
        const r = evaluatePolicy(
          policy as unknown as Record<string, unknown>,
          { action: call!.action, resource: resourceFor(op) },
          { kind: 'identity' },
        )
        expect(r.decision, `${op} (${call!.action}) is not allowed in account ${acct}'s policy`).toBe('allow')
      }
    }
    expect(
      Object.keys(DOCTOR_CALLS).filter(k => !recorded.has(k)),
      'listed calls no path exercised',
    ).toEqual([])
  })

  it('the source can send no operation that is not listed (static scan)', () => {
    const dir = new URL('../../src/aws/', import.meta.url)
    const files = readdirSync(dir).filter(f => /^doctor-.*\.ts$/.test(f))
    const listedOps = new Set(Object.keys(DOCTOR_CALLS).map(k => k.split('.').pop()))
    const found: string[] = []
    for (const f of files) {
      const text = readFileSync(new URL(f, dir), 'utf8')
      for (const m of text.matchAll(/new (\w+)Command\(/g)) found.push(m[1]!)
      for (const m of text.matchAll(/target: '([\w.]+)'/g)) found.push(m[1]!.split('.').pop()!)
      // JSON 1.1 targets passed to a helper, and Route 53's REST-XML GETs (doctor-route53.ts).
      for (const m of text.matchAll(/\('Route53Resolver\.(\w+)'/g)) found.push(m[1]!)
      for (const m of text.matchAll(/get\('(\w+)', ['`]\/2013-04-01/g)) found.push(m[1]!)
    }
    expect(found.length).toBeGreaterThan(25)
    for (const op of found) {
      expect(listedOps.has(op), `${op} is sent by src/aws but not listed`).toBe(true)
      expect(op).not.toMatch(MUTATING)
    }
  })

  it('the printed policies grant only reads', () => {
    const all = JSON.stringify(doctorIamPolicies())
    const actions = [...all.matchAll(/"([a-z0-9-]+:[A-Za-z*]+)"/g)]
      .map(m => m[1]!)
      .filter(a => !a.startsWith('arn'))
    expect(actions.length).toBeGreaterThan(15)
    for (const a of actions) {
      const op = a.split(':')[1]!
      expect(op === 'GET' || READ_ONLY_PREFIXES.some(p => op.startsWith(p)), a).toBe(true)
    }
  })
})
