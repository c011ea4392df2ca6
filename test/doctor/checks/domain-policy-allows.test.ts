/**
 * domain.policy-allows, one test per branch: the domain, the endpoint, the deciding statement,
 * and the policy the fix writes (domain name id and endpoint, or the placeholders and how to find them).
 */
import { describe, expect, it } from 'vitest'
import { domainPolicyAllows } from '../../../src/doctor/checks/domain-policy-allows.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  type Draft,
  REGION,
  ROLE_ARN,
  type Statement,
  VPCE,
  VPCE_OTHER,
  denied,
  healthyCustomDomain,
  policyOf,
  val,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const EXEC_ARN = DOMAIN_ARN.replace(':apigateway:', ':execute-api:')
type DomainDraft = { policy?: unknown; domainNameId?: string; domainNameArn?: string }
const domainOf = (s: Draft<DoctorSnapshot>) => val(s.api.customDomain!.domain) as unknown as DomainDraft
const withPolicy = (...statements: Statement[]) => {
  const s = healthyCustomDomain()
  domainOf(s).policy = policyOf(...statements)
  return s
}
const throughVpce = (vpce: string, extra: Statement = {}): Statement => ({
  Effect: 'Allow',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: EXEC_ARN,
  Condition: { StringEquals: { 'aws:SourceVpce': vpce } },
  ...extra,
})

describe('domain.policy-allows, the facts of each branch', () => {
  it('no policy: fail naming the domain; the fix writes an Allow through this endpoint to that domain id', () => {
    const s = healthyCustomDomain()
    domainOf(s).policy = undefined
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'fail', {
      summary: [`${DOMAIN} has no policy`],
      fix: [
        `aws apigateway update-domain-name --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID} --region ${REGION} `,
        '/policy',
        EXEC_ARN,
        'aws:SourceVpce',
        VPCE,
        'execute-api:Invoke',
        'Principal',
        'Allow',
      ],
      resource: DOMAIN,
    })
    expect(f.fix!.split('\n')).toHaveLength(1)
    expect(f.evidence).toEqual([])
  })
  it('no policy, no domain id, no endpoint: the fix uses DOMAIN_NAME_ID and VPCE_ID and says how to find each', () => {
    const s = healthyCustomDomain()
    domainOf(s).policy = undefined
    domainOf(s).domainNameId = undefined
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = undefined
    const lines = runCheck(domainPolicyAllows, s).fix!.split('\n')
    expect(lines[0]).toContain('--domain-name-id DOMAIN_NAME_ID ')
    expect(lines[0]).toContain('VPCE_ID')
    expect(lines[1]).toBe(
      `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${REGION} --query "items[?domainName=='${DOMAIN}'].domainNameId"`,
    )
    expect(lines[2]).toMatch(/^# VPCE_ID: the execute-api endpoint the caller uses/)
    expect(lines).toHaveLength(3)
  })
  it('the endpoint unread but named by --vpce: the fix allows that id', () => {
    const s = healthyCustomDomain()
    domainOf(s).policy = undefined
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = VPCE_OTHER
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'fail', { fix: [VPCE_OTHER] })
    expect(f.fix).not.toContain('VPCE_ID')
  })
  it('the domain unreadable: unknown naming it, asking for owner-account credentials', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.domain = denied('apigateway:GET')
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'unknown', { summary: [DOMAIN] })
    expect(f.missing).toContain(
      "apigateway:GET on the domain name in the owner's account (--api-profile/--api-role-arn)",
    )
  })
  it('the domain without its ARN: unknown saying so, nothing to supply', () => {
    const s = healthyCustomDomain()
    domainOf(s).domainNameArn = undefined
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'unknown', { summary: [`${DOMAIN} came without its ARN`] })
    expect(f.missing).toEqual([])
  })
  it('a policy allowing this endpoint: pass naming it, with the statement and the domain policy as evidence', () => {
    const f = runCheck(domainPolicyAllows, withPolicy(throughVpce(VPCE, { Sid: 'ThisVpce' })))
    expectFinding(f, 'pass', {
      summary: [`through ${VPCE}`],
      evidence: ['Statement[0]', 'ThisVpce', `${DOMAIN} policy`],
    })
  })
  it('a policy naming the signing role: allows a signed caller, not an unsigned one', () => {
    const s = withPolicy(throughVpce(VPCE, { Principal: { AWS: ROLE_ARN } }))
    expectFinding(runCheck(domainPolicyAllows, s), 'pass')
    s.signing.authorization = 'none'
    expectFinding(runCheck(domainPolicyAllows, s), 'fail', { summary: [`does not allow ${VPCE}`] })
  })
  it('only another endpoint allowed: fail (implicit deny) naming this endpoint; the fix allows it', () => {
    const f = runCheck(domainPolicyAllows, withPolicy(throughVpce(VPCE_OTHER)))
    expectFinding(f, 'fail', {
      summary: [`does not allow ${VPCE}`, 'deny-all'],
      fix: [VPCE, DOMAIN_ID],
      resource: DOMAIN,
    })
  })
  it('an explicit Deny: fail naming the statement that applies (index and Sid) and the endpoint', () => {
    const f = runCheck(
      domainPolicyAllows,
      withPolicy(throughVpce(VPCE), {
        Sid: 'NoThisVpce',
        Effect: 'Deny',
        Principal: '*',
        Action: 'execute-api:Invoke',
        Resource: EXEC_ARN,
        Condition: { StringEquals: { 'aws:SourceVpce': VPCE } },
      }),
    )
    expectFinding(f, 'fail', {
      summary: ["the domain policy's Statement[1] (NoThisVpce) denies " + VPCE],
      resource: DOMAIN,
    })
    expect(evidenceText(f)).toContain('Statement[1]')
  })
  it('a policy that is not JSON: unknown, the policy could not be evaluated', () => {
    const s = healthyCustomDomain()
    domainOf(s).policy = '{not json'
    const f = runCheck(domainPolicyAllows, s)
    expectFinding(f, 'unknown', { summary: ['the domain policy could not be evaluated: '] })
    expect(f.summary.length).toBeGreaterThan('the domain policy could not be evaluated: '.length)
    expect(f.missing).toEqual([])
  })
})
