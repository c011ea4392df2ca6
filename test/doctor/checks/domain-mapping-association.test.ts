/**
 * domain.base-path-mapping and domain.access-association, one test per branch: the domain, the
 * mapping, the endpoint and the ids the fix must name (or the placeholder it says how to find).
 */
import { describe, expect, it } from 'vitest'
import { domainAccessAssociation } from '../../../src/doctor/checks/domain-access-association.js'
import { domainBasePathMapping } from '../../../src/doctor/checks/domain-base-path-mapping.js'
import {
  API,
  B,
  DOMAIN,
  DOMAIN_ARN,
  DOMAIN_ID,
  REGION,
  VPCE,
  VPCE_OTHER,
  denied,
  healthyCustomDomain,
  ok,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const unmapped = () => {
  const s = healthyCustomDomain()
  s.api.customDomain!.basePathMappings = ok([{ basePath: 'billing', restApiId: API }])
  return s
}

describe('domain.base-path-mapping, the facts of each branch', () => {
  it('mappings unreadable: unknown naming the domain, asking for API-account credentials', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = denied('apigateway:GET')
    const f = runCheck(domainBasePathMapping, s)
    expectFinding(f, 'unknown', { summary: [DOMAIN] })
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
  it('the (none) mapping: pass with the domain root, the API, the stage and the whole path', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([{ basePath: '(none)', restApiId: API, stage: 'prod' }])
    const f = runCheck(domainBasePathMapping, s)
    expectFinding(f, 'pass', { evidence: [`mappings: (none) → ${API}/prod`] })
    expect(f.summary).toBe(`${DOMAIN}/ → ${API}/prod/orders/items`)
  })
  it('a named mapping: the summary keeps its base path', () => {
    const f = runCheck(domainBasePathMapping, healthyCustomDomain())
    expect(f.summary).toBe(`${DOMAIN}/orders → ${API}/prod/items`)
  })
  it('no mapping matches: the evidence lists the mappings (no stage: *); the fix names domain id, API, base path, region', () => {
    const f = runCheck(domainBasePathMapping, unmapped())
    expectFinding(f, 'fail', {
      summary: [`no base path mapping of ${DOMAIN} matches /orders/items`, '403'],
      evidence: [`mappings: billing → ${API}/*`],
      resource: DOMAIN,
    })
    const [command, stage, ...rest] = f.fix!.split('\n')
    expect(command).toBe(
      `aws apigateway create-base-path-mapping --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID} --rest-api-id ${API} --stage STAGE --base-path orders --region ${REGION}`,
    )
    expect(stage).toMatch(/^# STAGE: the stage to serve under \/orders /)
    expect(rest).toEqual([])
  })
  it('no mappings at all: the evidence says none', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([])
    expectFinding(runCheck(domainBasePathMapping, s), 'fail', { evidence: ['mappings: none'] })
  })
  it('the stages known: the fix lists them; unreadable: it says how to list them', () => {
    const s = unmapped()
    s.api.stages = ok([{ stageName: 'prod' }, { stageName: 'beta' }] as never)
    expect(runCheck(domainBasePathMapping, s).fix).toContain(`(stages of ${API}: prod, beta)`)
    s.api.stages = denied('apigateway:GET')
    const fix = runCheck(domainBasePathMapping, s).fix!
    expect(fix).toContain(`(aws apigateway get-stages --rest-api-id ${API} --region ${REGION})`)
    expect(fix).not.toContain('stages of')
  })
  it('the domain unreadable: the fix uses DOMAIN_NAME_ID and says how to find it', () => {
    const s = unmapped()
    s.api.customDomain!.domain = denied('apigateway:GET')
    const lines = runCheck(domainBasePathMapping, s).fix!.split('\n')
    expect(lines[0]).toContain('--domain-name-id DOMAIN_NAME_ID ')
    expect(lines.at(-1)).toBe(
      `# DOMAIN_NAME_ID: aws apigateway get-domain-names --resource-owner SELF --region ${REGION}`,
    )
  })
  it('the API id unknown: the fix uses API_ID and says how to find it', () => {
    const s = unmapped()
    s.target.apiId = undefined
    s.api.stages = denied('apigateway:GET')
    const lines = runCheck(domainBasePathMapping, s).fix!.split('\n')
    expect(lines[0]).toContain('--rest-api-id API_ID ')
    expect(lines[1]).toContain('get-stages --rest-api-id API_ID ')
    expect(lines[2]).toBe('# API_ID: the REST API to serve (aws apigateway get-rest-apis)')
  })
  it('the API id unknown but stages in the snapshot: the STAGE line names no API (was "stages of undefined")', () => {
    const s = unmapped()
    s.target.apiId = undefined
    const fix = runCheck(domainBasePathMapping, s).fix!
    expect(fix).not.toContain('undefined')
    expect(fix).toContain('get-stages --rest-api-id API_ID ')
  })
  it('the URL path is the root: no --base-path in the fix', () => {
    const s = unmapped()
    s.target.urlPath = '/'
    s.target.url = `https://${DOMAIN}/`
    const f = runCheck(domainBasePathMapping, s)
    expectFinding(f, 'fail', { summary: ['matches /'] })
    expect(f.fix).not.toContain('--base-path')
    expect(f.fix).toContain('# STAGE: the stage to serve under / ')
  })
})

describe('domain.access-association, the facts of each branch', () => {
  it('the endpoint unknown: unknown asking for --vpce', () => {
    const s = healthyCustomDomain()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = undefined
    const f = runCheck(domainAccessAssociation, s)
    expectFinding(f, 'unknown', { summary: ['endpoint is unknown'] })
    expect(f.missing).toEqual(['--vpce'])
  })
  it('the endpoint unreadable but named by --vpce: that id is matched', () => {
    const s = healthyCustomDomain()
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints')
    s.target.vpceId = VPCE
    expectFinding(runCheck(domainAccessAssociation, s), 'pass', { summary: [VPCE, DOMAIN_ARN] })
    s.target.vpceId = VPCE_OTHER
    expectFinding(runCheck(domainAccessAssociation, s), 'fail', { summary: [VPCE_OTHER], fix: [VPCE_OTHER] })
  })
  it('the pass carries the association ARN as evidence, none when it has none', () => {
    const s = healthyCustomDomain()
    const assoc = s.api.customDomain!.consumerAssociations as { value: { arn?: string }[] }
    expect(runCheck(domainAccessAssociation, s).evidence.map(e => e.text)).toEqual([assoc.value[0]!.arn])
    assoc.value[0]!.arn = undefined
    expect(runCheck(domainAccessAssociation, s).evidence).toEqual([])
  })
  it("an association of another endpoint or another domain: fail listing it; the provider's list counts", () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.consumerAssociations = ok([
      { domainNameArn: DOMAIN_ARN, sourceType: 'VPCE', source: VPCE_OTHER },
      { domainNameArn: DOMAIN_ARN.replace(DOMAIN, 'other.example.com'), sourceType: 'VPCE', source: VPCE },
    ] as never)
    const f = runCheck(domainAccessAssociation, s)
    expectFinding(f, 'fail', {
      evidence: [
        `association ${VPCE_OTHER} → ${DOMAIN_ARN}`,
        `association ${VPCE} → ${DOMAIN_ARN.replace(DOMAIN, 'other.example.com')}`,
      ],
    })
    s.api.customDomain!.providerAssociations = ok([
      { domainNameArn: DOMAIN_ARN, sourceType: 'VPCE', source: VPCE },
    ] as never)
    expectFinding(runCheck(domainAccessAssociation, s), 'pass', { summary: [VPCE, DOMAIN_ARN] })
  })
  it('the domain unreadable: associations match by domain name; the fix builds the ARN from the owner account', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.domain = denied('apigateway:GET')
    expectFinding(runCheck(domainAccessAssociation, s), 'pass', { summary: [VPCE] })
    s.api.customDomain!.consumerAssociations = ok([
      { domainNameArn: DOMAIN_ARN.replace(DOMAIN, 'other.example.com'), sourceType: 'VPCE', source: VPCE },
    ] as never)
    const f = runCheck(domainAccessAssociation, s)
    expectFinding(f, 'fail', {
      fix: [
        `--domain-name-arn arn:aws:apigateway:${REGION}:${B}:/domainnames/${DOMAIN}+DOMAIN_NAME_ID `,
        `--access-association-source ${VPCE} --region ${REGION}`,
      ],
    })
  })
  it('one list unreadable, the other empty: still a fail; both unreadable: unknown naming why', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.consumerAssociations = denied('apigateway:GET')
    expectFinding(runCheck(domainAccessAssociation, s), 'fail', { fix: [DOMAIN_ARN] })
    const t = healthyCustomDomain()
    t.api.customDomain!.providerAssociations = denied('apigateway:GET')
    t.api.customDomain!.consumerAssociations = ok([])
    expectFinding(runCheck(domainAccessAssociation, t), 'fail', { fix: [DOMAIN_ARN] })
    t.api.customDomain!.consumerAssociations = denied('apigateway:GET')
    const f = runCheck(domainAccessAssociation, t)
    expectFinding(f, 'unknown', {
      summary: ['could not list the domain name access associations: ', 'apigateway:GET'],
    })
    expect(f.missing).toEqual(['apigateway:GET on /domainnameaccessassociations'])
    expect(evidenceText(f)).toBe('')
  })
})
