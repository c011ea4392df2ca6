/**
 * iam.identity-allows, one test per branch: the policy and statement that decide, the caller and
 * the accounts of a cross-account call, and the role the fix puts a policy on.
 */
import { describe, expect, it } from 'vitest'
import { iamIdentityAllows } from '../../../src/doctor/checks/iam-identity-allows.js'
import {
  A,
  API,
  API_ARN,
  B,
  IDENTITY_POLICY,
  ROLE_ARN,
  SESSION_ARN,
  denied,
  healthy,
  ok,
  policyOf,
  setResourcePolicy,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const METHOD_ARN = `${API_ARN}/prod/GET/items`
const noPolicies = () => {
  const s = healthy()
  s.caller.identityPolicies = ok([])
  return s
}

describe('iam.identity-allows, the facts of each branch', () => {
  it('policies unreadable: unknown naming the denied action, with what to supply', () => {
    const s = healthy()
    s.caller.identityPolicies = denied('iam:ListRolePolicies')
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'unknown', {
      summary: ["could not read the caller's identity policies: ", 'iam:ListRolePolicies'],
    })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('a policy that is not JSON: unknown saying so, nothing to supply', () => {
    const s = healthy()
    s.caller.identityPolicies = ok([{ name: 'broken', document: '{not json' }])
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'unknown', { summary: ['an identity policy could not be parsed: '] })
    expect(f.summary.length).toBeGreaterThan('an identity policy could not be parsed: '.length)
    expect(f.missing).toEqual([])
  })
  it('the caller unknown: unknown saying the identity policies cannot be evaluated, and why', () => {
    const s = healthy()
    s.caller.principal = denied('sts:GetCallerIdentity')
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'unknown', {
      summary: ['cannot evaluate the identity policies: ', 'calling principal is unknown'],
    })
    expect(f.missing!.length).toBeGreaterThan(0)
  })
  it('one policy allows: "allows", with its statement; the method unread adds exactly the AWS_IAM note', () => {
    const s = healthy()
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'pass', {
      summary: ['invoke-orders-api allows execute-api:Invoke'],
      evidence: ['InvokeOrders'],
    })
    s.api.resources = denied('apigateway:GET')
    const g = runCheck(iamIdentityAllows, s)
    expect(g.evidence.map(e => e.text)).toEqual([
      ...f.evidence.map(e => e.text),
      'the method could not be read: evaluated as AWS_IAM',
    ])
  })
  it('two policies allow: both named, "allow"', () => {
    const s = healthy()
    s.caller.identityPolicies = ok([IDENTITY_POLICY, { ...IDENTITY_POLICY, name: 'second' }])
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'pass')
    expect(f.summary).toMatch(/invoke-orders-api, .*second allow execute-api:Invoke/)
  })
  it('an explicit deny: fail naming the policy and the Deny statement that applies, not one that does not', () => {
    const s = healthy()
    s.caller.identityPolicies = ok([
      IDENTITY_POLICY,
      {
        name: 'guard',
        document: policyOf(
          { Sid: 'NoS3', Effect: 'Deny', Action: 's3:*', Resource: '*' },
          { Sid: 'NoInvoke', Effect: 'Deny', Action: 'execute-api:Invoke', Resource: '*' },
        ),
      },
    ])
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'fail', {
      summary: ['guard', 'Statement[1] (NoInvoke)', METHOD_ARN],
      fix: ['remove or narrow', 'Statement[1] (NoInvoke)', 'guard'],
    })
    expect(f.resource).toMatch(/guard.* Statement\[1\] \(NoInvoke\)$/)
    expect(f.summary).not.toContain('NoS3')
  })
  it('none allows cross-account: fail naming both accounts, the caller and the method ARN; the fix puts a policy on the role', () => {
    const f = runCheck(iamIdentityAllows, noPolicies())
    expectFinding(f, 'fail', {
      summary: [
        `cross-account call (caller ${A}, API ${B})`,
        `no identity policy of ${SESSION_ARN}`,
        METHOD_ARN,
        'Table B',
      ],
      resource: ROLE_ARN,
    })
    expect(f.fix).toBe(
      `aws iam put-role-policy --role-name orders-caller --policy-name invoke-${API} --policy-document '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"execute-api:Invoke","Resource":"${METHOD_ARN}"}]}'`,
    )
  })
  it('the role unreadable: the role name comes from the session ARN; the resource is the caller', () => {
    const s = noPolicies()
    s.caller.role = denied('iam:GetRole')
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'fail', { fix: ['--role-name orders-caller '], resource: SESSION_ARN })
  })
  it('the method unread and no policy allows: a warn saying it fails only if the method is AWS_IAM', () => {
    const s = noPolicies()
    s.api.resources = denied('apigateway:GET')
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'warn', {
      summary: ['this fails if the method is AWS_IAM', METHOD_ARN.replace('/GET/items', '')],
    })
    expect(evidenceText(f)).toContain('evaluated as AWS_IAM')
  })
  it('a condition on a principal tag with the role unread: unknown naming the key, asking for the role', () => {
    const s = healthy()
    s.caller.role = denied('iam:GetRole')
    s.caller.identityPolicies = ok([
      {
        name: 'tagged',
        document: policyOf({
          Effect: 'Allow',
          Action: 'execute-api:Invoke',
          Resource: '*',
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'orders' } },
        }),
      },
    ])
    const f = runCheck(iamIdentityAllows, s)
    expectFinding(f, 'unknown', { summary: ['aws:PrincipalTag/team', 'could not be established'] })
    expect(f.missing).toEqual(['organizations:DescribeOrganization', 'iam:GetRole'])
  })
  it('a caller that is no role session, the role unread: the fix uses ROLE', () => {
    const s = noPolicies()
    s.caller.role = denied('iam:GetRole')
    s.caller.principal = ok({ arn: `arn:aws:iam::${A}:user/alice`, account: A, source: 'sts' }) as never
    expectFinding(runCheck(iamIdentityAllows, s), 'fail', {
      fix: ['--role-name ROLE '],
      resource: `arn:aws:iam::${A}:user/alice`,
      summary: [`no identity policy of arn:aws:iam::${A}:user/alice`],
    })
  })
  describe('caller and API in one account (Table A)', () => {
    const SAME_SESSION = SESSION_ARN.replace(A, B)
    const sameAccount = (resourcePrincipal: unknown) => {
      const s = setResourcePolicy(
        noPolicies(),
        policyOf({
          Effect: 'Allow',
          Principal: resourcePrincipal,
          Action: 'execute-api:Invoke',
          Resource: `${API_ARN}/*`,
        }),
      )
      s.caller.principal = ok({ arn: SAME_SESSION, account: B, source: 'sts' }) as never
      s.caller.identity = ok({
        account: B,
        arn: SAME_SESSION,
        userId: 'AROAEXAMPLEROLEID0001:i-0123456789abcdef0',
      }) as never
      s.caller.role = ok({ arn: ROLE_ARN.replace(A, B), name: 'orders-caller', tags: {} }) as never
      return s
    }
    it('no identity policy, the resource policy allows: pass saying Table A', () => {
      expectFinding(runCheck(iamIdentityAllows, sameAccount('*')), 'pass', {
        summary: ['share an account', 'Table A'],
      })
    })
    it('neither allows: fail saying Table A, not cross-account', () => {
      const f = runCheck(iamIdentityAllows, sameAccount({ AWS: 'arn:aws:iam::333333333333:root' }))
      expectFinding(f, 'fail', { summary: [`no identity policy of ${SAME_SESSION}`, '(Table A)'] })
      expect(f.summary).not.toContain('cross-account')
    })
    it('no identity policy and the resource policy unreadable: unknown, not "neither allows" (Table A)', () => {
      const s = sameAccount('*')
      s.api.restApi = denied('apigateway:GET')
      const f = runCheck(iamIdentityAllows, s)
      expect(f.status).toBe('unknown')
      expect(f.summary).toContain('Table A')
      expect(f.summary).toContain('could not be read')
    })
  })
})
