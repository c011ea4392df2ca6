/**
 * The doctor's scenarios: each is a healthy snapshot with one misconfiguration from the field
 * guide's failure-mode table (or several, or an unreadable account), and the verdict and check
 * statuses a careful engineer expects. `fixtures.test.ts` writes them to fixtures/snapshots/
 * (UPDATE_FIXTURES=1) and checks the files are current; `scenarios.test.ts` runs the doctor on
 * each file. The expectations here are written by hand, never derived from the checks.
 */
import type { CheckStatus } from '../../src/doctor/finding.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  A,
  API,
  API_ARN,
  B,
  CALLER_IP,
  DOMAIN,
  ENI_A_IP,
  HOST,
  LAMBDA_SESSION_ARN,
  NACL_STRICT,
  REGION,
  RESOURCE_POLICY,
  ROLE_ARN,
  SESSION_ARN,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPC,
  VPCE,
  VPCE_STS,
  denied,
  healthy,
  healthyAlias,
  healthyCustomDomain,
  healthyLambda,
  healthyVpceName,
  ok,
  val,
  naclOf,
  naclEntry,
  setResourcePolicy,
  type PolicyDoc,
  invoke,
  callerInOtherVpc,
  policyOf,
  requestTo,
  sgRule,
  addRoute,
  tokenAuthorizer,
  type Statement,
} from './builders.js'
import type { Draft } from './builders.js'
import { edit, set, pass, failAt, verdictIs } from './scenario-defs-kit.js'
import { PROBE_SCENARIOS } from '../probe/scenarios.js'

export type { ScenarioDef, ScenarioExpect } from './scenario-defs-kit.js'
import type { ScenarioDef } from './scenario-defs-kit.js'

const PREFIX_LIST = 'pl-00000000000000001'

/** The caller's only 443 egress rule goes to PREFIX_LIST, whose entries read as given. */
const callerEgressToPrefixList = (
  s: Draft<DoctorSnapshot>,
  entries: NonNullable<Draft<DoctorSnapshot>['network']['prefixLists']>[string],
) => {
  groupRules(s, SG_CALLER, sgRule('sgr-00000000000000013', SG_CALLER, true, { prefixListId: PREFIX_LIST }))
  s.network.prefixLists = { [PREFIX_LIST]: entries }
}

const PASSING_CORE = {
  'signing.credentials': 'pass',
  'signing.scope': 'pass',
  'signing.authorization-header': 'pass',
  'dns.private-resolution': 'pass',
  'sg.caller-egress-443': 'pass',
  'sg.endpoint-ingress-443': 'pass',
  'vpce.policy-allows': 'pass',
  'vpce.state-available': 'pass',
  'nacl.caller-subnet': 'pass',
  'nacl.endpoint-subnet': 'pass',
  'apigw.endpoint-type-private': 'pass',
  'apigw.resource-policy-present': 'pass',
  'apigw.resource-policy-allows': 'pass',
  'apigw.policy-deployed': 'pass',
  'iam.identity-allows': 'pass',
  'handler.stage-deployed': 'pass',
  'handler.route-exists': 'pass',
  'handler.route-deployed': 'pass',
  'handler.integration': 'pass',
} as const satisfies Record<string, CheckStatus>

const withResourcePolicy = (policy: PolicyDoc | undefined) => (s: Draft<DoctorSnapshot>) => {
  setResourcePolicy(s, policy)
}

const allowAnyoneThroughEndpoint = policyOf(
  invoke('Allow', '*', { Sid: 'AllowAll' }),
  invoke('Deny', '*', {
    Sid: 'DenyOutsideEndpoint',
    Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
  }),
)

const setMethod = (s: Draft<DoctorSnapshot>, changes: Record<string, unknown>) => {
  for (const r of val(s.api.resources)) if (r.path === '/items') Object.assign(r.methods.GET!, changes)
  const summary = val(s.api.deployment).apiSummary!
  Object.assign(
    summary['/items']!.GET!,
    Object.fromEntries(
      Object.entries(changes).filter(([k]) => k === 'authorizationType' || k === 'apiKeyRequired'),
    ),
  )
}

/** Security group `group` has exactly these rules. */
const groupRules = (s: Draft<DoctorSnapshot>, group: string, ...rules: ReturnType<typeof sgRule>[]) => {
  s.network.securityGroups[group]!.rules = ok(rules)
}

/** The client sends a bearer token (no SigV4) to an open method changed by `changes`. */
const bearerOn = (s: Draft<DoctorSnapshot>, changes: Record<string, unknown>) => {
  s.signing.authorization = 'other'
  openMethod(s, changes)
}

/** The endpoint policy is exactly these statements. */
const endpointPolicy = (s: Draft<DoctorSnapshot>, ...Statement: Statement[]) => {
  val(s.network.endpoints)[0]!.policy = { Statement: structuredClone(Statement) }
}
const ALLOW_ALL: Statement = { Sid: 'AllowAll', Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }

/** The resource policy allows account A's root, and statement `Sid` denies unless `Condition` holds. */
const callerAccountUnless = (Sid: string, Condition: Record<string, unknown>) => (s: Draft<DoctorSnapshot>) =>
  setResourcePolicy(
    s,
    policyOf(
      invoke('Allow', { AWS: `arn:aws:iam::${A}:root` }),
      invoke('Deny', '*', { Sid, Condition: structuredClone(Condition) }),
    ),
  )

/** The API is a public REGIONAL one. */
const regionalApi = (s: Draft<DoctorSnapshot>) => {
  val(s.api.restApi).endpointTypes = ['REGIONAL']
}

/** An endpoint an old aws:SourceVpce condition names instead of the caller's. */
const OLD_VPCE = 'vpce-00000000000000009'

/** The healthy resource policy whose Statement[1] (DenyOutsideEndpoint) admits only `vpce`. */
const sourceVpceOnly = (vpce: string) => {
  const p = structuredClone(RESOURCE_POLICY)
  p.Statement[1]!.Condition = { StringNotEquals: { 'aws:SourceVpce': vpce } }
  return p
}

/** A builder step: the resource policy is sourceVpceOnly(vpce) (a fresh copy each build). */
const onlyEndpoint = (vpce: string) => (s: Draft<DoctorSnapshot>) =>
  setResourcePolicy(s, sourceVpceOnly(vpce))

/** Account B cannot be read with the caller's credentials: API Gateway and CloudTrail deny. */
const apiUnreadable = (s: Draft<DoctorSnapshot>) => {
  s.api.readWith = 'caller-credentials'
  for (const k of [
    'restApi',
    'stages',
    'deployment',
    'resources',
    'authorizers',
    'usagePlans',
    'integrationPermission',
  ] as const)
    s.api[k] = denied('apigateway:GET')
  s.api.policyChanges = denied('cloudtrail:LookupEvents')
}

/** The caller role has permissions boundary policy/`name` with this one statement. */
const withBoundary = (s: Draft<DoctorSnapshot>, name: string, statement: Statement) => {
  val(s.caller.role).permissionsBoundaryArn = `arn:aws:iam::${A}:policy/${name}`
  s.caller.permissionsBoundary = ok({
    name: `arn:aws:iam::${A}:policy/${name}`,
    document: policyOf(statement),
  })
}

/** The caller role's only identity policy is `name`, with this one statement. */
const identityPolicy = (s: Draft<DoctorSnapshot>, name: string, statement: Statement) => {
  s.caller.identityPolicies = ok([{ name, document: policyOf(statement) }])
}

/** A GET /items method that is not AWS_IAM, with a resource policy that admits anyone through the endpoint. */
const openMethod = (s: Draft<DoctorSnapshot>, changes: Record<string, unknown>) => {
  setMethod(s, changes)
  withResourcePolicy(allowAnyoneThroughEndpoint)(s)
}

/** Private DNS is off: the API name resolves to public addresses. */
const privateDnsOff = (s: Draft<DoctorSnapshot>) => {
  val(s.network.endpoints)[0]!.privateDnsEnabled = false
  publicAnswer(s)
}

const publicAnswer = (s: Draft<DoctorSnapshot>, host = HOST) => {
  s.dns.answers[host] = ok({
    hostname: host,
    server: 'system',
    result: 'answer',
    addresses: ['3.210.12.34', '52.1.2.3'],
  })
}

const nxdomain = (s: Draft<DoctorSnapshot>, host = HOST) => {
  s.dns.answers[host] = ok({ hostname: host, server: 'system', result: 'nxdomain', addresses: [] })
}

export const SCENARIOS: readonly ScenarioDef[] = [
  // ---- healthy set-ups -------------------------------------------------------------------
  {
    name: 'healthy',
    description:
      'A bastion in account A calls a private API in account B through private DNS: every hop passes',
    rows: [],
    build: healthy,
    expect: pass({
      ...PASSING_CORE,
      'signing.clock-skew': 'pass',
      'dns.private-dns-enabled': 'pass',
      'dns.alias-association': 'skipped',
      'iam.scp': 'skipped',
      'route.sts-reachable': 'skipped',
      'handler.authorizer': 'skipped',
      'domain.policy-allows': 'skipped',
    }),
  },
  {
    name: 'healthy-lambda',
    description:
      'A VPC Lambda function (execution role, Hyperplane addresses unknown) calls the API: the SG and NACL checks judge its subnet',
    rows: [],
    build: healthyLambda,
    expect: pass({ ...PASSING_CORE, 'signing.clock-skew': 'skipped' }),
  },
  {
    name: 'healthy-alias',
    description: 'The caller uses the Route 53 alias {api}-{vpce} of an associated endpoint',
    rows: [],
    build: healthyAlias,
    expect: pass({ ...PASSING_CORE, 'dns.alias-association': 'pass', 'dns.private-dns-enabled': 'skipped' }),
  },
  {
    name: 'healthy-vpce-name',
    description: 'The caller uses the endpoint-specific DNS name with x-apigw-api-id',
    rows: [],
    build: healthyVpceName,
    expect: pass({ ...PASSING_CORE, 'signing.host-routing': 'pass', 'dns.private-dns-enabled': 'skipped' }),
  },
  {
    name: 'healthy-custom-domain',
    description:
      'A private custom domain (base path orders → prod), associated with the endpoint and allowed by the domain policy',
    rows: [],
    build: healthyCustomDomain,
    expect: pass({
      ...PASSING_CORE,
      'domain.base-path-mapping': 'pass',
      'domain.access-association': 'pass',
      'domain.policy-allows': 'pass',
      'domain.management-policy': 'pass',
    }),
  },

  {
    name: 'healthy-none-method',
    description:
      'A NONE method: the resource policy alone must allow (Principal "*" limited to the endpoint); identity policies are not consulted',
    rows: [],
    build: edit(healthy, s => {
      openMethod(s, { authorizationType: 'NONE' })
      s.caller.identityPolicies = ok([])
    }),
    expect: pass({
      'apigw.resource-policy-allows': 'pass',
      'apigw.resource-policy-principal-auth': 'pass',
      'iam.identity-allows': 'skipped',
      'iam.method-auth-type': 'pass',
    }),
  },
  {
    name: 'healthy-same-account-table-a',
    description:
      'Caller and API in one account: the resource policy only denies other endpoints, and the identity policy alone allows (Table A)',
    rows: [],
    build: edit(healthy, s => {
      const arn = `arn:aws:execute-api:${REGION}:${A}:${API}`
      s.api.identity = ok({ account: A, arn: SESSION_ARN })
      withResourcePolicy(
        policyOf(
          invoke('Deny', '*', {
            Sid: 'DenyOutsideEndpoint',
            Resource: `${arn}/*`,
            Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
          }),
        ),
      )(s)
      identityPolicy(s, 'invoke', {
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: `${arn}/prod/GET/items`,
      })
      val(s.api.integrationPermission).functionArn = `arn:aws:lambda:${REGION}:${A}:function:orders-api`
      val(s.api.integrationPermission).policy = policyOf({
        Effect: 'Allow',
        Principal: { Service: 'apigateway.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: '*',
      })
    }),
    expect: pass({ 'apigw.resource-policy-allows': 'pass', 'iam.identity-allows': 'pass' }),
  },
  {
    name: 'dns-resolved-outside-vpc',
    description:
      'The doctor ran on a laptop for a Lambda caller: the system resolver there returns public addresses, which says nothing about the VPC (unknown, not fail)',
    rows: [],
    build: edit(healthyLambda, publicAnswer),
    expect: verdictIs('incomplete', 2, 'dns.private-resolution', {
      'dns.private-resolution': 'unknown',
      'dns.private-dns-enabled': 'pass',
    }),
  },
  {
    name: 'caller-network-not-given',
    description:
      'No --lambda, --from-imds or --vpc/--subnet/--caller-sg: the network hops are unknown and say which flag would reveal them',
    rows: [],
    build: edit(healthy, s => {
      s.network.caller = {
        status: 'not-collected',
        reason: "the caller's network was not given",
        hint: '--lambda NAME, --from-imds, or --vpc/--subnet/--caller-sg/--caller-ip',
      }
      s.dns.answers[HOST] = ok({
        hostname: HOST,
        server: '10.0.0.2:53',
        result: 'answer',
        addresses: ['10.0.2.10', '10.0.3.10'],
      })
    }),
    expect: verdictIs('incomplete', 2, 'dns.dhcp-resolvers', {
      'sg.caller-egress-443': 'unknown',
      'nacl.caller-subnet': 'unknown',
      'dns.private-resolution': 'pass',
      'apigw.resource-policy-allows': 'pass',
    }),
  },

  // ---- hop 1: signing ---------------------------------------------------------------------
  {
    name: 'row01-unsigned-request',
    description: 'The method is AWS_IAM and the client sends no signature: Missing Authentication Token',
    rows: [1],
    build: set(healthy, s => s.signing, { authorization: 'none' }),
    expect: failAt(1, 'signing.authorization-header'),
  },
  {
    name: 'row03-expired-token',
    description: 'STS rejects the session token: "The security token included in the request is invalid."',
    rows: [3],
    build: edit(healthy, s => {
      s.caller.identity = {
        status: 'error',
        code: 'ExpiredToken',
        message: 'The security token included in the request is expired',
        action: 'sts:GetCallerIdentity',
      }
    }),
    expect: failAt(1, 'signing.credentials'),
  },
  {
    name: 'row04-clock-skew',
    description: 'The bastion clock is 7 minutes behind AWS: Signature expired',
    rows: [4],
    build: edit(healthy, s => {
      s.caller.clock = ok({
        localTime: '2025-01-15T11:53:00.000Z',
        serverTime: '2025-01-15T12:00:00.000Z',
        skewMs: -420000,
      })
    }),
    expect: failAt(1, 'signing.clock-skew'),
  },
  {
    name: 'row05-wrong-signing-region',
    description: 'The client signs for us-west-2 but the API is in us-east-1',
    rows: [5],
    build: set(healthy, s => s.signing, { region: 'us-west-2', regionSource: 'client' }),
    expect: failAt(1, 'signing.scope'),
  },
  {
    name: 'row06-wrong-signing-service',
    description: 'The client signs for service apigateway instead of execute-api',
    rows: [6],
    build: set(healthy, s => s.signing, { service: 'apigateway' }),
    expect: failAt(1, 'signing.scope'),
  },
  {
    name: 'row07-host-override',
    description:
      'Endpoint-specific name with a Host override: works with pvapi, fragile elsewhere (warning only)',
    rows: [7],
    build: edit(healthyVpceName, s => {
      s.signing.hostMode = 'host'
      s.signing.hostHeader = HOST
      delete s.signing.apiIdHeader
    }),
    expect: pass({ 'signing.host-routing': 'warn' }),
  },
  {
    name: 'row08-bearer-with-custom-endpoint-policy',
    description:
      'A NONE method, a custom VPC endpoint policy and an application Bearer token: IncompleteSignatureException',
    rows: [8],
    build: edit(healthy, s => {
      bearerOn(s, { authorizationType: 'NONE' })
      endpointPolicy(s, invoke('Allow', '*'))
    }),
    expect: failAt(1, 'signing.authorization-header', { 'vpce.policy-allows': 'pass' }),
  },

  // ---- hop 2: DNS -------------------------------------------------------------------------
  {
    name: 'row09-private-dns-off',
    description: 'Private DNS is off on the endpoint: the API name resolves to public API Gateway addresses',
    rows: [9],
    build: edit(healthy, privateDnsOff),
    expect: failAt(2, 'dns.private-dns-enabled', {
      'dns.private-resolution': 'fail',
      'dns.vpc-attributes': 'pass',
    }),
  },
  {
    name: 'row10-dns-hostnames-off',
    description: 'enableDnsHostnames is off on the VPC: the private hosted zone does not answer (NXDOMAIN)',
    rows: [10],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).enableDnsHostnames = ok(false)
      nxdomain(s)
    }),
    expect: failAt(2, 'dns.vpc-attributes', { 'dns.private-resolution': 'fail' }),
  },
  {
    name: 'row11-custom-dhcp-resolvers',
    description:
      'The VPC hands out custom DNS servers that do not forward execute-api to the Amazon resolver',
    rows: [11],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).dhcpDomainNameServers = ok(['10.0.0.53', '10.0.0.54'])
      publicAnswer(s)
    }),
    expect: failAt(2, 'dns.dhcp-resolvers', {
      'dns.private-resolution': 'fail',
      'dns.vpc-attributes': 'pass',
    }),
  },
  {
    name: 'dhcp-no-domain-name-servers',
    description:
      "The VPC's DHCP option set has no domain-name-servers: instances get no resolver at all (not the Amazon one)",
    rows: [11],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).dhcpDomainNameServers = ok([])
      nxdomain(s)
    }),
    expect: failAt(2, 'dns.dhcp-resolvers', { 'dns.vpc-attributes': 'pass' }),
  },
  {
    name: 'row12-caller-in-other-vpc',
    description: 'The caller sits in a peered VPC without the endpoint: private DNS does not apply there',
    rows: [12],
    build: edit(healthy, s => {
      callerInOtherVpc(s)
      publicAnswer(s)
    }),
    expect: failAt(2, 'dns.caller-vpc', { 'dns.private-resolution': 'fail' }),
  },
  {
    name: 'row13-alias-not-associated',
    description: 'The {api}-{vpce} alias is used but the endpoint is not associated with the API: NXDOMAIN',
    rows: [13],
    build: edit(healthyAlias, s => {
      val(s.api.restApi).vpcEndpointIds = []
      nxdomain(s, `${API}-${VPCE}.execute-api.${REGION}.amazonaws.com`)
    }),
    expect: failAt(2, 'dns.alias-association', { 'dns.private-resolution': 'fail' }),
  },
  {
    name: 'row14-public-api-captured-by-private-dns',
    description:
      'Private DNS is on and the target is a public REGIONAL API: the endpoint answers 403 Forbidden',
    rows: [14],
    build: edit(healthy, regionalApi),
    expect: failAt(2, 'dns.public-api-capture', { 'apigw.endpoint-type-private': 'fail' }),
  },

  // ---- hop 3: security groups -------------------------------------------------------------
  {
    name: 'row16-caller-sg-no-egress-443',
    description: 'The caller security group allows egress on 80 only: connect timeout',
    rows: [16],
    build: edit(healthy, s => {
      groupRules(
        s,
        SG_CALLER,
        sgRule('sgr-00000000000000012', SG_CALLER, true, { cidrIpv4: '0.0.0.0/0' }, [80, 80]),
      )
    }),
    expect: failAt(3, 'sg.caller-egress-443', { 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'sg-caller-egress-prefix-list',
    description:
      "The caller security group's 443 egress goes to a managed prefix list holding the VPC's CIDR: the entries are read and cover the endpoint",
    rows: [16],
    build: edit(healthy, s =>
      callerEgressToPrefixList(
        s,
        ok({ prefixListId: PREFIX_LIST, cidrs: ['10.0.0.0/16', '2600:1f18::/56'] }),
      ),
    ),
    expect: pass({ 'sg.caller-egress-443': 'pass', 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'sg-caller-egress-prefix-list-unreadable',
    description:
      "The caller security group's only 443 egress rule names a prefix list whose entries could not be read: unknown, not a failure",
    rows: [16],
    build: edit(healthy, s => callerEgressToPrefixList(s, denied('ec2:GetManagedPrefixListEntries'))),
    expect: verdictIs('incomplete', 3, 'sg.caller-egress-443', {
      'sg.caller-egress-443': 'unknown',
      'sg.endpoint-ingress-443': 'pass',
    }),
  },
  {
    name: 'sg-caller-egress-prefix-list-misses',
    description:
      "The caller security group's 443 egress goes to a prefix list of another network (192.168.0.0/16): it does not cover the endpoint",
    rows: [16],
    build: edit(healthy, s =>
      callerEgressToPrefixList(s, ok({ prefixListId: PREFIX_LIST, cidrs: ['192.168.0.0/16'] })),
    ),
    expect: failAt(3, 'sg.caller-egress-443', { 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'row17-endpoint-sg-no-ingress',
    description: "The endpoint's security group allows 443 only from another VPC's CIDR: connect timeout",
    rows: [17],
    build: edit(healthy, s => {
      groupRules(
        s,
        SG_ENDPOINT,
        sgRule('sgr-00000000000000023', SG_ENDPOINT, false, { cidrIpv4: '10.9.0.0/16' }),
      )
    }),
    expect: failAt(3, 'sg.endpoint-ingress-443', { 'sg.caller-egress-443': 'pass' }),
  },
  {
    name: 'row18-sg-cidr-misses-caller',
    description:
      "The endpoint SG allows 443 from 10.0.2.0/24 and an IPv6 range, neither holding the caller's 10.0.1.15",
    rows: [18],
    build: edit(healthy, s => {
      groupRules(
        s,
        SG_ENDPOINT,
        sgRule('sgr-00000000000000024', SG_ENDPOINT, false, { cidrIpv4: '10.0.2.0/24' }),
        sgRule('sgr-00000000000000025', SG_ENDPOINT, false, { cidrIpv6: '2600:1f18::/56' }),
      )
    }),
    expect: failAt(3, 'sg.endpoint-ingress-443'),
  },

  // ---- hop 4: VPC endpoint policy ---------------------------------------------------------
  {
    name: 'row24-endpoint-policy-excludes-api',
    description: 'The endpoint policy allows only another API: implicit deny at the endpoint',
    rows: [24],
    build: edit(healthy, s => {
      endpointPolicy(
        s,
        invoke('Allow', '*', {
          Sid: 'OnlyBilling',
          Resource: `arn:aws:execute-api:${REGION}:${B}:zz9y8x7w6v/*`,
        }),
      )
    }),
    expect: failAt(4, 'vpce.policy-allows', { 'vpce.policy-identity-rule': 'pass' }),
  },
  {
    name: 'row25-endpoint-policy-org-deny',
    description:
      "The endpoint policy denies principals outside organization o-otherorg99; the caller's is o-exampleorg1",
    rows: [25],
    build: edit(healthy, s => {
      endpointPolicy(s, ALLOW_ALL, {
        Sid: 'DenyOtherOrgs',
        Effect: 'Deny',
        Principal: '*',
        Action: '*',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-otherorg99' } },
      })
    }),
    expect: failAt(4, 'vpce.policy-allows'),
  },
  {
    name: 'endpoint-policy-notprincipal-deny',
    description:
      'The endpoint policy denies every principal outside its NotPrincipal list (only batch-jobs): the caller is not in it',
    rows: [25],
    build: edit(healthy, s => {
      endpointPolicy(s, ALLOW_ALL, {
        Sid: 'OnlyBatch',
        Effect: 'Deny',
        NotPrincipal: { AWS: 'arn:aws:iam::111111111111:role/batch-jobs' },
        Action: 'execute-api:Invoke',
        Resource: '*',
      })
    }),
    expect: failAt(4, 'vpce.policy-allows'),
  },
  {
    name: 'resource-policy-vpce-org-allows',
    description:
      "The resource policy admits endpoints owned by the caller's organization (aws:VpceOrgID, 2025): the endpoint's owner is the doctor's account, so its organization is known",
    rows: [28],
    build: edit(
      healthy,
      callerAccountUnless('DenyOtherOrgEndpoints', { StringNotEquals: { 'aws:VpceOrgID': 'o-exampleorg1' } }),
    ),
    expect: pass({ 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'resource-policy-vpce-account-denies',
    description:
      'The resource policy admits only endpoints owned by account 333333333333 (aws:VpceAccount); the endpoint is owned by the caller account',
    rows: [28],
    build: edit(
      healthy,
      callerAccountUnless('OnlyNetworkAccountEndpoints', {
        StringNotEquals: { 'aws:VpceAccount': '333333333333' },
      }),
    ),
    expect: failAt(6, 'apigw.resource-policy-allows'),
  },
  {
    name: 'resource-policy-vpce-org-paths-unknown',
    description:
      'The resource policy tests aws:VpceOrgPaths, which the doctor cannot read (ListParents needs the management account): unknown, not fail',
    rows: [28],
    build: edit(healthy, s => {
      val(s.api.restApi).policy = policyOf({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${A}:root` },
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
        Condition: {
          'ForAnyValue:StringLike': { 'aws:VpceOrgPaths': 'o-exampleorg1/r-ab12/ou-ab12-networking/*' },
        },
      })
    }),
    expect: verdictIs('incomplete', 6, 'apigw.resource-policy-allows', {
      'apigw.resource-policy-allows': 'unknown',
    }),
  },
  {
    name: 'row26-endpoint-policy-principal-on-none-method',
    description:
      "The endpoint policy allows only the caller's role, but the method uses a Lambda authorizer (bearer token): the endpoint sees anonymous",
    rows: [26],
    build: edit(healthy, s => {
      bearerOn(s, { authorizationType: 'CUSTOM', authorizerId: 'auth000001' })
      s.api.authorizers = tokenAuthorizer()
      endpointPolicy(s, invoke('Allow', { AWS: ROLE_ARN }, { Sid: 'OnlyOrdersCaller' }))
    }),
    expect: failAt(4, 'vpce.policy-identity-rule', {
      'vpce.policy-allows': 'fail',
      'apigw.resource-policy-allows': 'pass',
      'handler.authorizer': 'warn',
    }),
  },

  // ---- hop 5: transit ---------------------------------------------------------------------
  {
    name: 'row19-caller-nacl-blocks-return',
    description:
      "The caller subnet's NACL lets 443 out but only 443 back in: the SYN-ACK to the ephemeral port is dropped",
    rows: [19],
    build: edit(healthy, s => {
      s.network.nacls[SUBNET_CALLER] = ok({
        naclId: NACL_STRICT,
        entries: [
          naclEntry(100, true, 'allow', [443, 443], '10.0.0.0/16'),
          naclEntry(100, false, 'allow', [443, 443], '10.0.0.0/16'),
          naclEntry(200, false, 'deny'),
        ],
      })
    }),
    expect: failAt(5, 'nacl.caller-subnet', { 'nacl.endpoint-subnet': 'pass' }),
  },
  {
    name: 'row20-endpoint-nacl-denies-443',
    description: "The endpoint subnets' NACL denies 443 from the caller subnet",
    rows: [20],
    build: edit(healthy, s => {
      const strict = naclOf(NACL_STRICT, [
        naclEntry(90, false, 'deny', [443, 443], '10.0.1.0/24'),
        naclEntry(100, false, 'allow'),
        naclEntry(100, true, 'allow'),
      ])
      s.network.nacls[SUBNET_EP_A] = strict
      s.network.nacls[SUBNET_EP_B] = strict
    }),
    expect: failAt(5, 'nacl.endpoint-subnet', { 'nacl.caller-subnet': 'pass' }),
  },
  {
    name: 'row21-endpoint-failed',
    description: 'The endpoint is in state failed',
    rows: [21],
    build: edit(healthy, s => {
      const ep = val(s.network.endpoints)[0]!
      ep.state = 'failed'
      ep.lastError = 'Subnet subnet-00000000000000003 has insufficient free addresses'
    }),
    expect: failAt(5, 'vpce.state-available'),
  },
  {
    name: 'row22-default-route-to-igw',
    description:
      'The caller subnet routes 0.0.0.0/0 to an internet gateway: works, but breaks the no-internet rule (warning)',
    rows: [22],
    build: edit(healthy, s => addRoute(s, '0.0.0.0/0', 'igw-00000000000000001')),
    expect: pass({ 'route.no-internet': 'warn' }),
  },
  {
    name: 'row23-no-sts-path',
    description: 'The caller assumes a role from inside the VPC, which has neither an STS endpoint nor NAT',
    rows: [23],
    build: set(healthy, s => s.caller, { assumesRoleInVpc: true }),
    expect: failAt(5, 'route.sts-reachable'),
  },

  // ---- hop 6: resource policy -------------------------------------------------------------
  {
    name: 'row15-api-not-private',
    description: 'The API is REGIONAL; the caller goes through the endpoint-specific name: 403 Forbidden',
    rows: [15],
    build: edit(healthyVpceName, regionalApi),
    expect: failAt(6, 'apigw.endpoint-type-private', { 'dns.public-api-capture': 'skipped' }),
  },
  {
    name: 'row27-no-resource-policy',
    description: 'The private API has no resource policy',
    rows: [27],
    build: edit(healthy, s => {
      delete val(s.api.restApi).policy
    }),
    expect: failAt(6, 'apigw.resource-policy-present', { 'apigw.resource-policy-allows': 'skipped' }),
  },
  {
    name: 'row28-sourcevpce-lists-old-endpoint',
    description:
      "aws:SourceVpce names an old endpoint, not the caller's vpce-00000000000000001: explicit deny",
    rows: [28],
    build: edit(healthy, onlyEndpoint(OLD_VPCE)),
    expect: failAt(6, 'apigw.resource-policy-allows', { 'iam.identity-allows': 'pass' }),
  },
  {
    name: 'row29-vpc-id-in-sourcevpce',
    description: 'A VPC id was put in an aws:SourceVpce condition: explicit deny',
    rows: [29],
    build: edit(healthy, onlyEndpoint(VPC)),
    expect: failAt(6, 'apigw.resource-policy-allows'),
  },
  {
    name: 'row30-policy-not-deployed',
    description: 'The resource policy was updated after the last deployment of stage prod',
    rows: [30],
    build: edit(healthy, s => {
      val(s.api.policyChanges).lastChange = {
        eventTime: '2025-01-14T08:30:00.000Z',
        eventName: 'UpdateRestApi',
        eventId: '00000000-0000-0000-0000-000000000002',
        user: 'ops-admin',
      }
    }),
    expect: failAt(6, 'apigw.policy-deployed', { 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'row31-resource-too-narrow',
    description: 'The resource policy allows only the dev stage: implicit deny for prod',
    rows: [31],
    build: edit(healthy, s => {
      const p = structuredClone(RESOURCE_POLICY)
      p.Statement[0]!.Resource = `${API_ARN}/dev/*`
      withResourcePolicy(p)(s)
    }),
    expect: failAt(6, 'apigw.resource-policy-allows'),
  },
  {
    name: 'row32-principal-arn-on-none-method',
    description:
      "The resource policy allows the caller's account by ARN, but the method is NONE: anonymous is not authorized",
    rows: [32],
    build: edit(healthy, s => setMethod(s, { authorizationType: 'NONE' })),
    expect: failAt(6, 'apigw.resource-policy-principal-auth', {
      'apigw.resource-policy-allows': 'fail',
      'iam.identity-allows': 'skipped',
    }),
  },

  // ---- hop 7: IAM -------------------------------------------------------------------------
  {
    name: 'row33-cross-account-identity-missing',
    description:
      "The caller role's only policy is for S3: cross-account (Table B) the resource policy alone is not enough",
    rows: [33],
    build: edit(healthy, s =>
      identityPolicy(s, 'read-buckets', { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }),
    ),
    expect: failAt(7, 'iam.identity-allows', { 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'row34-identity-arn-wrong-region',
    description: 'The identity policy names the API in us-west-2',
    rows: [34],
    build: edit(healthy, s => {
      identityPolicy(s, 'invoke-orders-api', {
        Sid: 'InvokeOrders',
        Effect: 'Allow',
        Action: 'execute-api:Invoke',
        Resource: `arn:aws:execute-api:us-west-2:${B}:${API}/prod/*`,
      })
    }),
    expect: failAt(7, 'iam.identity-allows'),
  },
  {
    name: 'row35-account-root-only',
    description: "The resource policy allows account A's root; the caller role has no identity policy at all",
    rows: [35],
    build: set(healthy, s => s.caller, { identityPolicies: ok([]) }),
    expect: failAt(7, 'iam.identity-allows', { 'apigw.resource-policy-allows': 'pass' }),
  },
  {
    name: 'row36-boundary-lacks-invoke',
    description: 'The caller role has a permissions boundary that allows only S3 and DynamoDB',
    rows: [36],
    build: edit(healthy, s => {
      withBoundary(s, 'data-only-boundary', {
        Effect: 'Allow',
        Action: ['s3:*', 'dynamodb:*'],
        Resource: '*',
      })
    }),
    expect: failAt(7, 'iam.permissions-boundary', { 'iam.identity-allows': 'pass' }),
  },
  {
    name: 'row36-scp-denies-execute-api',
    description: "An SCP of the caller's account (given with --scp) denies execute-api:*",
    rows: [36],
    build: edit(healthy, s => {
      s.supplied.serviceControlPolicies = [
        {
          name: 'FullAWSAccess',
          document: policyOf({ Effect: 'Allow', Action: '*', Resource: '*' }),
        },
        {
          name: 'no-api-gateway',
          document: policyOf({
            Sid: 'DenyApiGateway',
            Effect: 'Deny',
            Action: ['apigateway:*', 'execute-api:*'],
            Resource: '*',
          }),
        },
      ]
    }),
    expect: failAt(7, 'iam.scp'),
  },

  // ---- hop 8: handler ---------------------------------------------------------------------
  {
    name: 'row02-stage-missing',
    description: 'The URL names stage prd; the API has prod only: Missing Authentication Token',
    rows: [2],
    build: edit(healthy, s => requestTo(s, 'prd', '/items')),
    expect: failAt(8, 'handler.stage-deployed', {
      'apigw.resource-policy-allows': 'skipped',
      'iam.identity-allows': 'skipped',
    }),
  },
  {
    name: 'row02-path-missing',
    description: 'The URL path /itemz matches no resource: Missing Authentication Token',
    rows: [2],
    build: edit(healthy, s => requestTo(s, 'prod', '/itemz')),
    expect: failAt(8, 'handler.route-exists', {
      'handler.stage-deployed': 'pass',
      'handler.route-deployed': 'skipped',
      'iam.identity-allows': 'skipped',
    }),
  },
  {
    name: 'row02-route-not-deployed',
    description: 'DELETE /items/{id} was added after the last deployment',
    rows: [2],
    build: edit(healthy, s => {
      requestTo(s, 'prod', '/items/42', 'DELETE')
      for (const r of val(s.api.resources))
        if (r.path === '/items/{id}')
          r.methods.DELETE = {
            httpMethod: 'DELETE',
            authorizationType: 'AWS_IAM',
            apiKeyRequired: false,
            integration: { type: 'HTTP_PROXY', uri: 'https://backend.internal.example.com/items/{id}' },
          }
    }),
    expect: failAt(8, 'handler.route-deployed', { 'handler.route-exists': 'pass' }),
  },
  {
    name: 'row37-authorizer-denies',
    description:
      'A CUSTOM method whose Lambda authorizer returns a Deny for this token (policy given with --authorizer-policy)',
    rows: [37],
    build: edit(healthy, s => {
      bearerOn(s, { authorizationType: 'CUSTOM', authorizerId: 'auth000001' })
      s.api.authorizers = tokenAuthorizer({
        authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${B}:function:orders-authorizer/invocations`,
      })
      s.supplied.authorizerPolicy = {
        name: 'authorizer-answer.json',
        document: policyOf({ Effect: 'Deny', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` }),
      }
    }),
    expect: failAt(8, 'handler.authorizer', {
      'signing.authorization-header': 'pass',
      'apigw.resource-policy-allows': 'pass',
      'iam.identity-allows': 'skipped',
    }),
  },
  {
    name: 'row38-api-key-without-usage-plan',
    description: 'The method requires an API key but no usage plan includes the stage: 403 Forbidden',
    rows: [38],
    build: edit(healthy, s => setMethod(s, { apiKeyRequired: true })),
    expect: failAt(8, 'handler.api-key'),
  },
  {
    name: 'row38-api-key-required',
    description:
      'The method requires an API key and the stage is in a usage plan: the client must send x-api-key (warning)',
    rows: [38],
    build: edit(healthy, s => {
      setMethod(s, { apiKeyRequired: true })
      s.api.usagePlans = ok([
        { id: 'plan000001', name: 'partners', apiStages: [{ apiId: API, stage: 'prod' }] },
      ])
    }),
    expect: pass({ 'handler.api-key': 'warn' }),
  },
  {
    name: 'row39-lambda-permission-missing',
    description: 'The Lambda integration has no resource policy letting API Gateway invoke it: 500',
    rows: [39],
    build: set(healthy, s => val(s.api.integrationPermission), { policy: null }),
    expect: failAt(8, 'handler.integration'),
  },

  {
    name: 'handler-no-integration',
    description: 'The method has no integration: API Gateway answers 500',
    rows: [39],
    build: edit(healthy, s => {
      for (const r of val(s.api.resources))
        if (r.path === '/items') delete (r.methods.GET as { integration?: unknown }).integration
    }),
    expect: failAt(8, 'handler.integration'),
  },
  {
    name: 'handler-authorizer-missing',
    description: 'A CUSTOM method names an authorizer that does not exist: every call fails',
    rows: [37],
    build: edit(healthy, s => {
      bearerOn(s, { authorizationType: 'CUSTOM', authorizerId: 'gone00001' })
      s.api.authorizers = ok([])
    }),
    expect: failAt(8, 'handler.authorizer'),
  },
  {
    name: 'handler-resource-missing',
    description:
      'The URL path /orders/items names a resource the API does not have (only /items): 403 Missing Authentication Token',
    rows: [2],
    build: edit(healthy, s => {
      const t = s.target as { url: string; resourcePath: string; urlPath: string }
      t.url = t.url.replace('/prod/items', '/prod/orders/items')
      t.resourcePath = '/orders/items'
      t.urlPath = '/prod/orders/items'
    }),
    expect: failAt(8, 'handler.route-exists'),
  },
  {
    name: 'apigw-execute-api-endpoint-disabled',
    description: 'The API disabled its default execute-api endpoint: only custom domains answer',
    rows: [],
    build: set(healthy, s => val(s.api.restApi), { disableExecuteApiEndpoint: true }),
    expect: failAt(6, 'apigw.execute-api-endpoint'),
  },
  {
    name: 'vpce-pending',
    description: 'The endpoint is still pendingAcceptance: connections fail until it is available',
    rows: [21],
    build: set(healthy, s => val(s.network.endpoints)[0]!, { state: 'pendingAcceptance' }),
    expect: failAt(5, 'vpce.state-available'),
  },
  {
    name: 'vpce-one-zone',
    description: 'The endpoint sits in one subnet (one zone): works, but an AZ outage cuts the API off',
    rows: [],
    build: edit(healthy, s => {
      const ep = val(s.network.endpoints)[0]!
      ep.subnetIds = [SUBNET_EP_A]
      ep.networkInterfaceIds = ep.networkInterfaceIds.slice(0, 1)
      ;(val(s.dns.answers[HOST]!) as { addresses: string[] }).addresses = [ENI_A_IP]
    }),
    expect: pass({ 'vpce.subnets-azs': 'warn' }),
  },

  // ---- private custom domains -------------------------------------------------------------
  {
    name: 'row40-no-domain-access-association',
    description: 'The private custom domain has no access association for the caller endpoint',
    rows: [40],
    build: set(healthyCustomDomain, s => s.api.customDomain!, { consumerAssociations: ok([]) }),
    expect: failAt(6, 'domain.access-association', { 'domain.policy-allows': 'pass' }),
  },
  {
    name: 'row41-domain-policy-deny-all',
    description: 'The private custom domain still has the deny-all policy it was created with',
    rows: [41],
    build: set(healthyCustomDomain, s => val(s.api.customDomain!.domain), {
      policy: policyOf(invoke('Deny', '*', { Resource: ['execute-api:/*'] })),
    }),
    expect: failAt(6, 'domain.policy-allows', { 'domain.access-association': 'pass' }),
  },
  {
    name: 'domain-no-policy',
    description: 'The private custom domain has no policy at all: no endpoint may invoke it',
    rows: [41],
    build: edit(healthyCustomDomain, s => {
      delete (val(s.api.customDomain!.domain) as { policy?: unknown }).policy
    }),
    expect: failAt(6, 'domain.policy-allows', { 'domain.access-association': 'pass' }),
  },
  {
    name: 'domain-name-not-in-private-zone',
    description:
      'The private custom domain name has no record in a private hosted zone of the caller VPC: NXDOMAIN from the VPC resolver',
    rows: [9],
    build: edit(healthyCustomDomain, s => nxdomain(s, DOMAIN)),
    expect: failAt(2, 'dns.private-resolution'),
  },
  {
    name: 'row41-no-base-path-mapping',
    description: 'The custom domain maps only /billing: /orders/items reaches nothing',
    rows: [41],
    build: edit(healthyCustomDomain, s => {
      s.api.customDomain!.basePathMappings = ok([
        { basePath: 'billing', restApiId: 'zz9y8x7w6v', stage: 'prod' },
      ])
    }),
    expect: failAt(6, 'domain.base-path-mapping'),
  },

  // ---- incomplete reads -------------------------------------------------------------------
  {
    name: 'account-b-unreadable',
    description:
      'Account B cannot be read (no --api-profile): hops 6-8 are unknown and name apigateway:GET; nothing fails',
    rows: [],
    build: edit(healthy, s => {
      apiUnreadable(s)
      s.api.identity = ok({ account: A, arn: SESSION_ARN })
    }),
    expect: verdictIs('incomplete', 2, 'dns.public-api-capture', {
      'sg.caller-egress-443': 'pass',
      'vpce.policy-allows': 'pass',
      'apigw.resource-policy-allows': 'unknown',
      'iam.identity-allows': 'unknown',
      'handler.stage-deployed': 'unknown',
      'handler.route-exists': 'unknown',
    }),
  },
  {
    name: 'account-b-unreadable-policy-file',
    description:
      'Account B cannot be read, but the resource policy was given with --resource-policy: it denies the endpoint',
    rows: [28],
    build: edit(healthy, s => {
      apiUnreadable(s)
      s.supplied.resourcePolicy = { name: 'orders-resource-policy.json', document: sourceVpceOnly(OLD_VPCE) }
    }),
    expect: failAt(6, 'apigw.resource-policy-allows', {
      'apigw.resource-policy-present': 'pass',
      'handler.route-exists': 'unknown',
    }),
  },
  {
    name: 'account-a-network-denied',
    description:
      "The doctor's identity may not describe EC2: hops 2-5 are unknown and name the ec2 permissions",
    rows: [],
    build: edit(healthy, s => {
      s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
      s.network.vpcs = { [VPC]: denied('ec2:DescribeVpcs') }
      s.network.subnets = { [SUBNET_CALLER]: denied('ec2:DescribeSubnets') }
      s.network.securityGroups = {
        [SG_CALLER]: { groupId: SG_CALLER, rules: denied('ec2:DescribeSecurityGroupRules') },
      }
      s.network.nacls = {}
      s.network.routeTables = { [SUBNET_CALLER]: denied('ec2:DescribeRouteTables') }
      s.network.enis = {}
    }),
    expect: verdictIs('incomplete', 2, 'dns.vpc-attributes', {
      'dns.vpc-attributes': 'unknown',
      'sg.caller-egress-443': 'unknown',
      'vpce.policy-allows': 'unknown',
      'vpce.state-available': 'unknown',
      'apigw.resource-policy-allows': 'unknown',
      'iam.identity-allows': 'pass',
    }),
  },

  // ---- several problems at once -----------------------------------------------------------
  {
    name: 'combined-sg-and-sourcevpce',
    description:
      'The caller SG has no egress 443 and the resource policy names the wrong endpoint: the verdict names hop 3 first',
    rows: [16, 28],
    build: edit(healthy, s => {
      groupRules(s, SG_CALLER)
      onlyEndpoint(OLD_VPCE)(s)
    }),
    expect: failAt(3, 'sg.caller-egress-443', { 'apigw.resource-policy-allows': 'fail' }),
  },
  {
    name: 'combined-dns-identity-stage',
    description:
      'Private DNS off, no identity policy and a route added after deployment: three hops fail, DNS first',
    rows: [9, 33, 2],
    build: edit(healthy, s => {
      privateDnsOff(s)
      s.caller.identityPolicies = ok([])
      delete val(s.api.deployment).apiSummary!['/items']
    }),
    expect: failAt(2, 'dns.private-dns-enabled', {
      'iam.identity-allows': 'fail',
      'handler.route-deployed': 'fail',
    }),
  },
  {
    name: 'combined-lambda-nacl-and-key',
    description:
      'A Lambda caller whose subnet NACL allows only 32768-65535 back in (Lambda uses 1024-65535), and an API key without a plan',
    rows: [19, 38],
    build: edit(healthyLambda, s => {
      s.network.nacls[SUBNET_CALLER] = ok({
        naclId: NACL_STRICT,
        entries: [
          naclEntry(100, true, 'allow'),
          naclEntry(100, false, 'allow', [32768, 65535], '10.0.0.0/16'),
        ],
      })
      setMethod(s, { apiKeyRequired: true })
    }),
    expect: failAt(5, 'nacl.caller-subnet', { 'handler.api-key': 'fail', 'sg.endpoint-ingress-443': 'pass' }),
  },
  {
    name: 'combined-endpoint-policy-and-boundary',
    description:
      'A Lambda caller: the endpoint policy allows another role only, and the role has a restrictive boundary',
    rows: [24, 36],
    build: edit(healthyLambda, s => {
      endpointPolicy(
        s,
        invoke('Allow', { AWS: `arn:aws:iam::${A}:role/batch-jobs` }, { Sid: 'OnlyBatch', Resource: '*' }),
      )
      withBoundary(s, 'no-invoke', { Effect: 'Allow', Action: 'logs:*', Resource: '*' })
      void LAMBDA_SESSION_ARN
    }),
    expect: failAt(4, 'vpce.policy-allows', { 'iam.permissions-boundary': 'fail' }),
  },
  // ---- with live probe results (doctor --probe), reconciled ---------------------------------
  ...PROBE_SCENARIOS,
]

/** Unused ids kept for documentation of the scheme. */
export const SCHEME = { CALLER_IP, ENI_A_IP, VPCE_STS, DOMAIN, SG_ENDPOINT }
