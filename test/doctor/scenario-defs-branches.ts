/**
 * Scenarios for the warn and fail branches that the field guide's rows (scenario-defs.ts) do not
 * reach, so that every such branch of every check is reached by at least one whole-snapshot run.
 * Same shape and rules as scenario-defs.ts: expectations written by hand. No fixture files.
 */
import type { ScenarioDef } from './scenario-defs-kit.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  API,
  B,
  ENI_A,
  ENI_A_IP,
  REGION,
  SUBNET_CALLER,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPC,
  VPCE,
  VPCE_OTHER,
  denied,
  healthy,
  healthyAlias,
  healthyCustomDomain,
  healthyLambda,
  ok,
  val,
  type Draft,
  setAnswer,
  invoke,
  callerInOtherVpc,
  policyOf,
  setNacl,
  returnOnly,
  naclEntry,
  tokenAuthorizer,
} from './builders.js'
import { edit, set, pass, failAt, verdictIs } from './scenario-defs-kit.js'

/** Changes the GET /items method, as configured and as deployed. */
const setMethod = (s: Draft<DoctorSnapshot>, changes: Record<string, unknown>, deployed = true) => {
  for (const r of val(s.api.resources)) if (r.path === '/items') Object.assign(r.methods.GET!, changes)
  if (deployed) Object.assign(val(s.api.deployment).apiSummary!['/items']!.GET!, changes)
}
/** A resource policy that lets anyone in through the endpoint (for non-IAM methods). */
const allowAnyoneThroughEndpoint = (s: Draft<DoctorSnapshot>) => {
  val(s.api.restApi).policy = policyOf(
    invoke('Allow', '*', { Sid: 'AllowAll' }),
    invoke('Deny', '*', {
      Sid: 'DenyOutsideEndpoint',
      Condition: { StringNotEquals: { 'aws:SourceVpce': VPCE } },
    }),
  )
}
const answer = setAnswer
/** Return traffic allowed only to 32768-65535 on the given subnets' NACL (the request side open). */
const partialEphemeral = (subnets: string[], egress: boolean) => (s: Draft<DoctorSnapshot>) => {
  setNacl(s, subnets, returnOnly(egress, 32768, 65535))
}
const skew = (skewMs: number) => (s: Draft<DoctorSnapshot>) => {
  s.caller.clock = ok({
    localTime: new Date(Date.parse('2025-01-15T12:00:00.000Z') + skewMs).toISOString(),
    serverTime: '2025-01-15T12:00:00.000Z',
    skewMs,
  })
}

export const BRANCH_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'branch-clock-ahead-over-5-min',
    description: 'The local clock is 6 minutes ahead: AWS sees a signature that is not yet current',
    rows: [4],
    build: edit(healthy, skew(6 * 60_000)),
    expect: failAt(1, 'signing.clock-skew'),
  },
  {
    name: 'branch-clock-behind-2-min',
    description: 'The local clock is 2 minutes behind: accepted, but within reach of the 5-minute limit',
    rows: [4],
    build: edit(healthy, skew(-2 * 60_000)),
    expect: pass({ 'signing.clock-skew': 'warn' }),
  },
  {
    name: 'branch-alias-resolves-to-other-endpoint',
    description:
      "The {api}-{vpce} alias resolves to a second endpoint's ENIs: the call works but aws:SourceVpce is the other endpoint",
    rows: [13],
    build: edit(healthyAlias, s => {
      const eps = val(s.network.endpoints)
      eps.push({
        ...structuredClone(eps[0]!),
        id: VPCE_OTHER,
        privateDnsEnabled: false,
        networkInterfaceIds: ['eni-00000000000000009'],
      })
      s.network.enis['eni-00000000000000009'] = ok({
        eniId: 'eni-00000000000000009',
        subnetId: SUBNET_EP_A,
        availabilityZone: `${REGION}a`,
        privateIps: ['10.0.2.99'],
      })
      const host = s.target.connectHost
      s.dns.answers[host] = ok({
        hostname: host,
        server: 'system',
        result: 'answer',
        addresses: ['10.0.2.99'],
      })
    }),
    expect: pass({ 'dns.private-resolution': 'warn' }),
  },
  {
    name: 'branch-endpoint-nacl-partial-ephemeral',
    description:
      'The endpoint subnets let return traffic out only to 32768-65535: a Linux caller works, AWS recommends 1024-65535',
    rows: [20],
    build: edit(healthy, s => {
      setNacl(
        s,
        [SUBNET_EP_A, SUBNET_EP_B],
        [naclEntry(100, false, 'allow'), naclEntry(100, true, 'allow', [32768, 65535])],
      )
    }),
    expect: pass({ 'nacl.endpoint-subnet': 'warn' }),
  },
  {
    name: 'branch-lambda-endpoint-nacl-partial-ephemeral',
    description:
      'The same endpoint NACL with a Lambda caller, which uses ports from 1024: the return traffic is dropped',
    rows: [20],
    build: edit(healthyLambda, s => {
      setNacl(
        s,
        [SUBNET_EP_A, SUBNET_EP_B],
        [naclEntry(100, false, 'allow'), naclEntry(100, true, 'allow', [32768, 65535])],
      )
    }),
    expect: failAt(5, 'nacl.endpoint-subnet'),
  },
  {
    name: 'branch-caller-nacl-partial-ephemeral',
    description:
      'The caller subnet lets return traffic in only on 32768-65535: a Linux caller works (warning only)',
    rows: [19],
    build: edit(healthy, partialEphemeral([SUBNET_CALLER], false)),
    expect: pass({ 'nacl.caller-subnet': 'warn', 'nacl.endpoint-subnet': 'pass' }),
  },
  {
    name: 'branch-resolves-to-unknown-private-ips',
    description:
      'The name resolves to private addresses that belong to no endpoint (a stale record in a private zone)',
    rows: [9],
    build: edit(healthy, s => answer(s, ['10.0.9.9'])),
    expect: failAt(2, 'dns.private-resolution'),
  },
  {
    name: 'branch-execute-api-endpoint-disabled',
    description:
      'The API has disableExecuteApiEndpoint: only custom domains answer; the execute-api name gets 403',
    rows: [15],
    build: set(healthy, s => val(s.api.restApi), { disableExecuteApiEndpoint: true }),
    expect: failAt(6, 'apigw.execute-api-endpoint'),
  },
  {
    name: 'branch-denying-policy-changed-after-deployment',
    description:
      'The resource policy now lists only an old endpoint, and it changed after the deployment: the denial is not yet live',
    rows: [28, 30],
    build: edit(healthy, s => {
      const p = val(s.api.restApi).policy as {
        Statement: Array<{ Condition?: Record<string, Record<string, string>> }>
      }
      p.Statement[1]!.Condition = { StringNotEquals: { 'aws:SourceVpce': 'vpce-00000000000000009' } }
      s.api.policyChanges = ok({
        lastChange: { eventTime: '2025-01-14T08:30:00.000Z', eventName: 'UpdateRestApi', user: 'ops-admin' },
        since: '2024-10-17T12:00:00.000Z',
      })
    }),
    expect: failAt(6, 'apigw.resource-policy-allows', { 'apigw.policy-deployed': 'warn' }),
  },
  {
    name: 'branch-alias-nxdomain-api-unreadable',
    description:
      'The alias does not resolve (NXDOMAIN) and the API cannot be read: the association is missing',
    rows: [13],
    build: edit(healthyAlias, s => {
      s.api.restApi = denied('apigateway:GET')
      answer(s, [], 'nxdomain')
    }),
    expect: failAt(2, 'dns.alias-association', { 'dns.private-resolution': 'fail' }),
  },
  {
    name: 'branch-caller-vpc-has-no-endpoint',
    description: "The caller's VPC has no execute-api endpoint; two endpoints exist in another VPC",
    rows: [12],
    build: edit(healthy, s => {
      callerInOtherVpc(s)
      const eps = val(s.network.endpoints)
      eps.push({
        ...structuredClone(eps[0]!),
        id: VPCE_OTHER,
        privateDnsEnabled: false,
        networkInterfaceIds: [],
      })
      answer(s, ['3.210.12.34'])
    }),
    expect: failAt(2, 'dns.caller-vpc'),
  },
  {
    name: 'branch-alias-from-peered-vpc',
    description:
      'The caller in a peered VPC calls the {api}-{vpce} alias of an endpoint in the other VPC: works over peering',
    rows: [12],
    build: edit(healthyAlias, callerInOtherVpc),
    expect: pass({ 'dns.caller-vpc': 'warn', 'sg.endpoint-ingress-443': 'warn' }),
  },
  {
    name: 'branch-custom-dhcp-from-laptop',
    description:
      'Custom DNS servers in the VPC, and the doctor ran off-VPC: whether they forward cannot be seen',
    rows: [11],
    build: edit(healthy, s => {
      val(s.network.vpcs[VPC]).dhcpDomainNameServers = ok(['10.0.0.53'])
      ;(val(s.network.caller) as { source: string }).source = 'flags'
    }),
    expect: pass({ 'dns.dhcp-resolvers': 'warn' }),
  },
  {
    name: 'branch-domain-no-management-policy',
    description:
      'A private custom domain in account B, no access association for the endpoint, and no management policy',
    rows: [40],
    build: edit(healthyCustomDomain, s => {
      const d = s.api.customDomain!
      d.consumerAssociations = ok([])
      delete (val(d.domain) as { managementPolicy?: unknown }).managementPolicy
    }),
    expect: failAt(6, 'domain.access-association', { 'domain.management-policy': 'fail' }),
  },
  {
    name: 'branch-domain-management-policy-other-account',
    description: "The domain's management policy lets another account associate, not the caller's",
    rows: [40],
    build: edit(healthyCustomDomain, s => {
      const d = s.api.customDomain!
      d.consumerAssociations = ok([])
      const m = val(d.domain) as unknown as { managementPolicy: { Statement: Array<{ Principal: unknown }> } }
      m.managementPolicy.Statement[0]!.Principal = { AWS: 'arn:aws:iam::333333333333:root' }
    }),
    expect: failAt(6, 'domain.access-association', { 'domain.management-policy': 'fail' }),
  },
  {
    name: 'branch-domain-without-policy',
    description: 'The private custom domain has no policy at all: no endpoint may invoke it',
    rows: [41],
    build: edit(healthyCustomDomain, s => {
      delete (val(s.api.customDomain!.domain) as { policy?: unknown }).policy
    }),
    expect: failAt(6, 'domain.policy-allows'),
  },
  {
    name: 'branch-authorizer-missing',
    description: 'A CUSTOM method names an authorizer that does not exist',
    rows: [37],
    build: edit(healthy, s => {
      s.signing.authorization = 'other'
      setMethod(s, { authorizationType: 'CUSTOM', authorizerId: 'auth000009' })
      allowAnyoneThroughEndpoint(s)
      s.api.authorizers = ok([])
    }),
    expect: failAt(8, 'handler.authorizer'),
  },
  {
    name: 'branch-token-authorizer-no-header',
    description: 'A TOKEN authorizer reads Authorization, and the request sends none: 401',
    rows: [37],
    build: edit(healthy, s => {
      s.signing.authorization = 'none'
      setMethod(s, { authorizationType: 'CUSTOM', authorizerId: 'auth000001' })
      allowAnyoneThroughEndpoint(s)
      s.api.authorizers = tokenAuthorizer()
    }),
    expect: failAt(8, 'handler.authorizer'),
  },
  {
    name: 'branch-cognito-method-signed',
    description: 'A Cognito method called with a SigV4 signature instead of a token (warning)',
    rows: [1],
    build: edit(healthy, s => {
      setMethod(s, { authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'auth000002' })
      allowAnyoneThroughEndpoint(s)
    }),
    expect: pass({ 'signing.authorization-header': 'warn', 'handler.authorizer': 'pass' }),
  },
  {
    name: 'branch-bearer-on-iam-method',
    description: 'An AWS_IAM method called with a bearer token: IncompleteSignatureException',
    rows: [1],
    build: set(healthy, s => s.signing, { authorization: 'other' }),
    // An unsigned caller is anonymous to the resource policy too.
    expect: failAt(1, 'signing.authorization-header', { 'apigw.resource-policy-allows': 'fail' }),
  },
  {
    name: 'branch-no-integration',
    description: 'GET /items has no integration: 500 Internal server error',
    rows: [39],
    build: edit(healthy, s => {
      for (const r of val(s.api.resources)) if (r.path === '/items') delete r.methods.GET!.integration
    }),
    expect: failAt(8, 'handler.integration'),
  },
  {
    name: 'branch-lambda-permission-other-api',
    description: "The function's resource policy lets API Gateway invoke it only for another API",
    rows: [39],
    build: edit(healthy, s => {
      const perm = val(s.api.integrationPermission) as unknown as {
        policy: { Statement: Array<{ Condition: unknown }> }
      }
      perm.policy.Statement[0]!.Condition = {
        ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${B}:zzzzzzzzzz/*/*/*` },
      }
    }),
    expect: failAt(8, 'handler.integration'),
  },
  {
    name: 'branch-method-changed-since-deployment',
    description: 'GET /items is configured AWS_IAM, but the live deployment still has NONE: redeploy',
    rows: [2],
    build: edit(healthy, s => {
      Object.assign(val(s.api.deployment).apiSummary!['/items']!.GET!, {
        authorizationType: 'NONE',
        apiKeyRequired: true,
      })
    }),
    expect: pass({ 'handler.route-deployed': 'warn' }),
  },
  {
    name: 'branch-api-does-not-exist',
    description: 'The API id does not exist in the account whose credentials read it',
    rows: [2],
    build: edit(healthy, s => {
      s.api.restApi = {
        status: 'not-found',
        message: `Invalid API identifier specified ${B}:${API}`,
      }
    }),
    expect: failAt(8, 'handler.stage-deployed'),
  },
  {
    name: 'branch-stage-without-deployment',
    description: 'The stage exists but has no deployment',
    rows: [2],
    build: edit(healthy, s => {
      delete (val(s.api.stages)[0] as { deploymentId?: string }).deploymentId
    }),
    expect: failAt(8, 'handler.stage-deployed'),
  },
  {
    name: 'branch-identity-policy-denies',
    description: "An identity policy of the caller's role explicitly denies execute-api:Invoke",
    rows: [33],
    build: edit(healthy, s => {
      val(s.caller.identityPolicies).push({
        name: 'deny-invoke',
        document: policyOf({ Sid: 'NoInvoke', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' }),
      })
    }),
    expect: failAt(7, 'iam.identity-allows'),
  },
  {
    name: 'branch-identity-missing-method-unreadable',
    description:
      'No identity policy allows the call and the method could not be read (assumed AWS_IAM): warning',
    rows: [33],
    build: edit(healthy, s => {
      s.caller.identityPolicies = ok([])
      s.api.resources = denied('apigateway:GET')
      s.api.deployment = denied('apigateway:GET')
    }),
    expect: verdictIs('incomplete', 6, 'apigw.resource-policy-principal-auth', {
      'iam.identity-allows': 'warn',
      'iam.method-auth-type': 'unknown',
    }),
  },
  {
    name: 'branch-session-expired',
    description: 'The session credentials expired before the doctor ran',
    rows: [3],
    build: set(healthy, s => val(s.caller.credentials), { expiresAt: '2025-01-15T11:00:00.000Z' }),
    expect: failAt(1, 'signing.credentials'),
  },
  {
    name: 'branch-session-expiring',
    description: 'The session expires in 5 minutes (warning)',
    rows: [3],
    build: set(healthy, s => val(s.caller.credentials), { expiresAt: '2025-01-15T12:05:00.000Z' }),
    expect: pass({ 'signing.credentials': 'warn' }),
  },
  {
    name: 'branch-no-endpoint-in-region',
    description: 'There is no execute-api interface endpoint in the region',
    rows: [21],
    build: set(healthy, s => s.network, { endpoints: ok([]) }),
    expect: failAt(5, 'vpce.state-available', {
      'sg.endpoint-ingress-443': 'unknown',
      'vpce.subnets-azs': 'unknown',
    }),
  },
  {
    name: 'branch-endpoint-in-one-zone',
    description: 'The endpoint has one subnet, in one zone (warning)',
    rows: [21],
    build: edit(healthy, s => {
      const ep = val(s.network.endpoints)[0]!
      ep.subnetIds = [SUBNET_EP_A]
      ep.networkInterfaceIds = [ENI_A]
      answer(s, [ENI_A_IP])
    }),
    expect: pass({ 'vpce.subnets-azs': 'warn' }),
  },
]
