/**
 * The 2025–2026 reads against recorded SDK answers (aws-sdk-client-mock), in the SDK's own output
 * shapes: security policy and endpoint access mode (GetRestApi, GetDomainName), routing mode,
 * the endpoint's ServiceRegion, subnet owners, VPC Block Public Access (options, exclusions, the
 * per-VPC state), and the endpoint owner's organization (DescribeAccount, ListParents).
 * Given recorded answers, When collectSnapshot runs, Then the snapshot holds the facts, or the
 * permission that would reveal them, and the checks read them.
 */
import {
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetBasePathMappingsCommand,
  GetRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import {
  DescribeSubnetsCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
} from '@aws-sdk/client-ec2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot } from '../../src/aws/collect/collect.js'
import type { OrganizationsPort } from '../../src/aws/collect/ports.js'
import { runChecks } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  A,
  API_ARN,
  B,
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  REGION,
  VPC,
  VPCE,
  healthyCustomDomain,
} from '../doctor/builders.js'
import { awsError, collectRequest, mockedPorts, recordedMocks } from './recorded.js'

let mocks: ReturnType<typeof recordedMocks>
beforeEach(() => {
  mocks = recordedMocks()
})
afterEach(() => mocks.reset())

const OWNER = '333333333333'

const request = collectRequest

const finding = (s: DoctorSnapshot, id: string) => runChecks(s).find(f => f.id === id)!

/** The healthy endpoint, owned by `owner`, with `policy` as its endpoint policy. */
function endpointOwnedBy(owner: string, policy?: unknown) {
  mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [
      {
        VpcEndpointId: VPCE,
        VpcEndpointType: 'Interface',
        VpcId: VPC,
        ServiceName: `com.amazonaws.${REGION}.execute-api`,
        ServiceRegion: REGION,
        State: 'available' as never,
        PrivateDnsEnabled: true,
        SubnetIds: ['subnet-00000000000000002'],
        Groups: [{ GroupId: 'sg-00000000000000002', GroupName: 'endpoint' }],
        NetworkInterfaceIds: ['eni-00000000000000001'],
        OwnerId: owner,
        ...(policy ? { PolicyDocument: JSON.stringify(policy) } : {}),
      },
    ],
  })
}

describe('the 2025-2026 reads on recorded answers', () => {
  it('GetRestApi securityPolicy and endpointAccessMode reach the snapshot, and STRICT is judged for the name used', async () => {
    mocks.apigw.on(GetRestApiCommand).resolves({
      id: 'a1b2c3d4e5',
      endpointConfiguration: { types: ['PRIVATE'], ipAddressType: 'dualstack' },
      securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09',
      endpointAccessMode: 'STRICT',
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` },
        ],
      }),
    })
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.api.restApi).toMatchObject({
      status: 'ok',
      value: { securityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', endpointAccessMode: 'STRICT' },
    })
    // Private DNS: STRICT serves it; TLS 1.3 only, client unknown: a warning.
    expect(finding(s, 'apigw.endpoint-access-mode').status).toBe('pass')
    expect(finding(s, 'apigw.tls-policy').status).toBe('warn')
  })

  it("GetDomainName's routingMode and access mode reach the snapshot", async () => {
    mocks.apigw
      .on(GetDomainNamesCommand)
      .resolves({ items: [{ domainName: DOMAIN, domainNameId: DOMAIN_ID }] })
    mocks.apigw.on(GetDomainNameCommand).resolves({
      domainName: DOMAIN,
      domainNameId: DOMAIN_ID,
      domainNameArn: DOMAIN_ARN,
      endpointConfiguration: { types: ['PRIVATE'] },
      securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
      endpointAccessMode: 'BASIC',
      routingMode: 'ROUTING_RULE_ONLY',
    })
    mocks.apigw
      .on(GetBasePathMappingsCommand)
      .resolves({ items: [{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }] })
    const t = healthyCustomDomain().target as DoctorSnapshot['target']
    const s = await collectSnapshot(request({ target: { ...t, apiAccount: B } }), mockedPorts())
    expect(s.api.customDomain?.domain).toMatchObject({
      status: 'ok',
      value: {
        securityPolicy: 'SecurityPolicy_TLS13_1_2_2021_06',
        endpointAccessMode: 'BASIC',
        routingMode: 'ROUTING_RULE_ONLY',
      },
    })
    expect(finding(s, 'domain.routing-mode')).toMatchObject({ status: 'warn', resource: DOMAIN })
  })

  it('ServiceRegion, the subnet and VPC owners and their Block Public Access states reach the snapshot', async () => {
    endpointOwnedBy(OWNER)
    mocks.ec2.on(DescribeVpcsCommand).resolves({
      Vpcs: [
        {
          VpcId: VPC,
          OwnerId: OWNER,
          CidrBlock: '10.0.0.0/16',
          BlockPublicAccessStates: { InternetGatewayBlockMode: 'block-bidirectional' },
        },
      ],
    })
    mocks.ec2.on(DescribeSubnetsCommand).resolves({
      Subnets: [
        {
          SubnetId: 'subnet-00000000000000001',
          VpcId: VPC,
          OwnerId: OWNER,
          CidrBlock: '10.0.1.0/24',
          BlockPublicAccessStates: { InternetGatewayBlockMode: 'block-bidirectional' },
        },
      ],
    })
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.endpoints).toMatchObject({
      status: 'ok',
      value: [{ serviceRegion: REGION, ownerId: OWNER }],
    })
    expect(s.network.vpcs[VPC]).toMatchObject({
      status: 'ok',
      value: { ownerId: OWNER, blockPublicAccessMode: 'block-bidirectional' },
    })
    expect(s.network.subnets['subnet-00000000000000001']).toMatchObject({
      status: 'ok',
      value: { ownerId: OWNER, blockPublicAccessMode: 'block-bidirectional' },
    })
    // Shared by 333333333333, its endpoint read: pass, naming the owner.
    expect(finding(s, 'vpc.shared-owner')).toMatchObject({ status: 'pass' })
    expect(finding(s, 'vpc.shared-owner').summary).toContain(OWNER)
  })

  it('VPC Block Public Access options and exclusions (paginated) are read, and an exclusion of the caller VPC keeps its way out open', async () => {
    mocks.ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
      VpcBlockPublicAccessOptions: {
        AwsAccountId: A,
        AwsRegion: REGION,
        State: 'update-complete',
        InternetGatewayBlockMode: 'block-bidirectional',
      },
    })
    mocks.ec2
      .on(DescribeVpcBlockPublicAccessExclusionsCommand)
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [
          {
            ExclusionId: 'vpcbpa-exclude-00000000000000001',
            InternetGatewayExclusionMode: 'allow-egress',
            ResourceArn: `arn:aws:ec2:${REGION}:${A}:subnet/subnet-00000000000000009`,
            State: 'create-complete',
          },
        ],
        NextToken: 'page-2',
      })
      .resolvesOnce({
        VpcBlockPublicAccessExclusions: [
          {
            ExclusionId: 'vpcbpa-exclude-00000000000000002',
            InternetGatewayExclusionMode: 'allow-bidirectional',
            ResourceArn: `arn:aws:ec2:${REGION}:${A}:vpc/${VPC}`,
            State: 'create-complete',
          },
        ],
      })
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.blockPublicAccess).toEqual({
      status: 'ok',
      value: {
        mode: 'block-bidirectional',
        state: 'update-complete',
        exclusions: [
          {
            exclusionId: 'vpcbpa-exclude-00000000000000001',
            resourceArn: `arn:aws:ec2:${REGION}:${A}:subnet/subnet-00000000000000009`,
            mode: 'allow-egress',
            state: 'create-complete',
          },
          {
            exclusionId: 'vpcbpa-exclude-00000000000000002',
            resourceArn: `arn:aws:ec2:${REGION}:${A}:vpc/${VPC}`,
            mode: 'allow-bidirectional',
            state: 'create-complete',
          },
        ],
      },
    })
    const f = finding(s, 'vpc.block-public-access')
    expect(f.status).toBe('pass')
    expect(f.evidence.map(e => e.text).join('\n')).toContain('vpcbpa-exclude-00000000000000002')
  })

  it('Block Public Access denied: recorded with the permission, and the check is unknown naming it', async () => {
    mocks.ec2
      .on(DescribeVpcBlockPublicAccessOptionsCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'))
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.blockPublicAccess).toMatchObject({
      status: 'denied',
      action: 'ec2:DescribeVpcBlockPublicAccessOptions',
    })
    expect(finding(s, 'vpc.block-public-access')).toMatchObject({
      status: 'unknown',
      missing: ['ec2:DescribeVpcBlockPublicAccessOptions'],
    })
  })
})

describe("the endpoint owner's organization (aws:VpceOrgID, aws:VpceOrgPaths)", () => {
  const ORG_POLICY = {
    Statement: [
      {
        Effect: 'Allow',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: {
          'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-exampleorg1/r-ab12/ou-ab12-networking/*' },
        },
      },
    ],
  }
  /** Organizations as the management account sees it: 333333333333 sits in ou-ab12-networking. */
  function orgs(calls: string[], over: Partial<OrganizationsPort> = {}): OrganizationsPort {
    return {
      organizationId: async () => 'o-exampleorg1',
      accountInOrganization: async id => {
        calls.push(`DescribeAccount ${id}`)
        return id === OWNER
      },
      parents: async id => {
        calls.push(`ListParents ${id}`)
        return id === OWNER
          ? [{ id: 'ou-ab12-networking', type: 'ORGANIZATIONAL_UNIT' }]
          : [{ id: 'r-ab12', type: 'ROOT' }]
      },
      ...over,
    }
  }

  it('reads nothing from Organizations when no policy tests the keys', async () => {
    const calls: string[] = []
    endpointOwnedBy(OWNER)
    const s = await collectSnapshot(request(), mockedPorts({ organizations: orgs(calls) }))
    expect(calls).toEqual([])
    expect(s.network.endpointOwnerOrg).toBeUndefined()
  })

  it('another account owns the endpoint: DescribeAccount places it in the organization, ListParents walks its path to the root, and the policy is evaluated with them', async () => {
    const calls: string[] = []
    endpointOwnedBy(OWNER, ORG_POLICY)
    const s = await collectSnapshot(request(), mockedPorts({ organizations: orgs(calls) }))
    expect(calls).toEqual([
      `DescribeAccount ${OWNER}`,
      `ListParents ${OWNER}`,
      'ListParents ou-ab12-networking',
    ])
    expect(s.network.endpointOwnerOrg).toMatchObject({
      status: 'ok',
      value: { account: OWNER, orgId: 'o-exampleorg1', paths: ['o-exampleorg1/r-ab12/ou-ab12-networking/'] },
    })
    const f = finding(s, 'vpce.owner-keys')
    expect(f.status).toBe('pass')
    const evidence = f.evidence.map(e => e.text).join('\n')
    expect(evidence).toContain(`aws:VpceAccount = ${OWNER}`)
    expect(evidence).toContain('aws:VpceOrgPaths = o-exampleorg1/r-ab12/ou-ab12-networking/')
    expect(finding(s, 'vpce.policy-allows').status).toBe('pass')
  })

  it('a member account cannot ask: DescribeAccount denied is recorded, and the key stays unknown with the permission named', async () => {
    endpointOwnedBy(OWNER, ORG_POLICY)
    const denied = orgs([], {
      accountInOrganization: async () => {
        throw awsError('AccessDeniedException', 'You don’t have permissions to access this resource.')
      },
    })
    const s = await collectSnapshot(request(), mockedPorts({ organizations: denied }))
    expect(s.network.endpointOwnerOrg).toMatchObject({
      status: 'denied',
      action: 'organizations:DescribeAccount',
    })
    const f = finding(s, 'vpce.owner-keys')
    expect(f.status).toBe('unknown')
    expect(f.missing?.join(' ')).toMatch(/ListParents/)
  })
})
