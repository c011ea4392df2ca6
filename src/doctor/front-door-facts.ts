/**
 * The front-door caller (`doctor --from-api` / `--vpc-link`): a regional API Gateway whose
 * HTTP or HTTP_PROXY integration reaches the private API through a VPC link, a Network Load
 * Balancer and the execute-api endpoint's ENI addresses. What was read of that path, as plain
 * snapshot data (added within snapshot schema 1; absent for every other caller).
 */
import type { Collected } from './snapshot.js'

/** The front-door method's integration (`GetIntegration`). */
export interface FrontDoorIntegrationFacts {
  /** HTTP, HTTP_PROXY, AWS, AWS_PROXY, MOCK. */
  readonly type?: string
  /** INTERNET or VPC_LINK. */
  readonly connectionType?: string
  /** The VPC link id, or `${stageVariables.NAME}` (resolved into `vpcLinkId` below). */
  readonly connectionId?: string
  /** VPC links V2 for REST APIs: the load balancer ARN itself. */
  readonly integrationTarget?: string
  readonly uri?: string
  readonly httpMethod?: string
  /** `integration.request.header.NAME` → `'static'` or `method.request.…`, as API Gateway returns them. */
  readonly requestParameters: Readonly<Record<string, string>>
  /** `tlsConfig.insecureSkipVerification`. */
  readonly insecureSkipVerification?: boolean
}

/** `GetVpcLink` (V1: a VPC link to one Network Load Balancer). */
export interface VpcLinkFacts {
  readonly id: string
  readonly name?: string
  /** AVAILABLE, PENDING, DELETING, FAILED. */
  readonly status?: string
  readonly statusMessage?: string
  readonly targetArns: readonly string[]
}

/** `DescribeLoadBalancers`. */
export interface LoadBalancerFacts {
  readonly arn: string
  readonly name?: string
  /** network, application, gateway. */
  readonly type?: string
  readonly scheme?: string
  readonly dnsName?: string
  readonly vpcId?: string
  /** active, provisioning, failed, … */
  readonly state?: string
  readonly zones: ReadonlyArray<{ readonly zoneName?: string; readonly subnetId?: string }>
  /** Empty: the NLB has no security groups (traffic comes from its subnets' addresses). */
  readonly securityGroupIds: readonly string[]
}

/** `DescribeListeners`. */
export interface ListenerFacts {
  readonly arn: string
  readonly port?: number
  /** TCP, TLS, UDP, TCP_UDP. */
  readonly protocol?: string
  /** Target groups the default action forwards to. */
  readonly targetGroupArns: readonly string[]
  readonly certificateArns: readonly string[]
}

/** `DescribeTargetHealth`: one registered target. */
export interface TargetHealthFacts {
  readonly id: string
  readonly port?: number
  readonly availabilityZone?: string
  /** initial, healthy, unhealthy, unused, draining, unavailable, … */
  readonly state?: string
  readonly reason?: string
  readonly description?: string
}

/** `DescribeTargetGroups` with its attributes and the health of its targets. */
export interface TargetGroupFacts {
  readonly arn: string
  readonly name?: string
  readonly protocol?: string
  readonly port?: number
  /** instance, ip, alb, lambda. */
  readonly targetType?: string
  readonly vpcId?: string
  readonly healthCheck: {
    readonly protocol?: string
    /** `traffic-port` or a number as text. */
    readonly port?: string
    readonly path?: string
    readonly matcher?: string
  }
  readonly health: Collected<readonly TargetHealthFacts[]>
  /** `DescribeTargetGroupAttributes` (load_balancing.cross_zone.enabled, preserve_client_ip.enabled). */
  readonly attributes: Collected<Readonly<Record<string, string>>>
}

/** Everything read of the front door, in request order. */
export interface FrontDoorFacts {
  /** `api`: --from-api named the method; `vpc-link`: only --vpc-link was given. */
  readonly from: 'api' | 'vpc-link'
  readonly region: string
  /** The front-door REST API, stage, method and path (with --from-api). */
  readonly restApiId?: string
  readonly stage?: string
  readonly method?: string
  readonly path?: string
  /** The front-door resource the path matched. */
  readonly resource: Collected<{ readonly id: string; readonly path: string }>
  readonly integration: Collected<FrontDoorIntegrationFacts>
  /** The VPC link id used (the integration's, a stage variable's value, or --vpc-link). */
  readonly vpcLinkId?: string
  readonly vpcLink: Collected<VpcLinkFacts>
  readonly loadBalancer: Collected<LoadBalancerFacts>
  /** `DescribeLoadBalancerAttributes` (load_balancing.cross_zone.enabled, …). */
  readonly loadBalancerAttributes: Collected<Readonly<Record<string, string>>>
  readonly listeners: Collected<readonly ListenerFacts[]>
  readonly targetGroups: Collected<readonly TargetGroupFacts[]>
  /** The private API the integration names, and how it was found. */
  readonly privateApi?: {
    readonly apiId?: string
    readonly how: string
    /** `--api-id`: the API the user expects the front door to reach. */
    readonly expected?: string
  }
  /** The endpoint the NLB's targets belong to, and how it was identified. */
  readonly endpointId?: string
  readonly endpointHow?: string
}
