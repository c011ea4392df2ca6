/**
 * Hop 8 checks: stage, route, deployment, API key, authorizer, integration. Findings name the
 * API, stage, resource, deployment, usage plan, authorizer or function to change.
 */
import { describe, expect, it } from 'vitest'
import { handlerApiKey } from '../../../src/doctor/checks/handler-api-key.js'
import { handlerAuthorizer } from '../../../src/doctor/checks/handler-authorizer.js'
import { handlerIntegration, lambdaArnOfUri } from '../../../src/doctor/checks/handler-integration.js'
import { handlerRouteDeployed } from '../../../src/doctor/checks/handler-route-deployed.js'
import { handlerRouteExists } from '../../../src/doctor/checks/handler-route-exists.js'
import { handlerStageDeployed } from '../../../src/doctor/checks/handler-stage-deployed.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  API_ARN,
  B,
  FUNCTION_ARN,
  HOST,
  REGION,
  denied,
  healthy,
  ok,
  val,
  type Draft,
  policyOf,
  A,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const method = (s: Draft<DoctorSnapshot>) => val(s.api.resources).find(r => r.path === '/items')!.methods.GET!
const deployed = (s: Draft<DoctorSnapshot>) => val(s.api.deployment).apiSummary!['/items']!.GET!
const withPath = (s: Draft<DoctorSnapshot>, path: string) => {
  s.target.url = `https://${HOST}/prod${path}`
  s.target.urlPath = `/prod${path}`
  s.target.resourcePath = path
  return s
}
const withStage = (s: Draft<DoctorSnapshot>, stage: string) => {
  s.target.stage = stage
  s.target.url = `https://${HOST}/${stage}/items`
  s.target.urlPath = `/${stage}/items`
  return s
}
const custom = (s: Draft<DoctorSnapshot>, auth: Record<string, unknown> = {}) => {
  Object.assign(method(s), { authorizationType: 'CUSTOM', authorizerId: 'auth000001' })
  s.api.authorizers = ok([
    {
      id: 'auth000001',
      name: 'orders-token',
      type: 'TOKEN',
      identitySource: 'method.request.header.Authorization',
      ...auth,
    },
  ])
  return s
}

describe('handler.stage-deployed', () => {
  it('the stage serves a deployment: pass naming both and the date', () => {
    expectFinding(runCheck(handlerStageDeployed, healthy()), 'pass', {
      summary: ['prod', 'dep0000001', '2025-01-10T10:00:00.000Z'],
    })
    const s = healthy()
    delete (val(s.api.deployment) as { createdDate?: string }).createdDate
    expect(runCheck(handlerStageDeployed, s).summary).not.toContain('created')
  })
  it('a missing stage: fail naming it and the existing ones; the fix calls an existing stage or deploys', () => {
    const f = runCheck(handlerStageDeployed, withStage(healthy(), 'prd'))
    expectFinding(f, 'fail', {
      summary: ['"prd"', API, 'prod'],
      fix: [`https://${HOST}/prod/items`, `--stage-name prd`, `--rest-api-id ${API}`, REGION],
      resource: `${API}/prd`,
      evidence: ['stages: prod'],
    })
  })
  it('no stage at all: "none", the fix deploys', () => {
    const s = withStage(healthy(), 'prd')
    s.api.stages = ok([])
    const f = runCheck(handlerStageDeployed, s)
    expectFinding(f, 'fail', { summary: ['none'], fix: ['create-deployment', '--stage-name prd'] })
    expect(f.fix).not.toContain('https://')
  })
  it('the API does not exist (read with the API credentials): fail naming account and region', () => {
    const s = healthy()
    s.api.restApi = { status: 'not-found', message: 'Invalid API identifier' }
    expectFinding(runCheck(handlerStageDeployed, s), 'fail', {
      summary: [API, B, REGION],
      fix: [REGION],
      resource: API,
    })
    s.api.readWith = 'caller-credentials'
    expectFinding(runCheck(handlerStageDeployed, s), 'unknown')
  })
  it('unknowns: the API, the stages', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    expectFinding(runCheck(handlerStageDeployed, s), 'unknown', { summary: [API] })
    const t = healthy()
    t.api.stages = denied('apigateway:GET')
    expectFinding(runCheck(handlerStageDeployed, t), 'unknown', { summary: [API] })
  })
})

describe('handler.route-exists', () => {
  it('matched: pass naming the method, the path and the resource id', () => {
    expectFinding(runCheck(handlerRouteExists, healthy()), 'pass', { summary: ['GET /items', 'res0000001'] })
    expectFinding(runCheck(handlerRouteExists, withPath(healthy(), '/items/42')), 'pass', {
      summary: ['/items/{id}', 'res0000002'],
    })
  })
  it('no such path: fail; the evidence lists the resources and methods; the fix names API and stage', () => {
    const f = runCheck(handlerRouteExists, withPath(healthy(), '/orders'))
    expectFinding(f, 'fail', {
      fix: [`--rest-api-id ${API}`, '--stage-name prod', REGION],
      resource: API,
      evidence: ['/items [GET]', '/items/{id} [GET]'],
    })
  })
  it('resources unreadable: unknown', () => {
    const s = healthy()
    s.api.resources = denied('apigateway:GET')
    expect(runCheck(handlerRouteExists, s).status).toBe('unknown')
  })
})

describe('handler.route-deployed', () => {
  it('deployed and unchanged: pass naming the deployment', () => {
    expectFinding(runCheck(handlerRouteDeployed, healthy()), 'pass', {
      summary: ['GET /items', 'dep0000001'],
    })
  })
  it('not in the deployment: fail naming the deployment, stage and date; evidence lists what is deployed', () => {
    const s = healthy()
    delete val(s.api.deployment).apiSummary!['/items']
    const f = runCheck(handlerRouteDeployed, s)
    expectFinding(f, 'fail', {
      summary: ['GET /items', 'dep0000001', 'prod', '2025-01-10T10:00:00.000Z'],
      fix: [`--rest-api-id ${API}`, '--stage-name prod'],
      resource: `${API}/prod`,
      evidence: ['/items/{id} [GET]'],
    })
  })
  it('only the API key setting drifted: warn naming it; equal settings do not warn', () => {
    const s = healthy()
    deployed(s).apiKeyRequired = true
    const f = runCheck(handlerRouteDeployed, s)
    expectFinding(f, 'warn', {
      summary: ['API key required true live, false configured'],
      resource: `${API}/prod`,
    })
    expect(f.summary).not.toContain('authorization')
    const t = healthy()
    delete (deployed(t) as { authorizationType?: string }).authorizationType
    delete (deployed(t) as { apiKeyRequired?: boolean }).apiKeyRequired
    expect(runCheck(handlerRouteDeployed, t).status).toBe('pass')
  })
  it('no API summary: unknown naming the deployment; deployment unreadable: unknown; no method: skipped', () => {
    const s = healthy()
    delete val(s.api.deployment).apiSummary
    expectFinding(runCheck(handlerRouteDeployed, s), 'unknown', { summary: ['dep0000001'] })
    const t = healthy()
    t.api.deployment = denied('apigateway:GET')
    expectFinding(runCheck(handlerRouteDeployed, t), 'unknown')
    expect(runCheck(handlerRouteDeployed, withPath(healthy(), '/orders')).status).toBe('skipped')
  })
})

describe('handler.api-key', () => {
  it('no key required: pass naming the route', () => {
    expectFinding(runCheck(handlerApiKey, healthy()), 'pass', { summary: ['GET /items'] })
  })
  it('required, no plan for this stage: fail naming API/stage; the fix creates a plan for them', () => {
    const s = healthy()
    method(s).apiKeyRequired = true
    s.api.usagePlans = ok([
      {
        id: 'plan000002',
        name: 'other',
        apiStages: [
          { apiId: API, stage: 'dev' },
          { apiId: 'zzzzzzzzzz', stage: 'prod' },
        ],
      },
    ])
    const f = runCheck(handlerApiKey, s)
    expectFinding(f, 'fail', {
      summary: [`${API}/prod`],
      fix: [`apiId=${API},stage=prod`, REGION],
      resource: `${API}/prod`,
      evidence: ['other'],
    })
  })
  it('required, in a plan: warn naming the plan (by name, else id); the fix sends x-api-key', () => {
    const s = healthy()
    method(s).apiKeyRequired = true
    s.api.usagePlans = ok([{ id: 'plan000001', apiStages: [{ apiId: API, stage: 'prod' }] }])
    const f = runCheck(handlerApiKey, s)
    expectFinding(f, 'warn', {
      summary: ['plan000001'],
      fix: ['x-api-key', '--usage-plan-id plan000001', s.target.url],
      resource: `${API}/prod`,
    })
  })
  it('plans unreadable: unknown; no method: skipped', () => {
    const s = healthy()
    method(s).apiKeyRequired = true
    s.api.usagePlans = denied('apigateway:GET')
    expectFinding(runCheck(handlerApiKey, s), 'unknown')
    expect(runCheck(handlerApiKey, withPath(healthy(), '/orders')).status).toBe('skipped')
  })
})

describe('handler.authorizer', () => {
  it('AWS_IAM: skipped naming the type; Cognito: pass', () => {
    expectFinding(runCheck(handlerAuthorizer, healthy()), 'skipped', { summary: ['AWS_IAM'] })
    const s = healthy()
    method(s).authorizationType = 'COGNITO_USER_POOLS'
    expectFinding(runCheck(handlerAuthorizer, s), 'pass', { summary: ['Cognito'] })
  })
  it('a REQUEST authorizer without a given policy: warn naming it; the fix names its log group', () => {
    const s = custom(healthy(), {
      type: 'REQUEST',
      identitySource: 'method.request.header.X-Token',
      authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${B}:function:orders-authorizer/invocations`,
    })
    s.signing.authorization = 'none'
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'warn', {
      summary: ['orders-token'],
      fix: ['/aws/lambda/orders-authorizer', '--authorizer-policy'],
      resource: 'auth000001',
      evidence: ['REQUEST', 'X-Token'],
    })
  })
  it('a TOKEN authorizer and no Authorization header: fail (401)', () => {
    const s = custom(healthy())
    s.signing.authorization = 'none'
    expectFinding(runCheck(handlerAuthorizer, s), 'fail', {
      summary: ['orders-token', '401'],
      fix: [s.target.url],
      resource: 'auth000001',
    })
  })
  it('a given authorizer policy that allows: pass; one that does not allow: fail (no "explicit deny")', () => {
    const s = custom(healthy())
    s.signing.authorization = 'other'
    s.supplied.authorizerPolicy = {
      name: 'answer.json',
      document: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/*` }],
      },
    }
    expectFinding(runCheck(handlerAuthorizer, s), 'pass', { summary: ['given'] })
    s.supplied.authorizerPolicy.document = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: `${API_ARN}/dev/*` }],
    }
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      summary: ['not authorized'],
      fix: ['orders-token', `${API_ARN}/prod/GET/items`],
      resource: 'auth000001',
    })
    expect(f.summary).not.toContain('explicit deny')
  })
  it('authorizer missing or unnamed: fail naming the id; authorizers unreadable: unknown', () => {
    const s = custom(healthy())
    s.api.authorizers = ok([])
    expectFinding(runCheck(handlerAuthorizer, s), 'fail', { summary: ['auth000001'], resource: 'auth000001' })
    delete (method(s) as { authorizerId?: string }).authorizerId
    expectFinding(runCheck(handlerAuthorizer, s), 'fail', { summary: ['(none)'] })
    s.api.authorizers = denied('apigateway:GET')
    expectFinding(runCheck(handlerAuthorizer, s), 'unknown')
  })
})

describe('handler.authorizer, the facts in each branch', () => {
  it('an authorizer with only an id: warn naming the id, "?" for the unknown type and source, a placeholder function', () => {
    const s = healthy()
    Object.assign(method(s), { authorizationType: 'CUSTOM', authorizerId: 'auth000002' })
    s.api.authorizers = ok([{ id: 'auth000002' }])
    s.signing.authorization = 'other'
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'warn', {
      summary: ['auth000002'],
      evidence: ['authorizer auth000002 (?) identity source ?'],
      fix: ['/aws/lambda/AUTHORIZER_FUNCTION', '# AUTHORIZER_FUNCTION:', REGION],
      resource: 'auth000002',
    })
  })
  it('a function named in the authorizer URI: no placeholder line in the fix', () => {
    const s = custom(healthy(), {
      authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:${B}:function:orders-authorizer/invocations`,
    })
    s.signing.authorization = 'other'
    const f = runCheck(handlerAuthorizer, s)
    expect(f.fix).toContain('/aws/lambda/orders-authorizer ')
    expect(f.fix).not.toContain('AUTHORIZER_FUNCTION')
    expect(evidenceText(f)).toContain('function:orders-authorizer')
  })
  it('a TOKEN authorizer reading another header, or a request that sends Authorization: no 401 failure', () => {
    const s = custom(healthy(), { identitySource: 'method.request.header.X-Token' })
    s.signing.authorization = 'none'
    expect(runCheck(handlerAuthorizer, s).status).toBe('warn')
    const t = custom(healthy())
    t.signing.authorization = 'other'
    expect(runCheck(handlerAuthorizer, t).status).toBe('warn')
    const r = custom(healthy(), { type: 'REQUEST' })
    r.signing.authorization = 'none'
    expect(runCheck(handlerAuthorizer, r).status).toBe('warn')
  })
  it('a given policy with an explicit Deny: fail saying "explicit deny", naming the method ARN in the fix', () => {
    const s = custom(healthy())
    s.signing.authorization = 'other'
    s.supplied.authorizerPolicy = {
      name: 'answer.json',
      document: policyOf({
        Sid: 'No',
        Effect: 'Deny',
        Action: 'execute-api:Invoke',
        Resource: `${API_ARN}/*`,
      }),
    }
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      summary: ['with an explicit deny', '403'],
      fix: ['orders-token', `${API_ARN}/prod/GET/items`],
      resource: 'auth000001',
    })
  })
  it('the missing authorizer: the fix updates the method (API, resource id, method) and redeploys', () => {
    const s = custom(healthy())
    s.api.authorizers = ok([{ id: 'auth000009', name: 'other' }])
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      summary: ['auth000001', 'does not exist'],
      fix: [
        `update-method --rest-api-id ${API} --resource-id res0000001 --http-method GET --region ${REGION}`,
        '/authorizerId',
        `get-authorizers --rest-api-id ${API}`,
        'create-deployment',
      ],
    })
  })
  it('a method of another type: skipped naming it', () => {
    const s = healthy()
    method(s).authorizationType = 'NONE'
    expectFinding(runCheck(handlerAuthorizer, s), 'skipped', { summary: ['NONE'] })
    expect(runCheck(handlerAuthorizer, withPath(healthy(), '/orders')).status).toBe('skipped')
  })
})

describe('handler.integration', () => {
  it('a Lambda the API may invoke: pass naming the function', () => {
    expectFinding(runCheck(handlerIntegration, healthy()), 'pass', { summary: [FUNCTION_ARN] })
  })
  it('an HTTP integration: pass naming type and URI', () => {
    const s = healthy()
    method(s).integration = { type: 'HTTP_PROXY', uri: 'https://backend.internal/items' }
    expectFinding(runCheck(handlerIntegration, s), 'pass', {
      summary: ['HTTP_PROXY', 'https://backend.internal/items'],
    })
  })
  it('a Lambda invoked with a credentials role: pass naming the role', () => {
    const s = healthy()
    ;(method(s).integration as { credentials?: string }).credentials =
      'arn:aws:iam::222222222222:role/apigw-invoke'
    expectFinding(runCheck(handlerIntegration, s), 'pass', {
      summary: ['arn:aws:iam::222222222222:role/apigw-invoke'],
    })
  })
  it('the function has no resource policy: fail; the fix adds the permission for this API', () => {
    const s = healthy()
    val(s.api.integrationPermission).policy = null
    expectFinding(runCheck(handlerIntegration, s), 'fail', {
      summary: [FUNCTION_ARN],
      fix: [
        `--function-name ${FUNCTION_ARN}`,
        `arn:aws:execute-api:${REGION}:${B}:${API}/*/*/*`,
        'apigateway.amazonaws.com',
      ],
      resource: FUNCTION_ARN,
    })
  })
  it('a permission scoped to the resource path (not the method ARN) counts', () => {
    const s = healthy()
    const perm = val(s.api.integrationPermission) as unknown as {
      policy: { Statement: Array<{ Condition: unknown }> }
    }
    perm.policy.Statement[0]!.Condition = { ArnLike: { 'AWS:SourceArn': `${API_ARN}/*/items` } }
    expect(runCheck(handlerIntegration, s).status).toBe('pass')
  })
  it('permission unreadable: unknown naming the function', () => {
    const s = healthy()
    s.api.integrationPermission = denied('lambda:GetPolicy')
    expectFinding(runCheck(handlerIntegration, s), 'unknown', { summary: [FUNCTION_ARN] })
  })
  it('no integration: fail naming the method and resource; the fix puts one and redeploys the stage', () => {
    const s = healthy()
    delete (method(s) as { integration?: unknown }).integration
    const f = runCheck(handlerIntegration, s)
    expectFinding(f, 'fail', {
      summary: ['GET /items', '500'],
      fix: [
        `put-integration --rest-api-id ${API} --resource-id res0000001 --http-method GET --type AWS_PROXY`,
        `# INTEGRATION_URI: the backend, e.g. arn:aws:apigateway:${REGION}:lambda:path`,
        `create-deployment --rest-api-id ${API} --stage-name prod`,
      ],
      resource: 'res0000001',
    })
    expect(f.evidence).toEqual([])
    expect(f.fix).not.toContain('# STAGE:')
  })
  it('an integration with only a type, or only a VPC link: the pass names what there is', () => {
    const s = healthy()
    method(s).integration = { type: 'MOCK' }
    const f = runCheck(handlerIntegration, s)
    expectFinding(f, 'pass', { summary: ['MOCK (backend health'] })
    expect(f.summary.startsWith('MOCK (')).toBe(true)
    method(s).integration = { connectionType: 'VPC_LINK' }
    expectFinding(runCheck(handlerIntegration, s), 'pass', { summary: ['integration VPC_LINK'] })
  })
  it('a permission for another API: fail naming the function, the API, the decision and the source ARN', () => {
    const s = healthy()
    const perm = val(s.api.integrationPermission) as unknown as {
      policy: { Statement: Array<{ Condition: unknown }> }
    }
    perm.policy.Statement[0]!.Condition = {
      ArnLike: { 'AWS:SourceArn': `arn:aws:execute-api:${REGION}:${B}:zzzzzzzzzz/*/*/*` },
    }
    const f = runCheck(handlerIntegration, s)
    expectFinding(f, 'fail', {
      summary: [FUNCTION_ARN, API, 'implicit-deny'],
      fix: [`--function-name ${FUNCTION_ARN}`, `--statement-id apigateway-${API}-invoke`],
      evidence: [`source ARN ${API_ARN}/prod/GET/items`],
      resource: FUNCTION_ARN,
    })
  })
  it('a permission that needs the caller account as SourceAccount: the API owner account is sent', () => {
    const s = healthy()
    const perm = val(s.api.integrationPermission) as unknown as {
      policy: { Statement: Array<{ Condition: unknown }> }
    }
    perm.policy.Statement[0]!.Condition = { StringEquals: { 'AWS:SourceAccount': B } }
    expect(runCheck(handlerIntegration, s).status).toBe('pass')
    perm.policy.Statement[0]!.Condition = { StringEquals: { 'AWS:SourceAccount': A } }
    expect(runCheck(handlerIntegration, s).status).toBe('fail')
  })
  it('lambdaArnOfUri: the function ARN (with a qualifier) inside the URI, nothing otherwise', () => {
    expect(
      lambdaArnOfUri(
        `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${FUNCTION_ARN}:live/invocations`,
      ),
    ).toBe(`${FUNCTION_ARN}:live`)
    expect(lambdaArnOfUri('https://x.example/functions/y/invocations')).toBeUndefined()
    expect(lambdaArnOfUri(undefined)).toBeUndefined()
  })
  it('no method: skipped', () =>
    expect(runCheck(handlerIntegration, withPath(healthy(), '/orders')).status).toBe('skipped'))
  void evidenceText
})
