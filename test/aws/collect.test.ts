/**
 * The collectors against recorded AWS answers (aws-sdk-client-mock): the healthy world,
 * pagination, AccessDenied and throttling, answers with missing fields, total failure, secrets.
 * Given recorded answers, When collectSnapshot runs, Then the snapshot holds the facts (or the
 * reason they are missing) and the checks never crash.
 */
import {
  GetBasePathMappingsCommand,
  GetDomainNameAccessAssociationsCommand,
  GetDomainNameCommand,
  GetDomainNamesCommand,
  GetResourcesCommand,
  GetRestApiCommand,
} from '@aws-sdk/client-api-gateway'
import {
  DescribeNetworkInterfacesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeVpcEndpointsCommand,
  type State,
} from '@aws-sdk/client-ec2'
import { GetRoleCommand, ListRolePoliciesCommand } from '@aws-sdk/client-iam'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { collectSnapshot, type CollectRequest } from '../../src/aws/collect/collect.js'
import { runChecks, verdictOf } from '../../src/doctor/run-checks.js'
import type { DoctorSnapshot } from '../../src/doctor/snapshot.js'
import {
  B,
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  REGION,
  VPC,
  VPCE,
  healthyCustomDomain,
} from '../doctor/builders.js'
import { awsError, collectRequest, CREDS, mockedPorts, recordedMocks } from './recorded.js'

let mocks: ReturnType<typeof recordedMocks>
beforeEach(() => {
  mocks = recordedMocks()
})
afterEach(() => mocks.reset())

const noSleep = { sleep: async () => undefined }

const request = (over: Partial<CollectRequest> = {}): CollectRequest =>
  collectRequest({ attempt: noSleep, ...over })

const statuses = (s: DoctorSnapshot) => Object.fromEntries(runChecks(s).map(f => [f.id, f.status]))

describe('collectSnapshot on recorded answers', () => {
  it('collects the healthy world, and every hop passes (the clock needs the live Date header)', async () => {
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.endpoints).toMatchObject({
      status: 'ok',
      value: [{ id: VPCE, privateDnsEnabled: true, securityGroupIds: ['sg-00000000000000002'] }],
    })
    expect(s.network.securityGroups['sg-00000000000000001']?.rules).toMatchObject({
      status: 'ok',
      value: [{ ruleId: 'sgr-00000000000000011', egress: true, referencedGroupId: 'sg-00000000000000002' }],
    })
    expect(s.network.nacls['subnet-00000000000000002']).toMatchObject({
      status: 'ok',
      value: { naclId: 'acl-00000000000000001' },
    })
    expect(s.network.routeTables['subnet-00000000000000001']).toMatchObject({
      status: 'ok',
      value: { main: true },
    })
    expect(s.network.enis['eni-00000000000000002']).toMatchObject({
      status: 'ok',
      value: { privateIps: ['10.0.3.10'] },
    })
    expect(s.api.restApi).toMatchObject({
      status: 'ok',
      value: {
        endpointTypes: ['PRIVATE'],
        policy: { Statement: [{ Sid: 'AllowCallerAccount' }, { Sid: 'DenyOutsideEndpoint' }] },
      },
    })
    expect(s.caller.identityPolicies).toMatchObject({
      status: 'ok',
      value: [{ name: 'invoke-orders-api', document: { Statement: [{ Action: 'execute-api:Invoke' }] } }],
    })
    expect(s.api.integrationPermission).toMatchObject({ status: 'ok' })
    const st = statuses(s)
    expect(st['signing.clock-skew']).toBe('unknown')
    expect(
      Object.entries(st).filter(
        ([id, v]) => v === 'fail' || (v === 'unknown' && id !== 'signing.clock-skew'),
      ),
    ).toEqual([])
    expect(verdictOf(runChecks(s)).status).toBe('incomplete')
  })

  it('follows NextToken and position to the last page', async () => {
    const ep = (id: string) => ({
      VpcEndpointId: id,
      VpcId: VPC,
      ServiceName: `com.amazonaws.${REGION}.execute-api`,
      State: 'available' as State,
      PrivateDnsEnabled: false,
    })
    mocks.ec2
      .on(DescribeVpcEndpointsCommand)
      .resolvesOnce({ VpcEndpoints: [ep(VPCE)], NextToken: 'page-2' })
      .resolvesOnce({ VpcEndpoints: [ep('vpce-00000000000000002')] })
    mocks.apigw
      .on(GetResourcesCommand)
      .resolvesOnce({ items: [{ id: 'root000001', path: '/' }], position: 'p2' })
      .resolvesOnce({
        items: [
          { id: 'res0000001', path: '/items', resourceMethods: { GET: { authorizationType: 'AWS_IAM' } } },
        ],
      })
    mocks.iam
      .on(ListRolePoliciesCommand)
      .resolvesOnce({ PolicyNames: ['one'], IsTruncated: true, Marker: 'm2' })
      .resolvesOnce({ PolicyNames: ['two'], IsTruncated: false })
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.endpoints.status === 'ok' && s.network.endpoints.value.map(e => e.id)).toEqual([
      VPCE,
      'vpce-00000000000000002',
    ])
    expect(mocks.ec2.commandCalls(DescribeVpcEndpointsCommand)[1]?.args[0].input.NextToken).toBe('page-2')
    expect(s.api.resources.status === 'ok' && s.api.resources.value.map(r => r.path)).toEqual(['/', '/items'])
    expect(mocks.apigw.commandCalls(GetResourcesCommand)[1]?.args[0].input.position).toBe('p2')
    expect(
      s.caller.identityPolicies.status === 'ok' && s.caller.identityPolicies.value.map(p => p.name),
    ).toEqual(['one', 'two'])
  })

  it('records AccessDenied as data, naming the permission, and the checks that need it become unknown', async () => {
    mocks.iam
      .on(ListRolePoliciesCommand)
      .rejects(
        awsError(
          'AccessDenied',
          'User: arn:aws:sts::111111111111:assumed-role/ro/s is not authorized to perform: iam:ListRolePolicies on resource: role orders-caller',
        ),
      )
    mocks.ec2
      .on(DescribeSecurityGroupRulesCommand)
      .rejects(awsError('UnauthorizedOperation', 'You are not authorized to perform this operation.'))
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.caller.identityPolicies).toMatchObject({ status: 'denied', action: 'iam:ListRolePolicies' })
    expect(s.network.securityGroups['sg-00000000000000001']?.rules).toMatchObject({
      status: 'denied',
      action: 'ec2:DescribeSecurityGroupRules',
    })
    const f = runChecks(s)
    expect(f.find(x => x.id === 'iam.identity-allows')).toMatchObject({
      status: 'unknown',
      missing: expect.arrayContaining(['iam:ListRolePolicies']),
    })
    expect(f.find(x => x.id === 'sg.caller-egress-443')).toMatchObject({
      status: 'unknown',
      missing: ['ec2:DescribeSecurityGroupRules'],
    })
  })

  it('retries throttling with backoff, then records an error if it persists', async () => {
    const rest = { id: 'a1b2c3d4e5', endpointConfiguration: { types: ['PRIVATE' as const] } }
    mocks.apigw
      .on(GetRestApiCommand)
      .rejectsOnce(awsError('TooManyRequestsException', 'Too Many Requests', 429))
      .resolves(rest)
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.api.restApi).toMatchObject({ status: 'ok', value: { id: 'a1b2c3d4e5' } })
    expect(mocks.apigw.commandCalls(GetRestApiCommand)).toHaveLength(2)

    mocks.apigw.on(GetRestApiCommand).rejects(awsError('ThrottlingException', 'Rate exceeded', 400))
    const waits: number[] = []
    const again = await collectSnapshot(
      request({ attempt: { sleep: async ms => void waits.push(ms), retries: 3 } }),
      mockedPorts(),
    )
    expect(again.api.restApi).toMatchObject({ status: 'error', code: 'ThrottlingException' })
    expect(waits).toHaveLength(3)
    expect(waits[2]!).toBeGreaterThan(waits[0]!)
  })

  it('answers with missing fields become unknowns, never a crash', async () => {
    mocks.ec2.on(DescribeVpcEndpointsCommand).resolves({ VpcEndpoints: [{ VpcEndpointId: VPCE }, {}] })
    mocks.ec2.on(DescribeNetworkInterfacesCommand).resolves({})
    mocks.apigw.on(GetRestApiCommand).resolves({})
    mocks.iam.on(GetRoleCommand).resolves({})
    const s = await collectSnapshot(request(), mockedPorts())
    expect(s.network.endpoints).toMatchObject({
      status: 'ok',
      value: [{ id: VPCE, vpcId: '', state: 'unknown', securityGroupIds: [], networkInterfaceIds: [] }],
    })
    const f = runChecks(s)
    expect(f.filter(x => /crashed/.test(x.summary))).toEqual([])
    expect(f.find(x => x.id === 'apigw.endpoint-type-private')?.status).toBe('unknown')
    expect(s.caller.role.status).toBe('not-found')
  })

  it('survives every read failing', async () => {
    mocks.sts.onAnyCommand().rejects(awsError('InternalFailure', 'boom', 500))
    mocks.ec2.onAnyCommand().rejects(awsError('InternalFailure', 'boom', 500))
    mocks.apigw.onAnyCommand().rejects(awsError('InternalFailure', 'boom', 500))
    mocks.iam.onAnyCommand().rejects(awsError('InternalFailure', 'boom', 500))
    mocks.lambda.onAnyCommand().rejects(awsError('InternalFailure', 'boom', 500))
    const s = await collectSnapshot(
      request(),
      mockedPorts({
        cloudtrail: { lastPolicyChange: () => Promise.reject(new Error('down')) },
        dns: {
          resolve: () => Promise.reject(Object.assign(new Error('queryA ETIMEOUT'), { code: 'ETIMEOUT' })),
        },
      }),
    )
    expect(s.caller.identity).toMatchObject({ status: 'error', code: 'InternalFailure' })
    expect(s.dns.answers[s.target.connectHost]).toMatchObject({ status: 'error', code: 'ETIMEOUT' })
    const f = runChecks(s)
    expect(f.filter(x => /crashed/.test(x.summary))).toEqual([])
    expect(verdictOf(f).status).not.toBe('pass')
  })

  it('never writes credentials into the snapshot, even when an error message quotes them', async () => {
    mocks.iam
      .on(GetRoleCommand)
      .rejects(
        awsError('ValidationError', `bad token ${CREDS.sessionToken} and key ${CREDS.secretAccessKey}`, 400),
      )
    const s = await collectSnapshot(request(), mockedPorts())
    const text = JSON.stringify(s)
    expect(text).not.toContain(CREDS.secretAccessKey)
    expect(text).not.toContain(CREDS.sessionToken)
    expect(text).not.toContain(CREDS.sessionToken.slice(0, 40))
  })

  it('a --lambda caller: the principal is the execution role session, the network its VpcConfig', async () => {
    const s = await collectSnapshot(
      request({ network: { lambda: 'orders-worker', subnetIds: [], securityGroupIds: [], privateIps: [] } }),
      mockedPorts(),
    )
    expect(s.caller.principal).toMatchObject({
      status: 'ok',
      value: {
        arn: 'arn:aws:sts::111111111111:assumed-role/orders-worker-role/orders-worker',
        source: 'lambda',
      },
    })
    expect(s.network.caller).toMatchObject({
      status: 'ok',
      value: { source: 'lambda', vpcId: VPC, securityGroupIds: ['sg-00000000000000001'] },
    })
    expect(mocks.iam.commandCalls(GetRoleCommand)[0]?.args[0].input.RoleName).toBe('orders-worker-role')
  })

  it('--vpce with an id: the endpoint DNS name is looked up and becomes the connect host', async () => {
    const req = request({
      vpce: { id: VPCE, placeholder: `${VPCE}-pending.execute-api.${REGION}.vpce.amazonaws.com` },
    })
    const s = await collectSnapshot(
      {
        ...req,
        signing: { ...req.signing, hostHeader: `${VPCE}-pending.execute-api.${REGION}.vpce.amazonaws.com` },
      },
      mockedPorts(),
    )
    expect(s.target.connectHost).toBe(`${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`)
    expect(s.signing.hostHeader).toBe(s.target.connectHost)
  })

  it('a private custom domain: the base path mapping names the API and the stage', async () => {
    mocks.apigw
      .on(GetDomainNamesCommand)
      .resolves({ items: [{ domainName: DOMAIN, domainNameId: DOMAIN_ID, domainNameArn: DOMAIN_ARN }] })
    mocks.apigw.on(GetDomainNameCommand).resolves({
      domainName: DOMAIN,
      domainNameId: DOMAIN_ID,
      domainNameArn: DOMAIN_ARN,
      endpointConfiguration: { types: ['PRIVATE'] },
      policy: '{"Version":"2012-10-17","Statement":[]}',
    })
    mocks.apigw
      .on(GetBasePathMappingsCommand)
      .resolves({ items: [{ basePath: 'orders', restApiId: 'a1b2c3d4e5', stage: 'prod' }] })
    mocks.apigw.on(GetDomainNameAccessAssociationsCommand).resolves({
      items: [
        { domainNameArn: DOMAIN_ARN, accessAssociationSourceType: 'VPCE', accessAssociationSource: VPCE },
      ],
    })
    const t = healthyCustomDomain().target as DoctorSnapshot['target']
    const { apiId: _drop, ...target } = t
    void _drop
    const s = await collectSnapshot(request({ target: { ...target, apiAccount: B } }), mockedPorts())
    expect(s.target).toMatchObject({ apiId: 'a1b2c3d4e5', stage: 'prod', resourcePath: '/items' })
    expect(mocks.apigw.commandCalls(GetDomainNameCommand)[0]?.args[0].input).toEqual({
      domainName: DOMAIN,
      domainNameId: DOMAIN_ID,
    })
    const st = statuses(s)
    expect(st['domain.access-association']).toBe('pass')
    expect(st['domain.policy-allows']).toBe('fail')
  })
})
