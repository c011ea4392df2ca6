/**
 * handler.authorizer, the facts handler.test.ts leaves out: the header name matched in any case,
 * the deciding statement of a given authorizer policy, the placeholders of the missing
 * authorizer's fix, and the names used when an authorizer has only an id.
 */
import { describe, expect, it } from 'vitest'
import { handlerAuthorizer } from '../../../src/doctor/checks/handler-authorizer.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API_ARN, REGION, denied, healthy, ok, policyOf, val, type Draft } from '../builders.js'
import { evidenceText, expectFinding, expectFixLines, runCheck } from './run-check.js'

const method = (s: Draft<DoctorSnapshot>) => val(s.api.resources).find(r => r.path === '/items')!.methods.GET!
function custom(auth: Record<string, unknown> = {}, s: Draft<DoctorSnapshot> = healthy()) {
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
  s.signing.authorization = 'other'
  return s
}
const answer = (s: Draft<DoctorSnapshot>, ...Statement: Record<string, unknown>[]) => {
  s.supplied.authorizerPolicy = { name: 'answer.json', document: policyOf(...Statement) }
  return s
}
const METHOD_ARN = `${API_ARN}/prod/GET/items`

describe('handler.authorizer, facts', () => {
  it('the Authorization header in lower case is the same header: 401 without it', () => {
    const s = custom({ identitySource: 'method.request.header.authorization' })
    s.signing.authorization = 'none'
    expectFinding(runCheck(handlerAuthorizer, s), 'fail', {
      summary: ['TOKEN authorizer orders-token reads the Authorization header', '401'],
      fix: [`pvapi call ${s.target.url} --no-sign -H 'Authorization: Bearer TOKEN'`],
      evidence: ['authorizer orders-token (TOKEN) identity source method.request.header.authorization'],
      resource: 'auth000001',
    })
  })

  it('a TOKEN authorizer with no identity source: not the 401 failure', () => {
    const s = custom({ identitySource: undefined })
    s.signing.authorization = 'none'
    delete (val(s.api.authorizers)[0] as { identitySource?: string }).identitySource
    expect(runCheck(handlerAuthorizer, s).status).toBe('warn')
  })

  it('an unnamed TOKEN authorizer: its id in the 401 summary; its URI in the evidence', () => {
    const uri = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:222222222222:function:tok/invocations`
    const s = custom({ name: undefined, authorizerUri: uri })
    delete (val(s.api.authorizers)[0] as { name?: string }).name
    s.signing.authorization = 'none'
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', { summary: ['TOKEN authorizer auth000001 reads'] })
    expect(evidenceText(f)).toContain(
      `authorizer auth000001 (TOKEN) identity source method.request.header.Authorization, ${uri}`,
    )
  })

  it('a given policy that allows: pass; the evidence names the allowing statement', () => {
    const s = answer(custom(), {
      Sid: 'LetIn',
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: `${API_ARN}/*`,
    })
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'pass', { summary: ["the authorizer's policy (given) allows"] })
    expect(f.evidence.map(e => e.statement?.sid)).toContain('LetIn')
    expect(evidenceText(f)).toContain('authorizer orders-token (TOKEN)')
  })

  it('a given policy that denies: fail; the evidence names the denying statement; an unnamed authorizer by id', () => {
    const s = answer(custom({ name: undefined }), {
      Sid: 'KeepOut',
      Effect: 'Deny',
      Action: 'execute-api:Invoke',
      Resource: `${API_ARN}/*`,
    })
    delete (val(s.api.authorizers)[0] as { name?: string }).name
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      summary: ['User is not authorized to access this resource with an explicit deny'],
      fix: [
        `# no AWS API change: change what auth000001 returns`,
        `Allow execute-api:Invoke on ${METHOD_ARN}`,
      ],
      resource: 'auth000001',
    })
    expect(f.evidence.map(e => e.statement?.sid)).toContain('KeepOut')
  })

  it('a given policy that allows only another stage: fail with the hint of why', () => {
    const s = answer(custom(), {
      Effect: 'Allow',
      Action: 'execute-api:Invoke',
      Resource: `${API_ARN}/dev/*`,
    })
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', { summary: ['403 "User is not authorized to access this resource"'] })
    expect(f.summary).not.toContain('explicit')
    expect(f.evidence.length).toBeGreaterThan(1)
  })

  it('the missing authorizer: no evidence, the method resource; the fix redeploys the stage of the URL', () => {
    const s = custom()
    s.api.authorizers = ok([])
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      resource: 'auth000001',
      fix: [
        `"op":"replace","path":"/authorizerId","value":"AUTHORIZER_ID"`,
        `# AUTHORIZER_ID: an authorizer of the API (aws apigateway get-authorizers --rest-api-id a1b2c3d4e5 --region ${REGION})`,
        'create-deployment --rest-api-id a1b2c3d4e5 --stage-name prod',
      ],
    })
    expect(f.evidence).toEqual([])
    expect(f.fix).not.toContain('API_ID')
    expectFixLines(
      f,
      new RegExp(
        `^aws apigateway update-method --rest-api-id a1b2c3d4e5 --resource-id res0000001 --http-method GET --region ${REGION} --patch-operations '.*AUTHORIZER_ID.*'$`,
      ),
      /^# AUTHORIZER_ID: /,
      /^aws apigateway create-deployment /,
    )
  })

  it('the missing authorizer of an API whose id is unknown: API_ID placeholders', () => {
    const s = custom()
    s.api.authorizers = ok([])
    delete s.target.apiId
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'fail', {
      fix: [
        'update-method --rest-api-id API_ID ',
        'get-authorizers --rest-api-id API_ID ',
        'create-deployment --rest-api-id API_ID ',
      ],
    })
  })

  it('no authorization type: skipped saying "unknown"; no method: skipped', () => {
    const s = healthy()
    delete method(s).authorizationType
    expectFinding(runCheck(handlerAuthorizer, s), 'skipped', { summary: ['the method is unknown'] })
    const none = healthy()
    none.target.resourcePath = '/nothing'
    expectFinding(runCheck(handlerAuthorizer, none), 'skipped', { summary: ['handler.route-exists'] })
  })

  it('Cognito: pass without reading authorizers (even unreadable ones)', () => {
    const s = healthy()
    method(s).authorizationType = 'COGNITO_USER_POOLS'
    s.api.authorizers = denied('apigateway:GET')
    expectFinding(runCheck(handlerAuthorizer, s), 'pass', { summary: ['Cognito user pool'] })
  })

  it('authorizers unreadable: unknown naming them', () => {
    const s = custom()
    s.api.authorizers = denied('apigateway:GET')
    expectFinding(runCheck(handlerAuthorizer, s), 'unknown', { summary: ['the authorizers'] })
  })

  it('the warning: the log group of the function named in the URI, in the region of the target', () => {
    const s = custom({
      authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/arn:aws:lambda:${REGION}:222222222222:function:orders-auth:live/invocations`,
    })
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'warn', {
      summary: ['the Lambda authorizer orders-token decides at run time'],
      fix: [
        `aws logs tail /aws/lambda/orders-auth --since 1h --region ${REGION}`,
        '--authorizer-policy FILE',
      ],
      resource: 'auth000001',
    })
    expect(f.fix).not.toContain('AUTHORIZER_FUNCTION')
    expect(f.fix!.split('\n')[0]).toMatch(/^# /)
    expectFixLines(f, /^# give the policy/, /^aws logs tail /)
    expect(f.fix!.split('\n')).toHaveLength(2)
    expect(evidenceText(f)).toMatch(/identity source method\.request\.header\.Authorization, arn:/)
  })

  it('an authorizer URI that names no function: the placeholder, explained; no URI: the evidence ends at the source', () => {
    const s = custom({ authorizerUri: `arn:aws:apigateway:${REGION}:lambda:path/somewhere-else` })
    const f = runCheck(handlerAuthorizer, s)
    expectFinding(f, 'warn', { fix: ['/aws/lambda/AUTHORIZER_FUNCTION ', '# AUTHORIZER_FUNCTION: '] })
    expectFixLines(f, /^aws logs tail /)
    expect(evidenceText(runCheck(handlerAuthorizer, custom()))).toMatch(
      /identity source method\.request\.header\.Authorization$/m,
    )
  })

  it("the API's account unknown (no method ARN, nothing to evaluate): the run-time warning", () => {
    const s = answer(custom(), { Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' })
    s.api.identity = denied('sts:GetCallerIdentity')
    const rp = val(s.api.restApi).policy as { Statement: Array<{ Resource: string }> }
    for (const st of rp.Statement) st.Resource = 'execute-api:/*'
    expectFinding(runCheck(handlerAuthorizer, s), 'warn', { resource: 'auth000001' })
  })
})
