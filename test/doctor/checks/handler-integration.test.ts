/**
 * handler.integration, branch by branch: the put-integration fix, which source ARNs a Lambda
 * permission may name (the request's, or the resource's path template), a permission that cannot
 * be read as a resource policy, and the fix when the API's account is unknown.
 */
import { describe, expect, it } from 'vitest'
import { handlerIntegration as check } from '../../../src/doctor/checks/handler-integration.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  API_ARN,
  FUNCTION_ARN,
  REGION,
  denied,
  healthy,
  ok,
  policyOf,
  requestTo,
  val,
  type Draft,
} from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

type Snap = Draft<DoctorSnapshot>
const getItems = (s: Snap) => val(s.api.resources).find(r => r.path === '/items')!.methods.GET!
const permission = (s: Snap, ...statements: Record<string, unknown>[]): Snap => {
  s.api.integrationPermission = ok({ functionArn: FUNCTION_ARN, policy: policyOf(...statements) })
  return s
}
/** Nothing tells the API's account: read with the caller's credentials, whose identity is unknown. */
const accountUnknown = (s: Snap): Snap => {
  val(s.api.restApi).policy = policyOf({
    Effect: 'Allow',
    Principal: '*',
    Action: 'execute-api:Invoke',
    Resource: 'execute-api:/*',
  })
  s.api.readWith = 'caller-credentials'
  s.caller.identity = denied('sts:GetCallerIdentity')
  return s
}
const apigwMay = (sourceArn: string) => ({
  Effect: 'Allow',
  Principal: { Service: 'apigateway.amazonaws.com' },
  Action: 'lambda:InvokeFunction',
  Resource: FUNCTION_ARN,
  Condition: { ArnLike: { 'AWS:SourceArn': sourceArn } },
})

describe('handler.integration: no integration', () => {
  it('the fix puts an AWS_PROXY integration on that resource and method, then redeploys, one command a line', () => {
    const s = healthy()
    delete (getItems(s) as { integration?: unknown }).integration
    const f = runCheck(check, s)
    expectFinding(f, 'fail', { summary: ['GET /items has no integration'], resource: 'res0000001' })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(
        `^aws apigateway put-integration --rest-api-id ${API} --resource-id res0000001 --http-method GET `,
      ),
    )
    expect(lines[1]).toMatch(/^# INTEGRATION_URI: /)
    expect(lines[3]).toMatch(
      new RegExp(`^aws apigateway create-deployment --rest-api-id ${API} --stage-name prod `),
    )
  })
  it('no API id known (a hand-made snapshot): API_ID in every command, never "undefined"', () => {
    const s = healthy()
    delete (getItems(s) as { integration?: unknown }).integration
    delete s.target.apiId
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      fix: ['put-integration --rest-api-id API_ID ', 'create-deployment --rest-api-id API_ID '],
    })
    expect(f.fix).not.toContain('undefined')
  })
})

describe('handler.integration: the Lambda permission', () => {
  it("a permission naming the resource's path template (…/GET/items/{id}) lets the request to /items/42 through", () => {
    const s = permission(
      requestTo(healthy(), 'prod', '/items/42'),
      apigwMay(`${API_ARN}/prod/GET/items/{id}`),
    )
    expectFinding(runCheck(check, s), 'pass', { summary: [FUNCTION_ARN, 'lets API Gateway invoke it'] })
  })
  it('a permission naming the request path only (…/GET/items/42) lets it through too', () => {
    const s = permission(requestTo(healthy(), 'prod', '/items/42'), apigwMay(`${API_ARN}/prod/GET/items/42`))
    expectFinding(runCheck(check, s), 'pass')
  })
  it('a permission for another path: fail naming the request ARN and the decision', () => {
    const s = permission(requestTo(healthy(), 'prod', '/items/42'), apigwMay(`${API_ARN}/prod/GET/orders`))
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: [`for ${API} (implicit-deny)`],
      evidence: [`source ARN ${API_ARN}/prod/GET/items/42`],
      resource: FUNCTION_ARN,
    })
  })
  it("no resource policy on the function: fail, no evidence; the fix adds API Gateway's permission", () => {
    const s = healthy()
    s.api.integrationPermission = ok({ functionArn: FUNCTION_ARN, policy: null })
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      fix: [`--function-name ${FUNCTION_ARN}`, `--statement-id apigateway-${API}-invoke`, `:${API}/*/*/*'`],
      resource: FUNCTION_ARN,
    })
    expect(f.evidence).toEqual([])
  })
  it("the API's account unknown: evaluated without a source ARN; the fix names any account", () => {
    const s = accountUnknown(permission(healthy(), apigwMay(`${API_ARN}/*/*/*`)))
    const f = runCheck(check, s)
    expectFinding(f, 'fail', {
      summary: ['(implicit-deny)'],
      evidence: ['source ARN ?'],
      fix: [`--source-arn 'arn:aws:execute-api:${REGION}:*:${API}/*/*/*'`],
    })
  })
  it("the API's account unknown: the request carries no aws:SourceArn at all", () => {
    const s = permission(healthy(), {
      Effect: 'Allow',
      Principal: { Service: 'apigateway.amazonaws.com' },
      Action: 'lambda:InvokeFunction',
      Resource: FUNCTION_ARN,
      Condition: { Null: { 'aws:SourceArn': 'true' } },
    })
    accountUnknown(s)
    expectFinding(runCheck(check, s), 'pass')
  })
  it('a statement without a Principal: unknown, it cannot be read as a resource policy', () => {
    const s = permission(healthy(), {
      Effect: 'Allow',
      Action: 'lambda:InvokeFunction',
      Resource: FUNCTION_ARN,
    })
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', {
      summary: [`the resource policy of ${FUNCTION_ARN}`, `${FUNCTION_ARN} policy: Statement[0].Principal`],
    })
  })
})
