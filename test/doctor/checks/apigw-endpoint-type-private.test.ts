/** apigw.endpoint-type-private: the fix replaces the API's first endpoint type with PRIVATE, then redeploys. */
import { describe, expect, it } from 'vitest'
import { apigwEndpointTypePrivate as check } from '../../../src/doctor/checks/apigw-endpoint-type-private.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, REGION, denied, healthy, healthyCustomDomain, val, type Draft } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const types = (s: Draft<DoctorSnapshot>, t: string[]) => {
  val(s.api.restApi).endpointTypes = t
  return s
}
const patchOf = (line: string) => JSON.parse(line.slice(line.indexOf("'") + 1, line.lastIndexOf("'")))

describe('apigw.endpoint-type-private', () => {
  it('EDGE and REGIONAL: both named; the fix replaces the first with PRIVATE and points at the resource policy', () => {
    const f = runCheck(check, types(healthy(), ['EDGE', 'REGIONAL']))
    expectFinding(f, 'fail', {
      summary: [`${API} is EDGE/REGIONAL`],
      evidence: ['endpointConfiguration.types: EDGE, REGIONAL'],
      resource: API,
    })
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(
      new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION} `),
    )
    expect(patchOf(lines[0]!)).toEqual([
      { op: 'replace', path: '/endpointConfiguration/types/EDGE', value: 'PRIVATE' },
    ])
    expect(lines[1]).toMatch(
      /^# a PRIVATE API answers only what its resource policy allows: .*apigw\.resource-policy-allows/,
    )
    expect(lines[3]).toMatch(/--stage-name prod /)
  })
  it('a custom domain whose mappings are unreadable: the redeploy names a placeholder stage', () => {
    const s = types(healthyCustomDomain(), ['REGIONAL'])
    s.api.customDomain!.basePathMappings = denied('apigateway:GET')
    expectFinding(runCheck(check, s), 'fail', { fix: ['--stage-name STAGE'] })
  })
  it('no endpoint type returned: unknown saying so', () => {
    expectFinding(runCheck(check, types(healthy(), [])), 'unknown', {
      summary: [API, 'GetRestApi returned no endpointConfiguration'],
    })
  })
  it('the API unreadable: unknown, with the API-side flags', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [`API ${API}`] })
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
})
