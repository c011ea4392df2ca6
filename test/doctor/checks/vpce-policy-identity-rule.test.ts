/**
 * vpce.policy-identity-rule, one test per branch: the endpoint, the statements that match only a
 * signed caller (index and Sid), and the corrected policy the fix writes to that endpoint.
 */
import { describe, expect, it } from 'vitest'
import { vpcePolicyIdentityRule } from '../../../src/doctor/checks/vpce-policy-identity-rule.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API_ARN,
  type Draft,
  REGION,
  ROLE_ARN,
  SESSION_ARN,
  type Statement,
  denied,
  healthy,
  policyOf,
  setResourcePolicy,
  val,
} from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const METHOD_ARN = `${API_ARN}/prod/GET/items`
const VPCE = 'vpce-00000000000000001'
const open = policyOf({
  Sid: 'Open',
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: `${API_ARN}/*`,
})
const onlyCaller: Statement = {
  Sid: 'OnlyCaller',
  Effect: 'Allow',
  Principal: { AWS: ROLE_ARN },
  Action: 'execute-api:Invoke',
  Resource: '*',
}
/** A NONE method, called unsigned, behind an endpoint whose policy is `statements`. */
const unsignedWith = (...statements: Statement[]) => {
  const s = setResourcePolicy(healthy(), open)
  val(s.api.resources).find(r => r.path === '/items')!.methods.GET!.authorizationType = 'NONE'
  s.signing.authorization = 'none'
  ;(val(s.network.endpoints)[0] as { policy?: unknown }).policy = policyOf(...statements)
  return s
}
const policyInFix = (fix: string) => JSON.parse(fix.slice(fix.indexOf("'") + 1, fix.lastIndexOf("'")))
const unreadEndpoint = (s: Draft<DoctorSnapshot>) => {
  const policy = (val(s.network.endpoints)[0] as { policy?: unknown }).policy
  s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
  s.supplied.endpointPolicy = { name: 'ep.json', document: policy } as never
  return s
}

describe('vpce.policy-identity-rule, the facts of each branch', () => {
  it('a named principal on a NONE method: fail naming the caller; the fix adds Principal "*" to that endpoint', () => {
    const f = runCheck(vpcePolicyIdentityRule, unsignedWith(onlyCaller))
    expectFinding(f, 'fail', {
      summary: [`allows ${SESSION_ARN}`, 'the method is NONE', 'anonymous'],
      resource: VPCE,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toBe(`# either let the endpoint policy allow Principal "*" for ${METHOD_ARN}:`)
    expect(lines[1]).toMatch(
      new RegExp(
        `^aws ec2 modify-vpc-endpoint --vpc-endpoint-id ${VPCE} --region ${REGION} --policy-document '`,
      ),
    )
    const doc = policyInFix(lines[1]!)
    expect(doc.Statement[0]).toMatchObject({ Sid: 'OnlyCaller' })
    expect(doc.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: '*',
      Action: 'execute-api:Invoke',
      Resource: METHOD_ARN,
    })
    expect(lines[2]).toBe('# or switch the method to AWS_IAM and sign the calls:')
    expect(f.fix).not.toContain('VPCE_ID')
  })
  it('the evidence lists each Allow that matches only the signed caller, by index and Sid, not the others', () => {
    const { Sid: _, ...noSid } = onlyCaller
    const f = runCheck(
      vpcePolicyIdentityRule,
      unsignedWith(
        {
          ...onlyCaller,
          Sid: 'OtherApi',
          Resource: 'arn:aws:execute-api:us-east-1:222222222222:zzzzzzzzzz/*',
        },
        onlyCaller,
        noSid,
      ),
    )
    expectFinding(f, 'fail')
    expect(f.evidence.map(e => e.text)).toEqual([
      expect.stringMatching(/Statement\[1\] \(OnlyCaller\) matches only a signed principal$/),
      expect.stringMatching(/Statement\[2\] matches only a signed principal$/),
    ])
    expect(f.evidence[0]!.statement).toEqual({
      policy: expect.any(String),
      index: 1,
      sid: 'OnlyCaller',
      effect: 'Allow',
    })
    expect(f.evidence[1]!.statement).toEqual({ policy: expect.any(String), index: 2, effect: 'Allow' })
  })
  it('the endpoint unread, its policy supplied: the fix uses --vpce and the supplied policy; no --vpce: VPCE_ID', () => {
    const s = unreadEndpoint(unsignedWith(onlyCaller))
    s.target.vpceId = 'vpce-0000000000000abcd'
    const f = runCheck(vpcePolicyIdentityRule, s)
    expectFinding(f, 'fail', { fix: ['--vpc-endpoint-id vpce-0000000000000abcd '] })
    expect(f.resource).toBeUndefined()
    expect(policyInFix(f.fix!.split('\n')[1]!).Statement[0]).toMatchObject({ Sid: 'OnlyCaller' })
    expect(f.fix).not.toContain('VPCE_ID')
    s.target.vpceId = undefined
    const lines = runCheck(vpcePolicyIdentityRule, s).fix!.split('\n')
    expect(lines[1]).toContain('--vpc-endpoint-id VPCE_ID ')
    expect(lines[2]).toBe(
      '# VPCE_ID: the execute-api endpoint the caller uses (aws ec2 describe-vpc-endpoints)',
    )
  })
  it('an endpoint policy that allows nobody on a NONE method: pass (vpce.policy-allows reports it)', () => {
    const f = runCheck(
      vpcePolicyIdentityRule,
      unsignedWith({ ...onlyCaller, Resource: 'arn:aws:execute-api:us-east-1:222222222222:zzzzzzzzzz/*' }),
    )
    expectFinding(f, 'pass', { summary: ['the method is NONE', "does not rely on the caller's identity"] })
  })
  it('the endpoint unreadable: unknown naming why, offering --endpoint-policy', () => {
    const s = unsignedWith(onlyCaller)
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    const f = runCheck(vpcePolicyIdentityRule, s)
    expectFinding(f, 'unknown', {
      summary: ['could not read the endpoint policy: ', 'ec2:DescribeVpcEndpoints'],
    })
    expect(f.missing).toContain('--endpoint-policy FILE')
  })
  it('the method unread: unknown, the authorization type is what is missing (not a pass as AWS_IAM)', () => {
    const s = unsignedWith(onlyCaller)
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(vpcePolicyIdentityRule, s)
    expectFinding(f, 'unknown', { summary: ['authorization type is unknown'] })
    expect(f.missing).toEqual(['apigateway:GET on the API (--api-profile/--api-role-arn)'])
  })
  it('the caller unknown, so no signed evaluation: skipped, pointing at vpce.policy-allows', () => {
    const s = unsignedWith(onlyCaller)
    s.caller.principal = denied('sts:GetCallerIdentity')
    expectFinding(runCheck(vpcePolicyIdentityRule, s), 'skipped', { summary: ['vpce.policy-allows'] })
  })
})
