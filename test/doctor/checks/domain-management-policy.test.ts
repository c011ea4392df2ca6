/**
 * domain.management-policy, one test per branch: the caller account, the endpoint's association,
 * the deciding statement, and the managementPolicy the fix writes to that domain id.
 */
import { describe, expect, it } from 'vitest'
import { domainManagementPolicy } from '../../../src/doctor/checks/domain-management-policy.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  A,
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  type Draft,
  REGION,
  type Statement,
  VPCE,
  VPCE_OTHER,
  denied,
  healthyCustomDomain,
  ok,
  policyOf,
  val,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

type DomainDraft = { managementPolicy?: unknown; domainNameId?: string; domainNameArn?: string }
const domainOf = (s: Draft<DoctorSnapshot>) => val(s.api.customDomain!.domain) as unknown as DomainDraft
const unassociated = (...statements: Statement[]) => {
  const s = healthyCustomDomain()
  s.api.customDomain!.consumerAssociations = ok([])
  if (statements.length) domainOf(s).managementPolicy = policyOf(...statements)
  return s
}
const ALLOW_CALLER = {
  Effect: 'Allow',
  Principal: { AWS: `arn:aws:iam::${A}:root` },
  Action: 'apigateway:CreateAccessAssociation',
  Resource: DOMAIN_ARN,
}
const OTHER = { ...ALLOW_CALLER, Sid: 'Other', Principal: { AWS: 'arn:aws:iam::333333333333:root' } }
const policyInFix = (fix: string) => {
  const first = fix.split('\n')[0]!
  const ops = JSON.parse(first.slice(first.indexOf("'") + 1, first.lastIndexOf("'")))
  expect(ops).toMatchObject([{ op: 'replace', path: '/managementPolicy' }])
  return JSON.parse(ops[0].value)
}

describe('domain.management-policy, the facts of each branch', () => {
  it('another account named: the fix keeps that statement and adds the caller account, on that domain id', () => {
    const f = runCheck(domainManagementPolicy, unassociated(OTHER))
    expectFinding(f, 'fail', { summary: [`does not let account ${A}`, DOMAIN], resource: DOMAIN })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(
        `^aws apigateway update-domain-name --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID} --region ${REGION} --patch-operations '`,
      ),
    )
    expect(policyInFix(f.fix!).Statement).toEqual([OTHER, ALLOW_CALLER])
    expect(lines.slice(1)).toEqual([
      '# or share the domain name with AWS RAM and accept the share in the caller account',
    ])
  })
  it('no domain id: the fix uses DOMAIN_NAME_ID and says how to find it', () => {
    const s = unassociated(OTHER)
    domainOf(s).domainNameId = undefined
    const lines = runCheck(domainManagementPolicy, s).fix!.split('\n')
    expect(lines[0]).toContain('--domain-name-id DOMAIN_NAME_ID ')
    expect(lines[1]).toBe(
      `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${REGION}`,
    )
    expect(lines).toHaveLength(3)
  })
  it('no managementPolicy: the fix writes one with only the caller account; no evidence', () => {
    const s = unassociated()
    domainOf(s).managementPolicy = undefined
    const f = runCheck(domainManagementPolicy, s)
    expectFinding(f, 'fail', { summary: ['no managementPolicy'] })
    expect(policyInFix(f.fix!).Statement).toEqual([ALLOW_CALLER])
    expect(f.evidence).toEqual([])
  })
  it('an association of this endpoint (either list) passes; one of another endpoint does not', () => {
    const s = unassociated(OTHER)
    s.api.customDomain!.consumerAssociations = ok([
      { domainNameArn: DOMAIN_ARN, sourceType: 'VPCE', source: VPCE_OTHER },
    ] as never)
    expectFinding(runCheck(domainManagementPolicy, s), 'fail')
    s.api.customDomain!.providerAssociations = ok([
      { domainNameArn: DOMAIN_ARN, sourceType: 'VPCE', source: VPCE },
    ] as never)
    expectFinding(runCheck(domainManagementPolicy, s), 'pass', { summary: ['association exists'] })
  })
  it('the endpoint unread: --vpce is matched against the associations', () => {
    const s = healthyCustomDomain()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = VPCE
    expectFinding(runCheck(domainManagementPolicy, s), 'pass', { summary: ['association exists'] })
  })
  it('a policy conditioned on the endpoint and the account: the pass names the account and the statement', () => {
    const s = unassociated({
      ...ALLOW_CALLER,
      Sid: 'ThisEndpoint',
      Condition: { StringEquals: { 'aws:SourceVpce': VPCE, 'aws:PrincipalAccount': A } },
    })
    const f = runCheck(domainManagementPolicy, s)
    expectFinding(f, 'pass', {
      summary: [`lets ${A} associate`],
      evidence: ['ThisEndpoint', `${DOMAIN} managementPolicy`],
    })
  })
  it('the domain unreadable: unknown naming it, asking for the owner account', () => {
    const s = unassociated()
    s.api.customDomain!.domain = denied('apigateway:GET')
    const f = runCheck(domainManagementPolicy, s)
    expectFinding(f, 'unknown', { summary: [DOMAIN] })
    expect(f.missing).toContain("apigateway:GET on the domain name in the owner's account")
  })
  it('a managementPolicy that is not JSON: unknown, could not be evaluated', () => {
    const s = unassociated()
    domainOf(s).managementPolicy = '{not json'
    const f = runCheck(domainManagementPolicy, s)
    expectFinding(f, 'unknown', { summary: ['the managementPolicy could not be evaluated: '] })
    expect(f.summary.length).toBeGreaterThan('the managementPolicy could not be evaluated: '.length)
    expect(f.missing).toEqual([])
    expect(evidenceText(f)).toBe('')
  })
})
