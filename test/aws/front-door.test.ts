/**
 * The front-door collector (src/aws/collect/front-door.ts) over recorded SDK answers
 * (test/aws/recorded.ts): Given a regional API whose HTTP_PROXY integration reaches the private
 * API through VPC link vl0001 and the NLB front-door, When it is read, Then the facts hold what
 * AWS answered, the private API and endpoint are identified, and the whole pipeline (front door,
 * then the usual collection, then the checks) passes the healthy world and names the failures.
 */
import {
  GetIntegrationCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetVpcLinkCommand,
} from '@aws-sdk/client-api-gateway'
import {
  DescribeListenersCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import {
  asFrontDoorSnapshot,
  collectFrontDoor,
  type FrontDoorRequest,
} from '../../src/aws/collect/front-door.js'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import { API, API_ARN, B, REGION, VPC, VPCE, healthy } from '../doctor/builders.js'
import { FRONT_NLB_ARN, FRONT_TG_ARN, awsError, mockedPorts, recordedMocks } from './recorded.js'

const FRONT = 'f1e2d3c4b5'
const NLB_DNS = `front-door-0123456789abcdef.elb.${REGION}.amazonaws.com`
const REQ: FrontDoorRequest = {
  region: REGION,
  restApiId: FRONT,
  stage: 'live',
  path: '/items',
  method: 'GET',
}
const fast = { sleep: async () => undefined }

let mocks: ReturnType<typeof recordedMocks>
beforeEach(() => {
  mocks = recordedMocks()
})
afterEach(() => mocks.reset())

/** The private API as a front door needs it: NONE method, a policy admitting only VPCE. */
function privateApiForFrontDoor() {
  mocks.apigw.on(GetResourcesCommand).resolves({
    items: [
      { id: 'root000001', path: '/' },
      {
        id: 'res0000001',
        path: '/items',
        resourceMethods: {
          GET: {
            httpMethod: 'GET',
            authorizationType: 'NONE',
            apiKeyRequired: false,
            methodIntegration: { type: 'HTTP_PROXY', uri: 'http://orders.internal:8080/items' },
          },
        },
      },
    ],
  })
  mocks.apigw.on(GetRestApiCommand).resolves({
    id: API,
    name: 'orders',
    endpointConfiguration: { types: ['PRIVATE'] },
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'execute-api:Invoke',
          Resource: `${API_ARN}/*`,
          Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
        },
      ],
    }),
  })
}

async function pipeline(req: FrontDoorRequest = REQ) {
  const ports = mockedPorts()
  const reach = await collectFrontDoor(req, ports, fast)
  const h = healthy()
  const request: CollectRequest = {
    target: {
      ...(h.target as DoctorSnapshot['target']),
      apiAccount: B,
      ...(reach.vpceId ? { vpceId: reach.vpceId } : {}),
    },
    signing: { ...(h.signing as DoctorSnapshot['signing']), authorization: 'none' },
    credentials: { status: 'ok', value: { source: 'test', kind: 'session', roleChain: [] } },
    apiReadWith: 'api-credentials',
    network: { ...reach.network, privateIps: [] },
    assumesRoleInVpc: false,
    supplied: {},
    now: new Date('2025-01-15T12:00:00Z'),
    version: '0.1.0',
    attempt: fast,
  }
  const snapshot = asFrontDoorSnapshot(await collectSnapshot(request, reach.ports), reach.facts)
  const findings = runChecks(snapshot)
  return { reach, snapshot, findings, statuses: Object.fromEntries(findings.map(f => [f.id, f.status])) }
}

describe('the front-door collector over recorded answers', () => {
  it('reads the integration, VPC link, NLB, listener, target group, health and attributes', async () => {
    const reach = await collectFrontDoor(REQ, mockedPorts(), fast)
    const f = reach.facts
    expect(f.resource).toEqual({ status: 'ok', value: { id: 'res0000001', path: '/items' } })
    expect(f.integration).toMatchObject({
      status: 'ok',
      value: { type: 'HTTP_PROXY', connectionType: 'VPC_LINK', connectionId: 'vl0001' },
    })
    expect(f.vpcLink).toMatchObject({
      status: 'ok',
      value: { status: 'AVAILABLE', targetArns: [FRONT_NLB_ARN] },
    })
    expect(f.loadBalancer).toMatchObject({
      status: 'ok',
      value: { type: 'network', vpcId: VPC, securityGroupIds: ['sg-00000000000000001'] },
    })
    expect(f.loadBalancerAttributes).toEqual({
      status: 'ok',
      value: { 'load_balancing.cross_zone.enabled': 'false' },
    })
    expect(f.listeners).toMatchObject({
      status: 'ok',
      value: [{ port: 443, protocol: 'TCP', targetGroupArns: [FRONT_TG_ARN] }],
    })
    const tg = f.targetGroups.status === 'ok' ? f.targetGroups.value[0]! : undefined
    expect(tg).toMatchObject({
      targetType: 'ip',
      port: 443,
      healthCheck: { protocol: 'TCP', port: 'traffic-port' },
    })
    expect(tg?.health).toMatchObject({
      status: 'ok',
      value: [{ id: '10.0.2.10', state: 'healthy' }, { id: '10.0.3.10' }],
    })
    expect(tg?.attributes).toMatchObject({
      status: 'ok',
      value: { 'load_balancing.cross_zone.enabled': 'use_load_balancer_configuration' },
    })
    // Which private API (the URI host) and which endpoint (the targets are its ENI addresses).
    expect(reach.apiId).toBe(API)
    expect(reach.vpceId).toBe(VPCE)
    expect(f.endpointHow).toMatch(/targets are .*ENI addresses/)
    expect(reach.network).toEqual({
      vpcId: VPC,
      subnetIds: ['subnet-00000000000000002', 'subnet-00000000000000003'],
      securityGroupIds: ['sg-00000000000000001'],
    })
    expect(mocks.apigw.commandCalls(GetIntegrationCommand)[0]!.args[0].input).toEqual({
      restApiId: FRONT,
      resourceId: 'res0000001',
      httpMethod: 'GET',
    })
  })

  it('follows NextMarker through the listeners', async () => {
    mocks.elbv2
      .on(DescribeListenersCommand)
      .resolvesOnce({
        Listeners: [{ ListenerArn: 'l1', Port: 80, Protocol: 'TCP', DefaultActions: [] }],
        NextMarker: 'm1',
      })
      .resolvesOnce({
        Listeners: [
          {
            ListenerArn: 'l2',
            Port: 443,
            Protocol: 'TCP',
            DefaultActions: [{ Type: 'forward', TargetGroupArn: FRONT_TG_ARN }],
          },
        ],
      })
    const reach = await collectFrontDoor(REQ, mockedPorts(), fast)
    expect(reach.facts.listeners).toMatchObject({ status: 'ok', value: [{ port: 80 }, { port: 443 }] })
    expect(mocks.elbv2.commandCalls(DescribeListenersCommand)[1]!.args[0].input).toMatchObject({
      Marker: 'm1',
    })
  })

  it('an NLB name in the URI with a static x-apigw-api-id mapping: the API from the header, path parameters filled', async () => {
    mocks.apigw.on(GetIntegrationCommand).resolves({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: 'vl0001',
      uri: `https://${NLB_DNS}/prod/{proxy}`,
      requestParameters: {
        'integration.request.header.x-apigw-api-id': `'${API}'`,
        'integration.request.path.proxy': 'method.request.path.proxy',
      },
      tlsConfig: { insecureSkipVerification: true },
    })
    mocks.apigw.on(GetResourcesCommand).resolves({
      items: [
        { id: 'fres000001', path: '/orders/{proxy+}', resourceMethods: { ANY: { httpMethod: 'ANY' } } },
      ],
    })
    const reach = await collectFrontDoor({ ...REQ, path: '/orders/items/42' }, mockedPorts(), fast)
    expect(reach.apiId).toBe(API)
    expect(reach.facts.privateApi?.how).toMatch(/x-apigw-api-id/)
    expect(reach.uri).toBe(`https://${NLB_DNS}/prod/items/42`)
    expect(reach.facts.integration).toMatchObject({ status: 'ok', value: { insecureSkipVerification: true } })
    // ANY matched the GET.
    expect(mocks.apigw.commandCalls(GetIntegrationCommand)[0]!.args[0].input.httpMethod).toBe('ANY')
  })

  it('a denied DescribeTargetHealth is recorded, and the targets check names the permission', async () => {
    privateApiForFrontDoor()
    mocks.elbv2
      .on(DescribeTargetHealthCommand)
      .rejects(
        awsError(
          'AccessDenied',
          'User is not authorized to perform: elasticloadbalancing:DescribeTargetHealth',
        ),
      )
    const { reach, findings } = await pipeline()
    const tg = reach.facts.targetGroups.status === 'ok' ? reach.facts.targetGroups.value[0] : undefined
    expect(tg?.health).toMatchObject({
      status: 'denied',
      action: 'elasticloadbalancing:DescribeTargetHealth',
    })
    const f = findings.find(x => x.id === 'frontdoor.nlb-targets')!
    expect(f.status).toBe('unknown')
    expect(f.missing).toContain('elasticloadbalancing:DescribeTargetHealth')
  })

  it('a VPC link that does not exist is not-found, and nothing of the NLB is read', async () => {
    mocks.apigw
      .on(GetVpcLinkCommand)
      .rejects(awsError('NotFoundException', 'Invalid VPC link identifier specified', 404))
    const reach = await collectFrontDoor(REQ, mockedPorts(), fast)
    expect(reach.facts.vpcLink.status).toBe('not-found')
    expect(reach.facts.loadBalancer.status).toBe('not-collected')
    expect(mocks.elbv2.calls()).toEqual([])
  })

  it('a VPC link V2 integration names the NLB itself: no GetVpcLink', async () => {
    mocks.apigw.on(GetIntegrationCommand).resolves({
      type: 'HTTP_PROXY',
      connectionType: 'VPC_LINK',
      connectionId: 'v2link1',
      integrationTarget: FRONT_NLB_ARN,
      uri: `https://${API}.execute-api.${REGION}.amazonaws.com/prod/items`,
    })
    const reach = await collectFrontDoor(REQ, mockedPorts(), fast)
    expect(mocks.apigw.commandCalls(GetVpcLinkCommand)).toEqual([])
    expect(reach.facts.loadBalancer).toMatchObject({ status: 'ok', value: { arn: FRONT_NLB_ARN } })
  })
})

describe('the whole front-door pipeline over recorded answers', () => {
  it('passes the healthy world: every frontdoor check passes, the caller-only ones are skipped', async () => {
    privateApiForFrontDoor()
    const { snapshot, statuses, findings } = await pipeline()
    expect(snapshot.caller.principal.status).toBe('not-collected')
    expect(snapshot.frontDoor?.endpointId).toBe(VPCE)
    expect(statuses).toMatchObject({
      'frontdoor.integration-routing': 'pass',
      'frontdoor.signing': 'pass',
      'frontdoor.tls-name': 'pass',
      'frontdoor.nlb-security-groups': 'pass',
      'frontdoor.vpc-link-available': 'pass',
      'frontdoor.nlb-targets': 'pass',
      'apigw.resource-policy-allows': 'pass',
      'signing.authorization-header': 'skipped',
      'dns.private-resolution': 'skipped',
    })
    expect(findings.filter(f => f.status === 'fail')).toEqual([])
  })

  it('names the AWS_IAM private method at hop 1 with the update-method fix', async () => {
    // The recorded private method is AWS_IAM.
    const { findings } = await pipeline()
    const v = verdictOf(findings)
    expect(v).toMatchObject({ status: 'fail', hop: 1, check: 'frontdoor.signing' })
    expect(findings.find(f => f.id === 'frontdoor.signing')!.fix).toMatch(
      /aws apigateway update-method --rest-api-id a1b2c3d4e5 --resource-id res0000001 --http-method GET/,
    )
  })
})
