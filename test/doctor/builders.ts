/**
 * Builders for doctor snapshots, on the fake-id scheme of fixtures/README.md: account
 * 111111111111 calls, account 222222222222 owns the API, `vpce-00000000000000001` is the caller
 * VPC's execute-api endpoint. `healthy()` is a complete snapshot in which every hop passes;
 * scenarios mutate a copy of it.
 */
import type {
  Collected,
  DnsAnswerFacts,
  DoctorSnapshot,
  MethodFacts,
  NaclEntryFacts,
  PolicyFacts,
  SgRuleFacts,
  VpcEndpointFacts,
} from '../../src/doctor/snapshot.js'

/** Deeply mutable view of the (readonly) snapshot types, for building test data. */
export type Draft<T> = T extends readonly (infer U)[]
  ? Draft<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Draft<T[K]> }
    : T

export const A = '111111111111'
export const B = '222222222222'
export const REGION = 'us-east-1'
export const API = 'a1b2c3d4e5'
export const VPCE = 'vpce-00000000000000001'
export const VPCE_OTHER = 'vpce-00000000000000002'
export const VPCE_STS = 'vpce-000000000000000a1'
export const VPC = 'vpc-00000000000000001'
export const VPC_OTHER = 'vpc-00000000000000002'
export const SUBNET_CALLER = 'subnet-00000000000000001'
export const SUBNET_EP_A = 'subnet-00000000000000002'
export const SUBNET_EP_B = 'subnet-00000000000000003'
export const SUBNET_OTHER = 'subnet-00000000000000004'
export const SG_CALLER = 'sg-00000000000000001'
export const SG_ENDPOINT = 'sg-00000000000000002'
export const ENI_A = 'eni-00000000000000001'
export const ENI_B = 'eni-00000000000000002'
export const NACL = 'acl-00000000000000001'
export const NACL_STRICT = 'acl-00000000000000002'
export const RTB = 'rtb-00000000000000001'
export const DOPT = 'dopt-00000000000000001'
export const ROLE_ARN = `arn:aws:iam::${A}:role/orders-caller`
export const SESSION_ARN = `arn:aws:sts::${A}:assumed-role/orders-caller/i-0123456789abcdef0`
export const LAMBDA_ROLE_ARN = `arn:aws:iam::${A}:role/orders-worker-role`
export const LAMBDA_SESSION_ARN = `arn:aws:sts::${A}:assumed-role/orders-worker-role/orders-worker`
export const API_ARN = `arn:aws:execute-api:${REGION}:${B}:${API}`
export const HOST = `${API}.execute-api.${REGION}.amazonaws.com`
export const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${B}:function:orders-api`
export const CALLER_IP = '10.0.1.15'
export const ENI_A_IP = '10.0.2.10'
export const ENI_B_IP = '10.0.3.10'

export const ok = <T>(value: T, source?: string): Collected<T> =>
  source ? { status: 'ok', value, source } : { status: 'ok', value }
export const denied = (action: string): Collected<never> => ({
  status: 'denied',
  action,
  message: `User is not authorized to perform: ${action}`,
})

export const RESOURCE_POLICY = {
  Version: '2012-10-17',
  Statement: [
    invoke('Allow', { AWS: `arn:aws:iam::${A}:root` }, { Sid: 'AllowCallerAccount' }),
    invoke('Deny', '*', {
      Sid: 'DenyOutsideEndpoint',
      Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
    }),
  ],
}

export const IDENTITY_POLICY: PolicyFacts = {
  name: 'invoke-orders-api',
  document: {
    Version: '2012-10-17',
    Statement: [
      { Sid: 'InvokeOrders', Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/prod/*` },
    ],
  },
}

const allowAllNacl = [
  { ruleNumber: 100, egress: false, protocol: '-1', action: 'allow' as const, cidrBlock: '0.0.0.0/0' },
  { ruleNumber: 100, egress: true, protocol: '-1', action: 'allow' as const, cidrBlock: '0.0.0.0/0' },
]

/** A readable VPC of account A with DNS support and hostnames on and the Amazon resolver. */
export const vpcFacts = (vpcId: string, cidr: string) =>
  ok({
    vpcId,
    ownerId: A,
    cidrBlocks: [cidr],
    dhcpOptionsId: DOPT,
    enableDnsSupport: ok(true),
    enableDnsHostnames: ok(true),
    dhcpDomainNameServers: ok(['AmazonProvidedDNS']),
  })

/** The caller's subnet in VPC_OTHER (10.1.1.0/24), with any extra fields. */
export const otherSubnet = (extra: Record<string, unknown> = {}) =>
  ok({
    subnetId: SUBNET_OTHER,
    vpcId: VPC_OTHER,
    cidrBlock: '10.1.1.0/24',
    availabilityZone: `${REGION}a`,
    ...extra,
  })

/** A resource whose GET method is signed (AWS_IAM) and proxies to the orders Lambda function. */
const iamGetToLambda = (id: string, path: string) => ({
  id,
  path,
  methods: {
    GET: {
      httpMethod: 'GET',
      authorizationType: 'AWS_IAM',
      apiKeyRequired: false,
      integration: {
        type: 'AWS_PROXY',
        uri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`,
      },
    },
  } as Record<string, MethodFacts>,
})

/** A complete snapshot in which every hop passes: a bastion (IMDS) in account A calls a private API in B. */
export function healthy(): Draft<DoctorSnapshot> {
  const s: DoctorSnapshot = {
    schemaVersion: 1,
    collectedAt: '2025-01-15T12:00:00.000Z',
    tool: { name: 'pvapi', version: '0.1.0' },
    target: {
      url: `https://${HOST}/prod/items`,
      method: 'GET',
      hostname: HOST,
      hostKind: 'private-dns',
      connectHost: HOST,
      apiId: API,
      region: REGION,
      stage: 'prod',
      resourcePath: '/items',
      urlPath: '/prod/items',
    },
    signing: {
      region: REGION,
      regionSource: 'host',
      service: 'execute-api',
      authorization: 'sigv4',
      hostHeader: HOST,
      route: `API ${API} via private DNS`,
    },
    caller: {
      identity: ok({ account: A, arn: SESSION_ARN, userId: 'AROAEXAMPLEROLEID0001:i-0123456789abcdef0' }),
      credentials: ok({
        source: 'EC2 instance metadata (IMDS)',
        kind: 'session',
        expiresAt: '2025-01-15T17:00:00.000Z',
        roleChain: [],
      }),
      clock: ok({
        localTime: '2025-01-15T12:00:00.000Z',
        serverTime: '2025-01-15T11:59:59.000Z',
        skewMs: 1000,
      }),
      principal: ok({ arn: SESSION_ARN, account: A, source: 'sts' }),
      role: ok({ arn: ROLE_ARN, name: 'orders-caller', tags: { team: 'orders' } }),
      identityPolicies: ok([IDENTITY_POLICY]),
      permissionsBoundary: ok(null),
      serviceControlPolicies: {
        status: 'not-collected',
        reason: 'member accounts cannot read their SCPs',
        hint: '--scp FILE',
      },
      organizationId: ok('o-exampleorg1'),
      assumesRoleInVpc: false,
    },
    network: {
      caller: ok({
        source: 'imds',
        vpcId: VPC,
        subnetIds: [SUBNET_CALLER],
        securityGroupIds: [SG_CALLER],
        privateIps: [CALLER_IP],
        instanceId: 'i-0123456789abcdef0',
      }),
      endpoints: ok([
        {
          id: VPCE,
          vpcId: VPC,
          serviceName: `com.amazonaws.${REGION}.execute-api`,
          state: 'available',
          ownerId: A,
          privateDnsEnabled: true,
          policy: { Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
          securityGroupIds: [SG_ENDPOINT],
          subnetIds: [SUBNET_EP_A, SUBNET_EP_B],
          networkInterfaceIds: [ENI_A, ENI_B],
          dnsNames: [
            `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`,
            `${VPCE}-abcd1234-${REGION}a.execute-api.${REGION}.vpce.amazonaws.com`,
            `execute-api.${REGION}.amazonaws.com`,
            `*.execute-api.${REGION}.amazonaws.com`,
          ],
        },
      ]),
      stsEndpoints: ok([]),
      vpcs: { [VPC]: vpcFacts(VPC, '10.0.0.0/16') },
      subnets: {
        [SUBNET_CALLER]: ok({
          subnetId: SUBNET_CALLER,
          vpcId: VPC,
          cidrBlock: '10.0.1.0/24',
          availabilityZone: `${REGION}a`,
          availabilityZoneId: 'use1-az1',
        }),
        [SUBNET_EP_A]: ok({
          subnetId: SUBNET_EP_A,
          vpcId: VPC,
          cidrBlock: '10.0.2.0/24',
          availabilityZone: `${REGION}a`,
          availabilityZoneId: 'use1-az1',
        }),
        [SUBNET_EP_B]: ok({
          subnetId: SUBNET_EP_B,
          vpcId: VPC,
          cidrBlock: '10.0.3.0/24',
          availabilityZone: `${REGION}b`,
          availabilityZoneId: 'use1-az2',
        }),
      },
      securityGroups: {
        [SG_CALLER]: {
          groupId: SG_CALLER,
          rules: ok([
            {
              ruleId: 'sgr-00000000000000011',
              groupId: SG_CALLER,
              egress: true,
              protocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              referencedGroupId: SG_ENDPOINT,
              description: 'to the execute-api endpoint',
            },
          ]),
        },
        [SG_ENDPOINT]: {
          groupId: SG_ENDPOINT,
          rules: ok([
            {
              ruleId: 'sgr-00000000000000021',
              groupId: SG_ENDPOINT,
              egress: false,
              protocol: 'tcp',
              fromPort: 443,
              toPort: 443,
              referencedGroupId: SG_CALLER,
              description: 'from the callers',
            },
            {
              ruleId: 'sgr-00000000000000022',
              groupId: SG_ENDPOINT,
              egress: true,
              protocol: '-1',
              cidrIpv4: '0.0.0.0/0',
            },
          ]),
        },
      },
      nacls: {
        [SUBNET_CALLER]: ok({ naclId: NACL, isDefault: true, entries: allowAllNacl }),
        [SUBNET_EP_A]: ok({ naclId: NACL, isDefault: true, entries: allowAllNacl }),
        [SUBNET_EP_B]: ok({ naclId: NACL, isDefault: true, entries: allowAllNacl }),
      },
      routeTables: {
        [SUBNET_CALLER]: ok({
          routeTableId: RTB,
          main: true,
          routes: [{ destination: '10.0.0.0/16', target: 'local', state: 'active' }],
        }),
      },
      enis: {
        [ENI_A]: ok({
          eniId: ENI_A,
          subnetId: SUBNET_EP_A,
          availabilityZone: `${REGION}a`,
          privateIps: [ENI_A_IP],
        }),
        [ENI_B]: ok({
          eniId: ENI_B,
          subnetId: SUBNET_EP_B,
          availabilityZone: `${REGION}b`,
          privateIps: [ENI_B_IP],
        }),
      },
    },
    api: {
      identity: ok({ account: B, arn: `arn:aws:sts::${B}:assumed-role/doctor-readonly/pvapi-ops` }),
      readWith: 'api-credentials',
      restApi: ok({
        id: API,
        name: 'orders',
        endpointTypes: ['PRIVATE'],
        vpcEndpointIds: [],
        policy: RESOURCE_POLICY,
        tags: { team: 'orders' },
        disableExecuteApiEndpoint: false,
        createdDate: '2024-11-01T09:00:00.000Z',
      }),
      stages: ok([
        {
          stageName: 'prod',
          deploymentId: 'dep0000001',
          createdDate: '2024-11-01T09:05:00.000Z',
          lastUpdatedDate: '2025-01-10T10:00:00.000Z',
        },
      ]),
      deployment: ok({
        id: 'dep0000001',
        createdDate: '2025-01-10T10:00:00.000Z',
        apiSummary: {
          '/items': { GET: { authorizationType: 'AWS_IAM', apiKeyRequired: false } },
          '/items/{id}': { GET: { authorizationType: 'AWS_IAM', apiKeyRequired: false } },
        },
      }),
      resources: ok([
        { id: 'root000001', path: '/', methods: {} as Record<string, MethodFacts> },
        iamGetToLambda('res0000001', '/items'),
        iamGetToLambda('res0000002', '/items/{id}'),
      ]),
      authorizers: ok([]),
      usagePlans: ok([]),
      policyChanges: ok({
        lastChange: {
          eventTime: '2025-01-09T16:00:00.000Z',
          eventName: 'UpdateRestApi',
          eventId: '00000000-0000-0000-0000-000000000001',
          user: 'deployer',
        },
        since: '2024-10-17T12:00:00.000Z',
      }),
      integrationPermission: ok({
        functionArn: FUNCTION_ARN,
        policy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'apigw',
              Effect: 'Allow',
              Principal: { Service: 'apigateway.amazonaws.com' },
              Action: 'lambda:InvokeFunction',
              Resource: FUNCTION_ARN,
              Condition: { ArnLike: { 'AWS:SourceArn': `${API_ARN}/*/*/*` } },
            },
          ],
        },
      }),
    },
    dns: {
      answers: {
        [HOST]: ok({ hostname: HOST, server: 'system', result: 'answer', addresses: [ENI_A_IP, ENI_B_IP] }),
      },
    },
    supplied: {},
    probe: { status: 'not-collected', reason: '--probe was not requested' },
  }
  return structuredClone(s) as Draft<DoctorSnapshot>
}

/** The caller is a VPC Lambda function (execution role session, Hyperplane IPs unknown). */
export function healthyLambda(): Draft<DoctorSnapshot> {
  const s = healthy()
  s.network.caller = ok({
    source: 'lambda',
    vpcId: VPC,
    subnetIds: [SUBNET_CALLER],
    securityGroupIds: [SG_CALLER],
    privateIps: [],
    lambda: {
      functionName: 'orders-worker',
      functionArn: `arn:aws:lambda:${REGION}:${A}:function:orders-worker`,
      roleArn: LAMBDA_ROLE_ARN,
    },
  })
  s.caller.principal = ok({ arn: LAMBDA_SESSION_ARN, account: A, source: 'lambda' })
  s.caller.role = ok({ arn: LAMBDA_ROLE_ARN, name: 'orders-worker-role' })
  return s
}

/** Endpoint-specific DNS name with x-apigw-api-id. */
export function healthyVpceName(): Draft<DoctorSnapshot> {
  const s = healthy()
  const host = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
  s.target = {
    ...s.target,
    url: `https://${host}/prod/items`,
    hostname: host,
    hostKind: 'vpce',
    connectHost: host,
    vpceId: VPCE,
  }
  s.signing = {
    ...s.signing,
    hostHeader: host,
    apiIdHeader: API,
    hostMode: 'header',
    route: `API ${API} through endpoint ${host} (x-apigw-api-id: ${API})`,
  }
  s.dns.answers = {
    [host]: ok({ hostname: host, server: 'system', result: 'answer', addresses: [ENI_A_IP, ENI_B_IP] }),
  }
  return s
}

/** The Route 53 alias `{api}-{vpce}` of an associated endpoint. */
export function healthyAlias(): Draft<DoctorSnapshot> {
  const s = healthy()
  const host = `${API}-${VPCE}.execute-api.${REGION}.amazonaws.com`
  s.target = {
    ...s.target,
    url: `https://${host}/prod/items`,
    hostname: host,
    hostKind: 'alias',
    connectHost: host,
    vpceId: VPCE,
  }
  s.signing = { ...s.signing, hostHeader: host, route: `API ${API} via the Route 53 alias of ${VPCE}` }
  const api = s.api.restApi as { status: 'ok'; value: { vpcEndpointIds: string[] } }
  api.value.vpcEndpointIds = [VPCE]
  s.dns.answers = {
    [host]: ok({ hostname: host, server: 'system', result: 'answer', addresses: [ENI_A_IP, ENI_B_IP] }),
  }
  return s
}

export const DOMAIN = 'orders.internal.example.com'
export const DOMAIN_ID = 'abcd1234'
export const DOMAIN_ARN = `arn:aws:apigateway:${REGION}:${B}:/domainnames/${DOMAIN}+${DOMAIN_ID}`

/** A private custom domain (base path `orders` → the API's prod stage), associated with the endpoint. */
export function healthyCustomDomain(): Draft<DoctorSnapshot> {
  const s = healthy()
  s.target = {
    url: `https://${DOMAIN}/orders/items`,
    method: 'GET',
    hostname: DOMAIN,
    hostKind: 'custom',
    connectHost: DOMAIN,
    apiId: API,
    region: REGION,
    urlPath: '/orders/items',
    customDomain: DOMAIN,
  }
  s.signing = { ...s.signing, regionSource: 'flag', hostHeader: DOMAIN, route: `host ${DOMAIN}` }
  s.dns.answers = {
    [DOMAIN]: ok({ hostname: DOMAIN, server: 'system', result: 'answer', addresses: [ENI_A_IP, ENI_B_IP] }),
  }
  const execArn = DOMAIN_ARN.replace(':apigateway:', ':execute-api:')
  s.api.customDomain = {
    domainName: DOMAIN,
    domain: ok({
      domainName: DOMAIN,
      domainNameId: DOMAIN_ID,
      domainNameArn: DOMAIN_ARN,
      endpointTypes: ['PRIVATE'],
      status: 'AVAILABLE',
      policy: {
        Version: '2012-10-17',
        Statement: [
          invoke('Allow', '*', {
            Resource: execArn,
            Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
          }),
        ],
      },
      managementPolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { AWS: `arn:aws:iam::${A}:root` },
            Action: 'apigateway:CreateAccessAssociation',
            Resource: DOMAIN_ARN,
          },
        ],
      },
    }),
    basePathMappings: ok([{ basePath: 'orders', restApiId: API, stage: 'prod' }]),
    consumerAssociations: ok([
      {
        arn: `arn:aws:apigateway:${REGION}:${A}:/domainnameaccessassociations/domainname/${DOMAIN}+${DOMAIN_ID}/vpcesource/${VPCE}`,
        domainNameArn: DOMAIN_ARN,
        sourceType: 'VPCE',
        source: VPCE,
      },
    ]),
    providerAssociations: ok([]),
  }
  return s
}

/** The value of an `ok` slot of a draft, for in-place edits (throws when the slot is not ok). */
export function val<T>(c: Draft<Collected<T>> | undefined): Draft<T> {
  if (!c || (c as { status: string }).status !== 'ok') throw new Error('slot is not ok')
  return (c as unknown as { value: Draft<T> }).value
}

/**
 * Typed setters for the slots scenarios and check tests edit most. Their parameters carry the
 * snapshot's own types, so the compiler checks the data (a misspelt field or status fails to
 * build instead of being cast away).
 */

/** A policy document as a builder writes it (resource, endpoint or domain policy). */
export type PolicyDoc = Readonly<Record<string, unknown>> | string

/** The DNS answer for `host` (the connect host by default). */
export function setAnswer(
  s: Draft<DoctorSnapshot>,
  addresses: readonly string[],
  result: DnsAnswerFacts['result'] = 'answer',
  server = 'system',
  host: string = s.target.connectHost,
): Draft<DoctorSnapshot> {
  s.dns.answers[host] = ok({ hostname: host, server, result, addresses: [...addresses] })
  return s
}

/** Replaces the API's resource policy (`undefined`: none attached). */
export function setResourcePolicy(
  s: Draft<DoctorSnapshot>,
  policy: PolicyDoc | undefined,
): Draft<DoctorSnapshot> {
  val(s.api.restApi).policy = policy as Draft<PolicyDoc> | undefined
  return s
}

/** A readable network ACL. */
export const naclOf = (
  naclId: string,
  entries: readonly NaclEntryFacts[],
): Draft<Collected<{ naclId: string; entries: NaclEntryFacts[] }>> => ok({ naclId, entries: [...entries] })

/** A security group rule; the group id and an ingress TCP rule id are filled in. */
export type RuleDraft = Partial<SgRuleFacts> & Pick<SgRuleFacts, 'protocol'>

/** Replaces a security group's rules. */
export function setRules(
  s: Draft<DoctorSnapshot>,
  group: string,
  rules: readonly RuleDraft[],
): Draft<DoctorSnapshot> {
  s.network.securityGroups[group] = {
    groupId: group,
    rules: ok(
      rules.map((r, i) => ({
        ruleId: `sgr-${String(i + 1).padStart(17, '0')}`,
        egress: false,
        groupId: group,
        ...r,
      })),
    ),
  }
  return s
}

/** An interface endpoint in the caller's account (defaults: available, private DNS on, no ENIs). */
export const endpointOf = (
  e: Partial<Draft<VpcEndpointFacts>> & Pick<VpcEndpointFacts, 'id' | 'vpcId'>,
): Draft<VpcEndpointFacts> => ({
  serviceName: `com.amazonaws.${REGION}.execute-api`,
  state: 'available',
  privateDnsEnabled: true,
  subnetIds: [],
  networkInterfaceIds: [],
  securityGroupIds: [],
  dnsNames: [],
  ...e,
})

/** VPC_OTHER's route table: its own ranges (10.1.0.0/16 and any given) local, VPC's over the peering. */
export const peeredRouteTable = (...localRanges: string[]) =>
  ok({
    routeTableId: 'rtb-00000000000000002',
    main: true,
    routes: [
      { destination: '10.1.0.0/16', target: 'local' },
      ...localRanges.map(destination => ({ destination, target: 'local' })),
      { destination: '10.0.0.0/16', target: 'pcx-00000000000000001' },
    ],
  })

/** The caller moves to VPC_OTHER (peered to VPC), with its own subnet, route table and the caller's NACL. */
export function callerInOtherVpc(s: Draft<DoctorSnapshot>): Draft<DoctorSnapshot> {
  s.network.caller = ok({
    source: 'imds',
    vpcId: VPC_OTHER,
    subnetIds: [SUBNET_OTHER],
    securityGroupIds: [val(s.network.caller).securityGroupIds[0]!],
    privateIps: ['10.1.1.20'],
  })
  s.network.vpcs[VPC_OTHER] = vpcFacts(VPC_OTHER, '10.1.0.0/16')
  s.network.subnets[SUBNET_OTHER] = otherSubnet()
  s.network.nacls[SUBNET_OTHER] = s.network.nacls[SUBNET_CALLER]!
  s.network.routeTables[SUBNET_OTHER] = peeredRouteTable()
  return s
}

/** A policy statement as written in a policy document. */
export type Statement = Record<string, unknown>

/** A policy document (Version 2012-10-17) with these statements. */
export const policyOf = (...Statement: Statement[]) => ({ Version: '2012-10-17', Statement })

/**
 * An `execute-api:Invoke` statement on the whole API (`${API_ARN}/*` unless `Resource` is given),
 * with its keys in the order policies are written (Sid, Effect, Principal, Action, Resource, Condition).
 */
export function invoke(
  Effect: 'Allow' | 'Deny',
  Principal: unknown,
  more: { Sid?: string; Resource?: unknown; Condition?: Record<string, unknown> } = {},
): Statement {
  return {
    ...(more.Sid === undefined ? {} : { Sid: more.Sid }),
    Effect,
    Principal,
    Action: 'execute-api:Invoke',
    Resource: more.Resource ?? `${API_ARN}/*`,
    ...(more.Condition === undefined ? {} : { Condition: more.Condition }),
  }
}

/** The request goes to `resourcePath` of `stage` (and with `method`), on the snapshot's host. */
export function requestTo(
  s: Draft<DoctorSnapshot>,
  stage: string,
  resourcePath: string,
  method?: string,
): Draft<DoctorSnapshot> {
  if (method) s.target.method = method
  s.target.stage = stage
  s.target.resourcePath = resourcePath
  s.target.urlPath = `/${stage}${resourcePath}`
  s.target.url = `https://${s.target.hostname}${s.target.urlPath}`
  return s
}

/**
 * A network ACL entry: `ports` [from, to] makes it a TCP rule, without them it covers every
 * protocol; the keys come in the order AWS lists them.
 */
export function naclEntry(
  ruleNumber: number,
  egress: boolean,
  action: 'allow' | 'deny',
  ports?: readonly [number, number],
  cidrBlock = '0.0.0.0/0',
): NaclEntryFacts {
  return ports
    ? { ruleNumber, egress, protocol: '6', action, cidrBlock, fromPort: ports[0], toPort: ports[1] }
    : { ruleNumber, egress, protocol: '-1', action, cidrBlock }
}

/** Both directions open to everything (rule 100), as a default NACL. */
export const ALLOW_ALL_NACL: readonly NaclEntryFacts[] = [
  naclEntry(100, false, 'allow'),
  naclEntry(100, true, 'allow'),
]

/** The subnets get NACL_STRICT (not the default) with these entries. */
export function setNacl(
  s: Draft<DoctorSnapshot>,
  subnets: readonly string[],
  entries: readonly NaclEntryFacts[],
): Draft<DoctorSnapshot> {
  for (const sn of subnets)
    s.network.nacls[sn] = ok({ naclId: NACL_STRICT, isDefault: false, entries: [...entries] })
  return s
}

/**
 * Return traffic (`egress` true: outbound) allowed only on `from`-`to`, plus 443 that way; the
 * other direction open. The rest of the return direction is denied by the implicit rule.
 */
export const returnOnly = (egress: boolean, from: number, to: number): NaclEntryFacts[] => [
  naclEntry(100, !egress, 'allow'),
  naclEntry(100, egress, 'allow', [from, to]),
  naclEntry(110, egress, 'allow', [443, 443]),
]

/** A security group rule (TCP 443 unless `ports` / `protocol` say otherwise) to or from one peer. */
export function sgRule(
  ruleId: string,
  groupId: string,
  egress: boolean,
  peer: Pick<SgRuleFacts, 'cidrIpv4' | 'cidrIpv6' | 'prefixListId' | 'referencedGroupId'>,
  ports: readonly [number, number] = [443, 443],
  protocol = 'tcp',
): SgRuleFacts {
  return { ruleId, groupId, egress, protocol, fromPort: ports[0], toPort: ports[1], ...peer }
}

/** Adds an active route to a subnet's route table (the caller's unless named). */
export function addRoute(
  s: Draft<DoctorSnapshot>,
  destination: string,
  target: string,
  subnet: string = SUBNET_CALLER,
): Draft<DoctorSnapshot> {
  val(s.network.routeTables[subnet]).routes.push({ destination, target, state: 'active' })
  return s
}

/** Replaces every DNS answer with this one: the name resolved (by the system resolver) to these addresses. */
export function onlyAnswer(
  s: Draft<DoctorSnapshot>,
  host: string,
  addresses: readonly string[],
): Draft<DoctorSnapshot> {
  s.dns.answers = {}
  return setAnswer(s, addresses, 'answer', 'system', host)
}

/** The API's authorizers: one TOKEN (Lambda) authorizer reading Authorization, with any extra fields. */
export const tokenAuthorizer = (extra: Record<string, unknown> = {}) =>
  ok([
    {
      id: 'auth000001',
      name: 'orders-token',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
      ...extra,
    },
  ])
