/**
 * domain.routing-mode, one test per branch: the domain, its routing mode, the base path mapping
 * the doctor followed, and the patch the fix prints.
 */
import { describe, expect, it } from 'vitest'
import { domainRoutingMode } from '../../../src/doctor/checks/domain-routing-mode.js'
import { API, DOMAIN, DOMAIN_ID, REGION, denied, healthy, healthyCustomDomain, ok, val } from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const withMode = (mode: string | undefined) => {
  const s = healthyCustomDomain()
  Object.assign(val(s.api.customDomain!.domain), { routingMode: mode })
  return s
}

describe('domain.routing-mode, the facts of each branch', () => {
  it('not a custom domain: skipped', () => {
    expectFinding(runCheck(domainRoutingMode, healthy()), 'skipped', { summary: ['not a custom domain'] })
  })

  it('a custom domain URL whose domain facts were not collected: skipped', () => {
    const s = healthyCustomDomain()
    s.api.customDomain = undefined
    expectFinding(runCheck(domainRoutingMode, s), 'skipped')
  })

  it('domain facts for a URL that is not a custom domain: skipped', () => {
    const s = healthyCustomDomain()
    s.target.customDomain = undefined
    expectFinding(runCheck(domainRoutingMode, s), 'skipped')
  })

  it('the domain unreadable: unknown naming it and the credentials that read it', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.domain = denied('apigateway:GET') as never
    const f = runCheck(domainRoutingMode, s)
    expectFinding(f, 'unknown', { summary: [DOMAIN, 'apigateway:GET'] })
    expect(f.missing).toContain('apigateway:GET')
    expect(f.missing!.join('\n')).toContain('--api-profile/--api-role-arn')
  })

  it('no routing mode recorded: pass by base path mapping, the evidence says the default and the mapping', () => {
    const f = runCheck(domainRoutingMode, healthyCustomDomain())
    expectFinding(f, 'pass', {
      summary: [DOMAIN, 'base path mapping only'],
      evidence: [
        `GetDomainName ${DOMAIN}: routingMode=(absent: BASE_PATH_MAPPING_ONLY)`,
        `base path mapping used: orders → ${API}/prod`,
      ],
    })
  })

  it('BASE_PATH_MAPPING_ONLY written out: pass, the evidence shows the recorded value', () => {
    const f = runCheck(domainRoutingMode, withMode('BASE_PATH_MAPPING_ONLY'))
    expectFinding(f, 'pass', { evidence: [`routingMode=BASE_PATH_MAPPING_ONLY`] })
    expect(evidenceText(f)).not.toContain('absent')
  })

  it('a mapping without a stage: the evidence line has no stage', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([{ basePath: 'orders', restApiId: API }]) as never
    s.target.stage = 'prod' // the mapping names no stage: the URL's applies
    const f = runCheck(domainRoutingMode, s)
    expect(evidenceText(f)).toMatch(new RegExp(`base path mapping used: orders → ${API}$`, 'm'))
  })

  it('no mapping matched: no mapping line', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.basePathMappings = ok([]) as never
    const f = runCheck(domainRoutingMode, withMode('ROUTING_RULE_ONLY'))
    expect(evidenceText(f)).toContain('base path mapping used')
    const g = runCheck(domainRoutingMode, s)
    expectFinding(g, 'pass')
    expect(g.evidence.map(e => e.text)).toEqual([
      `GetDomainName ${DOMAIN}: routingMode=(absent: BASE_PATH_MAPPING_ONLY)`,
    ])
  })

  it('ROUTING_RULE_ONLY: warn naming the mapping it ignores; the fix patches the domain by name and id', () => {
    const f = runCheck(domainRoutingMode, withMode('ROUTING_RULE_ONLY'))
    expectFinding(f, 'warn', {
      summary: [DOMAIN, 'ROUTING_RULE_ONLY', `orders → ${API}`],
      fix: [
        `aws apigateway update-domain-name --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID} --region ${REGION}`,
        '"path":"/routingMode","value":"ROUTING_RULE_THEN_BASE_PATH_MAPPING"',
      ],
      evidence: [`routingMode=ROUTING_RULE_ONLY`],
      resource: DOMAIN,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# let base path mappings route/)
    expect(lines[1]).toMatch(/^aws apigateway update-domain-name /)
  })

  it('ROUTING_RULE_ONLY with no mapping matched: the summary names none', () => {
    const s = withMode('ROUTING_RULE_ONLY')
    s.api.customDomain!.basePathMappings = ok([]) as never
    const f = runCheck(domainRoutingMode, s)
    expectFinding(f, 'warn', { summary: [DOMAIN] })
    expect(f.summary).toContain('base path mappings are ignored, and only a routing rule')
  })

  it('ROUTING_RULE_THEN_BASE_PATH_MAPPING: pass naming the mode (rules first)', () => {
    const f = runCheck(domainRoutingMode, withMode('ROUTING_RULE_THEN_BASE_PATH_MAPPING'))
    expectFinding(f, 'pass', {
      summary: [DOMAIN, 'ROUTING_RULE_THEN_BASE_PATH_MAPPING', 'routing rules'],
      evidence: ['routingMode=ROUTING_RULE_THEN_BASE_PATH_MAPPING'],
    })
  })
})
