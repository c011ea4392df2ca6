/**
 * Recorded AWS answers (the SDK's output shapes) for the healthy world of
 * test/doctor/builders.ts, installed on aws-sdk-client-mock stubs. Tests change single answers
 * to produce pagination, AccessDenied, throttling and missing fields.
 */
import {
  APIGatewayClient,
  GetAuthorizersCommand,
  GetBasePathMappingsCommand,
  GetDeploymentCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetStagesCommand,
  GetUsagePlansCommand,
  GetVpcLinkCommand,
} from '@aws-sdk/client-api-gateway'
import {
  DescribeListenersCommand,
  DescribeLoadBalancerAttributesCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import {
  DescribeDhcpOptionsCommand,
  DescribeNetworkAclsCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSubnetsCommand,
  DescribeVpcAttributeCommand,
  DescribeVpcBlockPublicAccessExclusionsCommand,
  DescribeVpcBlockPublicAccessOptionsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  EC2Client,
  type State,
} from '@aws-sdk/client-ec2'
import {
  GetPolicyCommand,
  GetPolicyVersionCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolePoliciesCommand,
} from '@aws-sdk/client-iam'
import {
  GetFunctionConfigurationCommand,
  GetPolicyCommand as GetLambdaPolicyCommand,
  LambdaClient,
} from '@aws-sdk/client-lambda'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import type { CollectRequest } from '../../src/aws/collect/collect.js'
import type { DoctorPorts } from '../../src/aws/collect/ports.js'
import { sdkPorts } from '../../src/aws/doctor-readers.js'
import {
  A,
  API,
  API_ARN,
  B,
  FUNCTION_ARN,
  IDENTITY_POLICY,
  REGION,
  RESOURCE_POLICY,
  SESSION_ARN,
  VPC,
  VPCE,
  healthy,
} from '../doctor/builders.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'

export const FRONT_NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:${A}:loadbalancer/net/front-door/0123456789abcdef`
export const FRONT_TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:${A}:targetgroup/front-door-enis/0123456789abcdef`

export const CREDS = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLETOKEN'.padEnd(300, 'x'),
}

/**
 * What the collector tests ask for: the healthy world's target (API in account B), an IMDS
 * caller with session credentials from the environment, no sleeps between retries, and the
 * credentials as secrets to scrub. Each test overrides what it is about.
 */
export function collectRequest(over: Partial<CollectRequest> = {}): CollectRequest {
  const h = healthy()
  return {
    target: { ...(h.target as DoctorSnapshot['target']), apiAccount: B },
    signing: h.signing as DoctorSnapshot['signing'],
    credentials: { status: 'ok', value: { source: 'environment variables', kind: 'session', roleChain: [] } },
    apiReadWith: 'caller-credentials',
    network: { fromImds: true, subnetIds: [], securityGroupIds: [], privateIps: [] },
    assumesRoleInVpc: false,
    supplied: {},
    now: new Date('2025-01-15T12:00:00Z'),
    version: '0.1.0',
    secrets: [CREDS.secretAccessKey, CREDS.sessionToken],
    attempt: { sleep: async () => undefined },
    ...over,
  }
}

/** A denied error as the SDK throws it. */
export function awsError(name: string, message: string, status = 403): Error {
  return Object.assign(new Error(message), { name, $fault: 'client', $metadata: { httpStatusCode: status } })
}

/** All six SDK clients stubbed with the healthy world's answers. */
export function recordedMocks() {
  const sts = mockClient(STSClient)
  const ec2 = mockClient(EC2Client)
  const apigw = mockClient(APIGatewayClient)
  const iam = mockClient(IAMClient)
  const lambda = mockClient(LambdaClient)
  const elbv2 = mockClient(ElasticLoadBalancingV2Client)

  sts
    .on(GetCallerIdentityCommand)
    .resolves({ Account: A, Arn: SESSION_ARN, UserId: 'AROAEXAMPLEROLEID0001:s' })

  ec2.on(DescribeVpcEndpointsCommand).resolves({
    VpcEndpoints: [
      {
        VpcEndpointId: VPCE,
        VpcEndpointType: 'Interface',
        VpcId: VPC,
        ServiceName: `com.amazonaws.${REGION}.execute-api`,
        // AWS answers in lower case, whatever the SDK's enum says (field guide §2).
        State: 'available' as State,
        PolicyDocument: '{"Statement":[{"Action":"*","Effect":"Allow","Principal":"*","Resource":"*"}]}',
        SubnetIds: ['subnet-00000000000000002', 'subnet-00000000000000003'],
        Groups: [{ GroupId: 'sg-00000000000000002', GroupName: 'endpoint' }],
        PrivateDnsEnabled: true,
        NetworkInterfaceIds: ['eni-00000000000000001', 'eni-00000000000000002'],
        DnsEntries: [
          { DnsName: `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com` },
          { DnsName: `execute-api.${REGION}.amazonaws.com` },
        ],
        OwnerId: A,
      },
    ],
  })
  ec2.on(DescribeVpcBlockPublicAccessOptionsCommand).resolves({
    VpcBlockPublicAccessOptions: {
      AwsAccountId: A,
      AwsRegion: REGION,
      State: 'default-state',
      InternetGatewayBlockMode: 'off',
    },
  })
  ec2.on(DescribeVpcBlockPublicAccessExclusionsCommand).resolves({ VpcBlockPublicAccessExclusions: [] })
  ec2.on(DescribeVpcsCommand).resolves({
    Vpcs: [{ VpcId: VPC, OwnerId: A, CidrBlock: '10.0.0.0/16', DhcpOptionsId: 'dopt-00000000000000001' }],
  })
  ec2
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsSupport' })
    .resolves({ VpcId: VPC, EnableDnsSupport: { Value: true } })
  ec2
    .on(DescribeVpcAttributeCommand, { Attribute: 'enableDnsHostnames' })
    .resolves({ VpcId: VPC, EnableDnsHostnames: { Value: true } })
  ec2.on(DescribeDhcpOptionsCommand).resolves({
    DhcpOptions: [
      {
        DhcpOptionsId: 'dopt-00000000000000001',
        DhcpConfigurations: [{ Key: 'domain-name-servers', Values: [{ Value: 'AmazonProvidedDNS' }] }],
      },
    ],
  })
  ec2.on(DescribeSubnetsCommand).resolves({
    Subnets: [
      {
        SubnetId: 'subnet-00000000000000001',
        VpcId: VPC,
        CidrBlock: '10.0.1.0/24',
        AvailabilityZone: `${REGION}a`,
      },
      {
        SubnetId: 'subnet-00000000000000002',
        VpcId: VPC,
        CidrBlock: '10.0.2.0/24',
        AvailabilityZone: `${REGION}a`,
      },
      {
        SubnetId: 'subnet-00000000000000003',
        VpcId: VPC,
        CidrBlock: '10.0.3.0/24',
        AvailabilityZone: `${REGION}b`,
      },
    ],
  })
  ec2.on(DescribeSecurityGroupRulesCommand).resolves({
    SecurityGroupRules: [
      {
        SecurityGroupRuleId: 'sgr-00000000000000011',
        GroupId: 'sg-00000000000000001',
        IsEgress: true,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        ReferencedGroupInfo: { GroupId: 'sg-00000000000000002' },
      },
      {
        SecurityGroupRuleId: 'sgr-00000000000000021',
        GroupId: 'sg-00000000000000002',
        IsEgress: false,
        IpProtocol: 'tcp',
        FromPort: 443,
        ToPort: 443,
        ReferencedGroupInfo: { GroupId: 'sg-00000000000000001' },
      },
    ],
  })
  const allow = (Egress: boolean) => ({
    RuleNumber: 100,
    Protocol: '-1',
    RuleAction: 'allow' as const,
    Egress,
    CidrBlock: '0.0.0.0/0',
  })
  ec2.on(DescribeNetworkAclsCommand).resolves({
    NetworkAcls: [
      {
        NetworkAclId: 'acl-00000000000000001',
        IsDefault: true,
        Entries: [allow(true), allow(false)],
        Associations: ['1', '2', '3'].map(n => ({
          SubnetId: `subnet-0000000000000000${n}`,
          NetworkAclId: 'acl-00000000000000001',
        })),
      },
    ],
  })
  ec2.on(DescribeRouteTablesCommand).resolves({
    RouteTables: [
      {
        RouteTableId: 'rtb-00000000000000001',
        VpcId: VPC,
        Associations: [{ Main: true }],
        Routes: [{ DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local', State: 'active' }],
      },
    ],
  })
  ec2.on(DescribeNetworkInterfacesCommand).resolves({
    NetworkInterfaces: [
      {
        NetworkInterfaceId: 'eni-00000000000000001',
        SubnetId: 'subnet-00000000000000002',
        AvailabilityZone: `${REGION}a`,
        PrivateIpAddress: '10.0.2.10',
      },
      {
        NetworkInterfaceId: 'eni-00000000000000002',
        SubnetId: 'subnet-00000000000000003',
        AvailabilityZone: `${REGION}b`,
        PrivateIpAddress: '10.0.3.10',
      },
    ],
  })

  apigw.on(GetRestApiCommand).resolves({
    id: API,
    name: 'orders',
    endpointConfiguration: { types: ['PRIVATE'] },
    policy: JSON.stringify(RESOURCE_POLICY).replace(/"/g, '\\"'),
    createdDate: new Date('2024-11-01T09:00:00Z'),
  })
  apigw.on(GetStagesCommand).resolves({
    item: [{ stageName: 'prod', deploymentId: 'dep0000001', createdDate: new Date('2024-11-01T09:05:00Z') }],
  })
  apigw.on(GetDeploymentCommand).resolves({
    id: 'dep0000001',
    createdDate: new Date('2025-01-10T10:00:00Z'),
    apiSummary: { '/items': { GET: { authorizationType: 'AWS_IAM', apiKeyRequired: false } } },
  })
  apigw.on(GetResourcesCommand).resolves({
    items: [
      { id: 'root000001', path: '/' },
      {
        id: 'res0000001',
        path: '/items',
        resourceMethods: {
          GET: {
            httpMethod: 'GET',
            authorizationType: 'AWS_IAM',
            apiKeyRequired: false,
            methodIntegration: {
              type: 'AWS_PROXY',
              uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
            },
          },
        },
      },
    ],
  })
  apigw.on(GetAuthorizersCommand).resolves({ items: [] })
  apigw.on(GetUsagePlansCommand).resolves({ items: [] })
  apigw.on(GetDomainNamesCommand).resolves({ items: [] })
  apigw
    .on(GetDomainNameCommand)
    .rejects(awsError('NotFoundException', 'Invalid domain name identifier specified', 404))
  apigw.on(GetBasePathMappingsCommand).resolves({ items: [] })
  apigw.on(GetDomainNameAccessAssociationsCommand).resolves({ items: [] })

  iam.on(GetRoleCommand).resolves({
    Role: {
      Path: '/',
      RoleName: 'orders-caller',
      RoleId: 'AROAEXAMPLEROLEID0001',
      Arn: `arn:aws:iam::${A}:role/orders-caller`,
      CreateDate: new Date('2024-01-01T00:00:00Z'),
      Tags: [{ Key: 'team', Value: 'orders' }],
    },
  })
  iam.on(ListRolePoliciesCommand).resolves({ PolicyNames: [IDENTITY_POLICY.name], IsTruncated: false })
  iam.on(GetRolePolicyCommand).resolves({
    RoleName: 'orders-caller',
    PolicyName: IDENTITY_POLICY.name,
    PolicyDocument: encodeURIComponent(JSON.stringify(IDENTITY_POLICY.document)),
  })
  iam.on(ListAttachedRolePoliciesCommand).resolves({ AttachedPolicies: [], IsTruncated: false })
  iam.on(GetPolicyCommand).resolves({ Policy: { DefaultVersionId: 'v1' } })
  iam.on(GetPolicyVersionCommand).resolves({
    PolicyVersion: {
      Document: encodeURIComponent(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
      ),
    },
  })

  lambda.on(GetFunctionConfigurationCommand).resolves({
    FunctionName: 'orders-worker',
    FunctionArn: `arn:aws:lambda:${REGION}:${A}:function:orders-worker`,
    Role: `arn:aws:iam::${A}:role/orders-worker-role`,
    VpcConfig: {
      VpcId: VPC,
      SubnetIds: ['subnet-00000000000000001'],
      SecurityGroupIds: ['sg-00000000000000001'],
    },
  })
  lambda.on(GetLambdaPolicyCommand).resolves({
    Policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'apigateway.amazonaws.com' },
          Action: 'lambda:InvokeFunction',
          Resource: FUNCTION_ARN,
          Condition: { ArnLike: { 'AWS:SourceArn': `${API_ARN}/*/*/*` } },
        },
      ],
    }),
  })

  // The front door (--from-api): its integration, VPC link and NLB in account A.
  apigw.on(GetIntegrationCommand).resolves({
    type: 'HTTP_PROXY',
    connectionType: 'VPC_LINK',
    connectionId: 'vl0001',
    uri: `https://${API}.execute-api.${REGION}.amazonaws.com/prod/items`,
    httpMethod: 'GET',
    requestParameters: {},
  })
  apigw.on(GetVpcLinkCommand).resolves({
    id: 'vl0001',
    name: 'front-door',
    status: 'AVAILABLE',
    targetArns: [FRONT_NLB_ARN],
  })
  elbv2.on(DescribeLoadBalancersCommand).resolves({
    LoadBalancers: [
      {
        LoadBalancerArn: FRONT_NLB_ARN,
        LoadBalancerName: 'front-door',
        Type: 'network',
        Scheme: 'internal',
        DNSName: `front-door-0123456789abcdef.elb.${REGION}.amazonaws.com`,
        VpcId: VPC,
        State: { Code: 'active' },
        AvailabilityZones: [
          { ZoneName: `${REGION}a`, SubnetId: 'subnet-00000000000000002' },
          { ZoneName: `${REGION}b`, SubnetId: 'subnet-00000000000000003' },
        ],
        SecurityGroups: ['sg-00000000000000001'],
      },
    ],
  })
  elbv2.on(DescribeLoadBalancerAttributesCommand).resolves({
    Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'false' }],
  })
  elbv2.on(DescribeListenersCommand).resolves({
    Listeners: [
      {
        ListenerArn: `${FRONT_NLB_ARN.replace(':loadbalancer/', ':listener/')}/0123456789abcdef`,
        Port: 443,
        Protocol: 'TCP',
        DefaultActions: [{ Type: 'forward', TargetGroupArn: FRONT_TG_ARN }],
      },
    ],
  })
  elbv2.on(DescribeTargetGroupsCommand).resolves({
    TargetGroups: [
      {
        TargetGroupArn: FRONT_TG_ARN,
        TargetGroupName: 'front-door-enis',
        Protocol: 'TCP',
        Port: 443,
        TargetType: 'ip',
        VpcId: VPC,
        HealthCheckProtocol: 'TCP',
        HealthCheckPort: 'traffic-port',
      },
    ],
  })
  elbv2.on(DescribeTargetGroupAttributesCommand).resolves({
    Attributes: [{ Key: 'load_balancing.cross_zone.enabled', Value: 'use_load_balancer_configuration' }],
  })
  elbv2.on(DescribeTargetHealthCommand).resolves({
    TargetHealthDescriptions: [
      {
        Target: { Id: '10.0.2.10', Port: 443, AvailabilityZone: `${REGION}a` },
        TargetHealth: { State: 'healthy' },
      },
      {
        Target: { Id: '10.0.3.10', Port: 443, AvailabilityZone: `${REGION}b` },
        TargetHealth: { State: 'healthy' },
      },
    ],
  })

  const all = { sts, ec2, apigw, iam, lambda, elbv2 }
  return {
    ...all,
    reset: () => {
      for (const m of Object.values(all)) m.restore()
    },
  }
}

/** SDK ports over the mocked clients, with in-memory CloudTrail, Organizations, IMDS and DNS. */
export function mockedPorts(overrides: Partial<DoctorPorts> = {}): DoctorPorts {
  const base = sdkPorts({ region: REGION, callerCredentials: async () => CREDS, env: {} })
  return {
    ...base,
    cloudtrail: { lastPolicyChange: async (_id, since) => ({ since: since.toISOString() }) },
    organizations: { organizationId: async () => 'o-exampleorg1' },
    imds: {
      network: async () => ({
        instanceId: 'i-0123456789abcdef0',
        vpcId: VPC,
        subnetId: 'subnet-00000000000000001',
        securityGroupIds: ['sg-00000000000000001'],
        privateIps: ['10.0.1.15'],
      }),
    },
    dns: {
      resolve: async () => ({
        server: '127.0.0.1:53',
        result: 'answer',
        addresses: ['10.0.2.10', '10.0.3.10'],
      }),
    },
    ...overrides,
  }
}
