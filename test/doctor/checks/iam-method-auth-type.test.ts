/** iam.method-auth-type: every branch names the method, its path and which policies decide. */
import { describe, expect, it } from 'vitest'
import { iamMethodAuthType as check } from '../../../src/doctor/checks/iam-method-auth-type.js'
import { denied, healthy, val } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const getItems = (s: ReturnType<typeof healthy>) =>
  val(s.api.resources).find(r => r.path === '/items')!.methods.GET!

describe('iam.method-auth-type', () => {
  it('AWS_IAM: the identity policies and the resource policy decide', () => {
    expectFinding(runCheck(check, healthy()), 'pass', {
      summary: ['GET /items is AWS_IAM', "the caller's identity policies and the resource policy decide"],
    })
  })
  it('NONE: IAM policies are not consulted', () => {
    const s = healthy()
    getItems(s).authorizationType = 'NONE'
    const f = runCheck(check, s)
    expectFinding(f, 'pass', { summary: ['GET /items is NONE', 'does not consult'] })
  })
  it('no type recorded: NONE', () => {
    const s = healthy()
    delete (getItems(s) as { authorizationType?: string }).authorizationType
    expectFinding(runCheck(check, s), 'pass', { summary: ['GET /items is NONE'] })
  })
  it('the resources unreadable: unknown naming the authorization type, with the API-side flags', () => {
    const s = healthy()
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: ["the method's authorization type"] })
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
})
