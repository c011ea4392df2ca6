/**
 * apigw.endpoint-access-mode, one test per branch: which name form the call uses (SNI), the
 * resource (API or custom domain) whose mode applies, and the ids and URLs the fix names.
 */
import { describe, expect, it } from 'vitest'
import { apigwEndpointAccessMode } from '../../../src/doctor/checks/apigw-endpoint-access-mode.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import {
  API,
  DOMAIN,
  DOMAIN_ID,
  ENI_A_IP,
  HOST,
  REGION,
  VPCE,
  denied,
  healthy,
  healthyCustomDomain,
  healthyVpceName,
  onlyAnswer,
  val,
  type Draft,
} from '../builders.js'
import { evidenceText, expectFinding, runCheck } from './run-check.js'

const VPCE_HOST = `${VPCE}-abcd1234.execute-api.${REGION}.vpce.amazonaws.com`
const POLICY = 'SecurityPolicy_TLS13_1_2_2021_06'

const setApi = (s: Draft<DoctorSnapshot>, fields: Record<string, unknown>) => {
  Object.assign(val(s.api.restApi), fields)
  return s
}
const strictApi = (s: Draft<DoctorSnapshot>) =>
  setApi(s, { securityPolicy: POLICY, endpointAccessMode: 'STRICT' })

/** The custom domain called through the endpoint-specific name (pvapi call --vpce). */
const domainViaVpceName = (fields: Record<string, unknown>) => {
  const s = healthyCustomDomain()
  s.target.connectHost = VPCE_HOST
  s.target.vpceId = VPCE
  onlyAnswer(s, VPCE_HOST, [ENI_A_IP])
  Object.assign(val(s.api.customDomain!.domain), fields)
  return s
}

describe('apigw.endpoint-access-mode, the facts of each branch', () => {
  it('the API unreadable, called by private DNS: skipped naming the host both modes serve', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET') as never
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'skipped', { summary: [HOST] })
  })

  it('the API unreadable, called by the endpoint-specific name: unknown naming the API and the credentials', () => {
    const s = healthyVpceName()
    s.api.restApi = denied('apigateway:GET') as never
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'unknown', { summary: [API, 'apigateway:GET'] })
    expect(f.missing).toContain('apigateway:GET')
    expect(f.missing!.join('\n')).toContain('--api-profile/--api-role-arn')
  })

  it('neither a security policy nor a mode recorded: skipped naming the API', () => {
    const f = runCheck(apigwEndpointAccessMode, healthyVpceName())
    expectFinding(f, 'skipped', { summary: [API, 'no security policy'] })
  })

  it('a mode without a recorded policy still decides (STRICT through the endpoint name fails)', () => {
    const s = setApi(healthyVpceName(), { endpointAccessMode: 'STRICT' })
    expectFinding(runCheck(apigwEndpointAccessMode, s), 'fail', { resource: API })
  })

  it('a policy without a mode: pass as BASIC (legacy policy), the evidence says (none)', () => {
    const s = setApi(healthyVpceName(), { securityPolicy: 'TLS_1_2' })
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'pass', {
      summary: [API, 'BASIC (legacy policy)'],
      evidence: [`GetRestApi ${API}: securityPolicy=TLS_1_2, endpointAccessMode=(none)`],
    })
  })

  it('BASIC through the endpoint-specific name: pass naming the mode; evidence has SNI, Host and x-apigw-api-id', () => {
    const s = setApi(healthyVpceName(), { securityPolicy: POLICY, endpointAccessMode: 'BASIC' })
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'pass', {
      summary: [API, 'endpoint access mode BASIC'],
      evidence: [
        `GetRestApi ${API}: securityPolicy=${POLICY}, endpointAccessMode=BASIC`,
        `connect host (SNI): ${VPCE_HOST}; Host: ${VPCE_HOST}; x-apigw-api-id: ${API}`,
      ],
    })
    expect(f.summary).not.toContain('legacy')
  })

  it('STRICT by private DNS: pass naming the host; no x-apigw-api-id in the evidence', () => {
    const f = runCheck(apigwEndpointAccessMode, strictApi(healthy()))
    expectFinding(f, 'pass', {
      summary: [API, 'STRICT', HOST],
      evidence: [`connect host (SNI): ${HOST}; Host: ${HOST}`],
    })
    expect(evidenceText(f)).toMatch(new RegExp(`; Host: ${HOST}$`, 'm'))
  })

  it('the mode only records a security policy with no mode: evidence says securityPolicy=(none) when absent', () => {
    const s = setApi(healthyVpceName(), { endpointAccessMode: 'BASIC' })
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'pass', { evidence: [`securityPolicy=(none), endpointAccessMode=BASIC`] })
  })

  it('STRICT API through the endpoint-specific name: fail; the fix names private DNS, the alias and the patch', () => {
    const f = runCheck(apigwEndpointAccessMode, strictApi(healthyVpceName()))
    expectFinding(f, 'fail', {
      summary: [API, POLICY, VPCE_HOST, "API's own", '403'],
      fix: [
        `https://${API}.execute-api.${REGION}.amazonaws.com/prod/items`,
        `https://${API}-${VPCE}.execute-api.${REGION}.amazonaws.com/prod/items`,
        `aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION}`,
        '"path":"/endpointAccessMode","value":"BASIC"',
      ],
      resource: API,
    })
    expect(f.summary).not.toContain("domain's")
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# call it through a name STRICT serves: private DNS/)
    expect(lines[1]).toMatch(/^aws apigateway update-rest-api /)
  })

  it('the endpoint known from the snapshot, not the URL: the alias still names it', () => {
    const s = strictApi(healthyVpceName())
    s.target.vpceId = undefined
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'fail', {
      fix: [`https://${API}-${VPCE}.execute-api.${REGION}.amazonaws.com/prod/items`],
    })
  })

  it('no endpoint known at all: no alias in the fix', () => {
    const s = strictApi(healthyVpceName())
    s.target.vpceId = undefined
    s.network.endpoints = denied('ec2:DescribeVpcEndpoints') as never
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'fail', { fix: [`https://${API}.execute-api.${REGION}.amazonaws.com/prod/items`] })
    expect(f.fix).not.toContain('alias')
    expect(f.fix).toContain('/prod/items); or switch')
    expect(f.fix).not.toContain(`${API}-`)
  })

  it('the API id unknown: the fix spells API_ID', () => {
    const s = strictApi(healthyVpceName())
    s.target.apiId = undefined
    const f = runCheck(apigwEndpointAccessMode, s)
    expectFinding(f, 'fail', { fix: [`https://API_ID.execute-api.${REGION}.amazonaws.com/prod/items`] })
    expect(f.fix).not.toContain('undefined')
  })

  it('STRICT custom domain through the endpoint-specific name: fail naming the domain, its id and the URL', () => {
    const f = runCheck(
      apigwEndpointAccessMode,
      domainViaVpceName({
        securityPolicy: 'SecurityPolicy_TLS13_1_2_PQ_2025_09',
        endpointAccessMode: 'STRICT',
      }),
    )
    expectFinding(f, 'fail', {
      summary: [DOMAIN, 'SecurityPolicy_TLS13_1_2_PQ_2025_09', VPCE_HOST, "domain's own"],
      fix: [
        `https://${DOMAIN}/orders/items`,
        `aws apigateway update-domain-name --domain-name ${DOMAIN} --domain-name-id ${DOMAIN_ID}`,
        '"path":"/endpointAccessMode","value":"BASIC"',
      ],
      evidence: [
        `GetDomainName ${DOMAIN}: securityPolicy=SecurityPolicy_TLS13_1_2_PQ_2025_09, endpointAccessMode=STRICT`,
      ],
      resource: DOMAIN,
    })
    expect(f.fix).not.toContain('private DNS')
    expect(f.summary).not.toContain("API's own")
  })

  it('a custom domain whose details are unreadable, called by its own name: skipped', () => {
    const s = healthyCustomDomain()
    s.api.customDomain!.domain = denied('apigateway:GET') as never
    expectFinding(runCheck(apigwEndpointAccessMode, s), 'skipped', { summary: [DOMAIN] })
  })
})
