/**
 * Scenarios for the front-door caller (`doctor --from-api`): a regional API Gateway in account A
 * whose HTTP_PROXY integration reaches the private API of account B through VPC link vl0001, the
 * NLB `front-door` (subnets of zones a and b, security group SG_CALLER) and the ENI addresses of
 * VPCE. The healthy one, then one per failure the front door brings. Expectations are written by
 * hand, as in scenario-defs.ts.
 */
import type { FrontDoorFacts } from '../../src/doctor/front-door-facts.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import type { ScenarioDef } from './scenario-defs-kit.js'
import {
  API,
  API_ARN,
  ENI_A_IP,
  ENI_B_IP,
  HOST,
  REGION,
  SG_CALLER,
  SG_ENDPOINT,
  SUBNET_EP_A,
  SUBNET_EP_B,
  VPC,
  VPCE,
  VPCE_OTHER,
  healthy,
  ok,
  val,
  type Draft,
} from './builders.js'
import { failAt, verdictIs } from './scenario-defs-kit.js'

export const FRONT_API = 'f1e2d3c4b5'
export const VPC_LINK = 'vl0001'
export const NLB_ARN = `arn:aws:elasticloadbalancing:${REGION}:111111111111:loadbalancer/net/front-door/0123456789abcdef`
export const NLB_DNS = `front-door-0123456789abcdef.elb.${REGION}.amazonaws.com`
export const TG_ARN = `arn:aws:elasticloadbalancing:${REGION}:111111111111:targetgroup/front-door-enis/0123456789abcdef`
export const LISTENER_ARN = `arn:aws:elasticloadbalancing:${REGION}:111111111111:listener/net/front-door/0123456789abcdef/0123456789abcdef`
export const FRONT_RESOURCE = 'fres000001'

const ANON =
  'the caller is API Gateway (the front door): an HTTP integration sends no signature, so API Gateway sees an anonymous caller'

/** The front-door facts of the healthy set-up. */
function frontDoorFacts(): FrontDoorFacts {
  return {
    from: 'api',
    region: REGION,
    restApiId: FRONT_API,
    stage: 'live',
    method: 'GET',
    path: '/orders/items',
    resource: ok({ id: FRONT_RESOURCE, path: '/orders/{proxy+}' }),
    integration: ok({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: VPC_LINK,
      uri: `https://${HOST}/prod/{proxy}`,
      httpMethod: 'ANY',
      requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' },
    }),
    vpcLinkId: VPC_LINK,
    vpcLink: ok({ id: VPC_LINK, name: 'front-door', status: 'AVAILABLE', targetArns: [NLB_ARN] }),
    loadBalancer: ok({
      arn: NLB_ARN,
      name: 'front-door',
      type: 'network',
      scheme: 'internal',
      dnsName: NLB_DNS,
      vpcId: VPC,
      state: 'active',
      zones: [
        { zoneName: `${REGION}a`, subnetId: SUBNET_EP_A },
        { zoneName: `${REGION}b`, subnetId: SUBNET_EP_B },
      ],
      securityGroupIds: [SG_CALLER],
    }),
    loadBalancerAttributes: ok({ 'load_balancing.cross_zone.enabled': 'false' }),
    listeners: ok([
      { arn: LISTENER_ARN, port: 443, protocol: 'TCP', targetGroupArns: [TG_ARN], certificateArns: [] },
    ]),
    targetGroups: ok([
      {
        arn: TG_ARN,
        name: 'front-door-enis',
        protocol: 'TCP',
        port: 443,
        targetType: 'ip',
        vpcId: VPC,
        healthCheck: { protocol: 'TCP', port: 'traffic-port' },
        health: ok([
          { id: ENI_A_IP, port: 443, availabilityZone: `${REGION}a`, state: 'healthy' },
          { id: ENI_B_IP, port: 443, availabilityZone: `${REGION}b`, state: 'healthy' },
        ]),
        attributes: ok({ 'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration' }),
      },
    ]),
    privateApi: { apiId: API, how: `the URI host ${HOST}` },
    endpointId: VPCE,
    endpointHow: `the NLB's targets are ${VPCE}'s ENI addresses`,
  }
}

/** The healthy front door: a NONE private method whose resource policy admits only VPCE. */
export function healthyFrontDoor(): Draft<DoctorSnapshot> {
  const s = healthy()
  s.target.url = `https://${HOST}/prod/items`
  s.target.vpceId = VPCE
  s.signing = {
    region: REGION,
    regionSource: 'host',
    service: 'execute-api',
    authorization: 'none',
    hostHeader: HOST,
    route: `front door ${FRONT_API}/live /orders/items → VPC link ${VPC_LINK} → NLB front-door → ${VPCE}`,
  }
  const why = { status: 'not-collected' as const, reason: ANON }
  s.caller.principal = why
  s.caller.role = why
  s.caller.identityPolicies = why
  s.caller.permissionsBoundary = why
  s.network.caller = ok({
    source: 'flags',
    vpcId: VPC,
    subnetIds: [SUBNET_EP_A, SUBNET_EP_B],
    securityGroupIds: [SG_CALLER],
    privateIps: [],
  })
  for (const r of val(s.api.resources)) for (const m of Object.values(r.methods)) m.authorizationType = 'NONE'
  for (const p of Object.values(val(s.api.deployment).apiSummary!))
    for (const m of Object.values(p)) m.authorizationType = 'NONE'
  val(s.api.restApi).policy = {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'AllowFrontDoorEndpoint',
        Effect: 'Allow',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
        Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
      },
    ],
  } as never
  s.frontDoor = frontDoorFacts() as Draft<FrontDoorFacts>
  return s
}

const edit = (change: (s: Draft<DoctorSnapshot>, fd: Draft<FrontDoorFacts>) => void) => () => {
  const s = healthyFrontDoor()
  change(s, s.frontDoor!)
  return s
}
const tg = (fd: Draft<FrontDoorFacts>) => val(fd.targetGroups)[0]!

export const FRONT_DOOR_SCENARIOS: readonly ScenarioDef[] = [
  {
    name: 'frontdoor-healthy',
    description:
      'A regional API reaches the private API through VPC link, NLB and the endpoint ENIs: every front-door check passes, the caller-only checks are skipped',
    rows: [],
    build: healthyFrontDoor,
    expect: {
      verdict: { status: 'pass', hop: null, check: null },
      checks: {
        'frontdoor.integration-routing': 'pass',
        'frontdoor.signing': 'pass',
        'frontdoor.tls-name': 'pass',
        'frontdoor.nlb-security-groups': 'pass',
        'frontdoor.vpc-link-available': 'pass',
        'frontdoor.nlb-targets': 'pass',
        'apigw.resource-policy-allows': 'pass',
        'vpce.policy-allows': 'pass',
        'nacl.caller-subnet': 'pass',
        'nacl.endpoint-subnet': 'pass',
        'signing.credentials': 'skipped',
        'signing.authorization-header': 'skipped',
        'dns.private-resolution': 'skipped',
        'sg.endpoint-ingress-443': 'skipped',
        'iam.identity-allows': 'skipped',
      },
    },
  },
  {
    name: 'frontdoor-nlb-name-as-host',
    description:
      "The integration URI is the NLB's DNS name and maps no x-apigw-api-id: the endpoint cannot route (hop 1), and the name is not on its certificate (hop 2)",
    rows: [],
    build: edit((s, fd) => {
      val(fd.integration).uri = `https://${NLB_DNS}/prod/{proxy}`
      fd.privateApi = { how: `neither the URI host ${NLB_DNS} nor an x-apigw-api-id mapping names one` }
      s.signing.hostHeader = NLB_DNS
    }),
    expect: failAt(1, 'frontdoor.integration-routing', { 'frontdoor.tls-name': 'fail' }),
  },
  {
    name: 'frontdoor-nlb-name-with-api-id-header',
    description:
      "x-apigw-api-id routes the call, but the URI host is still the NLB's name: API Gateway's TLS check fails against the endpoint's certificate, insecureSkipVerification or not",
    rows: [],
    build: edit((s, fd) => {
      const i = val(fd.integration)
      i.uri = `https://${NLB_DNS}/prod/{proxy}`
      i.requestParameters['integration.request.header.x-apigw-api-id'] = `'${API}'`
      i.insecureSkipVerification = true
      fd.privateApi = { apiId: API, how: `the x-apigw-api-id mapping '${API}'` }
      s.signing.hostHeader = NLB_DNS
      s.signing.apiIdHeader = API
    }),
    expect: failAt(2, 'frontdoor.tls-name', { 'frontdoor.integration-routing': 'pass' }),
  },
  {
    name: 'frontdoor-insecure-skip-verification',
    description:
      "The URI host is the private API's own name (on the certificate) and insecureSkipVerification is set anyway: a warning, with the patch that turns it off",
    rows: [],
    build: edit((_s, fd) => {
      val(fd.integration).insecureSkipVerification = true
    }),
    expect: verdictIs('pass', null, null, { 'frontdoor.tls-name': 'warn' }),
  },
  {
    name: 'frontdoor-private-method-aws-iam',
    description:
      'The private method is AWS_IAM: an HTTP integration through a VPC link cannot sign, so API Gateway answers Missing Authentication Token',
    rows: [1],
    build: edit(s => {
      for (const r of val(s.api.resources))
        for (const m of Object.values(r.methods)) m.authorizationType = 'AWS_IAM'
      for (const p of Object.values(val(s.api.deployment).apiSummary!))
        for (const m of Object.values(p)) m.authorizationType = 'AWS_IAM'
    }),
    expect: failAt(1, 'frontdoor.signing', { 'frontdoor.integration-routing': 'pass' }),
  },
  {
    name: 'frontdoor-vpc-link-failed',
    description: 'The VPC link is FAILED: the front door cannot reach the NLB',
    rows: [],
    build: edit((_s, fd) => {
      const l = val(fd.vpcLink)
      l.status = 'FAILED'
      l.statusMessage = 'NLB ARN is malformed or does not exist'
    }),
    expect: failAt(5, 'frontdoor.vpc-link-available', { 'frontdoor.nlb-targets': 'pass' }),
  },
  {
    name: 'frontdoor-vpc-link-pending',
    description: 'The VPC link is still PENDING: calls fail until it is AVAILABLE',
    rows: [],
    build: edit((_s, fd) => {
      val(fd.vpcLink).status = 'PENDING'
    }),
    expect: failAt(5, 'frontdoor.vpc-link-available'),
  },
  {
    name: 'frontdoor-targets-wrong-addresses',
    description:
      "The target group holds an old address and one ENI on port 80, not the endpoint's ENI addresses on 443",
    rows: [],
    build: edit((_s, fd) => {
      val(tg(fd).health).splice(
        0,
        2,
        {
          id: '10.0.2.99',
          port: 443,
          availabilityZone: `${REGION}a`,
          state: 'unhealthy',
          reason: 'Target.Timeout',
        },
        {
          id: ENI_B_IP,
          port: 80,
          availabilityZone: `${REGION}b`,
          state: 'unhealthy',
          reason: 'Target.FailedHealthChecks',
        },
      )
    }),
    expect: failAt(5, 'frontdoor.nlb-targets', { 'frontdoor.vpc-link-available': 'pass' }),
  },
  {
    name: 'frontdoor-zone-unhealthy-no-cross-zone',
    description:
      "The ENI in zone b is unhealthy and cross-zone load balancing is off: the NLB's node in zone b fails its share of the calls",
    rows: [],
    build: edit((_s, fd) => {
      Object.assign(val(tg(fd).health)[1]!, { state: 'unhealthy', reason: 'Target.Timeout' })
    }),
    expect: failAt(5, 'frontdoor.nlb-targets'),
  },
  {
    name: 'frontdoor-zone-unhealthy-cross-zone-on',
    description:
      'The same unhealthy ENI with cross-zone load balancing on: the healthy target takes the calls (a warning)',
    rows: [],
    build: edit((_s, fd) => {
      Object.assign(val(tg(fd).health)[1]!, { state: 'unhealthy', reason: 'Target.Timeout' })
      val(fd.loadBalancerAttributes)['load_balancing.cross_zone.enabled'] = 'true'
    }),
    expect: verdictIs('pass', null, null, { 'frontdoor.nlb-targets': 'warn' }),
  },
  {
    name: 'frontdoor-http-health-check',
    description:
      'The target group checks health over HTTPS: the endpoint answers 403 to it, so every target is unhealthy; the fix is a TCP health check',
    rows: [],
    build: edit((_s, fd) => {
      const g = tg(fd)
      g.healthCheck = { protocol: 'HTTPS', port: 'traffic-port', path: '/', matcher: '200' }
      for (const t of val(g.health))
        Object.assign(t, { state: 'unhealthy', reason: 'Target.ResponseCodeMismatch' })
    }),
    expect: failAt(5, 'frontdoor.nlb-targets'),
  },
  {
    name: 'frontdoor-endpoint-sg-no-nlb',
    description:
      "The endpoint's security group admits only another group, not the NLB's: connections and health checks from the NLB time out",
    rows: [17],
    build: edit(s => {
      const rules = val(s.network.securityGroups[SG_ENDPOINT]!.rules)
      rules[0]!.referencedGroupId = 'sg-000000000000000ff'
    }),
    expect: failAt(3, 'frontdoor.nlb-security-groups'),
  },
  {
    name: 'frontdoor-nlb-without-sg-subnets-not-admitted',
    description:
      "The NLB has no security groups, so it connects from its subnets' addresses, and the endpoint admits only a security group",
    rows: [17],
    build: edit((s, fd) => {
      val(fd.loadBalancer).securityGroupIds = []
      const net = val(s.network.caller)
      net.securityGroupIds = []
    }),
    expect: failAt(3, 'frontdoor.nlb-security-groups'),
  },
  {
    name: 'frontdoor-reaches-another-api',
    description:
      'The integration names private API a1b2c3d4e5 but the user expects z9y8x7w6v5 (--api-id): the x-apigw-api-id mapping to the expected one is the fix',
    rows: [],
    build: edit((_s, fd) => {
      fd.privateApi = { ...fd.privateApi!, expected: 'z9y8x7w6v5' }
    }),
    expect: failAt(1, 'frontdoor.integration-routing'),
  },
  {
    name: 'frontdoor-http-uri',
    description:
      'The integration URI is http:// and the NLB listens on 80: the endpoint speaks only HTTPS on 443',
    rows: [],
    build: edit((_s, fd) => {
      val(fd.integration).uri = `http://${HOST}/prod/{proxy}`
      val(fd.listeners)[0]!.port = 80
    }),
    expect: failAt(2, 'frontdoor.tls-name', { 'frontdoor.nlb-targets': 'pass' }),
  },
  {
    name: 'frontdoor-no-listener-on-443',
    description: "The NLB listens on 8443 only: the front door's HTTPS connections to 443 are refused",
    rows: [],
    build: edit((_s, fd) => {
      val(fd.listeners)[0]!.port = 8443
    }),
    expect: failAt(5, 'frontdoor.nlb-targets'),
  },
  {
    name: 'frontdoor-resource-policy-other-endpoint',
    description:
      "The private API's resource policy admits another endpoint, not the one the NLB targets: the anonymous call is denied at hop 6",
    rows: [28],
    build: edit(s => {
      const policy = val(s.api.restApi).policy as {
        Statement: Array<{ Condition: Record<string, Record<string, string>> }>
      }
      policy.Statement[0]!.Condition.StringEquals!['aws:SourceVpce'] = VPCE_OTHER
    }),
    expect: failAt(6, 'apigw.resource-policy-allows', { 'frontdoor.nlb-targets': 'pass' }),
  },
]
