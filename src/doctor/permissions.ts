/**
 * Every AWS call the doctor can make (made by src/aws/doctor-*.ts), the IAM action it needs and the account it is made in, and
 * the read-only IAM policies built from that list (`pvapi doctor --print-iam-policy`). A test
 * records the calls the collectors actually send and proves each is listed here, allowed by the
 * printed policy, and read-only by name. No SDK import: printing the policy loads no client.
 */

/** Which account a call reads: A = the caller's, B = the API owner's. */
export type CallAccount = 'A' | 'B' | 'A+B'

export interface DoctorCall {
  readonly action: string
  readonly account: CallAccount
  /** Why the doctor makes it. */
  readonly why: string
}

/** `<SDK client>.<operation>` (or `<JSON target>` for the signed JSON calls) → what it needs. */
export const DOCTOR_CALLS: Readonly<Record<string, DoctorCall>> = {
  'STSClient.GetCallerIdentity': {
    action: 'sts:GetCallerIdentity',
    account: 'A+B',
    why: 'who signs; the clock (Date header)',
  },
  'EC2Client.DescribeVpcEndpoints': {
    action: 'ec2:DescribeVpcEndpoints',
    account: 'A',
    why: 'execute-api and STS endpoints: state, policy, SGs, subnets, ENIs, private DNS',
  },
  'EC2Client.DescribeVpcs': {
    action: 'ec2:DescribeVpcs',
    account: 'A',
    why: 'VPC CIDRs and DHCP option set',
  },
  'EC2Client.DescribeVpcAttribute': {
    action: 'ec2:DescribeVpcAttribute',
    account: 'A',
    why: 'enableDnsSupport, enableDnsHostnames',
  },
  'EC2Client.DescribeDhcpOptions': {
    action: 'ec2:DescribeDhcpOptions',
    account: 'A',
    why: 'custom DNS resolvers',
  },
  'EC2Client.DescribeSubnets': { action: 'ec2:DescribeSubnets', account: 'A', why: 'subnet CIDRs and zones' },
  'EC2Client.DescribeSecurityGroupRules': {
    action: 'ec2:DescribeSecurityGroupRules',
    account: 'A',
    why: 'caller egress and endpoint ingress on 443',
  },
  'EC2Client.GetManagedPrefixListEntries': {
    action: 'ec2:GetManagedPrefixListEntries',
    account: 'A',
    why: 'the CIDRs of prefix lists that security group rules name',
  },
  'EC2Client.DescribeNetworkAcls': {
    action: 'ec2:DescribeNetworkAcls',
    account: 'A',
    why: 'NACLs of the caller and endpoint subnets',
  },
  'EC2Client.DescribeRouteTables': {
    action: 'ec2:DescribeRouteTables',
    account: 'A',
    why: 'default routes (no-internet), STS reachability',
  },
  'EC2Client.DescribeNetworkInterfaces': {
    action: 'ec2:DescribeNetworkInterfaces',
    account: 'A',
    why: "the endpoint's ENI addresses",
  },
  'IAMClient.GetRole': {
    action: 'iam:GetRole',
    account: 'A',
    why: 'the caller role: path, tags, permissions boundary',
  },
  'IAMClient.ListRolePolicies': {
    action: 'iam:ListRolePolicies',
    account: 'A',
    why: 'inline policies of the caller role',
  },
  'IAMClient.GetRolePolicy': { action: 'iam:GetRolePolicy', account: 'A', why: 'inline policy documents' },
  'IAMClient.ListAttachedRolePolicies': {
    action: 'iam:ListAttachedRolePolicies',
    account: 'A',
    why: 'managed policies of the caller role',
  },
  'IAMClient.GetPolicy': {
    action: 'iam:GetPolicy',
    account: 'A',
    why: 'default version of managed policies and the boundary',
  },
  'IAMClient.GetPolicyVersion': {
    action: 'iam:GetPolicyVersion',
    account: 'A',
    why: 'managed policy documents',
  },
  'LambdaClient.GetFunctionConfiguration': {
    action: 'lambda:GetFunctionConfiguration',
    account: 'A',
    why: '--lambda: VPC config and execution role',
  },
  'LambdaClient.GetPolicy': {
    action: 'lambda:GetPolicy',
    account: 'B',
    why: "the integration function's resource policy",
  },
  'APIGatewayClient.GetRestApi': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'endpoint type, associated endpoints, resource policy, tags',
  },
  'APIGatewayClient.GetStages': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'stages and their deployments',
  },
  'APIGatewayClient.GetDeployment': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'deployment date and deployed routes',
  },
  'APIGatewayClient.GetResources': {
    action: 'apigateway:GET',
    // A too: the front door's resources (--from-api).
    account: 'A+B',
    why: 'resources and methods (authorization, API key, integration)',
  },
  'APIGatewayClient.GetAuthorizers': { action: 'apigateway:GET', account: 'B', why: 'Lambda authorizers' },
  'APIGatewayClient.GetUsagePlans': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'usage plans for API keys',
  },
  'APIGatewayClient.GetDomainNames': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'private custom domain id',
  },
  'APIGatewayClient.GetDomainName': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'domain policy and managementPolicy',
  },
  'APIGatewayClient.GetBasePathMappings': {
    action: 'apigateway:GET',
    account: 'B',
    why: 'base path mappings',
  },
  'APIGatewayClient.GetDomainNameAccessAssociations': {
    action: 'apigateway:GET',
    account: 'A+B',
    why: 'domain name access associations',
  },
  'CloudTrail_20131101.LookupEvents': {
    action: 'cloudtrail:LookupEvents',
    account: 'B',
    why: 'when the resource policy last changed',
  },
  'AWSOrganizationsV20161128.DescribeOrganization': {
    action: 'organizations:DescribeOrganization',
    account: 'A',
    why: 'aws:PrincipalOrgID',
  },
  'EC2Client.DescribeVpcBlockPublicAccessOptions': {
    action: 'ec2:DescribeVpcBlockPublicAccessOptions',
    account: 'A',
    why: 'VPC Block Public Access mode (no internet path; a public path times out)',
  },
  'EC2Client.DescribeVpcBlockPublicAccessExclusions': {
    action: 'ec2:DescribeVpcBlockPublicAccessExclusions',
    account: 'A',
    why: 'VPCs and subnets excluded from Block Public Access',
  },
  'AWSOrganizationsV20161128.DescribeAccount': {
    action: 'organizations:DescribeAccount',
    account: 'A',
    why: "aws:VpceOrgID: is the endpoint's owner in the reader's organization (management account or delegated admin only)",
  },
  'AWSOrganizationsV20161128.ListParents': {
    action: 'organizations:ListParents',
    account: 'A',
    why: "aws:VpceOrgPaths: the endpoint owner's OU path (management account or delegated admin only)",
  },
  // Callers outside the endpoint's VPC (on premises, another VPC): read only for them.
  'Route53Resolver.ListResolverEndpoints': {
    action: 'route53resolver:ListResolverEndpoints',
    account: 'A',
    why: "inbound Resolver endpoints in the endpoint's VPC (on-premises callers)",
  },
  'Route53Resolver.ListResolverEndpointIpAddresses': {
    action: 'route53resolver:ListResolverEndpointIpAddresses',
    account: 'A',
    why: 'the addresses on-premises DNS forwards to',
  },
  'Route53Resolver.ListResolverRules': {
    action: 'route53resolver:ListResolverRules',
    account: 'A',
    why: 'the domains and targets of Resolver rules',
  },
  'Route53Resolver.ListResolverRuleAssociations': {
    action: 'route53resolver:ListResolverRuleAssociations',
    account: 'A',
    why: 'the Resolver rules of the VPC that answers the caller',
  },
  'Route53.ListHostedZonesByVPC': {
    action: 'route53:ListHostedZonesByVPC',
    account: 'A',
    why: 'private hosted zones that may hide the API name (also needs ec2:DescribeVpcs)',
  },
  'Route53.ListResourceRecordSets': {
    action: 'route53:ListResourceRecordSets',
    account: 'A',
    why: 'whether such a zone holds the API name (else NXDOMAIN)',
  },
  'EC2Client.DescribeTransitGatewayVpcAttachments': {
    action: 'ec2:DescribeTransitGatewayVpcAttachments',
    account: 'A',
    why: 'transit gateway attachments and their security group referencing option',
  },
  'EC2Client.DescribeTransitGateways': {
    action: 'ec2:DescribeTransitGateways',
    account: 'A',
    why: 'security group referencing on the transit gateway',
  },
  'EC2Client.DescribeVpcPeeringConnections': {
    action: 'ec2:DescribeVpcPeeringConnections',
    account: 'A',
    why: 'which VPCs and Regions a peering route joins, and whether it is active',
  },
  // The front door (--from-api / --vpc-link): API Gateway and its NLB in account A.
  'APIGatewayClient.GetIntegration': {
    action: 'apigateway:GET',
    account: 'A',
    why: "--from-api: the front-door method's integration (URI, VPC link, header mappings, TLS)",
  },
  'APIGatewayClient.GetVpcLink': {
    action: 'apigateway:GET',
    account: 'A',
    why: '--from-api: VPC link status and NLB',
  },
  'APIGatewayClient.GetStage': {
    action: 'apigateway:GET',
    account: 'A',
    why: '--from-api: the stage variable a ${stageVariables.…} connection id names',
  },
  'ElasticLoadBalancingV2Client.DescribeLoadBalancers': {
    action: 'elasticloadbalancing:DescribeLoadBalancers',
    account: 'A',
    why: "the front door's NLB: zones, subnets, security groups",
  },
  'ElasticLoadBalancingV2Client.DescribeLoadBalancerAttributes': {
    action: 'elasticloadbalancing:DescribeLoadBalancerAttributes',
    account: 'A',
    why: 'cross-zone load balancing',
  },
  'ElasticLoadBalancingV2Client.DescribeListeners': {
    action: 'elasticloadbalancing:DescribeListeners',
    account: 'A',
    why: "the NLB's listener on the integration URI's port",
  },
  'ElasticLoadBalancingV2Client.DescribeTargetGroups': {
    action: 'elasticloadbalancing:DescribeTargetGroups',
    account: 'A',
    why: 'target type, port and health check',
  },
  'ElasticLoadBalancingV2Client.DescribeTargetGroupAttributes': {
    action: 'elasticloadbalancing:DescribeTargetGroupAttributes',
    account: 'A',
    why: "the target group's own cross-zone setting",
  },
  'ElasticLoadBalancingV2Client.DescribeTargetHealth': {
    action: 'elasticloadbalancing:DescribeTargetHealth',
    account: 'A',
    why: 'registered targets (the endpoint ENI addresses?) and their health per zone',
  },
}

/** API Gateway's read permission covers these resources (REST APIs, usage plans, private domains). */
const APIGATEWAY_RESOURCES = [
  'arn:aws:apigateway:*::/restapis',
  'arn:aws:apigateway:*::/restapis/*',
  'arn:aws:apigateway:*::/usageplans',
  'arn:aws:apigateway:*::/domainnames',
  'arn:aws:apigateway:*::/domainnames/*',
  'arn:aws:apigateway:*:*:/domainnames/*',
  'arn:aws:apigateway:*::/domainnameaccessassociations',
  'arn:aws:apigateway:*::/vpclinks/*',
]

/** A policy document (plain JSON). */
export type IamPolicy = {
  readonly Version: '2012-10-17'
  readonly Statement: ReadonlyArray<Readonly<Record<string, unknown>>>
}

function policyFor(account: 'A' | 'B'): IamPolicy {
  const actions = [
    ...new Set(
      Object.values(DOCTOR_CALLS)
        .filter(c => c.account === account || c.account === 'A+B')
        .map(c => c.action),
    ),
  ].sort()
  const apigw = actions.filter(a => a.startsWith('apigateway:'))
  const rest = actions.filter(a => !a.startsWith('apigateway:'))
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: account === 'A' ? 'PvapiDoctorReadCallerSide' : 'PvapiDoctorReadApiSide',
        Effect: 'Allow',
        Action: rest,
        Resource: '*',
      },
      ...(apigw.length
        ? [
            {
              Sid: 'PvapiDoctorReadApiGateway',
              Effect: 'Allow',
              Action: apigw,
              Resource: APIGATEWAY_RESOURCES,
            },
          ]
        : []),
    ],
  }
}

/** The read-only policies the doctor needs: in the caller's account (A) and the API owner's (B). */
export function doctorIamPolicies(): { readonly callerAccount: IamPolicy; readonly apiAccount: IamPolicy } {
  return { callerAccount: policyFor('A'), apiAccount: policyFor('B') }
}

/** Operation name prefixes that only read. */
export const READ_ONLY_PREFIXES = ['Describe', 'Get', 'List', 'Lookup', 'Simulate'] as const
