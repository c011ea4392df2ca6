/**
 * The doctor's read-only view of AWS, shaped like its questions rather than like the AWS APIs.
 * src/aws/doctor-*.ts implement these ports on the SDK clients; collect.ts only talks to them,
 * and tests may swap in fakes. No SDK types cross this boundary.
 */
import type {
  AccessAssociationFacts,
  AuthorizerFacts,
  BasePathMappingFacts,
  BlockPublicAccessFacts,
  DeploymentFacts,
  DomainNameFacts,
  EniFacts,
  IdentityFacts,
  NaclFacts,
  PolicyChangeFacts,
  PolicyFacts,
  ResourceFacts,
  RestApiFacts,
  RoleFacts,
  RouteTableFacts,
  SgRuleFacts,
  StageFacts,
  SubnetFacts,
  UsagePlanFacts,
  VpcEndpointFacts,
} from '../../doctor/snapshot.js'
import type { HybridPort } from './hybrid-port.js'
import type {
  FrontDoorIntegrationFacts,
  ListenerFacts,
  LoadBalancerFacts,
  TargetGroupFacts,
  TargetHealthFacts,
  VpcLinkFacts,
} from '../../doctor/snapshot.js'

/** STS, for one set of credentials. */
export interface StsPort {
  /** GetCallerIdentity, with the `Date` header of the answer when there was one. */
  callerIdentity(): Promise<{ identity: IdentityFacts; serverDate?: string }>
}

/** A VPC as DescribeVpcs returns it. */
export interface VpcSummary {
  readonly vpcId: string
  readonly ownerId?: string
  readonly cidrBlocks: readonly string[]
  readonly dhcpOptionsId?: string
  readonly blockPublicAccessMode?: string
}

/** A NACL with the subnets it is associated with. */
export interface NaclWithSubnets extends NaclFacts {
  readonly subnetIds: readonly string[]
}

/** A route table with its associations. */
export interface RouteTableWithAssociations extends Omit<RouteTableFacts, 'main'> {
  readonly vpcId?: string
  readonly main: boolean
  readonly subnetIds: readonly string[]
}

/** EC2 reads (account A). Every list is paginated to the end. */
export interface Ec2Port {
  /** DescribeVpcEndpoints filtered by service name (execute-api or sts). */
  interfaceEndpoints(serviceName: string): Promise<VpcEndpointFacts[]>
  vpcs(vpcIds: readonly string[]): Promise<VpcSummary[]>
  vpcAttribute(
    vpcId: string,
    attribute: 'enableDnsSupport' | 'enableDnsHostnames',
  ): Promise<boolean | undefined>
  dhcpDomainNameServers(dhcpOptionsId: string): Promise<string[] | undefined>
  subnets(subnetIds: readonly string[]): Promise<SubnetFacts[]>
  securityGroupRules(groupIds: readonly string[]): Promise<SgRuleFacts[]>
  networkAcls(subnetIds: readonly string[]): Promise<NaclWithSubnets[]>
  routeTables(vpcIds: readonly string[]): Promise<RouteTableWithAssociations[]>
  networkInterfaces(eniIds: readonly string[]): Promise<EniFacts[]>
  /** The CIDRs of a managed prefix list (`undefined` = not found). Optional: older fakes lack it. */
  prefixListEntries?(prefixListId: string): Promise<string[] | undefined>
  /** VPC Block Public Access options and exclusions. Optional: older fakes lack it. */
  blockPublicAccess?(): Promise<BlockPublicAccessFacts>
}

/** API Gateway reads (account B). `undefined` = not found. */
export interface ApiGatewayPort {
  restApi(apiId: string): Promise<RestApiFacts | undefined>
  stages(apiId: string): Promise<StageFacts[]>
  deployment(apiId: string, deploymentId: string): Promise<DeploymentFacts | undefined>
  resources(apiId: string): Promise<ResourceFacts[]>
  authorizers(apiId: string): Promise<AuthorizerFacts[]>
  usagePlans(): Promise<UsagePlanFacts[]>
  /** Private custom domains of this account with that name (GetDomainNames, resourceOwner SELF). */
  domainNames(name: string): Promise<DomainNameFacts[]>
  domainName(name: string, domainNameId?: string): Promise<DomainNameFacts | undefined>
  basePathMappings(name: string, domainNameId?: string): Promise<BasePathMappingFacts[]>
  accessAssociations(resourceOwner: 'SELF' | 'OTHER_ACCOUNTS'): Promise<AccessAssociationFacts[]>
}

/** IAM reads (account A). */
export interface IamPort {
  role(roleName: string): Promise<RoleFacts | undefined>
  /** Inline and attached managed policies (default version) of a role. */
  rolePolicies(roleName: string): Promise<PolicyFacts[]>
  /** A managed policy's default version (for a permissions boundary). */
  managedPolicy(policyArn: string): Promise<PolicyFacts | undefined>
}

/** Lambda reads. */
export interface LambdaPort {
  functionConfiguration(nameOrArn: string): Promise<
    | {
        functionName: string
        functionArn: string
        roleArn: string
        vpcId?: string
        subnetIds: string[]
        securityGroupIds: string[]
        /** `VpcConfig.Ipv6AllowedForDualStack`. */
        ipv6AllowedForDualStack?: boolean
      }
    | undefined
  >
  /** The function's resource policy; null = it has none. */
  functionPolicy(functionArn: string): Promise<Readonly<Record<string, unknown>> | null>
}

/** CloudTrail (account B): the latest resource policy change of an API. */
export interface CloudTrailPort {
  lastPolicyChange(apiId: string, since: Date): Promise<PolicyChangeFacts>
}

/** Organizations (account A): the caller's organization id; null = not in one. */
export interface OrganizationsPort {
  organizationId(): Promise<string | null>
  /**
   * DescribeAccount: true when the account is in the reader's organization (false when
   * Organizations says it is not). Answered for the management account or a delegated
   * administrator only. Optional: older fakes lack it.
   */
  accountInOrganization?(accountId: string): Promise<boolean>
  /** ListParents of an account or OU: `{id, type}` (ROOT or ORGANIZATIONAL_UNIT). Optional, as above. */
  parents?(childId: string): Promise<ReadonlyArray<{ readonly id: string; readonly type: string }>>
}

/** IMDSv2, on an EC2 instance. */
export interface ImdsPort {
  network(): Promise<{
    instanceId?: string
    vpcId?: string
    subnetId?: string
    securityGroupIds: string[]
    privateIps: string[]
    eniId?: string
  }>
}

/** A DNS lookup. */
export interface DnsPort {
  resolve(hostname: string): Promise<{
    server: string
    result: 'answer' | 'nxdomain' | 'nodata'
    addresses: string[]
    /** The record types asked (A, AAAA). */
    asked?: ('A' | 'AAAA')[]
  }>
}

/** API Gateway reads of the front-door API (account A, `--from-api`). `undefined` = not found. */
export interface FrontDoorApigwPort {
  integration(
    restApiId: string,
    resourceId: string,
    httpMethod: string,
  ): Promise<FrontDoorIntegrationFacts | undefined>
  vpcLink(vpcLinkId: string): Promise<VpcLinkFacts | undefined>
  /** A stage's variables (for a `${stageVariables.NAME}` connection id). */
  stageVariables(restApiId: string, stageName: string): Promise<Readonly<Record<string, string>> | undefined>
}

/** Elastic Load Balancing v2 reads (account A, the front door's NLB). */
export interface Elbv2Port {
  loadBalancer(arn: string): Promise<LoadBalancerFacts | undefined>
  loadBalancerAttributes(arn: string): Promise<Record<string, string>>
  listeners(loadBalancerArn: string): Promise<ListenerFacts[]>
  /** The target groups of a load balancer, without health and attributes. */
  targetGroups(loadBalancerArn: string): Promise<Array<Omit<TargetGroupFacts, 'health' | 'attributes'>>>
  targetGroupAttributes(targetGroupArn: string): Promise<Record<string, string>>
  targetHealth(targetGroupArn: string): Promise<TargetHealthFacts[]>
}

/** Everything the collector reads through, for the caller's account (A) and the API owner's (B). */
export interface DoctorPorts {
  readonly callerSts: StsPort
  readonly apiSts?: StsPort
  readonly ec2: Ec2Port
  readonly apigw: ApiGatewayPort
  /** API Gateway with account A's credentials (domain access associations owned by A). */
  readonly callerApigw: ApiGatewayPort
  readonly iam: IamPort
  /** Lambda in account A (the --lambda caller). */
  readonly lambda: LambdaPort
  /** Lambda in account B (the integration's resource policy). */
  readonly apiLambda: LambdaPort
  readonly cloudtrail: CloudTrailPort
  readonly organizations: OrganizationsPort
  readonly imds: ImdsPort
  readonly dns: DnsPort
  /** Resolver, hosted zones, transit gateways, peering: for callers outside the endpoint's VPC. */
  readonly hybrid?: HybridPort
  /** The front door (account A): its integration and VPC link, and its NLB. Optional: older fakes lack them. */
  readonly frontDoorApigw?: FrontDoorApigwPort
  readonly elbv2?: Elbv2Port
}
