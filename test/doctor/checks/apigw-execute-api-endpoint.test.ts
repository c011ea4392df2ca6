/** apigw.execute-api-endpoint: the fix re-enables the default endpoint on that API, then redeploys. */
import { describe, expect, it } from 'vitest'
import { apigwExecuteApiEndpoint as check } from '../../../src/doctor/checks/apigw-execute-api-endpoint.js'
import type { DoctorSnapshot } from '../../../src/doctor/snapshot.js'
import { API, REGION, denied, healthy, val, type Draft } from '../builders.js'
import { expectFinding, runCheck } from './run-check.js'

const disabled = (s: Draft<DoctorSnapshot>) => {
  val(s.api.restApi).disableExecuteApiEndpoint = true
  return s
}
const patchOf = (line: string) => JSON.parse(line.slice(line.indexOf("'") + 1, line.lastIndexOf("'")))

describe('apigw.execute-api-endpoint', () => {
  it('disabled: the fix turns disableExecuteApiEndpoint off on that API, then redeploys the stage', () => {
    const f = runCheck(check, disabled(healthy()))
    expectFinding(f, 'fail', { summary: [API, 'disableExecuteApiEndpoint=true'], resource: API })
    expect(f.evidence).toEqual([])
    const lines = f.fix!.split('\n')
    expect(lines[0]).toMatch(/^# call it through its custom domain name, or enable/)
    expect(lines[1]).toMatch(
      new RegExp(`^aws apigateway update-rest-api --rest-api-id ${API} --region ${REGION} `),
    )
    expect(patchOf(lines[1]!)).toEqual([
      { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'False' },
    ])
    expect(lines[3]).toMatch(
      new RegExp(`^aws apigateway create-deployment --rest-api-id ${API} --stage-name prod `),
    )
  })
  it('disabled, the stage unknown: the redeploy names a placeholder', () => {
    const s = disabled(healthy())
    delete s.target.stage
    delete s.target.resourcePath
    expectFinding(runCheck(check, s), 'fail', { fix: ['--stage-name STAGE'] })
  })
  it('the API unreadable: unknown, with the API-side flags', () => {
    const s = healthy()
    s.api.restApi = denied('apigateway:GET')
    const f = runCheck(check, s)
    expectFinding(f, 'unknown', { summary: [`API ${API}`] })
    expect(f.missing).toContain('--api-profile/--api-role-arn')
  })
})
