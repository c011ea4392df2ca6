/**
 * The doctor's snapshot: everything `pvapi doctor` read, as plain, versioned JSON.
 *
 * Collection (src/aws/collect/) writes it; the checks (src/doctor/checks/) read it and nothing
 * else. A read that failed is a value (`Collected<T>` with status `denied`, `not-found`, …), so a
 * check can say "unknown, because ec2:DescribeSecurityGroupRules was denied" instead of crashing.
 * `--save-snapshot` writes this object (no credentials, ever) and `--snapshot` reads it back,
 * which is how a diagnosis is shared in a ticket and replayed offline.
 *
 * Bump `schemaVersion` on any incompatible change; `loadSnapshot` refuses unknown versions.
 */
import type { HostKind } from '../core/target.js'
import type { FrontDoorFacts } from './front-door-facts.js'
// The front door's shapes, for the collectors (which may import only this module of doctor/).
export type {
  FrontDoorFacts,
  FrontDoorIntegrationFacts,
  ListenerFacts,
  LoadBalancerFacts,
  TargetGroupFacts,
  TargetHealthFacts,
  VpcLinkFacts,
} from './front-door-facts.js'

/** The snapshot format version written by this build. */
export const SNAPSHOT_SCHEMA_VERSION = 1

/** One collected fact, or the reason it could not be read. */
export type Collected<T> =
  | {
      readonly status: 'ok'
      readonly value: T /** Where the value came from when not AWS (e.g. `--resource-policy FILE`). */
      readonly source?: string
    }
  /** AWS refused the read; `action` is the IAM permission that would reveal it. */
  | { readonly status: 'denied'; readonly action: string; readonly message?: string }
  | { readonly status: 'not-found'; readonly message?: string }
  /** Any other failure (network, throttling after retries, a malformed answer). */
  | {
      readonly status: 'error'
      readonly message: string
      readonly code?: string
      readonly action?: string
      /** Why, when it is known: the report groups unknowns by it (added after 1.0; optional). */
      readonly cause?: ReadCause
    }
  /** Not attempted: the input that would allow it was not given, or it does not apply. */
  | { readonly status: 'not-collected'; readonly reason: string; readonly hint?: string }

/**
 * Why a read failed, as the report explains it: `timeout` (connected, no answer in time),
 * `unreachable` (no connection: refused, reset, or none within the connect timeout), `tls`,
 * `dns` (the endpoint's name, or `--dns-server` itself), `throttled` (after the retries),
 * `deadline` (still waiting, or not started, when `doctor --timeout` passed), `interrupted`
 * (Ctrl-C). AccessDenied is the `denied` status, not a cause.
 */
export interface ReadCause {
  readonly kind: 'timeout' | 'unreachable' | 'tls' | 'dns' | 'throttled' | 'deadline' | 'interrupted'
  /** The host (and port) that did not answer, when known: `ec2.us-east-1.amazonaws.com`. */
  readonly endpoint?: string
  /** The limit that passed, in ms (the per-request timeout or the --timeout deadline). */
  readonly timeoutMs?: number
  /** A short technical detail: `ECONNREFUSED`, `CERT_HAS_EXPIRED`, `ETIMEOUT`. */
  readonly detail?: string
}

/** How collection ended, when it did not finish on its own. */
export interface CollectionFacts {
  /** `deadline`: `--timeout` passed; `interrupted`: Ctrl-C. Absent: every read finished. */
  readonly stoppedBy?: 'deadline' | 'interrupted'
  /** The deadline (ms) and the per-request limits used. */
  readonly timeoutMs?: number
  readonly connectTimeoutMs?: number
  readonly readTimeoutMs?: number
}

/** A Collected value that is not `ok`. */
export type NotCollected = Exclude<Collected<unknown>, { status: 'ok' }>

/** The Authorization header the client sends (the engine's `AuthorizationHeader`). */
export type ClientAuthorization = 'sigv4' | 'none' | 'other'

/** What the request is: the URL, the method and how its host addresses the API. */
export interface TargetFacts {
  /** The URL as given (query string kept, anything that looks like a signature redacted). */
  readonly url: string
  readonly method: string
  readonly hostname: string
  readonly hostKind: HostKind
  /** The host resolved and dialled: the URL host, or the `--vpce` endpoint name. */
  readonly connectHost: string
  /** The REST API id (from the host, `--api-id`, or a custom domain's base path mapping). */
  readonly apiId?: string
  readonly region: string
  /** Stage and resource path, when the URL carries them (execute-api names). Custom domains map them. */
  readonly stage?: string
  /** Resource path after the stage, with a leading slash (`/items/42`). */
  readonly resourcePath?: string
  /** The path of the URL as given (for custom domains: `/{basePath}/{resource path}`). */
  readonly urlPath: string
  /** The VPC endpoint named by the URL (alias or endpoint-specific name) or by `--vpce`. */
  readonly vpceId?: string
  /** The private custom domain name, when the URL is one. */
  readonly customDomain?: string
  /** The API owner's account when given with `--api-account`. */
  readonly apiAccount?: string
}

/** How the client signs (pvapi's own route, or what `--signing-*` say another client does). */
export interface SigningFacts {
  /** Region in the SigV4 credential scope. */
  readonly region: string
  readonly regionSource: 'host' | 'flag' | 'config' | 'default' | 'client'
  /** Service in the credential scope; API Gateway requires `execute-api`. */
  readonly service: string
  readonly authorization: ClientAuthorization
  /** The Host header sent (and signed). */
  readonly hostHeader: string
  /** Extra headers naming the API (`x-apigw-api-id`). */
  readonly apiIdHeader?: string
  /** `header` (x-apigw-api-id) or `host` (Host override) on an endpoint-specific name. */
  readonly hostMode?: 'header' | 'host'
  /** Route description, for the report. */
  readonly route: string
  /** `--client-tls`: the newest TLS version the failing client speaks (added after 1.0). */
  readonly clientTlsMax?: '1.2' | '1.3'
}

/** The credentials used, described without any secret. */
export interface CredentialFacts {
  /** "environment variables", "profile dev (SSO)", … */
  readonly source: string
  /** Access key id prefix class: AKIA (long-term) or ASIA (session). Never the key itself. */
  readonly kind: 'long-term' | 'session' | 'unknown'
  readonly expiresAt?: string
  /** Roles assumed, in order. */
  readonly roleChain: readonly string[]
}

/** `sts:GetCallerIdentity`. */
export interface IdentityFacts {
  readonly account: string
  readonly arn: string
  readonly userId?: string
}

/** The clock comparison, from the `Date` header of an AWS answer. */
export interface ClockFacts {
  readonly localTime: string
  readonly serverTime: string
  /** local − server, in ms. */
  readonly skewMs: number
}

/** `iam:GetRole`. */
export interface RoleFacts {
  readonly arn: string
  readonly name: string
  readonly permissionsBoundaryArn?: string
  readonly tags?: Readonly<Record<string, string>>
}

/** A policy document as read (parsed JSON when it parsed, else the raw text). */
export interface PolicyFacts {
  /** Display name: the inline policy name, the managed policy ARN, or the file name. */
  readonly name: string
  readonly document: Readonly<Record<string, unknown>> | string
}

/** Who calls the API, and the IAM side of that principal (account A). */
export interface CallerFacts {
  /** The identity the doctor runs as (after --profile/--role-arn). */
  readonly identity: Collected<IdentityFacts>
  readonly credentials: Collected<CredentialFacts>
  readonly clock: Collected<ClockFacts>
  /**
   * The principal that signs the API call: the doctor's identity, or with `--lambda` the
   * function's execution role session (`arn:aws:sts::A:assumed-role/ROLE/FUNCTION`).
   */
  readonly principal: Collected<{
    readonly arn: string
    readonly account: string
    readonly source: 'sts' | 'lambda' | 'imds'
  }>
  readonly role: Collected<RoleFacts>
  readonly identityPolicies: Collected<readonly PolicyFacts[]>
  /** null = no boundary. */
  readonly permissionsBoundary: Collected<PolicyFacts | null>
  /** Usually only from `--scp FILE` (reading SCPs needs the management account). */
  readonly serviceControlPolicies: Collected<readonly PolicyFacts[]>
  /** `organizations:DescribeOrganization`, for `aws:PrincipalOrgID`. null = not in an organization. */
  readonly organizationId: Collected<string | null>
  /** True when the caller itself calls STS AssumeRole from inside the VPC before calling the API. */
  readonly assumesRoleInVpc: boolean
}

/** Where the caller sits in the network. */
export interface CallerNetworkFacts {
  readonly source: 'lambda' | 'imds' | 'flags'
  readonly vpcId?: string
  readonly subnetIds: readonly string[]
  readonly securityGroupIds: readonly string[]
  /** Known private IPv4 addresses (IMDS, --caller-ip); Lambda Hyperplane IPs are not known. */
  readonly privateIps: readonly string[]
  readonly lambda?: { readonly functionName: string; readonly functionArn: string; readonly roleArn: string }
  readonly instanceId?: string
  /**
   * An on-premises caller (`--caller-cidr` with `--from-vpc`): its address ranges, reaching AWS
   * over Direct Connect or VPN into `vpcId` (the VPC its traffic enters). It has no subnet or
   * security group of its own.
   */
  readonly onPremises?: { readonly cidrs: readonly string[] }
  /**
   * Lambda `VpcConfig.Ipv6AllowedForDualStack`: the function may send IPv6 from dual-stack
   * subnets (added for dual-stack; absent = not read or false). IPv6 addresses of an instance
   * (IMDS `ipv6s`) or given with `--caller-ip` are listed in `privateIps` with the IPv4 ones.
   */
  readonly ipv6AllowedForDualStack?: boolean
}

/** A VPC and its DNS settings. */
export interface VpcFacts {
  readonly vpcId: string
  readonly ownerId?: string
  readonly cidrBlocks: readonly string[]
  readonly dhcpOptionsId?: string
  readonly enableDnsSupport: Collected<boolean>
  readonly enableDnsHostnames: Collected<boolean>
  /** DHCP option set: `domain-name-servers` values (`AmazonProvidedDNS` or IPs). */
  readonly dhcpDomainNameServers: Collected<readonly string[]>
  /** VPC Block Public Access as it applies to this VPC (`BlockPublicAccessStates.InternetGatewayBlockMode`; added after 1.0). */
  readonly blockPublicAccessMode?: string
}

export interface SubnetFacts {
  readonly subnetId: string
  readonly vpcId: string
  readonly cidrBlock?: string
  readonly availabilityZone?: string
  readonly availabilityZoneId?: string
  /** The account that owns the subnet: another account's = a shared VPC (added after 1.0). */
  readonly ownerId?: string
  /** VPC Block Public Access as it applies to this subnet (added after 1.0). */
  readonly blockPublicAccessMode?: string
  /** `Ipv6CidrBlockAssociationSet` (associated blocks only): a dual-stack subnet has one. */
  readonly ipv6CidrBlocks?: readonly string[]
  /** `Ipv6Native`: an IPv6-only subnet (no IPv4 addresses at all). */
  readonly ipv6Native?: boolean
}

/** One security group rule (`DescribeSecurityGroupRules`). */
export interface SgRuleFacts {
  readonly ruleId: string
  readonly groupId: string
  readonly egress: boolean
  /** `tcp`, `udp`, `icmp`, `-1` (all), or a protocol number as text. */
  readonly protocol: string
  readonly fromPort?: number
  readonly toPort?: number
  readonly cidrIpv4?: string
  readonly cidrIpv6?: string
  readonly prefixListId?: string
  readonly referencedGroupId?: string
  readonly description?: string
}

/** A managed prefix list's entries (`GetManagedPrefixListEntries`), for SG rules that name it. */
export interface PrefixListFacts {
  readonly prefixListId: string
  /** The entries' CIDRs (IPv4 and IPv6 as AWS gives them). */
  readonly cidrs: readonly string[]
}

/** One VPC Block Public Access exclusion (`DescribeVpcBlockPublicAccessExclusions`). */
export interface BpaExclusionFacts {
  readonly exclusionId: string
  /** `arn:aws:ec2:R:A:vpc/vpc-…` or `…:subnet/subnet-…`. */
  readonly resourceArn: string
  /** `allow-bidirectional` or `allow-egress`. */
  readonly mode: string
  /** `create-complete`, `update-complete`, … (only *-complete exclusions are in force). */
  readonly state?: string
}

/** VPC Block Public Access for the account and Region (`DescribeVpcBlockPublicAccessOptions`). */
export interface BlockPublicAccessFacts {
  /** `off`, `block-bidirectional` or `block-ingress`. */
  readonly mode: string
  readonly state?: string
  readonly exclusions: readonly BpaExclusionFacts[]
}

/**
 * The endpoint owner's place in AWS Organizations, as far as the reader's account may see it:
 * `organizations:DescribeAccount` (the owner is in the reader's organization) and
 * `organizations:ListParents` (its OU path), both answered only for the management account or
 * a delegated administrator.
 */
export interface EndpointOwnerOrgFacts {
  readonly account: string
  /** The owner's organization; null = in none. */
  readonly orgId: string | null
  /** `o-…/r-…/ou-…/` paths (aws:VpceOrgPaths), when ListParents answered. */
  readonly paths?: readonly string[]
  /** Where each value came from, for the report. */
  readonly via: string
}

export interface SecurityGroupFacts {
  readonly groupId: string
  readonly rules: Collected<readonly SgRuleFacts[]>
}

/** One network ACL entry. */
export interface NaclEntryFacts {
  readonly ruleNumber: number
  readonly egress: boolean
  /** `-1` (all), `6` (tcp), `17` (udp), … */
  readonly protocol: string
  readonly action: 'allow' | 'deny'
  readonly cidrBlock?: string
  readonly ipv6CidrBlock?: string
  readonly fromPort?: number
  readonly toPort?: number
}

export interface NaclFacts {
  readonly naclId: string
  readonly isDefault?: boolean
  readonly entries: readonly NaclEntryFacts[]
}

export interface RouteFacts {
  readonly destination: string
  /** igw-…, nat-…, eigw-…, tgw-…, pcx-…, vpce-…, local, eni-… */
  readonly target: string
  readonly state?: string
}

export interface RouteTableFacts {
  readonly routeTableId: string
  /** True when the subnet has no explicit association and uses the VPC's main table. */
  readonly main: boolean
  readonly routes: readonly RouteFacts[]
}

/** An interface VPC endpoint (`DescribeVpcEndpoints`). */
export interface VpcEndpointFacts {
  readonly id: string
  readonly vpcId: string
  readonly serviceName: string
  readonly state: string
  readonly ownerId?: string
  readonly privateDnsEnabled: boolean
  /** The endpoint policy (absent = AWS did not return one). */
  readonly policy?: Readonly<Record<string, unknown>> | string
  readonly securityGroupIds: readonly string[]
  readonly subnetIds: readonly string[]
  readonly networkInterfaceIds: readonly string[]
  readonly dnsNames: readonly string[]
  readonly lastError?: string
  /** The Region of the service the endpoint connects to (`ServiceRegion`, cross-region PrivateLink; added after 1.0). */
  readonly serviceRegion?: string
  /** `IpAddressType`: `ipv4`, `dualstack` or `ipv6` (the ENI addresses the endpoint has). */
  readonly ipAddressType?: string
  /** `DnsOptions.DnsRecordIpType`: `ipv4` (A), `ipv6` (AAAA), `dualstack` (both), `service-defined`. */
  readonly dnsRecordIpType?: string
}

/** An ENI's addresses (`DescribeNetworkInterfaces`). */
export interface EniFacts {
  readonly eniId: string
  readonly subnetId?: string
  readonly availabilityZone?: string
  readonly privateIps: readonly string[]
  /** The ENI's IPv6 addresses (`Ipv6Addresses`): a dual-stack or IPv6 endpoint has one per ENI. */
  readonly ipv6Addresses?: readonly string[]
}

/** The network, account A. Maps are keyed by id. */
export interface NetworkFacts {
  readonly caller: Collected<CallerNetworkFacts>
  /** execute-api interface endpoints in the region (account A's view). */
  readonly endpoints: Collected<readonly VpcEndpointFacts[]>
  /** STS interface endpoints in the region (row 23). */
  readonly stsEndpoints: Collected<readonly VpcEndpointFacts[]>
  readonly vpcs: Readonly<Record<string, Collected<VpcFacts>>>
  readonly subnets: Readonly<Record<string, Collected<SubnetFacts>>>
  readonly securityGroups: Readonly<Record<string, SecurityGroupFacts>>
  /** Keyed by subnet id. */
  readonly nacls: Readonly<Record<string, Collected<NaclFacts>>>
  /** Keyed by subnet id. */
  readonly routeTables: Readonly<Record<string, Collected<RouteTableFacts>>>
  readonly enis: Readonly<Record<string, Collected<EniFacts>>>
  /** Managed prefix lists named by the rules above, keyed by id (absent in older snapshots). */
  readonly prefixLists?: Readonly<Record<string, Collected<PrefixListFacts>>>
  /** VPC Block Public Access of the account in this Region, with its exclusions (added after 1.0). */
  readonly blockPublicAccess?: Collected<BlockPublicAccessFacts>
  /** The organization and OU path of the endpoint's owner, for aws:VpceOrgID/aws:VpceOrgPaths (added after 1.0). */
  readonly endpointOwnerOrg?: Collected<EndpointOwnerOrgFacts>
  /**
   * What a caller outside the endpoint's VPC depends on (on premises, or another VPC): read only
   * for such callers; absent otherwise and in older snapshots.
   */
  readonly hybrid?: HybridFacts
}

/** What a method looks like (from `GetResources?embed=methods`). */
export interface MethodFacts {
  readonly httpMethod: string
  readonly authorizationType?: string
  readonly authorizerId?: string
  readonly apiKeyRequired?: boolean
  readonly integration?: {
    readonly type?: string
    readonly uri?: string
    readonly credentials?: string
    readonly connectionType?: string
    /**
     * `BUFFERED` (the default; absent in older snapshots and answers) or `STREAM`: API Gateway
     * sends the backend's answer as it is produced, for up to 15 minutes (Nov 2025).
     */
    readonly responseTransferMode?: string
    /** The integration timeout: 50 ms to 29 s by default, up to 15 minutes when streaming. */
    readonly timeoutInMillis?: number
  }
}

export interface ResourceFacts {
  readonly id: string
  readonly path: string
  readonly methods: Readonly<Record<string, MethodFacts>>
}

export interface RestApiFacts {
  readonly id: string
  readonly name?: string
  /** PRIVATE, REGIONAL, EDGE. Empty when the answer had no endpointConfiguration. */
  readonly endpointTypes: readonly string[]
  readonly vpcEndpointIds: readonly string[]
  /** The resource policy, un-escaped and parsed when it is JSON; absent = none. */
  readonly policy?: Readonly<Record<string, unknown>> | string
  readonly tags?: Readonly<Record<string, string>>
  readonly disableExecuteApiEndpoint?: boolean
  readonly createdDate?: string
  /** `TLS_1_0`, `TLS_1_2` or an enhanced `SecurityPolicy_*` (added after 1.0). */
  readonly securityPolicy?: string
  /** `STRICT` or `BASIC`: set with a `SecurityPolicy_*` policy (added after 1.0). */
  readonly endpointAccessMode?: string
  /** `endpointConfiguration.ipAddressType`: `ipv4` or `dualstack` (private APIs: always dualstack). */
  readonly ipAddressType?: string
}

export interface StageFacts {
  readonly stageName: string
  readonly deploymentId?: string
  readonly createdDate?: string
  readonly lastUpdatedDate?: string
}

export interface DeploymentFacts {
  readonly id: string
  readonly createdDate?: string
  /** path → METHOD → {authorizationType, apiKeyRequired}: what the stage actually serves. */
  readonly apiSummary?: Readonly<
    Record<
      string,
      Readonly<Record<string, { readonly authorizationType?: string; readonly apiKeyRequired?: boolean }>>
    >
  >
}

export interface AuthorizerFacts {
  readonly id: string
  readonly name?: string
  readonly type?: string
  readonly authorizerUri?: string
  readonly identitySource?: string
}

export interface UsagePlanFacts {
  readonly id: string
  readonly name?: string
  readonly apiStages: ReadonlyArray<{ readonly apiId: string; readonly stage: string }>
}

/** The latest change to the resource policy seen in CloudTrail (row 30). */
export interface PolicyChangeFacts {
  /** Latest UpdateRestApi/PutRestApi touching `/policy`, if any in the lookback window. */
  readonly lastChange?: {
    readonly eventTime: string
    readonly eventName: string
    readonly eventId?: string
    readonly user?: string
  }
  /** How far back CloudTrail was searched. */
  readonly since: string
}

/** A Lambda function's resource policy (for a Lambda integration, row 39). */
export interface LambdaPermissionFacts {
  readonly functionArn: string
  readonly policy: Readonly<Record<string, unknown>> | null
}

export interface DomainNameFacts {
  readonly domainName: string
  readonly domainNameId?: string
  readonly domainNameArn?: string
  readonly endpointTypes: readonly string[]
  readonly policy?: Readonly<Record<string, unknown>> | string
  readonly managementPolicy?: Readonly<Record<string, unknown>> | string
  readonly status?: string
  /** Added after 1.0, like RestApiFacts'. */
  readonly securityPolicy?: string
  readonly endpointAccessMode?: string
  /** `BASE_PATH_MAPPING_ONLY` (the default), `ROUTING_RULE_THEN_BASE_PATH_MAPPING` or `ROUTING_RULE_ONLY`. */
  readonly routingMode?: string
}

export interface BasePathMappingFacts {
  /** `(none)` for the empty base path, as API Gateway writes it. */
  readonly basePath: string
  readonly restApiId: string
  readonly stage?: string
}

export interface AccessAssociationFacts {
  readonly arn?: string
  readonly domainNameArn: string
  readonly sourceType: string
  readonly source: string
}

/** Private custom domain facts (rows 40–41). */
export interface CustomDomainFacts {
  readonly domainName: string
  /** Provider side (account B): GetDomainName. */
  readonly domain: Collected<DomainNameFacts>
  readonly basePathMappings: Collected<readonly BasePathMappingFacts[]>
  /** Associations readable by the consumer (account A, resourceOwner SELF). */
  readonly consumerAssociations: Collected<readonly AccessAssociationFacts[]>
  /** Associations readable by the provider (account B, resourceOwner OTHER_ACCOUNTS and SELF). */
  readonly providerAssociations: Collected<readonly AccessAssociationFacts[]>
}

/** The API owner's side (account B). */
export interface ApiSideFacts {
  /** Identity used for account B reads (`--api-profile`/`--api-role-arn`), or the caller's. */
  readonly identity: Collected<IdentityFacts>
  /** `api-credentials` when account B was read with its own credentials. */
  readonly readWith: 'caller-credentials' | 'api-credentials'
  readonly restApi: Collected<RestApiFacts>
  readonly stages: Collected<readonly StageFacts[]>
  readonly deployment: Collected<DeploymentFacts>
  readonly resources: Collected<readonly ResourceFacts[]>
  readonly authorizers: Collected<readonly AuthorizerFacts[]>
  readonly usagePlans: Collected<readonly UsagePlanFacts[]>
  readonly policyChanges: Collected<PolicyChangeFacts>
  readonly integrationPermission: Collected<LambdaPermissionFacts>
  readonly customDomain?: CustomDomainFacts
}

/** One DNS answer. */
export interface DnsAnswerFacts {
  readonly hostname: string
  /** `system` (getaddrinfo) or the `--dns-server` used. */
  readonly server: string
  readonly result: 'answer' | 'nxdomain' | 'nodata'
  /** A then AAAA answers (IPv4 first). */
  readonly addresses: readonly string[]
  /** The record types asked (`A`, `AAAA`); absent in older snapshots (A, and AAAA only without A). */
  readonly asked?: readonly ('A' | 'AAAA')[]
}

export interface DnsFacts {
  /** Keyed by host name. */
  readonly answers: Readonly<Record<string, Collected<DnsAnswerFacts>>>
}

/** What the user supplied in files (`--resource-policy` etc.) when AWS could not be read. */
export interface SuppliedFacts {
  readonly resourcePolicy?: PolicyFacts
  readonly endpointPolicy?: PolicyFacts
  readonly identityPolicies?: readonly PolicyFacts[]
  readonly serviceControlPolicies?: readonly PolicyFacts[]
  /** The policy a Lambda authorizer returns for this caller (row 37). */
  readonly authorizerPolicy?: PolicyFacts
}

/** Which request a probe attempt was. */
export type ProbeAttemptKind = 'signed' | 'unsigned' | 'eni'

/**
 * One live request of `--probe`, as sent and answered, redacted: no signature, session token
 * or secret ever appears (a signature-mismatch message is cut before the canonical request it
 * quotes). The first seven fields are the shape reserved before `--probe` existed.
 */
export interface ProbeAttemptFacts {
  /** The address connected to ('' when the name did not resolve). */
  readonly address: string
  readonly tcp?: 'connected' | 'timeout' | 'refused' | 'error'
  readonly tls?: 'ok' | 'failed'
  readonly httpStatus?: number
  /** `x-amzn-ErrorType`, without the `:…` suffix. */
  readonly errorType?: string
  /** API Gateway's error message, or the transport error (one line, redacted). */
  readonly message?: string
  /** Total time of the attempt. */
  readonly ms?: number
  /** `signed` and `unsigned` resolve the connect host; `eni` pins one ENI address (SNI and Host unchanged). */
  readonly kind?: ProbeAttemptKind
  readonly signed?: boolean
  readonly eniId?: string
  readonly subnetId?: string
  readonly availabilityZone?: string
  /** curl's exit code for a transport failure (6 DNS, 7 refused, 28 timeout, 35 TLS, 52, 56). */
  readonly exitCode?: number
  /** pvapi's error code for a transport failure (`PV_TIMEOUT`, …). */
  readonly errorCode?: string
  /** `x-amzn-RequestId` of the answer. */
  readonly requestId?: string
  /** The answer's `Date` header. */
  readonly dateHeader?: string
  /**
   * The server's clock minus the local one, in ms: exact from a `Signature expired` message,
   * else from `Date` (1 s resolution). Positive = the local clock is behind.
   */
  readonly clockOffsetMs?: number
  /** The address family connected over (4 or 6), for `eni` attempts and `-4`/`-6`. */
  readonly family?: 4 | 6
}

/** The probe's own resolution of the connect host (what the `signed`/`unsigned` requests dial). */
export interface ProbeDnsFacts {
  readonly hostname: string
  /** `system` or the `--dns-server` used. */
  readonly server: string
  readonly result: 'answer' | 'nxdomain' | 'nodata' | 'error'
  readonly addresses: readonly string[]
  readonly message?: string
}

/**
 * Where pvapi ran when it probed, compared with the caller's network: connection results speak
 * for the caller only from the caller's instance or subnet.
 */
export interface ProbeVantageFacts {
  /** `caller-instance` (IMDS) · `caller-subnet` (a local address in a caller subnet or --caller-ip) · `elsewhere` · `unknown` */
  readonly kind: 'caller-instance' | 'caller-subnet' | 'elsewhere' | 'unknown'
  readonly detail: string
}

/**
 * `--probe`: live requests from where pvapi runs, after collection: one signed and one
 * unsigned to the target, and the signed one pinned to each ENI address of the endpoint. The
 * doctor's `probe.*` checks reconcile them with the configuration. Fields other than
 * `attempts` were added with `--probe` and are optional for older snapshots.
 */
export interface ProbeFacts {
  readonly attempts: readonly ProbeAttemptFacts[]
  /** When the probe started (ISO). */
  readonly startedAt?: string
  /** The method sent (`--probe-method`, default GET): never another one. */
  readonly method?: string
  /** Path and query sent (`--probe-path`, default the URL's). */
  readonly path?: string
  /** The host connected to (SNI) and the Host header sent. */
  readonly connectHost?: string
  readonly hostHeader?: string
  /** The principal the signed requests were signed as (the doctor's identity). */
  readonly principal?: string
  readonly vantage?: ProbeVantageFacts
  readonly dns?: ProbeDnsFacts
  /** Per-request limit used, in ms. */
  readonly timeoutMs?: number
  /** Why some requests were not sent (no credentials, ENI addresses unknown). */
  readonly notes?: readonly string[]
}

/** The whole snapshot. */
export interface DoctorSnapshot {
  readonly schemaVersion: typeof SNAPSHOT_SCHEMA_VERSION
  /** When collection started (ISO). Checks use it as "now": they never read the clock. */
  readonly collectedAt: string
  readonly tool: { readonly name: 'pvapi'; readonly version: string }
  readonly target: TargetFacts
  readonly signing: SigningFacts
  readonly caller: CallerFacts
  readonly network: NetworkFacts
  readonly api: ApiSideFacts
  readonly dns: DnsFacts
  readonly supplied: SuppliedFacts
  readonly probe: Collected<ProbeFacts>
  /** How the live collection ended and with which limits (added after 1.0; optional). */
  readonly collection?: CollectionFacts
  /** The caller is a front-door API Gateway (`--from-api`/`--vpc-link`); absent otherwise. */
  readonly frontDoor?: FrontDoorFacts
}

/** A `not-collected` value. */
export function notCollected(reason: string, hint?: string): NotCollected {
  return hint ? { status: 'not-collected', reason, hint } : { status: 'not-collected', reason }
}

/** An `ok` value. */
export function ok<T>(value: T, source?: string): Collected<T> {
  return source ? { status: 'ok', value, source } : { status: 'ok', value }
}

/** The value of an `ok` Collected, else undefined. */
export function valueOf<T>(c: Collected<T> | undefined): T | undefined {
  return c?.status === 'ok' ? c.value : undefined
}

/** A Route 53 Resolver endpoint (`ListResolverEndpoints` + `ListResolverEndpointIpAddresses`). */
export interface ResolverEndpointFacts {
  readonly id: string
  readonly name?: string
  readonly direction: string
  readonly vpcId: string
  /** `OPERATIONAL`, `CREATING`, `ACTION_NEEDED`, … */
  readonly status?: string
  readonly securityGroupIds: readonly string[]
  /** The addresses DNS servers forward to. */
  readonly ips: Collected<
    readonly { readonly ip: string; readonly subnetId?: string; readonly status?: string }[]
  >
}

/** A Resolver rule associated with a VPC (`ListResolverRuleAssociations` joined with `ListResolverRules`). */
export interface ResolverRuleFacts {
  readonly id: string
  readonly name?: string
  /** Lower case, no trailing dot (`execute-api.us-east-1.amazonaws.com`; `.` is every name). */
  readonly domainName: string
  /** `FORWARD`, `SYSTEM` or `RECURSIVE`; absent when the rule was shared by another account and could not be read. */
  readonly ruleType?: string
  readonly targetIps: readonly string[]
  readonly resolverEndpointId?: string
  readonly ownerId?: string
  /** The association's status (`COMPLETE`, `CREATING`, `FAILED`, …). */
  readonly associationStatus?: string
}

/** A private hosted zone associated with a VPC whose name matches the name the caller resolves. */
export interface HostedZoneFacts {
  readonly id: string
  /** Lower case, no trailing dot. */
  readonly name: string
  /** The owning account, or the AWS service that owns the zone (`OwningService`). */
  readonly owner?: string
  readonly ownedByService?: boolean
  /** Does the zone hold a record (or wildcard) for the resolved name? Not read for service zones. */
  readonly hasRecord: Collected<boolean>
}

/** A transit gateway VPC attachment (`DescribeTransitGatewayVpcAttachments`). */
export interface TgwAttachmentFacts {
  readonly id: string
  readonly transitGatewayId: string
  readonly vpcId: string
  readonly state?: string
  /** `enable` or `disable`, as AWS writes it. */
  readonly securityGroupReferencingSupport?: string
}

/** A transit gateway (`DescribeTransitGateways`). */
export interface TransitGatewayFacts {
  readonly id: string
  readonly state?: string
  readonly ownerId?: string
  readonly securityGroupReferencingSupport?: string
}

/** A VPC peering connection (`DescribeVpcPeeringConnections`). */
export interface PeeringFacts {
  readonly id: string
  /** `active`, `pending-acceptance`, `deleted`, … */
  readonly status?: string
  readonly requester: { readonly vpcId?: string; readonly region?: string; readonly ownerId?: string }
  readonly accepter: { readonly vpcId?: string; readonly region?: string; readonly ownerId?: string }
}

/**
 * A caller outside the endpoint's VPC: the DNS it needs to resolve the endpoint's names, and the
 * paths between it and the endpoint. Checks: dns.resolver-inbound, dns.hybrid-forwarding,
 * route.hybrid-return, sg.cross-vpc-reference.
 */
export interface HybridFacts {
  /** `on-premises` (--caller-cidr) or `other-vpc` (peering or a transit gateway). */
  readonly callerKind: 'on-premises' | 'other-vpc'
  /** The endpoint's VPC. */
  readonly endpointVpcId: string
  /**
   * The VPC whose Route 53 Resolver answers the caller's queries: the endpoint's VPC for an
   * on-premises caller (through an inbound endpoint), the caller's own VPC otherwise.
   */
  readonly resolvingVpcId: string
  /** The name the caller resolves (the connect host), lower case. */
  readonly resolvedName: string
  /** INBOUND Resolver endpoints in the endpoint's VPC, with their addresses. */
  readonly inboundEndpoints: Collected<readonly ResolverEndpointFacts[]>
  /** Resolver rules associated with the resolving VPC. */
  readonly resolverRules: Collected<readonly ResolverRuleFacts[]>
  /** Private hosted zones associated with the resolving VPC whose name is a suffix of `resolvedName`. */
  readonly hostedZones: Collected<readonly HostedZoneFacts[]>
  /** The route tables of the endpoint's subnets, keyed by subnet id. */
  readonly endpointRouteTables: Readonly<Record<string, Collected<RouteTableFacts>>>
  /** Transit gateway attachments of the endpoint's VPC and the caller's VPC. */
  readonly tgwAttachments: Collected<readonly TgwAttachmentFacts[]>
  /** The transit gateways those attachments and the routes name. */
  readonly transitGateways: Collected<readonly TransitGatewayFacts[]>
  /** The peering connections the routes name. */
  readonly peeringConnections: Collected<readonly PeeringFacts[]>
}
