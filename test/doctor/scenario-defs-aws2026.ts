/**
 * Scenarios for the AWS 2025–2026 checks (issue 14, items 1, 3 and 5): endpoint access mode and
 * security policies, the endpoint-owner condition keys, VPC Block Public Access, shared VPCs,
 * the endpoint's Region and private custom domain routing. For each check a failing (or, where
 * the doctor cannot prove a failure, a warning), a passing and an unknown case. Same shape and
 * rules as scenario-defs.ts: expectations written by hand.
 */
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  A,
  API,
  API_ARN,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  SUBNET_CALLER,
  VPC,
  VPCE,
  denied,
  healthy,
  healthyCustomDomain,
  healthyLambda,
  healthyVpceName,
  ok,
  val,
  addRoute,
  onlyAnswer,
  invoke,
} from './builders.js'
import type { Draft } from './builders.js'
import { edit, set, pass, failAt, incomplete } from './scenario-defs-kit.js'
import type { ScenarioDef } from './scenario-defs-kit.js'

export const OWNER = '333333333333'
const VPCE_HOST = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
const WEST_VPCE_HOST = `${VPCE}-abcd1234.execute-api.us-west-2.vpce.amazonaws.com`

const strict =
  (policy = 'SecurityPolicy_TLS13_1_2_2021_06') =>
  (s: Draft<DoctorSnapshot>) => {
    Object.assign(val(s.api.restApi), { securityPolicy: policy, endpointAccessMode: 'STRICT' })
  }
/** The API accepts TLS 1.3 only (`policy`), in BASIC endpoint access mode. */
const tls13Only =
  (policy = 'SecurityPolicy_TLS13_1_3_2025_09') =>
  (s: Draft<DoctorSnapshot>) => {
    Object.assign(val(s.api.restApi), { securityPolicy: policy, endpointAccessMode: 'BASIC' })
  }
/** Deny unless the endpoint's owner is under the networking OU (aws:VpceOrgPaths). */
const onlyNetworkingOu = () =>
  invoke('Deny', '*', {
    Sid: 'OnlyNetworkingOu',
    Condition: {
      'ForAllValues:StringNotLike': { 'aws:VpceOrgPaths': 'o-exampleorg1/r-ab12/ou-ab12-networking/*' },
    },
  })
/** The caller's default route goes to a NAT gateway, which Block Public Access (both ways) cuts off. */
const blockedNatRoute = (s: Draft<DoctorSnapshot>) => {
  addRoute(s, '0.0.0.0/0', 'nat-00000000000000001')
  s.network.blockPublicAccess = bpa('block-bidirectional')
}
/** The call connects to endpoint name `host` (pvapi call --vpce), which answers with the endpoint's ENIs. */
const throughEndpointName = (s: Draft<DoctorSnapshot>, host: string) => {
  s.target.connectHost = host
  s.target.vpceId = VPCE
  onlyAnswer(s, host, [ENI_A_IP, ENI_B_IP])
}
/** The resource policy requires the networking OU; the endpoint owner's organization reads as `org`. */
const onlyNetworkingOuOwnedBy = (s: Draft<DoctorSnapshot>, org: unknown) => {
  withResourceStatement(s, onlyNetworkingOu())
  s.network.endpointOwnerOrg = org as never
}
/** The caller's default route goes to an internet gateway, under Block Public Access `options`. */
const internetRouteUnder = (s: Draft<DoctorSnapshot>, options: unknown) => {
  addRoute(s, '0.0.0.0/0', 'igw-00000000000000001')
  s.network.blockPublicAccess = options as never
}
const bpa = (mode: string, exclusions: Array<Record<string, string>> = []) =>
  ok({ mode, state: 'update-complete', exclusions }) as never
/** The resource policy with one more statement. */
const withResourceStatement = (s: Draft<DoctorSnapshot>, st: Record<string, unknown>) => {
  val(s.api.restApi).policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:root` },
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
      },
      st,
    ],
  } as never
}

export const AWS2026_SCENARIOS: readonly ScenarioDef[] = [
  // ---- 1. endpoint access mode and security policies ---------------------------------------
  {
    name: 'aws26-strict-endpoint-name',
    description:
      'The API uses SecurityPolicy_TLS13_1_2_2021_06 with endpoint access mode STRICT, and the call goes through the endpoint-specific name with x-apigw-api-id: refused at hop 2',
    rows: [],
    build: edit(healthyVpceName, strict()),
    expect: failAt(2, 'apigw.endpoint-access-mode', { 'apigw.tls-policy': 'pass' }),
  },
  {
    name: 'aws26-strict-domain-through-endpoint-name',
    description:
      'A private custom domain in STRICT mode called through the endpoint-specific name with Host: the domain name (pvapi call --vpce): refused, the fix names the domain and its id',
    rows: [],
    build: edit(healthyCustomDomain, s => {
      throughEndpointName(s, VPCE_HOST)
      Object.assign(val(s.api.customDomain!.domain), {
        securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
        endpointAccessMode: 'STRICT',
      })
    }),
    expect: failAt(2, 'apigw.endpoint-access-mode'),
  },
  {
    name: 'aws26-strict-private-dns',
    description: 'STRICT mode, called by its private DNS name (SNI = Host): served',
    rows: [],
    build: edit(healthy, strict()),
    expect: pass({ 'apigw.endpoint-access-mode': 'pass', 'apigw.tls-policy': 'pass' }),
  },
  {
    name: 'aws26-api-unreadable-through-endpoint-name',
    description:
      "Through the endpoint-specific name, with the API unreadable: the access mode and the TLS policy are unknown (apigateway:GET in the owner's account)",
    rows: [],
    build: set(healthyVpceName, s => s.api, { restApi: denied('apigateway:GET') }),
    expect: incomplete(2, 'apigw.endpoint-access-mode', {
      'apigw.endpoint-access-mode': 'unknown',
      'apigw.tls-policy': 'unknown',
    }),
  },
  {
    name: 'probe-aws26-tls13-only-refused',
    description:
      "The API accepts TLS 1.3 only (SecurityPolicy_TLS13_1_3_2025_09) and the probe's handshake was refused for its protocol version",
    rows: [],
    build: edit(healthy, s => {
      tls13Only()(s)
      s.probe = ok({
        attempts: [
          {
            address: ENI_A_IP,
            tcp: 'connected',
            tls: 'failed',
            message: 'tlsv1 alert protocol version',
            kind: 'signed',
            signed: true,
            exitCode: 35,
            errorCode: 'PV_TLS',
            ms: 12,
          },
        ],
        startedAt: '2025-01-15T12:00:05.000Z',
        method: 'GET',
        path: '/prod/items',
        connectHost: HOST,
        hostHeader: HOST,
        vantage: { kind: 'caller-instance', detail: 'IMDS instance i-0123456789abcdef0' },
        timeoutMs: 5000,
      }) as never
    }),
    expect: failAt(2, 'apigw.tls-policy', { 'apigw.endpoint-access-mode': 'pass' }),
  },
  {
    name: 'aws26-tls13-only-client-unknown',
    description:
      "TLS 1.3 only and no probe: pvapi speaks TLS 1.3, another client's version is not known: a warning with the policy that also accepts TLS 1.2",
    rows: [],
    build: edit(healthy, tls13Only()),
    expect: pass({ 'apigw.tls-policy': 'warn' }),
  },
  {
    name: 'aws26-tls13-only-client-tls12',
    description:
      'TLS 1.3 only, and the failing client is said to speak TLS 1.2 at most (--client-tls 1.2): the handshake fails at hop 2',
    rows: [],
    build: edit(healthy, s => {
      tls13Only('SecurityPolicy_TLS13_1_3_FIPS_2025_09')(s)
      s.signing.clientTlsMax = '1.2'
    }),
    expect: failAt(2, 'apigw.tls-policy'),
  },
  // ---- 3. endpoint-owner condition keys ----------------------------------------------------
  {
    name: 'aws26-vpce-org-paths-read',
    description:
      "The resource policy admits endpoints under one OU (aws:VpceOrgPaths); ListParents gave the owner's path: evaluated, and it matches",
    rows: [28],
    build: edit(healthy, s => {
      onlyNetworkingOuOwnedBy(
        s,
        ok({
          account: A,
          orgId: 'o-exampleorg1',
          paths: ['o-exampleorg1/r-ab12/ou-ab12-networking/'],
          via: `${A} is the reader's account: organizations:DescribeOrganization; organizations:ListParents up to the root`,
        }),
      )
    }),
    expect: pass({ 'vpce.owner-keys': 'pass', 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'aws26-vpce-org-id-other-org-denies',
    description:
      "The endpoint policy allows only endpoints of another organization (aws:VpceOrgID); the endpoint's owner is in o-exampleorg1",
    rows: [25],
    build: edit(healthy, s => {
      val(s.network.endpoints)[0]!.policy = {
        Statement: [
          {
            Sid: 'OnlyPartnerOrgEndpoints',
            Effect: 'Allow',
            Principal: '*',
            Action: 'execute-api:Invoke',
            Resource: '*',
            Condition: { StringEquals: { 'aws:VpceOrgID': 'o-partnerorg2' } },
          },
        ],
      } as never
    }),
    expect: failAt(4, 'vpce.policy-allows', { 'vpce.owner-keys': 'fail' }),
  },
  {
    name: 'aws26-vpce-owner-other-account-in-org',
    description:
      "The endpoint is owned by account 333333333333; DescribeAccount (the reader is the management account) puts it in the reader's organization, which the resource policy requires",
    rows: [28],
    build: edit(healthy, s => {
      val(s.network.endpoints)[0]!.ownerId = OWNER
      withResourceStatement(
        s,
        invoke('Deny', '*', {
          Sid: 'OnlyOrgEndpoints',
          Condition: { StringNotEquals: { 'aws:VpceOrgID': 'o-exampleorg1' } },
        }),
      )
      s.network.endpointOwnerOrg = ok({
        account: OWNER,
        orgId: 'o-exampleorg1',
        via: `organizations:DescribeAccount ${OWNER} answered in o-exampleorg1; aws:VpceOrgPaths not read (organizations:ListParents: denied)`,
      }) as never
    }),
    expect: pass({ 'vpce.owner-keys': 'pass', 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'aws26-vpce-org-paths-denied',
    description:
      'The resource policy tests aws:VpceOrgPaths and organizations:ListParents was denied (a member account): unknown, naming what would reveal it',
    rows: [28],
    build: edit(healthy, s => {
      onlyNetworkingOuOwnedBy(s, denied('organizations:ListParents'))
    }),
    expect: incomplete(6, 'apigw.resource-policy-allows', {
      'vpce.owner-keys': 'unknown',
      'apigw.resource-policy-allows': 'unknown',
    }),
  },
  // ---- 5. VPC Block Public Access ----------------------------------------------------------
  {
    name: 'aws26-bpa-private-dns-off-times-out',
    description:
      'Private DNS is off, so the API name resolves to public addresses; VPC Block Public Access (block-bidirectional) drops the NAT path: a timeout, not a 403',
    rows: [9, 22],
    build: edit(healthy, s => {
      val(s.network.endpoints)[0]!.privateDnsEnabled = false
      onlyAnswer(s, HOST, ['3.5.10.20', '3.5.10.21'])
      blockedNatRoute(s)
    }),
    expect: failAt(2, 'dns.private-dns-enabled', {
      'vpc.block-public-access': 'fail',
      'route.no-internet': 'pass',
    }),
  },
  {
    name: 'aws26-bpa-dns-from-elsewhere',
    description:
      "BPA blocks the caller's way out, private DNS is on, and the API name resolved to public addresses only where the doctor ran (the system resolver, a caller given by flags): that answer does not speak for the caller, so BPA is not blamed",
    rows: [22],
    build: edit(healthy, s => {
      val(s.network.caller).source = 'flags'
      onlyAnswer(s, HOST, ['3.5.10.20'])
      blockedNatRoute(s)
    }),
    expect: incomplete(2, 'dns.private-resolution', {
      'dns.private-resolution': 'unknown',
      'vpc.block-public-access': 'pass',
    }),
  },
  {
    name: 'aws26-bpa-proves-no-internet',
    description:
      'The caller subnet routes 0.0.0.0/0 to an internet gateway, but VPC Block Public Access (block-ingress) drops it: no internet path, and route.no-internet passes',
    rows: [22],
    build: edit(healthy, s => internetRouteUnder(s, bpa('block-ingress'))),
    expect: pass({ 'vpc.block-public-access': 'pass', 'route.no-internet': 'pass' }),
  },
  {
    name: 'aws26-bpa-excluded-vpc',
    description:
      'VPC Block Public Access is on for the account, but an allow-bidirectional exclusion covers the caller VPC: its internet route stays open (route.no-internet warns)',
    rows: [22],
    build: edit(healthy, s => {
      internetRouteUnder(
        s,
        bpa('block-bidirectional', [
          {
            exclusionId: 'vpcbpa-exclude-00000000000000001',
            resourceArn: `arn:aws:ec2:${REGION}:${A}:vpc/${VPC}`,
            mode: 'allow-bidirectional',
            state: 'create-complete',
          },
        ]),
      )
    }),
    expect: pass({ 'vpc.block-public-access': 'pass', 'route.no-internet': 'warn' }),
  },
  {
    name: 'aws26-bpa-unreadable',
    description: 'ec2:DescribeVpcBlockPublicAccessOptions was denied: unknown, naming the permission',
    rows: [],
    build: set(healthy, s => s.network, {
      blockPublicAccess: denied('ec2:DescribeVpcBlockPublicAccessOptions'),
    }),
    expect: incomplete(5, 'vpc.block-public-access', { 'vpc.block-public-access': 'unknown' }),
  },
  // ---- 5. shared VPCs ----------------------------------------------------------------------
  {
    name: 'aws26-shared-vpc-endpoint-unseen',
    description:
      "The caller's VPC is shared by account 333333333333 and this run reads as the participant: the owner's endpoint is not listed; the doctor says whose it is and which account to read",
    rows: [],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).ownerId = OWNER
      val(s.network.subnets[SUBNET_CALLER]).ownerId = OWNER
      s.network.endpoints = ok([]) as never
    }),
    expect: incomplete(2, 'dns.private-resolution', {
      'vpc.shared-owner': 'warn',
      'vpce.state-available': 'unknown',
    }),
  },
  {
    name: 'aws26-shared-vpc-read-as-owner',
    description:
      "A shared VPC whose endpoint was read in the owner's account: the endpoint is the VPC owner's",
    rows: [],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).ownerId = OWNER
      val(s.network.endpoints)[0]!.ownerId = OWNER
    }),
    expect: pass({ 'vpc.shared-owner': 'pass' }),
  },
  {
    name: 'aws26-shared-vpc-owner-unreadable',
    description: "DescribeVpcs was denied: whether the caller's VPC is shared is unknown",
    rows: [],
    build: edit(healthy, s => {
      s.network.vpcs[VPC] = denied('ec2:DescribeVpcs') as never
    }),
    expect: incomplete(2, 'dns.vpc-attributes', { 'vpc.shared-owner': 'unknown' }),
  },
  // ---- 5. endpoint Region ------------------------------------------------------------------
  {
    name: 'aws26-endpoint-other-region',
    description:
      'The call keeps the us-east-1 API URL but connects through an endpoint name in us-west-2 (--vpce): cross-region PrivateLink does not serve execute-api',
    rows: [],
    build: edit(healthy, s => {
      throughEndpointName(s, WEST_VPCE_HOST)
      s.signing.route = `API ${API} through endpoint ${WEST_VPCE_HOST}`
    }),
    expect: failAt(5, 'vpce.same-region'),
  },
  {
    name: 'aws26-lambda-same-region',
    description: 'A Lambda caller, its endpoint and the API are all in us-east-1',
    rows: [],
    build: healthyLambda,
    expect: pass({ 'vpce.same-region': 'pass' }),
  },
  {
    name: 'aws26-endpoint-region-unknown',
    description:
      "DescribeVpcEndpoints was denied and the URL is the API's own name: the endpoint's Region is unknown",
    rows: [],
    build: set(healthy, s => s.network, { endpoints: denied('ec2:DescribeVpcEndpoints') }),
    expect: incomplete(2, 'dns.private-dns-enabled', { 'vpce.same-region': 'unknown' }),
  },
  // ---- 5. private custom domain routing ----------------------------------------------------
  {
    name: 'aws26-domain-routing-rule-only',
    description:
      'The private custom domain uses routing mode ROUTING_RULE_ONLY: its base path mapping is ignored, and only a routing rule (not read) can route the call',
    rows: [],
    build: set(healthyCustomDomain, s => val(s.api.customDomain!.domain), {
      routingMode: 'ROUTING_RULE_ONLY',
    }),
    expect: pass({ 'domain.routing-mode': 'warn', 'domain.base-path-mapping': 'pass' }),
  },
  {
    name: 'aws26-domain-routing-rules-then-mappings',
    description:
      'ROUTING_RULE_THEN_BASE_PATH_MAPPING: rules are evaluated first (not read); otherwise the mapping the doctor followed applies',
    rows: [],
    build: set(healthyCustomDomain, s => val(s.api.customDomain!.domain), {
      routingMode: 'ROUTING_RULE_THEN_BASE_PATH_MAPPING',
    }),
    expect: pass({ 'domain.routing-mode': 'pass' }),
  },
  {
    name: 'aws26-domain-unreadable',
    description: "The consumer cannot read the provider's domain name: its routing mode is unknown",
    rows: [],
    build: set(healthyCustomDomain, s => s.api.customDomain!, { domain: denied('apigateway:GET') }),
    expect: incomplete(2, 'apigw.tls-policy', { 'domain.routing-mode': 'unknown' }),
  },
]
