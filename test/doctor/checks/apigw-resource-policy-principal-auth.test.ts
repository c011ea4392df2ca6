/**
 * apigw.resource-policy-principal-auth: a resource policy that allows named IAM principals lets
 * nobody in on a NONE / CUSTOM / Cognito method (API Gateway sees "anonymous"). The fix either
 * switches the method to AWS_IAM or adds an Allow for anonymous callers through the endpoint;
 * these tests read that added statement out of the fix, field by field.
 */
import { describe, expect, it } from 'vitest'
import { apigwResourcePolicyPrincipalAuth as check } from '../../../src/doctor/checks/apigw-resource-policy-principal-auth.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  API,
  API_ARN,
  REGION,
  VPCE,
  denied,
  healthy,
  healthyCustomDomain,
  healthyVpceName,
  invoke,
  policyOf,
  setResourcePolicy,
  val,
  type Draft,
} from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const getItems = (s: Snap) => val(s.api.resources).find(r => r.path === '/items')!.methods.GET!
const none = (s: Snap): Snap => {
  getItems(s).authorizationType = 'NONE'
  return s
}
const ROOT_A = `arn:aws:iam::${A}:root`
const METHOD_ARN = `${API_ARN}/prod/GET/items`

/** The resource policy the fix's update-rest-api line writes. */
function policyInFix(fix: string): { Statement: Record<string, unknown>[] } {
  const line = fix.split('\n').find(l => l.startsWith('aws apigateway update-rest-api'))!
  const ops = JSON.parse(line.slice(line.indexOf("'") + 1, line.lastIndexOf("'"))) as {
    op: string
    path: string
    value: string
  }[]
  expect(ops).toMatchObject([{ op: 'replace', path: '/policy' }])
  return JSON.parse(ops[0]!.value)
}
const added = (fix: string) => policyInFix(fix).Statement.at(-1)

describe('apigw.resource-policy-principal-auth: the Allow the fix adds', () => {
  it('allows "*" to invoke this method, only through the caller endpoint; the existing statements are kept', () => {
    const f = runCheck(check, none(healthy()))
    expectFinding(f, 'fail', { resource: `${API} resource policy Statement[0] (AllowCallerAccount)` })
    const doc = policyInFix(f.fix!)
    expect(doc.Statement).toHaveLength(3)
    expect(doc.Statement[0]).toMatchObject({ Sid: 'AllowCallerAccount' })
    expect(added(f.fix!)).toEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: METHOD_ARN,
      Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
    })
    // One command a line: the AWS_IAM alternative, its redeploy, then the policy.
    expect(f.fix).toMatch(/^# either switch the method to AWS_IAM/m)
    expect(f.fix).toMatch(/^aws apigateway update-method --rest-api-id a1b2c3d4e5 --resource-id res0000001/m)
    expect(f.fix).toMatch(new RegExp(`^# or allow anonymous callers that come through ${VPCE}`, 'm'))
    expect(f.fix).toMatch(/^aws apigateway update-rest-api --rest-api-id a1b2c3d4e5 /m)
  })

  it('the endpoint unreadable: the endpoint named in the URL is the condition', () => {
    const s = none(healthyVpceName())
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { fix: [`that come through ${VPCE}`] })
    expect(added(f.fix!)).toMatchObject({ Condition: { StringEquals: { 'aws:SourceVpce': VPCE } } })
  })

  it('no endpoint known at all: an Allow without a condition, and the fix does not name one', () => {
    const s = none(healthy())
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(check, s)
    expectFinding(f, 'fail')
    expect(f.fix).toMatch(/^# or allow anonymous callers in the resource policy/m)
    expect(added(f.fix!)).not.toHaveProperty('Condition')
  })

  it("the API's account unknown: the Allow names the whole API in any account", () => {
    const s = setResourcePolicy(
      none(healthy()),
      policyOf(invoke('Allow', { AWS: ROOT_A }, { Sid: 'CallerAccount', Resource: 'execute-api:/*' })),
    )
    s.api.readWith = 'caller-credentials'
    s.caller.identity = denied('sts:GetCallerIdentity')
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: ['Statement[0]', 'CallerAccount', ROOT_A] })
    expect(added(f.fix!)).toMatchObject({ Resource: `arn:aws:execute-api:${REGION}:*:${API}/*` })
  })

  it('a custom domain URL (no API id in the host): the fix names the API the base path maps to', () => {
    const f = runCheck(check, none(healthyCustomDomain()))
    expectFinding(f, 'fail', { fix: [`update-rest-api --rest-api-id ${API} `] })
    expect(f.fix).not.toContain('API_ID')
  })

  it('no API id known (a hand-made snapshot): the fix says API_ID', () => {
    const s = none(healthy())
    delete s.target.apiId
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { fix: ['--rest-api-id API_ID'] })
    expect(f.resource!.trim()).toBe('resource policy Statement[0] (AllowCallerAccount)')
  })
})

describe('apigw.resource-policy-principal-auth: which statements count', () => {
  it('a method without an authorization type is named NONE', () => {
    const s = healthy()
    delete (getItems(s) as { authorizationType?: string }).authorizationType
    // The policy engine evaluates an unread type as AWS_IAM (which the caller's account passes).
    expectFinding(runCheck(check, s), 'pass', { summary: ['the method is NONE'] })
  })

  it('an Allow for a service principal only names no IAM principal: pass', () => {
    const s = setResourcePolicy(
      none(healthy()),
      policyOf(invoke('Allow', { Service: 'lambda.amazonaws.com' }, { Sid: 'ServiceOnly' })),
    )
    expectFinding(runCheck(check, s), 'pass', { summary: ['NONE', 'does not depend on IAM principals'] })
  })

  it('a statement without a Principal: unknown, the policy could not be parsed (as a resource policy)', () => {
    const s = setResourcePolicy(
      none(healthy()),
      policyOf({ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` }),
    )
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['could not be parsed', 'Principal'] })
    expect(f.missing).toEqual([])
  })

  it('the resource policy unreadable: unknown saying why', () => {
    const s = none(healthy())
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ['could not read the resource policy', 'apigateway:GET'] })
  })

  it('the resources list not found: skipped, no method (the route check reports it)', () => {
    const s = none(healthy())
    s.api.resources = { status: 'not-found', message: 'no resources' }
    expectFinding(runCheck(check, s), 'skipped', { summary: ['no method', 'handler.route-exists'] })
  })
})
