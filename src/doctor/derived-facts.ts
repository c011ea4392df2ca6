/**
 * The shapes of the facts derive.ts computes, apart from the policy analysis built on them, so
 * the policy engine (policy-analysis.ts) can name its input without importing derive.ts back.
 */
import type { Ipv4Range } from './net.js'
import type {
  BasePathMappingFacts,
  CallerNetworkFacts,
  Collected,
  MethodFacts,
  ResourceFacts,
  SubnetFacts,
  VpcEndpointFacts,
} from './snapshot.js'

/** One address of the endpoint, with the subnet its ENI sits in. */
export interface EndpointAddress {
  readonly ip: string
  readonly eniId: string
  readonly subnetId?: string
  readonly availabilityZone?: string
}

/** The stage and resource path the request reaches. */
export interface RouteFacts {
  readonly apiId?: string
  readonly stage: string
  readonly resourcePath: string
  /** For a custom domain: the base path mapping used. */
  readonly mapping?: BasePathMappingFacts
}

/** The API resource and method the request matches. */
export interface MethodMatch {
  readonly resource: ResourceFacts
  readonly method: MethodFacts
  /** The method key matched: the request's method, or `ANY`. */
  readonly matchedAs: string
}

/** The derived facts the policy engine starts from (everything but its own analysis). */
export interface DerivedFacts {
  /** The endpoint the request goes through, and how it was identified. */
  readonly endpoint: Collected<VpcEndpointFacts>
  readonly endpointHow: string
  readonly endpointAddresses: Collected<readonly EndpointAddress[]>
  readonly callerNetwork: Collected<CallerNetworkFacts>
  /** The caller's subnets that were read. */
  readonly callerSubnets: readonly SubnetFacts[]
  /**
   * The caller's source addresses: exact IPs when known (IMDS, --caller-ip), else the CIDRs of
   * its subnets (a Lambda's Hyperplane ENIs take addresses from them).
   */
  readonly callerRanges: Collected<{ readonly ranges: readonly Ipv4Range[]; readonly exact: boolean }>
  readonly route: Collected<RouteFacts>
  readonly apiId?: string
  readonly apiAccount?: { readonly account: string; readonly source: string }
  readonly method: Collected<MethodMatch>
  /** `arn:aws:execute-api:R:ACCOUNT:API/STAGE/METHOD/path`, when every part is known. */
  readonly methodArn?: string
  /**
   * Set when the stage, resource or method is known not to exist. API Gateway matches the route
   * before it authorizes (it needs the method's authorization type), so a missing route answers
   * "Missing Authentication Token" and the policy checks of hops 6-7 do not apply.
   */
  readonly routeMissing?: string
}
