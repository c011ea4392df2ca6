/**
 * apigw.resource-policy-present, one test per branch: the API id, where the policy came from, and
 * the exact policy the fix puts (caller account, this endpoint) with the stage to redeploy.
 */
import { describe, expect, it } from 'vitest'
import { apigwResourcePolicyPresent } from '../../../src/doctor/checks/apigw-resource-policy-present.js'
import { A, API, REGION, VPCE, denied, healthy, setResourcePolicy } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

/** The policy inside `update-rest-api --patch-operations '[{…"value":"<policy JSON>"}]'`. */
const policyInFix = (fix: string) => {
  const first = fix.split('\n')[0]!
  const ops = JSON.parse(first.slice(first.indexOf("'") + 1, first.lastIndexOf("'")))
  expect(ops).toMatchObject([{ op: 'replace', path: '/policy' }])
  return JSON.parse(ops[0].value)
}
const expected = (principal: unknown, vpce: string) => ({
  Version: '2012-10-17',
  Statement: [
    { Effect: 'Allow', Principal: principal, Action: 'execute-api:Invoke', Resource: 'execute-api:/*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: 'execute-api:/*',
      Condition: { StringNotEquals: { 'aws:SourceVpce': vpce } },
    },
  ],
})

describe('apigw.resource-policy-present, the facts of each branch', () => {
  it('collected: pass with where it was read as evidence', () => {
    const f = runCheck(apigwResourcePolicyPresent, healthy())
    expectFinding(f, 'pass')
    expect(f.evidence.map(e => e.text)).toEqual([`GetRestApi ${API} policy`])
  })
  it('absent on a PRIVATE API: fail; the fix puts exactly the caller-account Allow and the this-endpoint Deny, then redeploys', () => {
    const f = runCheck(apigwResourcePolicyPresent, setResourcePolicy(healthy(), undefined))
    expectFinding(f, 'fail', { summary: [`${API} is PRIVATE and has no resource policy`], resource: API })
    expect(f.fix!.split('\n')[0]).toMatch(
      new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION} `),
    )
    expect(policyInFix(f.fix!)).toEqual(expected({ AWS: `arn:aws:iam::${A}:root` }, VPCE))
    expect(f.fix).toContain(`create-deployment --rest-api-id ${API} --stage-name prod`)
    expect(f.evidence).toEqual([])
  })
  it('the endpoint unread: the Deny names --vpce, or a placeholder without it', () => {
    const s = setResourcePolicy(healthy(), undefined)
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = 'vpce-0000000000000abcd'
    expect(policyInFix(runCheck(apigwResourcePolicyPresent, s).fix!)).toEqual(
      expected({ AWS: `arn:aws:iam::${A}:root` }, 'vpce-0000000000000abcd'),
    )
    s.target.vpceId = undefined
    expect(policyInFix(runCheck(apigwResourcePolicyPresent, s).fix!)).toEqual(
      expected({ AWS: `arn:aws:iam::${A}:root` }, 'vpce-…'),
    )
  })
  it('the caller unknown: the Allow is for "*"', () => {
    const s = setResourcePolicy(healthy(), undefined)
    s.caller.principal = denied('sts:GetCallerIdentity')
    s.caller.identity = denied('sts:GetCallerIdentity')
    expect(policyInFix(runCheck(apigwResourcePolicyPresent, s).fix!)).toEqual(expected('*', VPCE))
  })
  it('the stage unknown: the redeploy uses STAGE and says how to find it', () => {
    const s = setResourcePolicy(healthy(), undefined)
    s.target.stage = undefined
    s.target.urlPath = '/'
    s.target.url = `https://${s.target.hostname}/`
    const f = runCheck(apigwResourcePolicyPresent, s)
    expectFinding(f, 'fail', { fix: ['--stage-name STAGE', '# STAGE:'] })
  })
  it('the API unreadable: unknown naming why, with what to supply', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(apigwResourcePolicyPresent, s)
    expectFinding(f, 'unknown', { summary: ['could not read the resource policy: ', 'apigateway:GET'] })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
})
